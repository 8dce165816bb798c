#!/usr/bin/env bash
# Measures Interleave (see BENCHMARKS.md): builds the release site, serves it on
# loopback, drives headless Chromium through the lesson panels and the Playground as a
# learner would (at least five runs each), runs the programs the panels show in python3,
# and writes target/bench/results.md and
# target/bench/results.json, printing the table. Then measures the Python interpreter
# natively beside python3 (issue 9: the model on a 10,000-task gather, pure computation,
# parsing a 300-line program, and the virtual clock's calibration) into
# target/bench/interpreter.md and target/bench/interpreter.json. Not part of
# scripts/test.sh: no test depends on how fast this machine is.
#
#   scripts/bench.sh                         every figure
#   scripts/bench.sh --only gather,pool      some groups: bundle, startup, gather, wait,
#                                            workers, pool, handoff, processes, fidelity,
#                                            model, editor, timeline, memory, cpython
#                                            (the interpreter's figures are left out)
#   scripts/bench.sh --interpreter           only the interpreter's figures (about a
#                                            minute; builds the CLI, not the web page)
#   scripts/bench.sh --interpreter --only loop,calibrate
#                                            some of them: gather, loop, compile, calibrate
#   BENCH_REPEATS=9 scripts/bench.sh         more runs per figure (never fewer than 5)
#   BENCH_DIST=dir                           where the release build goes (default
#                                            target/bench-dist, so dist/ is left alone)
#   BENCH_OPT_LEVEL=3 scripts/bench.sh --interpreter
#                                            the interpreter built at opt-level 3, not "z"
#   PYTHON=python3.11                        the CPython to compare with (default python3)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The interpreter's figures: cli/src/bin/interleave-bench.rs, natively in release mode.
# BENCH_OPT_LEVEL=3 builds it at that opt-level instead of the release profile's "z",
# in a target directory of its own (a full build, about a minute and a half on 2 cores).
interpreter() {
  local bin=target/release/interleave-bench
  printf '\n\033[1m== the interpreter beside CPython (native release build)\033[0m\n'
  if [ -n "${BENCH_OPT_LEVEL:-}" ]; then
    CARGO_TARGET_DIR=target/bench-opt-level-$BENCH_OPT_LEVEL \
      CARGO_PROFILE_RELEASE_OPT_LEVEL=$BENCH_OPT_LEVEL \
      cargo build --release --offline -p interleave-cli --bin interleave-bench
    bin=target/bench-opt-level-$BENCH_OPT_LEVEL/release/interleave-bench
  else
    cargo build --release --offline -p interleave-cli --bin interleave-bench
  fi
  mkdir -p target/bench
  "$bin" --markdown target/bench/interpreter.md "$@" > target/bench/interpreter.json
  printf '\nWritten to target/bench/interpreter.md and target/bench/interpreter.json.\n'
}

if [ "${1:-}" = "--interpreter" ]; then
  shift
  interpreter "$@"
  exit
fi

scripts/setup.sh
dist="${BENCH_DIST:-$PWD/target/bench-dist}"

printf '\n\033[1m== release build into %s\033[0m\n' "$dist"
trunk build --release --offline --dist "$dist"

# The GIL hand-off figures (bench/handoff.mjs) run a bare wasm build of the live driver
# in Node and ask the command line for the model's makespan.
cargo build --release --offline --target wasm32-unknown-unknown -p interleave-handoff
cargo build --release --offline -p interleave-cli --bin interleave

printf '\n\033[1m== measuring (about 15 minutes)\033[0m\n'
node bench/run.mjs --dist "$dist" "$@"

# A full run measures the interpreter too; `--only` picks browser groups and skips it.
if [ "$#" -eq 0 ]; then
  interpreter
fi
