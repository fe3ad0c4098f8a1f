#!/usr/bin/env bash
# Runs `vigil rules test|check` and Debian's `promtool test|check rules` on the same files and
# compares their exit codes: the promtool peer suite, the seeds' rule files and their unit tests,
# and the deliberately bad fixtures. Usage: rules_compat.sh [path/to/vigil]
set -uo pipefail
cd "$(dirname "$0")/../.."
vigil="$(realpath "${1:-.build/debug/vigil}")"
suite=../shared/peer-suites/promtool-rules
command -v promtool >/dev/null || { echo "promtool not installed"; exit 1; }

checked=0; differ=0
compare() { # kind file
    local kind=$1 file=$2 want got
    promtool "$kind" rules "$file" >/dev/null 2>&1; want=$?
    "$vigil" rules "$kind" --promql-compat prometheus2 "$file" >/dev/null 2>&1; got=$?
    checked=$((checked + 1))
    if [ "$want" -ne "$got" ]; then
        differ=$((differ + 1)); echo "DIFFERS: $kind $file: promtool $want, vigil $got"
    fi
}

if [ -d "$suite" ]; then
    for f in at-modifier-test bad-input-series bad-promql bad-rules-error-test bad-rules-syntax-test failing long-period negative-offset-test unittest; do
        compare test "$suite/$f.yml"
    done
    for f in rules rules_duplicates rules_large bad-rules-error bad-rules-syntax at-modifier negative-offset prometheus-rules.lint; do
        compare check "$suite/$f.yml"
    done
fi
for f in examples/rules/*.yml; do compare check "$f"; done
for f in Tests/Fixtures/rules/*_test.yml Tests/Fixtures/rules/bad/*_test.yml; do compare test "$f"; done
for f in Tests/Fixtures/rules/bad/*.yml; do case "$f" in *_test.yml) ;; *) compare check "$f";; esac; done

echo "rules compat: $checked files, $differ differ from promtool"
[ "$differ" -eq 0 ]
