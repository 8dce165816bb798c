// The benchmark command's driver (scripts/bench.sh builds the site, then runs this).
// Serves the release build on loopback, drives headless Chromium through the end-to-end
// tests' setup, measures each figure group in turn through the page as a learner uses
// it (no hooks into its wasm), and writes target/bench/results.md and results.json.
// See BENCHMARKS.md for what each figure means.
//
//   node bench/run.mjs [--dist DIR] [--only bundle,startup,...]   (BENCH_REPEATS=5)
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serveDist, launchBrowser, ROOT } from "../tests/e2e/support.mjs";
import { measureBundle } from "./bundle.mjs";
import { measureStartup } from "./startup.mjs";
import { measureGather, measureWait, measureWorkerStart, measurePool, measureProcesses } from "./live.mjs";
import { measureModel } from "./model.mjs";
import { measureEditor } from "./editor.mjs";
import { measureTimeline } from "./timeline.mjs";
import { measureMemory } from "./memory.mjs";
import { measureCpython, pythonVersion } from "./cpython.mjs";
import { measureFidelity } from "./fidelity.mjs";
import { measureHandoff } from "./handoff.mjs";
import { notMeasured } from "./stats.mjs";

// In table order. CPython comes after the live groups, whose runs it shows beside (and
// reuses: each program is run live once per harness run, see lessonRuns in panel.mjs).
const GROUPS = {
  bundle: measureBundle,
  startup: measureStartup,
  gather: measureGather,
  wait: measureWait,
  workers: measureWorkerStart,
  pool: measurePool,
  handoff: measureHandoff,
  processes: measureProcesses,
  fidelity: measureFidelity,
  model: measureModel,
  editor: measureEditor,
  timeline: measureTimeline,
  memory: measureMemory,
  cpython: measureCpython,
};

const { values: options } = parseArgs({
  options: { dist: { type: "string", default: join(ROOT, "target/bench-dist") }, only: { type: "string" } },
});
const repeats = Math.max(5, Number(process.env.BENCH_REPEATS ?? 5));
const chosen = options.only ? options.only.split(",") : Object.keys(GROUPS);
const OUT = join(ROOT, "target/bench");
const log = (text) => console.error(`[bench] ${text}`);

const server = await serveDist({ dir: options.dist });
const browser = await launchBrowser();
const machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memory_gb: Math.round(totalmem() / 2 ** 30),
  chromium: browser.version(),
  node: process.version,
  python: await pythonVersion(),
  repeats,
  load_before: loadavg()[0],
};
const ctx = { browser, server, dist: options.dist, repeats, log, lessons: {} };
const rows = [];
try {
  for (const name of chosen) {
    const started = Date.now();
    log(`${name}…`);
    try {
      rows.push(...(await GROUPS[name](ctx)));
    } catch (error) {
      log(`${name} failed: ${error.stack}`);
      rows.push(notMeasured({ figure: name, what: "(the whole group)", why: `the harness failed: ${String(error.message).split("\n")[0]}` }));
    }
    log(`${name} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
} finally {
  await browser.close();
  await server.close();
}
machine.load_after = loadavg()[0];

const cell = (value) => String(value ?? "").replaceAll("|", "\\|");
const verdict = (met) => (met === null ? "" : met ? "yes" : "**no**");
const spread = (r) => (r.median === null ? "" : r.runs === 1 ? "(one value)" : `${r.min} – ${r.max}`);
const table = [
  "| figure | what | median | spread (min – max) | runs | target | met | note |",
  "|---|---|---|---|---|---|---|---|",
  ...rows.map((r) => `| ${cell(r.figure)} | ${cell(r.what)} | ${r.median === null ? "—" : `${r.median} ${r.unit}`} | ${cell(spread(r))} | ${r.runs} | ${cell(r.target)} | ${verdict(r.met)} | ${cell(r.note)} |`),
].join("\n");
const header = `Measured ${machine.date} on ${machine.cores} cores (${machine.cpu}, ${machine.memory_gb} GB), ` +
  `Chromium ${machine.chromium} headless, Node ${machine.node}, CPython ${machine.python}; ` +
  `load average ${machine.load_before.toFixed(1)} before, ${machine.load_after.toFixed(1)} after; ${repeats} runs per figure unless the runs column says otherwise.`;

await mkdir(OUT, { recursive: true });
await writeFile(join(OUT, "results.md"), `${header}\n\n${table}\n`);
await writeFile(join(OUT, "results.json"), JSON.stringify({ machine, rows }, null, 2));
console.log(`${header}\n\n${table}\n\nWritten to target/bench/results.md and target/bench/results.json.`);
