#!/usr/bin/env bash
# Serves Interleave for local development at http://127.0.0.1:8080/, rebuilding on change.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
echo "Interleave: serving at http://127.0.0.1:8080/ (Ctrl-C stops)"
exec trunk serve --offline --address 127.0.0.1 --port 8080
