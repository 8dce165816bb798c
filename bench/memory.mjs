// Memory and leaks: each lesson's panel run 50 times in one page, clicking Run like a
// learner. The JS heap (CDP Performance.getMetrics after a forced garbage collection)
// after run 1 is compared with the heap after each of runs 46–50; the browser's own
// worker list (page.workers()) must be empty after the last run.
import { openPage } from "../tests/e2e/support.mjs";
import { row, median } from "./stats.mjs";

// The lessons' panels, with the links the end-to-end tests use (tests/e2e/panel.test.mjs).
export const PANELS = [
  { slug: "why-async", query: "durations=0.3,0.3,0.3&mode=gather" },
  { slug: "asyncio", query: "durations=0.3,0.2,0.15&blocking=B" },
  { slug: "gather", query: "durations=0.3,0.1,0.2&fail=C&return_exceptions=false" },
  { slug: "wait", query: "durations=0.3,0.1,0.2&return_when=FIRST_COMPLETED&timeout=&fail=none&cancel_pending=true" },
  { slug: "threads", query: "durations=0.2,0.3&work=cpu&interpreter=gil&daemon=false&join=join&timeout=0.1" },
  { slug: "thread-pools", query: "durations=0.2,0.3,0.15,0.1&max_workers=2&api=submit&work=io&interpreter=gil&cancel_futures=false" },
];
const RUNS = 50;
const MB = 1024 * 1024;

/** Counts the status line's changes to "Run finished", so each click can wait for its own. */
function countFinishedRuns() {
  window.__finishedRuns = 0;
  const status = document.querySelector(".simulation .status");
  let last = status.textContent;
  new MutationObserver(() => {
    const now = status.textContent;
    if (/Run finished/.test(now) && now !== last) window.__finishedRuns += 1;
    last = now;
  }).observe(status, { childList: true, subtree: true, characterData: true });
}

async function heapAfterGc(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "JSHeapUsedSize").value;
}

async function workersLeft(page) {
  for (let attempt = 0; attempt < 100 && page.workers().length > 0; attempt++) await page.waitForTimeout(20);
  return page.workers().length;
}

async function lessonSeries(browser, serverUrl, panel, log) {
  const { page, context, problems } = await openPage(browser);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(`${serverUrl}/${panel.slug}?${panel.query}`);
  await page.waitForSelector(".simulation svg.timeline-chart", { timeout: 30_000 });
  await page.evaluate(countFinishedRuns);
  const run = page.locator(".simulation .controls button", { hasText: /^Run/ });
  const heaps = {};
  for (let index = 1; index <= RUNS; index++) {
    await run.click();
    await page.waitForFunction((n) => window.__finishedRuns >= n, index, { timeout: 60_000, polling: 20 });
    if (index === 1 || index > RUNS - 5) heaps[index] = await heapAfterGc(cdp);
  }
  const workers = await workersLeft(page);
  if (problems.length) log(`memory /${panel.slug}: ${problems.slice(0, 3).join(" | ")}`);
  await context.close();
  return { heaps, workers };
}

export async function measureMemory({ browser, server, log }) {
  const rows = [];
  const workers = [];
  for (const panel of PANELS) {
    const { heaps, workers: left } = await lessonSeries(browser, server.url, panel, log);
    workers.push(left);
    const last = Object.keys(heaps).map(Number).filter((i) => i > 1).map((i) => heaps[i]);
    rows.push(row({
      figure: "memory and leaks",
      what: `/${panel.slug}: JS heap after runs 46–50 ÷ after run 1 − 1`,
      unit: "%",
      samples: last.map((h) => (h / heaps[1] - 1) * 100),
      target: { text: "within 10 %", met: (v) => v <= 10 },
      note: `heap ${(heaps[1] / MB).toFixed(2)} MB after run 1, ${(median(last) / MB).toFixed(2)} MB after run 50 (after a forced GC); workers left: ${left}`,
    }));
  }
  rows.push(row({
    figure: "memory and leaks",
    what: "Web Workers the browser lists after 50 runs, per lesson (6 lessons)",
    unit: "workers",
    samples: workers,
    digits: 0,
    target: { text: "0", met: () => workers.every((w) => w === 0) },
    note: "one 50-run series per lesson: the 50 runs are the repetition",
  }));
  return rows;
}
