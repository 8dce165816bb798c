// Live runs through the lesson panels, clicking Run like a learner (bench/panel.mjs):
// gather fidelity, wait, the worker's start cost, and the thread pool in free-threaded
// and GIL mode. Every program runs in the lessons' one worker (runner), threads too.
import { openPage, run } from "../tests/e2e/support.mjs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { row, median } from "./stats.mjs";
import { lessonRuns, openLesson, runLive, spreadSeconds } from "./panel.mjs";
import { runNote } from "./fidelity.mjs";

export async function measureGather(ctx) {
  const rows = [];
  for (const count of [10, 100, 1000]) {
    const seconds = spreadSeconds(count);
    const longest = Math.max(...seconds) * 1000;
    const result = await lessonRuns(ctx, `gather N=${count}`, "gather", `durations=${seconds.join(",")}`);
    rows.push(row({
      figure: "gather fidelity",
      what: `N = ${count} coroutines sleeping 0.05–0.5 s: live makespan − longest sleep`,
      unit: "ms",
      samples: result.runs.map((r) => r.live - longest),
      digits: 2,
      target: count === 1000 ? { text: "< 5 ms at N = 1,000", met: (v) => v < 5 } : undefined,
      // The makespan also holds the program's own work before and after the sleeps
      // (creating N tasks, printing N lines), which the model predicts too.
      note: `model: ${(result.model - longest).toFixed(2)} ms over the longest sleep; ${runNote(result)}`,
    }));
  }
  return rows;
}

export async function measureWait(ctx) {
  const result = await lessonRuns(ctx, "wait return_when=FIRST_COMPLETED", "wait", "return_when=FIRST_COMPLETED");
  // The program prints when wait returned, to 10 ms: the Output's line, for the record.
  const returned = result.stdout.match(/wait returned after ([\d.]+)s/)?.[1];
  return [row({
    figure: "wait",
    what: "FIRST_COMPLETED on sleeps 0.3, 0.1, 0.2 s (the pending ones then awaited): live makespan − model's",
    unit: "ms",
    samples: result.runs.map((r) => r.live - result.model),
    digits: 2,
    note: `the moment wait returns is not visible to the page, only the program's end; its Output says "wait returned after ${returned}s" (to 10 ms); ${runNote(result)}`,
  })];
}

/**
 * Cold: /gather at its defaults in a fresh page, whose program and prediction come from
 * the build, so no worker exists until Run (checked); warm: Run again on that page,
 * its worker already loaded. Each is the click to the status line's "Ran live…"
 * minus the run's own wall time in the worker (the status line's, to the ms).
 */
export async function measureWorkerStart({ browser, server, repeats }) {
  const cold = [];
  const warm = [];
  const before = [];
  for (let index = 0; index < repeats; index++) {
    const { page, context } = await openPage(browser);
    await openLesson(page, server.url, "gather");
    before.push(page.workers().length);
    const first = await runLive(page);
    const second = await runLive(page);
    cold.push(first.clickToDone - first.wall);
    warm.push(second.clickToDone - second.wall);
    await context.close();
  }
  const note = "the click to \"Ran live…\" minus the run's wall time in the worker: starting the worker (for cold), sending the request, filling the program, posting the run back, and the page drawing it";
  return [
    row({
      figure: "worker start",
      what: "cold (fresh page at /gather's defaults, no worker yet): Run click → \"Ran live…\" − the run's wall time",
      unit: "ms",
      samples: cold,
      note: `${note}; workers before the click: ${[...new Set(before)].join(", ")} (fetching, compiling and instantiating runner_bg.wasm and loading its precompiled modules)`,
    }),
    row({
      figure: "worker start",
      what: "warm (Run again on that page, worker loaded): same",
      unit: "ms",
      samples: warm,
      target: { text: "< 50 ms warm", met: (v) => v < 50 },
      note,
    }),
  ];
}

/**
 * The thread-pools lesson, 8 calls of 0.1 s CPU each, max_workers = 1, 2, 4, in
 * free-threaded and GIL mode. Its threads all run in one worker, one at a time.
 */
