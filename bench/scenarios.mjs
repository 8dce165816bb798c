// The scenarios the benchmark runs, as the JSON the Rust `Scenario` type reads
// (core/src/scenario.rs), and how to run them through the page's bench hooks
// (src/bench.rs, exported to `window.wasmBindings` by Trunk).
import { openPage } from "../tests/e2e/support.mjs";

export const MS = 1000; // microseconds per millisecond: timelines count microseconds

/** The panel's task names: A to Z, then T27, T28, ... (src/panel/params.rs). */
export const taskName = (index) => (index < 26 ? String.fromCharCode(65 + index) : `T${index + 1}`);

/**
 * N sleeps spread evenly from 0.05 s to 0.5 s, in a scrambled order (37 is coprime with
 * 10, 100 and 1,000, so `i * 37 mod N` visits every slot once). The longest is 0.5 s.
 */
export function spreadSeconds(count, shortest = 0.05, longest = 0.5) {
  return Array.from({ length: count }, (_, index) => {
    const slot = count === 1 ? 0 : ((index * 37) % count) / (count - 1);
    return Math.round((shortest + (longest - shortest) * slot) * 1000) / 1000;
  });
}

const tasks = (seconds, step) =>
  seconds.map((s, index) => ({ name: taskName(index), steps: [{ [step]: Math.round(s * 1e6) }], fails: false }));

export const gather = (seconds) => ({ tasks: tasks(seconds, "Io"), program: { Gather: { return_exceptions: false } } });

export const waitFirstCompleted = (seconds) => ({
  tasks: tasks(seconds, "Io"),
  program: { Wait: { return_when: "FirstCompleted", timeout: null, cancel_pending: true, pass_coroutines: false } },
});

export const threadsCpu = (seconds, interpreter = "Gil") => ({
  tasks: tasks(seconds, "Cpu"),
  program: { Threads: { daemon: false, join: "All", interpreter } },
});

export const poolCpu = (seconds, maxWorkers, interpreter = "Gil") => ({
  tasks: tasks(seconds, "Cpu"),
  program: { Pool: { max_workers: maxWorkers, api: "Submit", shutdown: { wait: true, cancel_futures: false }, interpreter } },
});

/** Opens a page on the site and waits for the bench hooks. */
export async function openHooks(browser, serverUrl, path = "/summary") {
  const opened = await openPage(browser);
  await opened.page.goto(`${serverUrl}${path}`);
  await opened.page.waitForFunction(() => typeof window.wasmBindings?.bench_live === "function", null, { timeout: 30_000 });
  return opened;
}

/** Runs a scenario live in the page; returns the hook's report (timeline in µs). */
export async function runLive(page, scenario) {
  const text = await page.evaluate((json) => window.wasmBindings.bench_live(json), JSON.stringify(scenario));
  return JSON.parse(text);
}

/** The model's timeline for a scenario, with this browser's core count. */
export async function predict(page, scenario) {
  return JSON.parse(await page.evaluate((json) => window.wasmBindings.bench_predict(json), JSON.stringify(scenario)));
}

/** The CPython program the scenario stands for (what the panel shows). */
export async function pythonProgram(page, scenario) {
  return page.evaluate((json) => window.wasmBindings.bench_python(json), JSON.stringify(scenario));
}
