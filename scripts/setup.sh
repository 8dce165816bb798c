#!/usr/bin/env bash
# Installs everything Interleave needs to build, serve and test, and nothing twice.
#
# Safe to run again and again: each step checks first and is skipped when its tool is
# already there at the right version, so a second run takes a few seconds. Nothing is
# downloaded from release pages (there is no network here but the package registries):
# Trunk and wasm-bindgen come from crates.io, wasm-opt from npm's binaryen, Chromium
# from Debian. See ../shared/notes/toolchain.md for why these exact choices.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PATH"
TRUNK_VERSION=0.21.14      # 0.22 needs a newer rustc than this machine's 1.95.
BINARYEN_VERSION=132       # Debian's binaryen (108) is too old for current rustc output.

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing Trunk $TRUNK_VERSION from crates.io (about 9 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen's CLI must match the library version in Cargo.lock exactly.
bindgen_wanted=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print }' Cargo.lock)
bindgen_found=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$bindgen_found" != "$bindgen_wanted" ]; then
  say "installing wasm-bindgen-cli $bindgen_wanted (found: ${bindgen_found:-none})"
  # Not --locked: its lock file pins a webpki-roots the registry here does not serve.
  cargo install wasm-bindgen-cli --version "$bindgen_wanted"
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing wasm-opt (binaryen $BINARYEN_VERSION) from npm"
  npm install --global --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Chromium and ChromeDriver from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# The highlighter the page ships, and the end-to-end test driver and accessibility checker.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

# The code editor: CodeMirror 6 from npm, bundled by esbuild (also from npm) into the
# one module the page imports when a learner first edits (editor/README in build.mjs).
if [ ! -f editor/node_modules/.package-lock.json ] || [ editor/package-lock.json -nt editor/node_modules/.package-lock.json ]; then
  say "installing the editor's npm packages"
  (cd editor && npm ci --no-audit --no-fund)
fi
if [ ! -f editor/dist/codemirror.js ] || [ -n "$(find editor/src editor/build.mjs editor/package-lock.json -newer editor/dist/codemirror.js 2>/dev/null)" ]; then
  say "bundling the editor"
  node editor/build.mjs
fi
