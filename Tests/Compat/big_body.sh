#!/usr/bin/env bash
# Issue #4's "a 1 GB body (refused with 413): clear errors, nothing already stored is lost",
# against a real `vigil serve` with a fresh data directory and the default limits:
#   (a) POST /api/v1/import/prometheus declaring 1 GiB + 1 byte (Content-Length)  → 413 at once
#   (b) the same endpoint, a chunked body of valid lines over 1 GiB               → 413 at 1 GiB
#   (c) POST /api/v1/write and POST /api/v2/alerts declaring 1 GiB                → 413 at once
# After each: the samples imported first are still queryable, /health answers 200, the error
# names the limit, and Vigil's peak RSS (VmHWM) stays under 512 MiB. Then a second server with
# `--max-import-body 1KiB` refuses a 2 KiB body naming that limit, and a bad flag value is refused.
#
#   Tests/Compat/big_body.sh [VIGIL_BINARY (default .build/debug/vigil)]
#
# Ports: 19666 vigil, 19667 vigil with --max-import-body. Every wait and request is bounded
# (curl --max-time); every process started here is killed on exit.
set -uo pipefail
cd "$(dirname "$0")/../.."
vigil="$(realpath "${1:-.build/debug/vigil}")"
SUT=127.0.0.1:19666 SMALL=127.0.0.1:19667
MAX_HWM_KB=$((512 * 1024))
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $1"; echo "-- vigil log"; tail -5 "$work/vigil.log"; exit 1; }

printf 'route: {receiver: r}\nreceivers: [{name: r}]\nscrape: {self_scrape_interval: 0s}\n' > "$work/vigil.yml"

start() {  # start ADDR LOG [FLAGS...]: runs vigil serve on a fresh data dir, waits for /-/ready (10 s at most)
    local addr="$1" log="$2"; shift 2
    "$vigil" serve --config "$work/vigil.yml" --data-dir "$work/data-${addr##*:}" --listen "$addr" "$@" > "$log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do curl -sf --max-time 1 "http://$addr/-/ready" >/dev/null && return 0; sleep 0.1; done
    fail "vigil on $addr not ready within 10 s"
}
start "$SUT" "$work/vigil.log"
vigil_pid="${pids[0]}"

# post PATH CURL_ARGS...: prints the status code; the response body goes to $work/answer.
post() {
    local path="$1"; shift
    curl -sS -o "$work/answer" -w '%{http_code}' --max-time 60 -X POST -H 'Expect:' "$@" "http://$SUT$path" 2>"$work/curl.err"
}

# A few samples, then they must be queryable.
now="$(date +%s)"
printf 'big_body_kept{n="1"} 1 %s\nbig_body_kept{n="2"} 2 %s\n' "$now" "$now" > "$work/kept.prom"
code="$(post /api/v1/import/prometheus --data-binary @"$work/kept.prom")"
[ "$code" = 204 ] || fail "import of the first samples answered $code: $(cat "$work/answer")"

check_intact() {  # check_intact STEP: samples still there, /health 200, RSS bounded
    local answer health hwm
    answer="$(curl -sf --max-time 5 "http://$SUT/api/v1/query" --data-urlencode 'query=sum(big_body_kept)' --data-urlencode "time=$now")"
    echo "$answer" | grep -q "\"value\":\\[$now,\"3\"\\]" || fail "$1: the first samples are gone: $answer"
    health="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://$SUT/health")"
    [ "$health" = 200 ] || fail "$1: /health answered $health"
    hwm="$(awk '/^VmHWM:/ {print $2}' "/proc/$vigil_pid/status")"
    [ -n "$hwm" ] && [ "$hwm" -lt "$MAX_HWM_KB" ] || fail "$1: peak RSS ${hwm:-?} kB, over $MAX_HWM_KB kB"
    echo "ok   $1 (peak RSS $((hwm / 1024)) MiB)"
}
expect_413() {  # expect_413 STEP CODE TEXT: status 413 and the answer contains TEXT
    [ "$2" = 413 ] || fail "$1: answered $2, not 413: $(head -c 300 "$work/answer") $(cat "$work/curl.err")"
    grep -qF -- "$3" "$work/answer" || fail "$1: the error does not name the limit: $(head -c 300 "$work/answer")"
}
check_intact "first samples stored"

