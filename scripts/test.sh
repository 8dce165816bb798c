#!/usr/bin/env bash
# Runs every check Interleave has, in the order that fails fastest:
# formatting, clippy (native and wasm32), native tests, browser unit tests in headless
# Chromium, then the release build and end-to-end tests against it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy, native"
cargo clippy --workspace --all-targets -- -D warnings

step "clippy, wasm32"
# The core's own tests use proptest, which does not build for wasm32; its library does.
cargo clippy -p interleave --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p interleave-core --lib --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p interleave-handoff --target wasm32-unknown-unknown -- -D warnings
# The Playground's engine worker is built only with the parser (feature `playground`).
cargo clippy -p interleave --bin engine --features playground --target wasm32-unknown-unknown -- -D warnings

step "native tests (model, scenarios, lessons; differential tests against python3)"
cargo test --workspace

step "browser unit tests (wasm-bindgen-test in headless Chromium)"
# The live driver's test runs the whole corpus on real timers (about 35 s of sleeps).
WASM_BINDGEN_TEST_TIMEOUT=600 CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test -p interleave --target wasm32-unknown-unknown --features embedded-lessons

step "the editor module (CodeMirror bundle) in headless Chromium"
SCREENSHOT_DIR=target/screenshots node editor/test.mjs

step "release build"
trunk build --release --offline

step "end-to-end tests of the release build in headless Chromium"
node --test --test-concurrency=1 tests/e2e/
