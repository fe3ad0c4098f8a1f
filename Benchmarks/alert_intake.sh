#!/usr/bin/env bash
# Alert intake, side by side with Alertmanager 0.25: the peer-bench `am` phase with Vigil as the
# system under test. Usage: Benchmarks/alert_intake.sh [BLAST_SECONDS (default 60)] [RESULTS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
blast="${1:-60}"
results="${2:-/tmp/vigil-bench-am}"
swift build -c release --product vigil
vigil="$(pwd)/.build/release/vigil"
bash ../shared/peer-bench/run.sh 10000 6 --phases am --blast-seconds "$blast" \
    --sut-cmd "$vigil serve --config {config} --data-dir {datadir} --listen {listen} --log-level warning" \
    --results "$results"
ls -t "$results"/*.md | head -1
