// Every lesson opens from a direct link, shows its heading and the topics it owes the
// notes, links to its neighbours, and logs nothing to the console. A screenshot of each,
// wide and at phone width, lands in target/screenshots/ for people to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launchBrowser, openPage, waitForApp, screenshot } from "./support.mjs";

// What each lesson must teach, by the words it cannot teach it without.
const LESSONS = [
  { slug: "why-async", title: "Why asynchronous?", topics: ["I/O", "concurren", "parallel"] },
  { slug: "asyncio", title: "asyncio and the event loop", topics: ["async def", "await", "event loop", "asyncio.create_task", "time.sleep"] },
  { slug: "gather", title: "asyncio.gather", topics: ["asyncio.gather", "return_exceptions", "order"] },
  { slug: "wait", title: "asyncio.wait", topics: ["FIRST_COMPLETED", "ALL_COMPLETED", "FIRST_EXCEPTION", "timeout", "pending"] },
  { slug: "threads", title: "Threads", topics: ["threading.Thread", "start()", "join()", "is_alive()", "daemon", "os.getpid()", "GIL"] },
  { slug: "thread-workflow", title: "The thread workflow", topics: ["start()", "join()"] },
  { slug: "thread-pools", title: "Thread pools", topics: ["ThreadPoolExecutor", "max_workers", "submit()", "map()", "shutdown("] },
  { slug: "shared-state", title: "Shared state and races", topics: ["race", "counter += 1", "threading.Lock", "with lock:", "deadlock", "queue.Queue", "task_done"] },
  { slug: "cancellation", title: "Cancellation and timeouts", topics: ["task.cancel()", "asyncio.CancelledError", "task.cancelled()", "asyncio.wait_for", "asyncio.timeout", "asyncio.TaskGroup", "except*", "asyncio.shield"] },
  { slug: "producers-consumers", title: "Producers and consumers", topics: ["asyncio.Queue", "queue.Queue", "maxsize", "task_done()", "join()", "put_nowait", "asyncio.QueueFull", "backpressure"] },
  { slug: "asyncio-threads", title: "Mixing asyncio and threads", topics: ["asyncio.to_thread", "loop.run_in_executor", "asyncio.get_running_loop()", "min(32, os.cpu_count() + 4)", "asyncio.run_coroutine_threadsafe", "loop.call_soon_threadsafe"] },
  { slug: "processes", title: "Processes", topics: ["multiprocessing.Process", "ProcessPoolExecutor", "os.getpid()", "os.getppid()", "pickle", "PicklingError", 'if __name__ == "__main__":', "spawn", "fork", "__mp_main__"] },
  { slug: "summary", title: "Summary", topics: ["asyncio", "thread", "process"] },
];

