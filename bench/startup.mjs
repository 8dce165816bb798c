// First lesson on screen: navigation start (performance.now() = 0) to the moment the
// lesson's h1, its panel's program listing and an enabled Run button are in the DOM,
// and to the frame after that. At the defaults the program and its prediction come
// from the build (no worker is started), so this is the page's own start-up.
// Each visit is cold: a fresh browser context, so nothing is cached or compiled.
import { openPage } from "../tests/e2e/support.mjs";
import { row, repeat } from "./stats.mjs";

// Installed before the page's own scripts: a MutationObserver notes the first moment
// both elements exist (its callback runs right after the DOM change), then the time of
// the next frame, when they have been laid out and painted.
function watchForLesson() {
  window.__benchShown = {};
  const ready = () => {
    const heading = document.querySelector("main h1");
    const run = [...document.querySelectorAll(".simulation button")].find((b) => /^Run/.test(b.textContent.trim()));
    const program = document.querySelector(".simulation .program-listing li");
    return heading && program && run && !run.disabled;
  };
  const observer = new MutationObserver(() => {
    if (window.__benchShown.dom !== undefined || !ready()) return;
    window.__benchShown.dom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (window.__benchShown.frame = performance.now()), 0));
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

async function coldStart(browser, serverUrl) {
  const { page, context } = await openPage(browser);
  await page.addInitScript(watchForLesson);
  await page.goto(`${serverUrl}/why-async`);
  await page.waitForFunction(() => window.__benchShown?.frame !== undefined, null, { timeout: 30_000 });
  const shown = await page.evaluate(() => window.__benchShown);
  await context.close();
  return shown;
}

export async function measureStartup({ browser, server, repeats }) {
  const visits = await repeat(repeats, () => coldStart(browser, server.url));
  return [
    row({
      figure: "first lesson on screen",
      what: "/why-async, cold: navigation start → h1, program listing and enabled Run button in the DOM",
      unit: "ms",
      samples: visits.map((v) => v.dom),
      target: { text: "< 300 ms median", met: (ms) => ms < 300 },
      note: "fresh browser context per visit (empty cache), loopback",
    }),
    row({
      figure: "first lesson on screen",
      what: "same, to the next frame (painted)",
      unit: "ms",
      samples: visits.map((v) => v.frame),
    }),
  ];
}
