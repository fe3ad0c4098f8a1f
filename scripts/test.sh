#!/usr/bin/env bash
# Vigil's test command (see README): unit and integration tests, then the black-box checks
# against Debian's Alertmanager, amtool and Prometheus when they are installed.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build 2>&1 | tee .build/swift-test.log

status=0
# PromQL conformance through the CLI (the Swift tests also hold each file to its floor).
if [ -d ../shared/peer-suites/prometheus-promql ]; then
    .build/debug/vigil promql test --promql-compat prometheus2 ../shared/peer-suites/prometheus-promql/v2.42.0/ | tail -1 || status=1
    .build/debug/vigil promql test ../shared/peer-suites/prometheus-promql/v3.9.1/ | tail -2 || status=1
fi
if [ -d Tests/Compat ] && command -v amtool >/dev/null && command -v prometheus-alertmanager >/dev/null; then
    for check in Tests/Compat/ci.sh; do
        [ -x "$check" ] || continue
        echo "== $check"
        "$check" .build/debug/vigil || status=1
    done
fi
exit $status