/** Matches a lesson's URL, with or without the query a simulation panel adds. */
const lessonUrl = (lesson) => (url) => url.pathname === `/${lesson.slug}`;

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [index, lesson] of LESSONS.entries()) {
  test(`/${lesson.slug} opens directly with one h1, its topics, and no console errors`, async () => {
    for (const [label, width] of [["wide", 1280], ["phone", 390]]) {
      const { page, context, problems } = await openPage(browser, { width, height: 900 });
      await page.goto(`${server.url}/${lesson.slug}`);
      await waitForApp(page);
      assert.equal(await page.locator("h1").count(), 1, "exactly one <h1>");
      assert.equal((await page.locator("h1").textContent()).trim(), lesson.title);
      assert.equal(await page.title(), `${lesson.title} · Interleave`);
      const text = await page.locator("main").innerText();
      for (const topic of lesson.topics) {
        assert.ok(text.includes(topic), `/${lesson.slug} mentions ${topic}`);
      }
      // The table of contents marks this lesson as the current page.
      const current = page.locator('nav.toc a[aria-current="page"] .toc-title');
      assert.equal(await current.count(), 1);
      assert.equal((await current.textContent()).trim(), lesson.title);
      // Nothing is wider than a phone screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at ${width}px`);
      await screenshot(page, `${String(index + 1).padStart(2, "0")}-${lesson.slug}-${label}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
}

test("next and previous links walk the whole course in order", async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/${LESSONS[0].slug}`);
  await waitForApp(page);
  for (const lesson of LESSONS.slice(1)) {
    await page.locator('a[rel="next"]').click();
    // A lesson with a simulation adds its parameters to the URL's query.
    await page.waitForURL(lessonUrl(lesson));
    assert.equal((await page.locator("h1").textContent()).trim(), lesson.title);
  }
  assert.equal(await page.locator('a[rel="next"]').count(), 0, "the last lesson has no next link");
  for (const lesson of LESSONS.slice(0, -1).reverse()) {
    await page.locator('a[rel="prev"]').click();
    await page.waitForURL(lessonUrl(lesson));
    assert.equal((await page.locator("h1").textContent()).trim(), lesson.title);
  }
  assert.equal(await page.locator('a[rel="prev"]').count(), 0, "the first lesson has no previous link");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the table of contents navigates without reloading the page", async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/`);
  await waitForApp(page);
  await page.waitForURL(lessonUrl(LESSONS[0]));
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator("nav.toc a", { hasText: "Thread pools" }).click();
  await page.waitForURL(lessonUrl(LESSONS[6]));
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "client-side navigation");
  assert.deepEqual(problems, []);
  await context.close();
});

test("an unknown route shows a not-found page with the navigation still there", async () => {
  for (const path of ["/no-such-lesson", "/gather/extra/segments"]) {
    const { page, context, problems } = await openPage(browser);
    await page.goto(`${server.url}${path}`);
    await waitForApp(page);
    assert.equal((await page.locator("h1").textContent()).trim(), "Page not found");
    assert.equal(await page.locator("nav.toc ol a").count(), LESSONS.length);
    assert.equal(await page.locator("nav.toc a[href='/playground']").count(), 1, "and the Playground");
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("the thread workflow diagram is an accessible inline SVG", async () => {
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/thread-workflow`);
  await waitForApp(page);
  const svg = page.locator("figure.diagram svg[role=img]");
  assert.equal(await svg.count(), 1);
  const labelledBy = await svg.getAttribute("aria-labelledby");
  assert.ok(labelledBy, "the diagram names its title");
  const box = await svg.boundingBox();
  assert.ok(box.width > 200 && box.height > 100, "the diagram is drawn at a readable size");
  await context.close();
});

test("after one visit every lesson opens offline, and its knobs still predict", async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/why-async`);
  await waitForApp(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  for (const lesson of [LESSONS[2], LESSONS[6]]) {
    await page.goto(`${server.url}/${lesson.slug}`);
    await waitForApp(page);
    assert.equal((await page.locator("h1").textContent()).trim(), lesson.title);
    // Its text too, not only the title that stands in while the text loads.
    assert.equal(await page.locator(".load-error").count(), 0);
    assert.ok((await page.locator(".prose p").count()) > 3, `${lesson.slug} shows its prose`);
  }
  // The lessons' worker was stored on the first visit: a change predicts offline too.
  await page.getByLabel("durations").fill("0.25, 0.1");
  await page.waitForFunction(
    () => /0\.25\), \("B", 0\.1\)/.test(document.querySelector(".program-listing")?.textContent ?? "")
      && /B finished/.test(document.querySelector(".sim-output pre.output")?.textContent ?? ""),
    null,
    { timeout: 20_000 },
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test("a lesson whose text cannot be fetched says so where the text would be", async () => {
  const { page, context } = await openPage(browser);
  await page.route("**/lessons/gather.bin", (route) => route.abort("internetdisconnected"));
  await page.goto(`${server.url}/gather`);
  await waitForApp(page);
  assert.equal((await page.locator("h1").textContent()).trim(), LESSONS[2].title);
  const alert = page.locator("article .load-error[role=alert]");
  assert.match(await alert.textContent(), /could not be loaded.*reload the page/);
  // The rest of the page still works: the next lesson opens.
  await page.unrouteAll();
  await page.locator("a[rel=next]").click();
  await waitForApp(page);
  assert.equal((await page.locator("h1").textContent()).trim(), LESSONS[3].title);
  assert.equal(await page.locator(".load-error").count(), 0);
  await context.close();
});

test("on a phone the lesson list folds behind a button that names the current lesson", async () => {
  const { page, context, problems } = await openPage(browser, { width: 360, height: 780 });
  await page.goto(`${server.url}/threads`);
  await waitForApp(page);
  const toggle = page.locator("button.toc-toggle");
  assert.equal((await toggle.textContent()).replace(/[▲▼]/g, "").trim(), "Lesson 5 of 13: Threads");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await page.locator("nav.toc ol").isVisible(), false);
  // The lesson's heading is on the first screen.
  const heading = await page.locator("h1").boundingBox();
  assert.ok(heading.y + heading.height < 780, `h1 ends at ${heading.y + heading.height}px`);
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  await page.locator("nav.toc a", { hasText: "Summary" }).click();
  await page.waitForURL((url) => url.pathname === "/summary");
  assert.equal(await page.locator("nav.toc ol").isVisible(), false, "the list folds again after choosing");
  assert.deepEqual(problems, []);
  await context.close();
});
