// Fidelity per lesson: each simulation lesson's starting scenario (the panel's defaults,
// src/panel/params.rs) run live, its makespan against the model's prediction.
import { row, repeat, median } from "./stats.mjs";
import { openHooks, runLive, predict, MS } from "./scenarios.mjs";

const steps = (seconds, kind, special = {}) =>
  seconds.map((s, index) => ({
    name: String.fromCharCode(65 + index),
    steps: [{ [special[index] ?? kind]: Math.round(s * 1e6) }],
    fails: false,
  }));

/** Each lesson's panel as it opens, plus the variant its text asks the learner to try. */
const LESSONS = [
  ["why-async (sequential)", { tasks: steps([0.3, 0.3, 0.3], "Io"), program: "Sequential" }],
  ["why-async (gather)", { tasks: steps([0.3, 0.3, 0.3], "Io"), program: { Gather: { return_exceptions: false } } }],
  ["asyncio", { tasks: steps([0.3, 0.2, 0.1], "Io"), program: "Tasks" }],
  ["asyncio (blocking B)", { tasks: steps([0.3, 0.2, 0.1], "Io", { 1: "BlockingIo" }), program: "Tasks" }],
  ["gather", { tasks: steps([0.3, 0.1, 0.2], "Io"), program: { Gather: { return_exceptions: false } } }],
  ["wait", { tasks: steps([0.3, 0.1, 0.2], "Io"), program: { Wait: { return_when: "AllCompleted", timeout: null, cancel_pending: false, pass_coroutines: false } } }],
  ["threads (CPU, GIL)", { tasks: steps([0.2, 0.3], "Cpu"), program: { Threads: { daemon: false, join: "All", interpreter: "Gil" } } }],
  ["thread-pools (I/O, 2 workers)", { tasks: steps([0.2, 0.2, 0.2, 0.2, 0.2], "Io"), program: { Pool: { max_workers: 2, api: "Submit", shutdown: { wait: true, cancel_futures: false }, interpreter: "Gil" } } }],
];

export async function measureFidelity({ browser, server, repeats }) {
  const { page, context } = await openHooks(browser, server.url);
  const rows = [];
  for (const [lesson, scenario] of LESSONS) {
    const predicted = (await predict(page, scenario)).end / MS;
    const reports = await repeat(repeats, () => runLive(page, scenario));
    const measured = reports.map((r) => r.timeline.end / MS);
    rows.push(row({
      figure: "fidelity",
      what: `${lesson}: measured makespan ÷ model's − 1`,
      unit: "%",
      samples: measured.map((m) => (m / predicted - 1) * 100),
      digits: 1,
      note: `measured ${median(measured).toFixed(1)} ms, model ${predicted.toFixed(1)} ms`,
    }));
  }
  await context.close();
  return rows;
}
