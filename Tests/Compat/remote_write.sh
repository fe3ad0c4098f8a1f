#!/usr/bin/env bash
# Debian's prometheus 2.42 scrapes itself every second and forwards everything with remote_write
# to `vigil serve` (POST /api/v1/write: snappy-compressed protobuf, real Go encoder). Once Vigil
# has up{job="prometheus"} and prometheus_* series, every series of the job at one instant both
# stores completely (a scrape older than the newest one Vigil has) is read through each one's
# /api/v1/query and compared: same label sets, same values. Vigil must have answered every write
# with 204 (vigil_remote_write_requests_total in its /metrics).
#
#   Tests/Compat/remote_write.sh [VIGIL_BINARY (default .build/debug/vigil)]
#
# Ports: 19678 prometheus, 19679 vigil. Takes ~15 s; every wait is bounded (25 s in all) and every
# process started here is killed on exit.
set -uo pipefail
cd "$(dirname "$0")/../.."
vigil="$(realpath "${1:-.build/debug/vigil}")"
PROM=127.0.0.1:19678 SUT=127.0.0.1:19679
work="$(mktemp -d)"
pids=()
cleanup() {  # prometheus first: on SIGTERM it flushes its remote-write queue (1 s at most here)
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $1"; echo "-- prometheus log"; tail -5 "$work/prom.log"; echo "-- vigil log"; tail -5 "$work/vigil.log"; exit 1; }

mkdir -p "$work/prom" "$work/vigil"
cat > "$work/prom.yml" <<EOF
global: {scrape_interval: 1s}
scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ["$PROM"]}]
remote_write:
  - url: http://$SUT/api/v1/write
    queue_config: {batch_send_deadline: 500ms, min_backoff: 100ms, max_backoff: 500ms}
EOF
printf 'route: {receiver: r}\nreceivers: [{name: r}]\nscrape: {self_scrape_interval: 0s}\n' > "$work/vigil.yml"

"$vigil" serve --config "$work/vigil.yml" --data-dir "$work/vigil" --listen "$SUT" > "$work/vigil.log" 2>&1 &
pids+=($!)
/usr/bin/prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/prom" --web.listen-address="$PROM" \
    --storage.remote.flush-deadline=1s > "$work/prom.log" 2>&1 &
pids+=($!)

instant() {  # instant ADDR QUERY [TIME]: the JSON answer
    curl -sf "http://$1/api/v1/query" --data-urlencode "query=$2" ${3:+--data-urlencode "time=$3"} 2>/dev/null
}
# Vigil has at least three scrapes of up and some prometheus_* series (bounded: 20 s).
ready=0
for _ in $(seq 1 200); do
    if instant "$SUT" 'count_over_time(up{job="prometheus"}[1m]) >= 3 and on() count({__name__=~"prometheus_.+"}) > 50' \
        | grep -q '"value"'; then ready=1; break; fi
    sleep 0.1
done
[ "$ready" = 1 ] || fail "vigil did not receive three scrapes of up{job=\"prometheus\"} within 20 s"

# The scrape before the newest one Vigil has: its samples were sent before the newest scrape's
# (one WAL, read in order), and 1 s more covers the shards' batch deadlines.
at="$(curl -sf "http://$SUT/api/v1/query" --data-urlencode 'query=up{job="prometheus"}[1m]' | python3 -c '
import json, sys
values = json.load(sys.stdin)["data"]["result"][0]["values"]
print(values[-2][0])')"
[ -n "$at" ] || fail "could not read the scrape times from vigil"
sleep 1

series() {  # series ADDR: every series of the job at $at as "labels value", sorted
    instant "$1" '{job="prometheus"}' "$at" | python3 -c '
import json, sys
out = [json.dumps(r["metric"], sort_keys=True) + " " + r["value"][1] for r in json.load(sys.stdin)["data"]["result"]]
print("\n".join(sorted(out)))'
}
series "$PROM" > "$work/prom.txt"
series "$SUT" > "$work/vigil.txt"
n="$(wc -l < "$work/prom.txt")"
[ "$n" -gt 50 ] || fail "prometheus has only $n series of job prometheus at $at"
grep -q '^{"__name__": "up", "instance": "'"$PROM"'", "job": "prometheus"} 1$' "$work/vigil.txt" \
    || fail "vigil has no up{job=\"prometheus\"} == 1 at $at"
if ! diff -u "$work/prom.txt" "$work/vigil.txt" > "$work/diff.txt"; then
    head -40 "$work/diff.txt"; fail "series at $at differ (- prometheus, + vigil)"
fi
count() { instant "$1" 'count({__name__=~"prometheus_.+", job="prometheus"})' "$at" | python3 -c '
import json, sys; print(json.load(sys.stdin)["data"]["result"][0]["value"][1])'; }
[ "$(count "$PROM")" = "$(count "$SUT")" ] || fail "count of prometheus_* series differs"

codes="$(curl -sf "http://$SUT/metrics" | grep '^vigil_remote_write_requests_total')"
echo "$codes" | grep -q 'code="204"' || fail "vigil answered no remote write with 204: $codes"
if echo "$codes" | grep -v 'code="204"' | grep -q .; then fail "vigil refused remote writes: $codes"; fi
echo "OK: $n series of job prometheus at $at ($(count "$SUT") prometheus_*), same labels and values in prometheus 2.42 and vigil via remote write"
