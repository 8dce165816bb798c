#!/bin/sh
# Trunk's post-build hook (Trunk.toml): puts each page's text into the site.
#
# build.rs writes one body file per page (/lessons/{slug}.bin, with index.txt listing
# them) beside the build's wasm; this copies them into Trunk's staging directory and
# writes their slugs into index.html's `data-pages`, so that the page's first script can
# start fetching the text of the lesson being opened while the wasm still downloads, and
# only for a page that has one.
set -eu
from="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/$TRUNK_PROFILE/lessons"
test -f "$from/index.txt" || { echo "site-pages: no $from/index.txt (did build.rs run?)" >&2; exit 1; }
rm -rf "$TRUNK_STAGING_DIR/lessons"
mkdir -p "$TRUNK_STAGING_DIR/lessons"
cp "$from"/*.bin "$from/index.txt" "$TRUNK_STAGING_DIR/lessons/"
slugs=$(sed -n 's|^/lessons/\([a-z0-9-]*\)\.bin$|\1|p' "$from/index.txt" | tr '\n' ' ' | sed 's/ $//')
sed -i "s|data-pages=\"\"|data-pages=\"$slugs\"|" "$TRUNK_STAGING_DIR/index.html"
grep -q "data-pages=\"$slugs\"" "$TRUNK_STAGING_DIR/index.html" || { echo "site-pages: index.html has no data-pages=\"\" to fill" >&2; exit 1; }
