#!/usr/bin/env bash
# Audit ledger (issue 8): durable appends per second, and `vigil audit verify` on 1M entries.
# Drives the release `vigil` binary's hidden `audit bench-append` (the server's append path:
# LedgerRepository.record on SQLite WAL, synchronous=NORMAL, one transaction per commit).
# Usage: Benchmarks/ledger.sh [APPENDS (default 20000)] [VERIFY_ENTRIES (default 1000000)] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
appends="${1:-20000}"
entries="${2:-1000000}"
work="${3:-/tmp/vigil-bench-ledger}"
swift build -c release --product vigil -j 1
vigil="$(pwd)/.build/release/vigil"
rm -rf "$work" && mkdir -p "$work"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# (a) one entry per transaction, as a silence change or a sign-in failure is recorded; 3 runs.
for run in 1 2 3; do
    "$vigil" audit bench-append "$appends" --data-dir "$work/append-$run"
done

# (b) 1M entries through the same append path, 1000 per transaction to build them quickly
# (the chain is identical: each entry is appended after the head read in its transaction).
"$vigil" audit bench-append "$entries" --per-transaction 1000 --data-dir "$work/verify"
ls -l "$work/verify/vigil.sqlite"
for run in 1 2 3; do
    /usr/bin/time -f "verify: %e s wall, %U s user, %S s system, %M KiB max RSS" \
        "$vigil" audit verify --data-dir "$work/verify"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