# (a) 1 GiB + 1 byte, declared: a sparse file, so nothing is generated; refused from Content-Length.
truncate -s $((1024 * 1024 * 1024 + 1)) "$work/1GiB+1"
started=$SECONDS
code="$(post /api/v1/import/prometheus -T "$work/1GiB+1")"
expect_413 "(a) declared 1 GiB + 1 import" "$code" "request body of 1073741825 bytes exceeds the limit of 1073741824 bytes (1GiB)"
echo "ok   (a) 413 after $((SECONDS - started)) s: $(head -c 200 "$work/answer")"
check_intact "(a)"

# (b) Over 1 GiB of valid lines, chunked (curl -T - sends stdin so): read up to the limit, then 413.
# 1,001-byte comment lines keep the parse cheap; the first lines are samples of another series.
line="# $(printf '%0998d' 0)"
started=$SECONDS
code="$( { printf 'big_body_streamed 1 %s\n' "$now"; yes "$line"; } | head -c 1100000000 \
    | post /api/v1/import/prometheus -H 'Transfer-Encoding: chunked' -T -)"
expect_413 "(b) chunked import over 1 GiB" "$code" "request body exceeds the limit of 1073741824 bytes (1GiB)"
echo "ok   (b) 413 after $((SECONDS - started)) s: $(head -n 1 "$work/answer" | head -c 200)"
check_intact "(b)"

# (c) 1 GiB declared to remote write (limit 64 MiB) and to the alerts API (16 MiB).
truncate -s $((1024 * 1024 * 1024)) "$work/1GiB"
code="$(post /api/v1/write -H 'Content-Encoding: snappy' -H 'Content-Type: application/x-protobuf' -T "$work/1GiB")"
expect_413 "(c) 1 GiB remote write" "$code" "request body of 1073741824 bytes exceeds the limit of 67108864 bytes (64MiB)"
echo "ok   (c) remote write: $(head -c 200 "$work/answer")"
check_intact "(c) remote write"
code="$(post /api/v2/alerts -H 'Content-Type: application/json' -T "$work/1GiB")"
expect_413 "(c) 1 GiB alerts" "$code" "request body of 1073741824 bytes exceeds the limit of 16777216 bytes (16MiB)"
echo "ok   (c) alerts: $(head -c 200 "$work/answer")"
check_intact "(c) alerts"

# The flag: a second server whose import limit is 1 KiB.
start "$SMALL" "$work/small.log" --max-import-body 1KiB
yes 'big_body_small 1' | head -c 2048 > "$work/2KiB.prom"
code="$(curl -sS -o "$work/answer" -w '%{http_code}' --max-time 10 -X POST --data-binary @"$work/2KiB.prom" \
    "http://$SMALL/api/v1/import/prometheus")"
expect_413 "--max-import-body 1KiB" "$code" \
    "request body of 2048 bytes exceeds the limit of 1024 bytes (1KiB); raise it with storage.ingest.max_import_body or --max-import-body"
echo "ok   --max-import-body 1KiB refuses 2 KiB"
if timeout 10 "$vigil" serve --max-import-body 8gb --data-dir "$work/never" --listen 127.0.0.1:0 > "$work/bad.log" 2>&1; then
    fail "--max-import-body 8gb was accepted"
fi
grep -qF -- '--max-import-body: unknown unit "gb" in size "8gb"' "$work/bad.log" || fail "bad flag message: $(cat "$work/bad.log")"
echo "ok   --max-import-body 8gb refused: $(grep -F -- '--max-import-body' "$work/bad.log" | head -n 1)"
echo "big_body: all passed"
