#!/usr/bin/env bash
# Vigil's test command (see README): unit and integration tests, then the black-box checks
# against Debian's Alertmanager, amtool and Prometheus when they are installed.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build 2>&1 | tee .build/swift-test.log

status=0
if [ -d Tests/Compat ] && command -v amtool >/dev/null && command -v prometheus-alertmanager >/dev/null; then
    for check in Tests/Compat/ci.sh; do
        [ -x "$check" ] || continue
        echo "== $check"
        "$check" .build/debug/vigil || status=1
    done
fi
exit $status
