#!/usr/bin/env bash
# prometheus_e2e.sh — end-to-end check: Debian Prometheus -> server under test -> webhook sink.
#
# Starts (all in a private temp dir, all on 127.0.0.1, all killed on exit/error/signal):
#   * a webhook sink (python3 stdlib) that appends every notification to notifications.jsonl,
#   * the server under test, from a command template, with a generated Alertmanager config
#     routing everything to the sink (group_wait 1s, group_interval 2s, send_resolved: true),
#   * Debian prometheus with evaluation interval 1s, a rule that fires immediately
#     (expr: vector(1), for: 0s) and alerting.alertmanagers pointing at the server under test.
# Then waits (bounded) for the firing notification, rewrites the rule to an expression that
# returns nothing, reloads prometheus (POST /-/reload) and waits (bounded) for the resolved
# notification. Prints "ok:"/"FAIL:" per step and "N passed, N failed"; exit 1 on any failure.
set -u

usage() {
    cat >&2 <<'EOF'
usage: prometheus_e2e.sh [--sut-cmd TEMPLATE] [--prom-port PORT] [--sink-port PORT]
                         [--timeout SECONDS] [--keep] [HOST:PORT]

  HOST:PORT     listen address of the server under test (default 127.0.0.1:19691); it is
                substituted for {listen} in the template and used as prometheus' alertmanager
  --sut-cmd     command template; placeholders {config} {datadir} {listen} {port}
                (default: Debian Alertmanager 0.25:
                 prometheus-alertmanager --config.file={config} --storage.path={datadir}
                   --web.listen-address={listen} --cluster.listen-address=)
  --prom-port   prometheus port (default 19690)       --sink-port  webhook sink port (default 19692)
  --timeout     seconds to wait for each notification (default 60)
  --keep        keep the temp dir (configs, logs, notifications.jsonl)
EOF
    exit 2
}

SUT_CMD='prometheus-alertmanager --config.file={config} --storage.path={datadir} --web.listen-address={listen} --cluster.listen-address='
SUT_ADDR=127.0.0.1:19691
PROM_PORT=19690
SINK_PORT=19692
WAIT_S=60
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --sut-cmd) [ $# -ge 2 ] || usage; SUT_CMD=$2; shift 2 ;;
        --sut-cmd=*) SUT_CMD=${1#*=}; shift ;;
        --prom-port) [ $# -ge 2 ] || usage; PROM_PORT=$2; shift 2 ;;
        --sink-port) [ $# -ge 2 ] || usage; SINK_PORT=$2; shift 2 ;;
        --timeout) [ $# -ge 2 ] || usage; WAIT_S=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage ;;
        -*) echo "unknown option $1" >&2; usage ;;
        *) SUT_ADDR=$1; shift ;;
    esac
done
case "$SUT_ADDR" in *:[0-9]*) ;; *) echo "HOST:PORT expected, got '$SUT_ADDR'" >&2; usage ;; esac
SUT_PORT=${SUT_ADDR##*:}
for b in prometheus python3 curl; do
    command -v "$b" >/dev/null || { echo "FAIL: $b not found"; echo "0 passed, 1 failed"; exit 1; }
done

W=$(mktemp -d /tmp/prometheus-e2e.XXXXXX)
PIDS=()
PASSED=0
FAILED=0
START=$(date +%s)

cleanup() {
    local p
    for p in "${PIDS[@]}"; do
        kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null
    done
    for p in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    PIDS=()
    if [ "$KEEP" = 1 ]; then echo "kept work dir $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ok()   { PASSED=$((PASSED + 1)); echo "ok: $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }
tail_log() { [ -f "$1" ] && { echo "    ---- $1 (tail) ----"; tail -n 20 "$1" | sed 's/^/    | /'; }; }
finish() {
    echo "elapsed $(( $(date +%s) - START ))s"
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ] && exit 0 || exit 1
}

# start NAME CMD... : start in its own process group (pgid == pid), log to $W/NAME.log
start() {
    local name=$1; shift
    setsid "$@" >"$W/$name.log" 2>&1 </dev/null &
    PIDS+=($!)
    eval "PID_$name=$!"
}

