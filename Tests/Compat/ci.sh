#!/usr/bin/env bash
# Runs every black-box compatibility check against a Vigil binary (default .build/debug/vigil):
# the alert sequence compared with Debian's Alertmanager 0.25, amtool, Prometheus 2.42, and promtool's
# rule checks and unit tests, scraping the same target as Prometheus 2.42, its remote write, and
# the query API's JSON shapes as Grafana reads them, and 1 GiB request bodies refused with 413.
set -uo pipefail
cd "$(dirname "$0")/../.."
vigil="$(realpath "${1:-.build/debug/vigil}")"
sut="$vigil serve --config {config} --data-dir {datadir} --listen {listen}"
failed=0

echo "== am_sequence.py (Vigil vs Alertmanager 0.25, same alerts, same config)"
python3 Tests/Compat/am_sequence.py --sut-cmd "$sut" || failed=$((failed + 1))

echo "== amtool_check.sh"
datadir="$(mktemp -d)"
"$vigil" serve --data-dir "$datadir" --listen 127.0.0.1:19650 > "$datadir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:19650/-/ready >/dev/null && break; sleep 0.1; done
bash Tests/Compat/amtool_check.sh http://127.0.0.1:19650 || failed=$((failed + 1))
kill "$pid"; wait "$pid" 2>/dev/null; rm -rf "$datadir"

echo "== prometheus_e2e.sh (Debian Prometheus sends to Vigil)"
bash Tests/Compat/prometheus_e2e.sh --sut-cmd "$sut" || failed=$((failed + 1))

echo "== rules_compat.sh (vigil rules test/check vs promtool 2.42, same files)"
bash Tests/Compat/rules_compat.sh "$vigil" || failed=$((failed + 1))

echo "== oncall_drill.sh (vigil drill, incident CLI, escalation pages through a webhook)"
bash Tests/Compat/oncall_drill.sh "$vigil" || failed=$((failed + 1))

echo "== crash_kill9.py (kill -9 during ingest; every acknowledged sample after restart)"
python3 Tests/Compat/crash_kill9.py "$vigil" || failed=$((failed + 1))

echo "== scrape_compat.sh (Vigil vs Prometheus 2.42 scraping the same target)"
bash Tests/Compat/scrape_compat.sh "$vigil" || failed=$((failed + 1))

echo "== auth_cli.sh (vigil user/token, tokens and loopback access against vigil serve)"
bash Tests/Compat/auth_cli.sh "$vigil" || failed=$((failed + 1))

echo "== remote_write.sh (Prometheus 2.42 remote-writes its own metrics to Vigil; same series in both)"
bash Tests/Compat/remote_write.sh "$vigil" || failed=$((failed + 1))

echo "== grafana_shapes.py (Grafana's data source requests: Vigil answers in Prometheus 2.42's JSON shapes)"
python3 Tests/Compat/grafana_shapes.py "$vigil" || failed=$((failed + 1))

echo "== big_body.sh (1 GiB bodies to import, remote write and alerts: 413 naming the limit, nothing stored lost)"
bash Tests/Compat/big_body.sh "$vigil" || failed=$((failed + 1))

echo "compat: $((11 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
