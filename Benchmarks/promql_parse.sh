#!/usr/bin/env bash
# PromQL parse throughput over every expression in the seeds' runbooks (rule `expr:` fields and
# Grafana panels), as issue 3 asks. Usage: Benchmarks/promql_parse.sh [path/to/vigil] [repeat]
set -euo pipefail
cd "$(dirname "$0")/.."
vigil="${1:-.build/release/vigil}"
repeat="${2:-20000}"
exprs="$(mktemp)"
trap 'rm -f "$exprs"' EXIT
# One expression per line; block scalars (`expr: |`) are joined onto one line.
python3 - ../shared/seeds "$exprs" <<'PY'
import os, re, sys
seeds, out = sys.argv[1], sys.argv[2]
found = []
for name in sorted(os.listdir(seeds)):
    if not name.endswith(".txt"): continue
    lines = open(os.path.join(seeds, name), encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line, t = lines[i], lines[i].strip()
        if t in ("expr: |", "expr: >"):
            indent = len(line) - len(line.lstrip(" "))
            body, j = [], i + 1
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip(" ")) > indent):
                body.append(lines[j].strip()); j += 1
            found.append(" ".join(b for b in body if b)); i = j; continue
        if t.startswith("expr: "): found.append(t[6:])
        elif t.startswith('"expr": "'):
            text = t[9:].rstrip(",").rstrip('"').replace('\\"', '"'); found.append(text)
        i += 1
open(out, "w").write("\n".join(found) + "\n")
print(f"{len(found)} expressions from {seeds}", file=sys.stderr)
PY
"$vigil" promql parse --file "$exprs" --repeat "$repeat"
