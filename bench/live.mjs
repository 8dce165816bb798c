// The live runtime, timed through the bench hook `bench_live` (src/bench.rs), which
// returns the run's timeline in microseconds. (The panel's status line rounds to 10 ms,
// too coarse for a 5 ms target; the panel itself is timed in timeline.mjs and memory.mjs.)
// Gather fidelity, wait latency, worker start, pool speedup and GIL mode.
import { row, repeat, median } from "./stats.mjs";
import { openHooks, runLive, predict, gather, waitFirstCompleted, threadsCpu, poolCpu, spreadSeconds, MS } from "./scenarios.mjs";

const ms = (micros) => micros / MS;

export async function measureGather({ browser, server, repeats, makespans }) {
  const { page, context } = await openHooks(browser, server.url);
  const rows = [];
  for (const count of [10, 100, 1000]) {
    const seconds = spreadSeconds(count);
    const longest = Math.max(...seconds) * 1e6;
    const reports = await repeat(repeats, () => runLive(page, gather(seconds)));
    makespans[`gather N=${count}`] = reports.map((r) => ms(r.timeline.end));
    const returned = reports.map((r) => r.timeline.marks.find((m) => m.kind === "GatherReturned")?.at ?? NaN);
    rows.push(row({
      figure: "gather fidelity",
      what: `N = ${count} coroutines sleeping 0.05–0.5 s: makespan − longest sleep`,
      unit: "ms",
      samples: reports.map((r) => ms(r.timeline.end - longest)),
      digits: 2,
      target: count === 1000 ? { text: "< 5 ms at N = 1,000", met: (v) => v < 5 } : undefined,
      note: `gather returned ${median(returned.map((at) => ms(at - longest))).toFixed(2)} ms after the longest sleep (median)` +
        (reports.some((r) => r.distorted) ? "; a run was distorted (tab hidden)" : ""),
    }));
  }
  await context.close();
  return rows;
}

export async function measureWait({ browser, server, repeats, makespans }) {
  const { page, context } = await openHooks(browser, server.url);
  const seconds = [0.3, 0.1, 0.2];
  const reports = await repeat(repeats, () => runLive(page, waitFirstCompleted(seconds)));
  makespans["wait FIRST_COMPLETED 0.3, 0.1, 0.2"] = reports.map((r) => ms(r.timeline.end));
  await context.close();
  return [row({
    figure: "wait latency",
    what: "FIRST_COMPLETED (sleeps 0.3, 0.1, 0.2 s): WaitReturned − shortest sleep",
    unit: "ms",
    samples: reports.map((r) => ms((r.timeline.marks.find((m) => m.kind === "WaitReturned")?.at ?? NaN) - 0.1e6)),
    digits: 2,
    target: { text: "< 5 ms", met: (v) => v < 5 },
  })];
}

/** start() → thread A's first Running span, on one clock: the run's zero is resolved − end. */
function startToFirstStep(report) {
  const { lanes, spans, end } = report.timeline;
  const lane = lanes.findIndex((l) => l.kind === "Thread" && l.name === "A");
  const first = Math.min(...spans.filter((s) => s.lane === lane && s.state === "Running").map((s) => s.start));
  const zero = report.resolved_ms - ms(end);
  return zero + ms(first) - report.called_ms;
}

export async function measureWorkerStart({ browser, server, repeats }) {
  const cold = [];
  const warm = [];
  for (let index = 0; index < repeats; index++) {
    // A fresh page: the worker's wasm is neither fetched nor compiled yet.
    const { page, context } = await openHooks(browser, server.url);
    const scenario = threadsCpu([0.01]);
    cold.push(await runLive(page, scenario));
    warm.push(await runLive(page, scenario));
    await context.close();
  }
  const readyTime = (r) => r.start_times_ms.at(-1);
  return [
    row({
      figure: "worker start",
      what: "cold (fresh page): start() → first step running",
      unit: "ms",
      samples: cold.map(startToFirstStep),
      note: `of which new Worker → ready (fetch + compile + instantiate): ${median(cold.map(readyTime)).toFixed(1)} ms median`,
    }),
    row({
      figure: "worker start",
      what: "warm (wasm compiled): start() → first step running",
      unit: "ms",
      samples: warm.map(startToFirstStep),
      target: { text: "< 50 ms warm", met: (v) => v < 50 },
      note: `of which new Worker → ready: ${median(warm.map(readyTime)).toFixed(1)} ms median`,
    }),
  ];
}

/** Pool speedup (free-threaded) and GIL mode (measured against the model). */
export async function measurePool({ browser, server, repeats, makespans }) {
  const { page, context } = await openHooks(browser, server.url);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const seconds = Array(8).fill(0.1);
  const free = { FreeThreaded: { cores } };
  const measured = {};
  for (const workers of [1, 2, 4]) {
    for (const [mode, interpreter] of [["free", free], ["gil", "Gil"]]) {
      await runLive(page, poolCpu(seconds, workers, interpreter)); // starts and warms the workers
      const reports = await repeat(repeats, () => runLive(page, poolCpu(seconds, workers, interpreter)));
      measured[`${mode} ${workers}`] = reports.map((r) => ms(r.timeline.end));
    }
  }
  makespans["pool 8 × 0.1 s CPU, max_workers=2, GIL"] = measured["gil 2"];
  const rows = [];
  const base = median(measured["free 1"]);
  for (const workers of [2, 4]) {
    const ideal = Math.min(workers, cores);
    rows.push(row({
      figure: "pool speedup",
      what: `8 × 0.1 s CPU, free-threaded, max_workers = ${workers}: speedup ÷ min(${workers}, ${cores} cores)`,
      unit: "ratio",
      samples: measured[`free ${workers}`].map((t) => base / t / ideal),
      digits: 2,
      target: { text: "≥ 0.9", met: (v) => v >= 0.9 },
      note: `makespan ${median(measured[`free ${workers}`]).toFixed(0)} ms against ${base.toFixed(0)} ms with max_workers = 1`,
    }));
  }
  for (const workers of [1, 2, 4]) {
    const predicted = ms((await predict(page, poolCpu(seconds, workers, "Gil"))).end);
    rows.push(row({
      figure: "GIL mode",
      what: `8 × 0.1 s CPU, GIL, max_workers = ${workers}: measured ÷ model − 1`,
      unit: "%",
      samples: measured[`gil ${workers}`].map((t) => (t / predicted - 1) * 100),
      target: { text: "within ±10 %", met: (v) => Math.abs(v) <= 10 },
      note: `measured ${median(measured[`gil ${workers}`]).toFixed(0)} ms, model ${predicted.toFixed(0)} ms`,
    }));
  }
  await context.close();
  return rows;
}