export async function measurePool(ctx) {
  const cores = await (async () => {
    const { page, context } = await openPage(ctx.browser);
    const found = await page.evaluate(() => navigator.hardwareConcurrency);
    await context.close();
    return found;
  })();
  const durations = Array(8).fill(0.1).join(",");
  const results = {};
  for (const interpreter of ["free-threaded", "gil"]) {
    for (const workers of [1, 2, 4]) {
      results[`${interpreter} ${workers}`] = await lessonRuns(ctx, `thread-pools 8 × 0.1 s CPU ${interpreter} max_workers=${workers}`,
        "thread-pools", `durations=${durations}&work=cpu&interpreter=${interpreter}&max_workers=${workers}`);
    }
  }
  const rows = [];
  const base = median(results["free-threaded 1"].runs.map((r) => r.live));
  for (const workers of [2, 4]) {
    const result = results[`free-threaded ${workers}`];
    const ideal = Math.min(workers, cores);
    rows.push(row({
      figure: "pool speedup",
      what: `8 × 0.1 s CPU, free-threaded, max_workers = ${workers}: live speedup over max_workers = 1 ÷ min(${workers}, ${cores} cores)`,
      unit: "ratio",
      samples: result.runs.map((r) => base / r.live / ideal),
      digits: 2,
      target: { text: "≥ 0.9", met: (v) => v >= 0.9 },
      note: `no parallelism live: the threads take turns in the one worker, so a run falls behind the model's parallel makespan; ` +
        `max_workers = 1: live ${base.toFixed(0)} ms, model ${results["free-threaded 1"].model.toFixed(0)} ms; here ${runNote(result)}`,
    }));
  }
  for (const workers of [1, 2, 4]) {
    const result = results[`gil ${workers}`];
    rows.push(row({
      figure: "GIL mode",
      what: `8 × 0.1 s CPU, GIL, max_workers = ${workers}: live makespan ÷ model's − 1`,
      unit: "%",
      samples: result.runs.map((r) => (r.live / result.model - 1) * 100),
      target: { text: "within ±10 %", met: (v) => Math.abs(v) <= 10 },
      note: runNote(result),
    }));
  }
  return rows;
}

/**
 * The processes lesson's pool, live: each Python process on a Web Worker of its own.
 * Four 0.3 s CPU jobs on 1, 2 and 4 worker processes; speedup over one worker, divided
 * by what the cores allow. Also how long a worker process takes to start, live and
 * in the model (the first child lane's first span).
 */
export async function measureProcesses(ctx) {
  const cores = await (async () => {
    const { page, context } = await openPage(ctx.browser);
    const found = await page.evaluate(() => navigator.hardwareConcurrency);
    await context.close();
    return found;
  })();
  // 1.2 s of CPU in all: one process may compute about 1.4 s before its operation budget stops it.
  const durations = "0.3,0.3,0.3,0.3";
  const results = {};
  for (const workers of [1, 2, 4]) {
    results[workers] = await lessonRuns(ctx, `processes 4 × 0.3 s CPU max_workers=${workers}`,
      "processes", `durations=${durations}&executor=processes&max_workers=${workers}`);
  }
  const rows = [];
  // The same programs in CPython on this machine, for what the cores allow here.
  const cpython = {};
  for (const workers of [1, 2, 4]) {
    cpython[workers] = [];
    for (let i = 0; i < ctx.repeats; i++) {
      const dir = await mkdtemp(join(tmpdir(), "interleave-bench-"));
      const file = join(dir, "main.py");
      await writeFile(file, results[workers].program);
      const started = performance.now();
      await run("python3", [file], { timeout: 60_000 });
      cpython[workers].push(performance.now() - started);
      await rm(dir, { recursive: true, force: true });
    }
  }
  const cpythonBase = median(cpython[1]);
  const base = median(results[1].runs.map((r) => r.live));
  for (const workers of [2, 4]) {
    const result = results[workers];
    const ideal = Math.min(workers, cores);
    rows.push(row({
      figure: "process speedup",
      what: `CPython here, for comparison: 4 × 0.3 s CPU on ${workers} processes, speedup over 1 process ÷ min(${workers}, ${cores} cores) (whole python3 runs)`,
      unit: "ratio",
      samples: cpython[workers].map((ms) => cpythonBase / ms / ideal),
      digits: 2,
      note: `python3 wall time: 1 process ${cpythonBase.toFixed(0)} ms, ${workers} processes ${median(cpython[workers]).toFixed(0)} ms (medians)`,
    }));
    rows.push(row({
      figure: "process speedup",
      what: `4 × 0.3 s CPU on ${workers} processes: live speedup over 1 process ÷ min(${workers}, ${cores} cores)`,
      unit: "ratio",
      samples: result.runs.map((r) => base / r.live / ideal),
      digits: 2,
      target: { text: "≥ 0.9", met: (v) => v >= 0.9 },
      note: `1 process: live ${base.toFixed(0)} ms, model ${results[1].model.toFixed(0)} ms; here ${runNote(result)}`,
    }));
  }
  for (const workers of [1, 2, 4]) {
    const result = results[workers];
    rows.push(row({
      figure: "processes",
      what: `4 × 0.3 s CPU, max_workers = ${workers}: live makespan ÷ model's − 1`,
      unit: "%",
      samples: result.runs.map((r) => (r.live / result.model - 1) * 100),
      target: { text: "within ±10 %", met: (v) => Math.abs(v) <= 10 },
      note: runNote(result),
    }));
  }
  return rows;
}
