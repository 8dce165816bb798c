// The timeline view under load, driven through the gather panel like a learner:
// - live: a 1,000-coroutine gather (sleeps 0.1–2 s) run by clicking Run; frame time =
//   requestAnimationFrame deltas from the click to "Ran live…", p95 per run. The run
//   happens in the worker, which sends it back at its end: the page stays idle until
//   then, and the slowest frame is the one that draws the measured 1,000 lanes;
// - finished: a generated 10,000-span Chrome trace imported through "Import a CPython
//   trace…", timed from the file input's change event to the imported chart's rects in
//   the DOM, and to the frame after (laid out and painted).
import { openPage } from "../tests/e2e/support.mjs";
import { row, repeat, percentile, median } from "./stats.mjs";
import { openLesson, runLive, spreadSeconds } from "./panel.mjs";

async function liveRun(page) {
  await page.evaluate(() => {
    window.__frames = [];
    window.__framesOn = true;
    const tick = (time) => {
      window.__frames.push(time);
      if (window.__framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const run = await runLive(page);
  const frames = await page.evaluate(() => {
    window.__framesOn = false;
    return window.__frames;
  });
  const deltas = frames.slice(1).map((time, index) => time - frames[index]);
  const spans = await page.locator(".chart-box").first().locator("rect.span").count();
  return { p95: percentile(deltas, 95), max: Math.max(...deltas), frames: deltas.length, spans, live: run.live };
}

/** A Chrome trace of `lanes` threads, each alternating running / waiting on I/O. */
function bigTrace(lanes = 100, perLane = 100) {
  const events = [];
  for (let tid = 1; tid <= lanes; tid++) {
    events.push({ name: "thread_name", ph: "M", pid: 1, tid, args: { name: `T${tid}` } });
    for (let index = 0; index < perLane; index++) {
      const state = index % 2 ? "waiting on I/O" : "running";
      events.push({ name: `T${tid}`, cat: "span", ph: "X", ts: index * 10_000 + tid * 37, dur: 9_000 + (index % 7) * 100, pid: 1, tid, args: { state } });
    }
  }
  return JSON.stringify({ traceEvents: events });
}

async function importRun(page, serverUrl, trace) {
  await page.goto(`${serverUrl}/gather`);
  await page.waitForSelector(".simulation svg.timeline-chart, .simulation canvas.timeline-canvas");
  await page.evaluate(() => {
    window.__import = {};
    document.addEventListener("change", () => (window.__import.start ??= performance.now()), true);
    const observer = new MutationObserver(() => {
      // Up to 500 spans the chart is SVG; beyond, a canvas painted right after it mounts.
      if (window.__import.dom !== undefined || !document.querySelector("section.imported rect.span, section.imported canvas.timeline-canvas")) return;
      window.__import.dom = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => {
        window.__import.frame = performance.now();
        window.__import.rects = document.querySelectorAll("section.imported rect.span").length;
        window.__import.canvas = document.querySelector("section.imported canvas.timeline-canvas") !== null;
      }, 0));
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  await page.locator("input.file-input").setInputFiles({ name: "big.trace.json", mimeType: "application/json", buffer: Buffer.from(trace) });
  await page.waitForFunction(() => window.__import.frame !== undefined, null, { timeout: 60_000 });
  return page.evaluate(() => ({ dom: window.__import.dom - window.__import.start, frame: window.__import.frame - window.__import.start, rects: window.__import.rects, canvas: window.__import.canvas }));
}

export async function measureTimeline({ browser, server, repeats }) {
  const rows = [];
  const { page, context, problems } = await openPage(browser);
  const durations = spreadSeconds(1000, 0.1, 2.0).join(",");
  await openLesson(page, server.url, "gather", `durations=${durations}`);
  await page.waitForSelector(".simulation svg.timeline-chart, .simulation canvas.timeline-canvas", { timeout: 30_000 });
  const live = await repeat(repeats, () => liveRun(page));
  rows.push(row({
    figure: "timeline",
    what: "1,000 coroutines live in the gather panel: frame time p95",
    unit: "ms",
    samples: live.map((l) => l.p95),
    target: { text: "< 20 ms", met: (v) => v < 20 },
    note: `per run: p95 of ~${median(live.map((l) => l.frames))} rAF deltas over a ${(median(live.map((l) => l.live)) / 1000).toFixed(2)} s run; worst frame ${median(live.map((l) => l.max)).toFixed(0)} ms (median of runs); ${live[0].spans ? `${live[0].spans} rects drawn at the end` : "drawn on a canvas (over 500 spans)"}`,
  }));

  const trace = bigTrace();
  const imports = await repeat(repeats, () => importRun(page, server.url, trace));
  rows.push(row({
    figure: "timeline",
    what: "10,000 finished spans (imported trace): change event → rects in the DOM",
    unit: "ms",
    samples: imports.map((i) => i.dom),
    target: { text: "< 100 ms", met: (v) => v < 100 },
    note: `includes reading and parsing the ${(trace.length / 1024).toFixed(0)} KB trace; ${imports[0].canvas ? "painted on a canvas (over 500 spans), so 'in the DOM' is the canvas element and the next row includes the painting" : `${imports[0].rects} rects drawn`}`,
  }));
  rows.push(row({
    figure: "timeline",
    what: "same, to the next frame (laid out and painted)",
    unit: "ms",
    samples: imports.map((i) => i.frame),
  }));
  if (problems.length) rows.at(-1).note += `; page reported: ${problems.slice(0, 2).join(" | ")}`;
  await context.close();
  return rows;
}
