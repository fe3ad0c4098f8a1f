#!/usr/bin/env bash
# Debian's prometheus 2.42 and Vigil scrape the same static target (python's http.server serving a
# fixed exposition file) with the same job; the label sets of the stored series, read back through
# each one's /api/v1/query, must be identical, as must the values of `up` and the scraped series.
#
#   Tests/Compat/scrape_compat.sh [VIGIL_BINARY (default .build/debug/vigil)]
#
# Ports: 19660 target, 19661 prometheus, 19662 vigil. Takes ~5 s; every wait is bounded (30 s in
# all) and every process started here is killed on exit.
set -uo pipefail
cd "$(dirname "$0")/../.."
vigil="$(realpath "${1:-.build/debug/vigil}")"
TARGET=127.0.0.1:19660 PROM=127.0.0.1:19661 SUT=127.0.0.1:19662
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

mkdir -p "$work/www" "$work/prom" "$work/vigil"
cat > "$work/www/metrics" <<'METRICS'
# HELP demo_requests_total Requests served.
# TYPE demo_requests_total counter
demo_requests_total{code="200",method="get"} 1027
demo_requests_total{code="500",method="get"} 3
demo_requests_total{code="200",method="post",job="inner",instance="inner:1"} 7
# TYPE demo_temperature_celsius gauge
demo_temperature_celsius{room="a \"quoted\" \\ name"} 21.5
# TYPE demo_latency_seconds histogram
demo_latency_seconds_bucket{le="0.1"} 5
demo_latency_seconds_bucket{le="1"} 8
demo_latency_seconds_bucket{le="+Inf"} 9
demo_latency_seconds_sum 3.2
demo_latency_seconds_count 9
# TYPE demo_rpc_seconds summary
demo_rpc_seconds{quantile="0.5"} 0.01
demo_rpc_seconds_sum 1.5
demo_rpc_seconds_count 100
demo_untyped 42
debug_noise 1
METRICS

job='  - job_name: demo
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs:
      - targets: ["'$TARGET'"]
        labels: {env: compat}
    relabel_configs:
      - {source_labels: [__address__], regex: "(.*):.*", target_label: host, replacement: "$1"}
    metric_relabel_configs:
      - {source_labels: [__name__], regex: "debug_.*", action: drop}
      - {regex: room, action: labeldrop}'
printf 'global: {scrape_interval: 1s}\nscrape_configs:\n%s\n' "$job" > "$work/prom.yml"
printf 'route: {receiver: r}\nreceivers: [{name: r}]\nscrape: {self_scrape_interval: 0s}\nscrape_configs:\n%s\n' "$job" > "$work/vigil.yml"

(cd "$work/www" && exec python3 -m http.server "${TARGET#*:}" --bind 127.0.0.1 > "$work/http.log" 2>&1) &
pids+=($!)
/usr/bin/prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/prom" --web.listen-address="$PROM" \
    > "$work/prom.log" 2>&1 &
pids+=($!)
"$vigil" serve --config "$work/vigil.yml" --data-dir "$work/vigil" --listen "$SUT" > "$work/vigil.log" 2>&1 &
pids+=($!)

# Both up, and each has scraped at least twice (so scrape_series_added has settled to 0).
ready() {  # ready ADDR
    curl -sf "http://$1/api/v1/query" --data-urlencode 'query=count_over_time(up{job="demo"}[1m]) >= 2' 2>/dev/null \
        | grep -q '"value"'
}
for _ in $(seq 1 300); do
    ready "$PROM" && ready "$SUT" && break
    sleep 0.1
done

query() {  # query ADDR: every series of the job as "labels value", sorted; durations masked
    curl -sf "http://$1/api/v1/query" --data-urlencode 'query={job="demo"}' | python3 -c '
import json, sys
out = []
for r in json.load(sys.stdin)["data"]["result"]:
    m = r["metric"]
    value = "<duration>" if m["__name__"] == "scrape_duration_seconds" else r["value"][1]
    out.append(json.dumps(m, sort_keys=True) + " " + value)
print("\n".join(sorted(out)))'
}
query "$PROM" > "$work/prom.txt"
query "$SUT" > "$work/vigil.txt"
if [ ! -s "$work/prom.txt" ]; then
    echo "FAIL: prometheus stored nothing for job demo"; tail -5 "$work/prom.log"; exit 1
fi
if diff -u "$work/prom.txt" "$work/vigil.txt"; then
    echo "OK: $(wc -l < "$work/prom.txt") series, same labels and values in prometheus 2.42 and vigil"
else
    echo "FAIL: stored series differ (- prometheus, + vigil)"; tail -5 "$work/vigil.log"; exit 1
fi
