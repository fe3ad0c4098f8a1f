#!/usr/bin/env bash
# On-call end to end through the real binary and CLI: `vigil serve` with seed 003's on-call
# section, rules and runbooks; `vigil drill` sends a synthetic alert and must see its delivery;
# the drill opens an incident whose escalation pages the on-call person through a webhook
# (a Python sink on 127.0.0.1:19671); `vigil incident ack` works once and is refused the second
# time. Usage: oncall_drill.sh [path/to/vigil]
set -uo pipefail
cd "$(dirname "$0")/../.."
vigil="$(realpath "${1:-.build/debug/vigil}")"
repo="$(pwd)"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; echo "--- serve.log"; tail -20 "$work/serve.log"; echo "--- webhook sink"; cat "$work/sink.log" 2>/dev/null; exit 1; }

cat > "$work/sink.py" <<'PY'
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[2], "a") as log: log.write(self.path + "\t" + body.decode().replace("\n", " ") + "\n")
        self.send_response(200); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
python3 "$work/sink.py" 19671 "$work/sink.log" & pids+=($!)

{
    echo "route: {receiver: team, group_by: [alertname], group_wait: 1s, group_interval: 5s}"
    echo "receivers:"
    for r in team pager slack-incidents pagerduty slack-alerts; do
        echo "- name: $r"
        echo "  webhook_configs: [{url: 'http://127.0.0.1:19671/$r'}]"
    done
    echo "rule_files: ['$repo/examples/rules/003-security.yml']"
    echo "runbooks: {directory: '$repo/examples/runbooks'}"
    sed 's/^oncall:$/oncall:\n  paging_receiver: pager/' examples/oncall/seed-003-divan.yml
} > "$work/vigil.yml"

"$vigil" config check "$work/vigil.yml" >/dev/null || fail "config check refused the drill config"
# Vigil's own API needs a token (auth.mode: token, the default): alice is an on-call user and an operator.
"$vigil" user add alice --role approver --data-dir "$work/data" --actor drill-setup >/dev/null 2>&1 || fail "user add"
VIGIL_TOKEN="$("$vigil" token create --user alice --name drill --data-dir "$work/data" 2>/dev/null)" || fail "token create"
export VIGIL_TOKEN
"$vigil" serve --config "$work/vigil.yml" --data-dir "$work/data" --listen 127.0.0.1:19672 > "$work/serve.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:19672/health >/dev/null && break; sleep 0.1; done
url=http://127.0.0.1:19672
if VIGIL_TOKEN= "$vigil" incident list --url $url >/dev/null 2>&1; then fail "the incident API answered without a token"; fi

timeout 60 "$vigil" drill DivanAuthBruteForce --url $url --label severity=critical --label category=security --wait 30 \
    > "$work/drill.txt" || { cat "$work/drill.txt"; fail "vigil drill did not see its delivery"; }
grep -q "incident rule security opens a critical incident" "$work/drill.txt" || fail "drill report lacks the incident hop"
grep -q "drill passed" "$work/drill.txt" || fail "drill did not pass"

for _ in $(seq 1 100); do "$vigil" incident list --url $url | grep "DRILL: DivanAuthBruteForce" >/dev/null && break; sleep 0.1; done
"$vigil" incident list --url $url | grep "INC-1	triggered	critical" >/dev/null || fail "no triggered drill incident"
# Levels 1 (primary) and 2 (critical all-hands) both start at 0m and are delivered concurrently:
# wait for each delivery itself, not for whichever page arrives first.
# Under pipefail a pipeline ending in `grep -q` fails when -q's early exit SIGPIPEs the writer,
# so pipelines here end in `grep ... >/dev/null` (reads to the end) and paged() reads the file itself.
paged() { grep -q "^/pager	.*\"escalation_level\":\"$1\"" "$work/sink.log" 2>/dev/null; }
for _ in $(seq 1 300); do paged 1 && paged 2 && grep -q "^/slack-incidents" "$work/sink.log" && break; sleep 0.1; done
paged 1 || fail "the primary on call was not paged"
paged 2 || fail "the critical all-hands level was not paged"
grep -q "^/slack-incidents" "$work/sink.log" || fail "the severity's notify receiver did not hear of the incident"

"$vigil" incident ack INC-1 --url $url | grep "acknowledged" >/dev/null || fail "ack failed"
if "$vigil" incident ack INC-1 --url $url 2>/dev/null; then fail "a second ack was accepted"; fi
"$vigil" incident show INC-1 --url $url | grep '"runbook" : "DivanAuthBruteForce"' >/dev/null || fail "the incident does not show its runbook"
"$vigil" audit verify --data-dir "$work/data" | grep "ledger OK" >/dev/null || fail "the audit ledger does not verify"
echo "oncall drill: OK ($(grep -c '^/pager' "$work/sink.log") pages, $(wc -l < "$work/sink.log") notifications)"
