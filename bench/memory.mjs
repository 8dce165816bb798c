// Memory and leaks: each lesson's panel run 50 times in one page, clicking Run like a
// learner. The JS heap (CDP Performance.getMetrics after a forced garbage collection)
// after run 1 is compared with the heap after each of runs 46–50. The browser's own
// worker list (page.workers()): after the last run the panel keeps its one worker
// (runner) for the next run; after leaving the lesson inside the app (the lesson list's
// link to /summary, which has no panel: the router unmounts the panel, the page stays)
// there must be none.
import { openPage, waitForApp } from "../tests/e2e/support.mjs";
import { row, median } from "./stats.mjs";
import { openLesson, runLive } from "./panel.mjs";

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
  await openLesson(page, serverUrl, panel.slug, panel.query);
  const heaps = {};
  for (let index = 1; index <= RUNS; index++) {
    await runLive(page);
    if (index === 1 || index > RUNS - 5) heaps[index] = await heapAfterGc(cdp);
  }
  const open = page.workers().length;
  await page.locator('nav.toc a[href="/summary"]').click();
  await page.waitForURL((url) => url.pathname === "/summary");
  await waitForApp(page);
  const left = await workersLeft(page);
  if (problems.length) log(`memory /${panel.slug}: ${problems.slice(0, 3).join(" | ")}`);
  await context.close();
  return { heaps, open, left };
}

export async function measureMemory({ browser, server, log }) {
  const rows = [];
  const open = [];
  const left = [];
  for (const panel of PANELS) {
    const series = await lessonSeries(browser, server.url, panel, log);
    const { heaps } = series;
    open.push(series.open);
    left.push(series.left);
    const last = Object.keys(heaps).map(Number).filter((i) => i > 1).map((i) => heaps[i]);
    rows.push(row({
      figure: "memory and leaks",
      what: `/${panel.slug}: JS heap after runs 46–50 ÷ after run 1 − 1`,
      unit: "%",
      samples: last.map((h) => (h / heaps[1] - 1) * 100),
      target: { text: "within 10 %", met: (v) => v <= 10 },
      note: `page's heap ${(heaps[1] / MB).toFixed(2)} MB after run 1, ${(median(last) / MB).toFixed(2)} MB after run 50 (after a forced GC; the worker's memory is not in it); workers: ${series.open} after run 50, ${series.left} after leaving`,
    }));
  }
  rows.push(row({
    figure: "memory and leaks",
    what: "Web Workers the browser lists after the 50th run, page still on the lesson (6 lessons)",
    unit: "workers",
    samples: open,
    digits: 0,
    target: { text: "1 (the panel's runner)", met: () => open.every((w) => w === 1) },
    note: "one 50-run series per lesson: the 50 runs are the repetition",
  }));
  rows.push(row({
    figure: "memory and leaks",
    what: "Web Workers the browser lists after leaving the lesson for /summary inside the app (6 lessons)",
    unit: "workers",
    samples: left,
    digits: 0,
    target: { text: "0", met: () => left.every((w) => w === 0) },
    note: "the panel unmounted by the router (the lesson list's link), so its cleanup, not a page unload, ends the worker",
  }));
  return rows;
}
