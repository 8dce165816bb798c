#!/usr/bin/env bash
# Measures Interleave (see BENCHMARKS.md): builds the release site, serves it on
# loopback, drives headless Chromium through each measurement (at least five runs each),
# runs the same programs in python3, and writes target/bench/results.md and
# target/bench/results.json, printing the table. Not part of scripts/test.sh: no test
# depends on how fast this machine is.
#
#   scripts/bench.sh                         every figure
#   scripts/bench.sh --only gather,pool      some groups: bundle, startup, gather, wait,
#                                            workers, pool, model, timeline, memory, cpython
#   BENCH_REPEATS=9 scripts/bench.sh         more runs per figure (never fewer than 5)
#   BENCH_DIST=dir                           where the release build goes (default
#                                            target/bench-dist, so dist/ is left alone)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
dist="${BENCH_DIST:-$PWD/target/bench-dist}"

printf '\n\033[1m== release build into %s\033[0m\n' "$dist"
trunk build --release --offline --dist "$dist"

printf '\n\033[1m== measuring (about 5 minutes)\033[0m\n'
exec node bench/run.mjs --dist "$dist" "$@"
