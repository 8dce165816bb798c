// Driving a lesson's panel like a learner (src/panel/mod.rs): open it from a deep link,
// wait for the program it shows, click Run, and read what the page reports. The page
// has no hooks for the benchmark; everything here is in its DOM:
// - `section.simulation[data-model-end-us]`: the model's makespan for the program shown;
// - `data-live-end-us`: the live run's makespan (both µs, the timelines' ends);
// - the status line, "Ran live in 0.301 s: timers woke 0.3 ms late in all. …", for the
//   run's wall time in the worker, its timer lateness and how far computation fell
//   behind CPython's pace (also `data-live-ms`, `data-live-late-ms`,
//   `data-live-behind-ms` where the build sets them; they are read first).
import { openPage, waitForApp } from "../tests/e2e/support.mjs";
import { repeat } from "./stats.mjs";

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

// Installed in the page: counts the status line's changes to "Ran live…" (so each click
// waits for its own run, even when two runs print the same text) and notes when the
// last one came and when Run was last clicked, on the page's clock.
function watchRuns() {
  const status = document.querySelector(".simulation .status");
  const seen = (window.__benchRuns = { count: 0, clickedAt: NaN, doneAt: NaN });
  let last = status.textContent;
  new MutationObserver(() => {
    const now = status.textContent;
    if (/^Ran live/.test(now) && now !== last) {
      seen.count += 1;
      seen.doneAt = performance.now();
    }
    last = now;
  }).observe(status, { childList: true, subtree: true, characterData: true });
  document.addEventListener("click", (event) => {
    if (event.target.closest?.(".simulation .controls button.primary")) seen.clickedAt = performance.now();
  }, true);
}

/** Waits until the code region shows a program that is not being re-predicted. */
export async function waitForPrediction(page) {
  await page.waitForFunction(
    () => document.querySelectorAll(".program-listing li").length > 0
      && document.querySelector("section.simulation")?.hasAttribute("data-model-end-us")
      && !/updating/.test(document.querySelector(".sim-code h3")?.textContent ?? ""),
    null,
    { timeout: 60_000 },
  );
}

/** Opens `/slug?query` in `page` and waits for its program and prediction. */
export async function openLesson(page, serverUrl, slug, query = "") {
  await page.goto(`${serverUrl}/${slug}${query ? `?${query}` : ""}`);
  await waitForApp(page);
  await waitForPrediction(page);
  await page.evaluate(watchRuns);
}

/** The program the panel shows, exactly (one `code` element per line). */
export async function programText(page) {
  return page.evaluate(
    () => [...document.querySelectorAll(".program-listing li code")].map((c) => c.textContent).join("\n") + "\n",
  );
}

/** What the Output region shows on standard output (the traceback's `.stderr` left out). */
export async function shownStdout(page) {
  return page.evaluate(() => {
    const output = document.querySelector(".sim-output pre.output").cloneNode(true);
    output.querySelectorAll(".stderr").forEach((e) => e.remove());
    return output.textContent;
  });
}

/** The model's makespan for the program shown, in ms. */
export async function modelMs(page) {
  return Number(await page.locator("section.simulation").getAttribute("data-model-end-us")) / 1000;
}

/**
 * Clicks Run, waits for "Ran live…", and returns the run as the page reports it, in ms:
 * `live` (makespan), `model`, `wall` (the run in the worker), `late`, `behind`,
 * `clickToDone` (the click to the status line saying so) and `hidden`.
 */
export async function runLive(page) {
  const before = await page.evaluate(() => window.__benchRuns.count);
  await page.getByRole("button", { name: /^Run/ }).click();
  await page.waitForFunction(
    (n) => window.__benchRuns.count > n && document.querySelector("section.simulation").hasAttribute("data-live-end-us"),
    before,
    { timeout: 90_000, polling: 20 },
  );
  const seen = await page.evaluate(() => {
    const panel = document.querySelector("section.simulation");
    return {
      ...window.__benchRuns,
      attributes: Object.fromEntries([...panel.attributes].map((a) => [a.name, a.value])),
      status: document.querySelector(".simulation .status").textContent,
    };
  });
  const { attributes: a, status } = seen;
  const number = (attribute, pattern, scale = 1) => {
    if (a[attribute] !== undefined) return Number(a[attribute]);
    const found = status.match(pattern);
    return found ? Number(found[1]) * scale : NaN;
  };
  return {
    live: Number(a["data-live-end-us"]) / 1000,
    model: Number(a["data-model-end-us"]) / 1000,
    // The status line prints the wall time to the millisecond, lateness to 0.1 ms, and
    // "behind" in whole ms only from 1 ms (below that: "kept CPython's pace").
    wall: number("data-live-ms", /^Ran live in ([\d.]+) s/, 1000),
    late: number("data-live-late-ms", /timers woke ([\d.]+) ms late/),
    behind: /kept CPython's pace/.test(status) && a["data-live-behind-ms"] === undefined
      ? 0
      : number("data-live-behind-ms", /computed (\d+) ms slower/),
    clickToDone: seen.doneAt - seen.clickedAt,
    hidden: /tab was hidden/.test(status),
    status,
  };
}

/**
 * The panel at `/slug?query` run live `times` times in one fresh page, clicking Run
 * again after each run; the result is kept in `ctx.lessons[label]` so later groups
 * (CPython beside the browser) reuse the same runs of the same program.
 */
export async function lessonRuns(ctx, label, slug, query = "", times = ctx.repeats) {
  if (ctx.lessons[label]) return ctx.lessons[label];
  const { page, context, problems } = await openPage(ctx.browser);
  try {
    await openLesson(page, ctx.server.url, slug, query);
    const program = await programText(page);
    const model = await modelMs(page);
    const runs = await repeat(times, () => runLive(page));
    const stdout = await shownStdout(page);
    if (problems.length) ctx.log(`/${slug}?${query}: ${problems.slice(0, 3).join(" | ")}`);
    return (ctx.lessons[label] = { slug, query, program, model, runs, stdout });
  } finally {
    await context.close();
  }
}