# wait_until SECONDS CMD... : poll CMD every 0.25 s until it succeeds or SECONDS elapse
wait_until() {
    local limit=$1; shift
    local deadline=$(( $(date +%s) + limit ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        "$@" && return 0
        sleep 0.25
    done
    "$@"
}

http_ok() { curl -sf -m 2 -o /dev/null "$1"; }
ready() {  # any of the usual readiness endpoints answers 200
    local base=$1 p
    for p in /-/ready /api/v2/status /health; do http_ok "$base$p" && return 0; done
    return 1
}

RUN_ID="$(date +%s)$$"
ALERT=CompatE2E

# ---- webhook sink --------------------------------------------------------------------------
cat >"$W/sink.py" <<'EOF'
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port, out = int(sys.argv[1]), sys.argv[2]
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            payload = json.loads(body)
        except Exception:
            payload = {"_unparseable": body.decode("utf-8", "replace")}
        with open(out, "a") as f:
            f.write(json.dumps({"t": time.time(), "path": self.path, "payload": payload}) + "\n")
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
class S(ThreadingHTTPServer):
    request_queue_size = 64
    daemon_threads = True
    allow_reuse_address = True
S(("127.0.0.1", port), H).serve_forever()
EOF
NOTES="$W/notifications.jsonl"
: >"$NOTES"
start sink python3 "$W/sink.py" "$SINK_PORT" "$NOTES"
if wait_until 10 http_ok "http://127.0.0.1:$SINK_PORT/"; then ok "webhook sink listening on 127.0.0.1:$SINK_PORT"
else fail "webhook sink did not start"; tail_log "$W/sink.log"; finish; fi

# ---- server under test ---------------------------------------------------------------------
mkdir -p "$W/sut-data"
cat >"$W/alertmanager.yml" <<EOF
route:
  receiver: sink
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: sink
    webhook_configs:
      - url: 'http://127.0.0.1:$SINK_PORT/hook'
        send_resolved: true
EOF
CMD=${SUT_CMD//\{config\}/$W/alertmanager.yml}
CMD=${CMD//\{datadir\}/$W/sut-data}
CMD=${CMD//\{listen\}/$SUT_ADDR}
CMD=${CMD//\{port\}/$SUT_PORT}
echo "server under test: $CMD"
# word-split the template like a shell would (no globbing surprises: quote inside it if needed)
eval "SUT_ARGV=($CMD)"
start sut "${SUT_ARGV[@]}"
if wait_until 30 ready "http://$SUT_ADDR"; then ok "server under test ready on $SUT_ADDR"
else fail "server under test not ready on $SUT_ADDR within 30s"; tail_log "$W/sut.log"; finish; fi

# ---- prometheus ----
# --rules.alert.resend-delay=1s: prometheus' alertmanager discovery only becomes active after a
# few seconds; with the default resend delay (1m) the first (dropped) send would postpone the
# next one by a minute.------------------------------------------------------------------------
write_rules() {  # write_rules EXPR
    cat >"$W/rules.yml.tmp" <<EOF
groups:
  - name: compat
    interval: 1s
    rules:
      - alert: $ALERT
        expr: $1
        for: 0s
        labels:
          severity: test
          compat_run: "$RUN_ID"
        annotations:
          summary: "prometheus_e2e compat check"
EOF
    mv "$W/rules.yml.tmp" "$W/rules.yml"
}
write_rules 'vector(1)'
cat >"$W/prometheus.yml" <<EOF
global:
  scrape_interval: 15s
  evaluation_interval: 1s
rule_files:
  - $W/rules.yml
alerting:
  alertmanagers:
    - api_version: v2
      static_configs:
        - targets: ['$SUT_ADDR']
EOF
PROM="127.0.0.1:$PROM_PORT"
start prom prometheus --config.file="$W/prometheus.yml" --storage.tsdb.path="$W/prom-data" \
    --web.listen-address="$PROM" --web.enable-lifecycle --rules.alert.resend-delay=1s
if wait_until 30 http_ok "http://$PROM/-/ready"; then ok "prometheus ready on $PROM"
else fail "prometheus not ready within 30s"; tail_log "$W/prom.log"; finish; fi

# ---- helpers over JSON ---------------------------------------------------------------------
# notification_seen STATUS : a notification with group status STATUS containing our alert with
# alert status STATUS (and our compat_run label) has been received
notification_seen() {
    python3 - "$NOTES" "$1" "$ALERT" "$RUN_ID" <<'EOF'
import json, sys
path, want, alert, run = sys.argv[1:5]
for line in open(path):
    p = json.loads(line)["payload"]
    if p.get("status") != want:
        continue
    for a in p.get("alerts", []):
        l = a.get("labels", {})
        if (l.get("alertname") == alert and l.get("compat_run") == run
                and l.get("severity") == "test" and a.get("status") == want):
            sys.exit(0)
sys.exit(1)
EOF
}
show_notes() {
    echo "    ---- notifications received so far ----"
    python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line); p = r["payload"]
    print("    | %s receiver=%s status=%s groupKey=%s alerts=%s" % (r["path"], p.get("receiver"),
          p.get("status"), p.get("groupKey"),
          [(a.get("status"), a.get("labels")) for a in p.get("alerts", [])]))
' "$NOTES"
}
prom_alert_state() {  # prom_alert_state STATE : prometheus reports our alert in STATE
    curl -sf -m 2 "http://$PROM/api/v1/alerts" | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if any(a["labels"].get("alertname") == sys.argv[1] and a["state"] == sys.argv[2]
                  for a in d["data"]["alerts"]) else 1)' "$ALERT" "$1"
}
sut_has_alert() {  # the server under test lists our alert via GET /api/v2/alerts
    [ -n "${E2E_DEBUG:-}" ] && curl -s -m 2 "http://$SUT_ADDR/api/v2/alerts" >&2
    curl -sf -m 2 "http://$SUT_ADDR/api/v2/alerts" | python3 -c '
import json, sys
sys.exit(0 if any(a["labels"].get("alertname") == sys.argv[1] and a["labels"].get("compat_run") == sys.argv[2]
                  for a in json.load(sys.stdin)) else 1)' "$ALERT" "$RUN_ID"
}

# ---- firing ----------------------------------------------------------------------------------
if wait_until 20 prom_alert_state firing; then ok "prometheus rule $ALERT is firing"
else fail "prometheus rule $ALERT not firing within 20s"; tail_log "$W/prom.log"; fi

if wait_until "$WAIT_S" sut_has_alert; then ok "server under test lists $ALERT in GET /api/v2/alerts"
else fail "server under test does not list $ALERT within ${WAIT_S}s"; tail_log "$W/prom.log"; tail_log "$W/sut.log"; fi

T_FIRE=$(date +%s)
if wait_until "$WAIT_S" notification_seen firing; then
    ok "firing notification for $ALERT received from server under test ($(( $(date +%s) - T_FIRE ))s)"
else
    fail "no firing notification for $ALERT within ${WAIT_S}s"; show_notes; tail_log "$W/sut.log"; finish
fi

# ---- stop firing: rewrite rule, reload prometheus --------------------------------------------
write_rules 'vector(1) < 0'
if curl -sf -m 5 -X POST "http://$PROM/-/reload" -o /dev/null; then ok "prometheus reloaded with non-firing rule"
else fail "POST /-/reload failed"; tail_log "$W/prom.log"; finish; fi

prom_rule_is() {  # prom_rule_is EXPR : prometheus serves our alerting rule with query EXPR
    curl -sf -m 2 "http://$PROM/api/v1/rules" | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if any(r.get("name") == sys.argv[1] and r.get("query") == sys.argv[2]
                  for g in d["data"]["groups"] for r in g["rules"]) else 1)' "$ALERT" "$1"
}
if wait_until 20 prom_rule_is 'vector(1) < 0'; then
    ok "prometheus serves the rewritten rule"
else fail "prometheus did not pick up the rewritten rule"; tail_log "$W/prom.log"; fi

T_RES=$(date +%s)
if wait_until "$WAIT_S" notification_seen resolved; then
    ok "resolved notification for $ALERT received from server under test ($(( $(date +%s) - T_RES ))s)"
else
    fail "no resolved notification for $ALERT within ${WAIT_S}s"; show_notes; tail_log "$W/sut.log"
fi

finish
