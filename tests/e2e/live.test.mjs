// The live runtime in the release build: threads and pools really run in Web Workers
// (checked through the browser's own worker list, not the runtime's word), none outlives
// its run, stopping a run ends its workers at once, the printed lines match the model's,
// and nothing reaches the console. The runs are started through the runtime's test hook
// (`window.wasmBindings.interleave_live_selftest`, exported by src/live/selftest.rs).
//
// Set DIST to test another build directory than dist/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launchBrowser, openPage, DIST } from "./support.mjs";

const MS = 1000;
const task = (name, steps, fails = false) => ({ name, steps, fails });
const threads = (tasks, { daemon = false, join = "All", interpreter = "Gil" } = {}) => ({
  tasks,
  program: { Threads: { daemon, join, interpreter } },
});
const pool = (tasks, { max_workers = 2, api = "Submit", wait = true, cancel_futures = false, interpreter = "Gil" } = {}) => ({
  tasks,
  program: { Pool: { max_workers, api, shutdown: { wait, cancel_futures }, interpreter } },
});

let server;
let browser;
before(async () => {
  server = await serveDist({ dir: process.env.DIST ?? DIST });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openRuntime(path = "/") {
  const opened = await openPage(browser);
  await opened.page.goto(`${server.url}${path}`);
  await opened.page.waitForFunction(() => typeof window.wasmBindings?.interleave_live_selftest === "function", null, {
    timeout: 20_000,
  });
  return opened;
}

/** Runs a scenario to its end in the page and returns the hook's report. */
async function runLive(page, scenario) {
  const text = await page.evaluate((json) => window.wasmBindings.interleave_live_selftest(json), JSON.stringify(scenario));
  return JSON.parse(text);
}

/** Waits until the browser itself lists no worker for the page. */
async function noWorkersLeft(page) {
  for (let attempt = 0; attempt < 100 && page.workers().length > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return page.workers().length;
}

function assertPrintsLikeTheModel(report) {
  const live = report.timeline.output.map((line) => line.text);
  const model = report.model_output;
  assert.equal(live.length, model.length, `live ${JSON.stringify(live)}\nmodel ${JSON.stringify(model)}`);
  for (const [index, predicted] of model.entries()) {
    if (predicted.startsWith("elapsed: ")) {
      const p = parseFloat(predicted.slice(9));
      const m = parseFloat(live[index].slice(9));
      // A real run cannot beat the model by much (a sleep or a computation lasts at
      // least its duration) but a busy machine can slow it down a lot: generous above.
      assert.ok(m >= p * 0.8 - 0.02 && m <= p * 3 + 0.2, `elapsed ${m} s against ${p} s predicted`);
    } else {
      assert.equal(live[index], predicted);
    }
  }
}

test("threads run in Web Workers the browser can see, and none outlives the run", async () => {
  const { page, context, problems } = await openRuntime();
  const seen = new Set();
  page.on("worker", (worker) => seen.add(worker));
  // B ends long before A and C, and C (60 ms of CPU taking turns with A) long before A.
  const scenario = threads([task("A", [{ Cpu: 150 * MS }]), task("B", [{ Io: 30 * MS }]), task("C", [{ Cpu: 60 * MS }])]);
  const report = await runLive(page, scenario);
  assert.equal(report.finished, true);
  assert.equal(seen.size, 3, "one worker per thread");
  assert.equal(report.workers_after, 0, "the runtime counts no worker after the run");
  assert.equal(await noWorkersLeft(page), 0, "the browser lists no worker after the run");
  assertPrintsLikeTheModel(report);
  // Under the GIL the two CPU-bound threads take turns: 210 ms of CPU in total.
  assert.ok(report.timeline.end >= 200 * MS, `ended at ${report.timeline.end} µs`);
  const fidelity = report.timeline.end / report.model_end;
  console.log(`GIL threads: measured ${(report.timeline.end / MS).toFixed(1)} ms, predicted ${(report.model_end / MS).toFixed(1)} ms (x${fidelity.toFixed(2)})`);
  // Only a floor: the threads did take turns. How close the measurement comes to the
  // prediction depends on how busy the machine is, which is the benchmark's business.
  assert.ok(fidelity > 0.8, `measured ${report.timeline.end} µs against ${report.model_end} µs predicted`);
  const starts = report.start_times_ms.map((ms) => ms.toFixed(1));
  test.diagnostic?.(`worker start (ms, first is cold): ${starts.join(", ")}`);
  console.log(`worker start times (ms; the first includes compiling the worker's wasm): ${starts.join(", ")}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a warm worker starts within 50 ms: the worker's wasm is compiled once per page", async () => {
  const { page, context, problems } = await openRuntime();
  let wasmFetches = 0;
  page.on("request", (request) => {
    if (request.url().endsWith("/worker_bg.wasm")) wasmFetches += 1;
  });
  const one = threads([task("A", [{ Io: 10 * MS }])]);
  const starts = [];
  for (let run = 0; run < 4; run++) {
    const report = await runLive(page, one);
    starts.push(report.start_times_ms.at(-1));
  }
  const four = await runLive(page, threads(["A", "B", "C", "D"].map((name) => task(name, [{ Io: 10 * MS }]))));
  const together = four.start_times_ms.slice(-4);
  const [cold, ...warm] = starts;
  console.log(
    `worker start: cold ${cold.toFixed(1)} ms (fetch + compile + start); warm ${warm.map((t) => t.toFixed(1)).join(", ")} ms; ` +
      `four at once ${together.map((t) => t.toFixed(1)).join(", ")} ms`,
  );
  assert.ok(Math.min(...warm) < 50, `a warm worker took at least ${Math.min(...warm)} ms to start`);
  // Four workers starting at once on a busy 2-core machine: a generous bound.
  for (const ms of together) assert.ok(ms < 500, `a worker took ${ms} ms to start`);
  assert.ok(wasmFetches <= 1, `the worker's wasm was fetched ${wasmFetches} times`);
  assert.equal(await noWorkersLeft(page), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a thread pool reuses its workers and prints like the model", async () => {
  const { page, context, problems } = await openRuntime();
  const seen = new Set();
  page.on("worker", (worker) => seen.add(worker));
  // Worker 1 runs A (0-100 ms) then C (100-300), worker 2 runs B (0-200) then D (200-240):
  // every line is tens of milliseconds from the next, so their order is not a race.
  const report = await runLive(page, pool([task("A", [{ Io: 100 * MS }]), task("B", [{ Io: 200 * MS }]), task("C", [{ Io: 200 * MS }]), task("D", [{ Io: 40 * MS }])]));
  assert.equal(seen.size, 2, "max_workers=2 means two workers for four calls");
  assert.equal(report.workers_after, 0);
  assert.equal(await noWorkersLeft(page), 0);
  assertPrintsLikeTheModel(report);
  const queued = report.timeline.spans.filter((span) => span.state === "Queued");
  assert.ok(queued.length >= 2, "C and D waited in the queue");
  assert.deepEqual(problems, []);
  await context.close();
});

test("stopping a run terminates every worker at once (from a deep link)", async () => {
  // A deep link must not change where the worker's files are looked for.
  const { page, context, problems } = await openRuntime("/no/such/lesson");
  const scenario = threads([task("A", [{ Cpu: 3000 * MS }]), task("B", [{ Cpu: 3000 * MS }])], { interpreter: { FreeThreaded: { cores: 2 } } });
  const text = await page.evaluate((json) => window.wasmBindings.interleave_live_selftest_stop(json, 400), JSON.stringify(scenario));
  const report = JSON.parse(text);
  assert.equal(report.workers_during, 2);
  assert.equal(report.workers_after, 0);
  assert.equal(report.finished, false);
  assert.equal(await noWorkersLeft(page), 0, "the browser lists no worker after stop");
  assert.deepEqual(problems, []);
  await context.close();
});

test("daemon threads are stopped at interpreter exit and their workers end", async () => {
  const { page, context, problems } = await openRuntime();
  const scenario = threads([task("A", [{ Io: 5000 * MS }]), task("B", [{ Io: 20 * MS }])], { daemon: true, join: "None" });
  const report = await runLive(page, scenario);
  assert.ok(report.timeline.end < 1000 * MS, `exit waited for a daemon thread: ${report.timeline.end} µs`);
  assert.ok(report.timeline.marks.some((mark) => mark.kind === "Killed"), "a killed mark");
  assert.equal(await noWorkersLeft(page), 0);
  assertPrintsLikeTheModel(report);
  assert.deepEqual(problems, []);
  await context.close();
});
