// Bundles src/editor.js and its CodeMirror packages into one minified ES module,
// dist/codemirror.js, which the page imports lazily. Run: node build.mjs (after npm ci).
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, "dist", "codemirror.js");

await build({
  entryPoints: [join(here, "src", "editor.js")],
  outfile,
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  platform: "browser",
  legalComments: "eof",
  banner: {
    js: "/* Interleave's Python editor (editor/src/editor.js), built by editor/build.mjs. " +
      "Contains CodeMirror 6 and Lezer: MIT licence, (c) Marijn Haverbeke and others. */",
  },
  charset: "utf8",
  logLevel: "warning",
});

const bytes = readFileSync(outfile);
const gzip = gzipSync(bytes, { level: 9 }).length;
console.log(`dist/codemirror.js: ${bytes.length} bytes raw, ${gzip} bytes gzip`);
