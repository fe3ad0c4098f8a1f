#!/usr/bin/env bash
# amtool_check.sh URL — drive an Alertmanager-compatible server with Debian's amtool (0.25).
#
# Steps: alert add (labels + annotation), alert query (listed), silence add (matchers, author,
# comment, duration; ID captured), silence query (listed), alert query --silenced (alert now
# silenced), silence expire ID, silence query --expired (listed as expired), config show (YAML
# with route:). Each step prints "ok: ..." or "FAIL: ..." plus the command's output; the last
# line is "N passed, N failed"; exit status is non-zero when any step failed.
#
# The server must already be running (the caller starts it). Example:
#   prometheus-alertmanager --config.file=cfg.yml --storage.path=/tmp/am \
#       --web.listen-address=127.0.0.1:19640 --cluster.listen-address= &
#   Tests/Compat/amtool_check.sh http://127.0.0.1:19640
set -u

usage() { echo "usage: $0 URL    (e.g. http://127.0.0.1:19640)" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in -h|--help) usage ;; esac
URL=$1
AMTOOL=${AMTOOL:-amtool}
TIMEOUT=${AMTOOL_TIMEOUT:-10s}   # per amtool command (amtool's own --timeout)

command -v "$AMTOOL" >/dev/null || { echo "FAIL: $AMTOOL not found (apt-get install prometheus-alertmanager)"; echo "0 passed, 1 failed"; exit 1; }

PASSED=0
FAILED=0
OUT=""
# Unique names so that re-runs against the same server do not see each other's objects.
RUN_ID="$(date +%s)_$$"
ALERT="CompatAmtool_${RUN_ID}"

am() {  # am ARGS... : run amtool against URL, capture combined output in $OUT, return its status
    OUT=$(timeout 30 "$AMTOOL" --alertmanager.url="$URL" --timeout="$TIMEOUT" "$@" 2>&1)
}

report() {  # report OK|FAIL description [command]
    local st=$1 desc=$2 cmd=${3:-}
    if [ "$st" = OK ]; then
        PASSED=$((PASSED + 1)); echo "ok: $desc"
    else
        FAILED=$((FAILED + 1)); echo "FAIL: $desc"
    fi
    [ -n "$cmd" ] && echo "    \$ amtool $cmd"
    if [ -n "$OUT" ]; then printf '%s\n' "$OUT" | sed 's/^/    | /'; fi
}

# check DESC PREDICATE -- AMTOOL ARGS... : run amtool; PREDICATE is a shell snippet evaluated
# with $OUT set and $RC the exit status; the step passes iff RC==0 and the predicate holds.
check() {
    local desc=$1 pred=$2; shift 3
    am "$@"; RC=$?
    local shown; shown=$(printf '%q ' "$@")
    if [ $RC -eq 0 ] && eval "$pred"; then report OK "$desc" "$shown"
    else report FAIL "$desc (exit $RC)" "$shown"; fi
}

has() { printf '%s\n' "$OUT" | grep -q -- "$1"; }
has_line() { printf '%s\n' "$OUT" | grep -- "$1" | grep -- "$2" >/dev/null; }  # a line with both (no -q: see oncall_drill.sh)

# 1. alert add with labels and an annotation
check "alert add $ALERT (labels + annotation)" 'true' -- \
    alert add "$ALERT" severity=warning instance=compat-1 team=compat \
    --annotation=summary="amtool compat check" --annotation=runbook=none

# 2. alert query lists it (extended output shows labels and annotations)
check "alert query lists $ALERT with its labels and annotation" \
    'has_line "$ALERT" "instance=\"compat-1\"" && has "amtool compat check"' -- \
    -o extended alert query alertname="$ALERT"

# 3. silence add with matchers, author, comment, duration; capture the ID
check "silence add (matchers, author, comment, duration) prints an ID" \
    'printf "%s" "$OUT" | grep -Eq "^[0-9a-fA-F-]{8,}$"' -- \
    silence add alertname="$ALERT" 'instance=~compat-.*' \
    --author=compat-harness --comment="amtool compat check $RUN_ID" --duration=10m
SID="<none>"
if [ $RC -eq 0 ] && printf '%s' "$OUT" | grep -Eq '^[0-9a-fA-F-]{8,}$'; then
    SID=$(printf '%s\n' "$OUT" | tail -n 1 | tr -d '[:space:]')
fi

# 4. silence query lists it (by ID, author and comment)
check "silence query lists silence $SID" \
    'has_line "$SID" "compat-harness" && has "amtool compat check $RUN_ID"' -- \
    silence query alertname="$ALERT"

# 5. the alert is now reported as silenced
check "alert query --silenced lists $ALERT" 'has "$ALERT"' -- \
    alert query --silenced alertname="$ALERT"

# 6. silence expire ID
check "silence expire $SID" 'true' -- silence expire "$SID"

# 7. silence query --expired lists it; and it is no longer among the active ones
check "silence query --expired lists $SID" 'has "$SID"' -- \
    silence query --expired alertname="$ALERT"
check "silence query (active) no longer lists $SID" '! has "$SID"' -- \
    silence query alertname="$ALERT"

# 8. config show: non-empty YAML with a route: section
check "config show prints YAML with route:" \
    '[ -n "$OUT" ] && printf "%s\n" "$OUT" | grep -Eq "^route:" && has "receiver"' -- \
    config show

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
