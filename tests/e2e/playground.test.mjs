// The Playground: a learner types a program of their own; the interpreter, in the
// engine worker, predicts it; the Output equals CPython running the editor's text.
// Also: a syntax error shows at its line, an endless loop is stopped while the page
// keeps answering, stepping lights the program's lines, axe-core stays clean, and the
// lesson pages never fetch the engine. Screenshots land in target/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  serveDist, launchBrowser, openPage, waitForApp, screenshot, cpythonStdout as cpython, axeViolations,
  editorText, pasteProgram,
} from "./support.mjs";

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

/** Waits for the status to say the model predicted (or refused) the current text. */
async function waitForPrediction(page) {
  await page.waitForFunction(
    () => /^(Predicted|Nothing ran)/.test(document.querySelector(".playground-panel .status")?.textContent ?? ""),
    null,
    { timeout: 30_000 },
  );
}

/** Replaces the editor's text, as a learner pasting a program does. */
const typeProgram = (page, text) => pasteProgram(page, text, ".playground-panel");

// Distinct pauses, so CPython prints the threads' lines in one order every time.
const OWN_PROGRAM = `import threading
import time

counter = 0
lock = threading.Lock()


def work(name, n, pause):
    global counter
    for _ in range(n):
        with lock:
            counter += 1
    time.sleep(pause)
    print(f"{name} done")


threads = [threading.Thread(target=work, args=(f"T{i}", 1000 * (i + 1), 0.05 * (3 - i))) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter:", counter)
`;

test("/playground predicts the starter and a typed program as CPython prints them", async () => {
  const { page, context, problems } = await openPage(browser, { width: 1280, height: 900 });
  await page.goto(`${server.url}/playground`);
  await waitForApp(page);
  assert.equal((await page.locator("h1").textContent()).trim(), "Playground");
  await waitForPrediction(page);
  const starter = await editorText(page);
  assert.equal(await page.locator("pre.output").textContent(), await cpython(starter));
  await screenshot(page, "playground-starter-wide");

  await typeProgram(page, OWN_PROGRAM);
  assert.equal(await editorText(page), OWN_PROGRAM);
  await waitForPrediction(page);
  await page.waitForFunction(() => document.querySelector("pre.output")?.textContent.includes("counter"));
  assert.equal(await page.locator("pre.output").textContent(), await cpython(OWN_PROGRAM));
  assert.equal(await page.locator(".playground-panel .note").count(), 0, "no tied lines");
  // The timeline has a lane per thread.
  const lanes = await page.locator(".timeline-chart .lane-label").allTextContents();
  for (const name of ["MainThread", "Thread-1 (work)", "Thread-2 (work)", "Thread-3 (work)"]) {
    assert.ok(lanes.some((lane) => lane.includes(name)), `a lane for ${name}: ${lanes}`);
  }

  // Stepping lights, in the editor, the line each lane is at, tagged with its name.
  await page.getByRole("button", { name: "Step ▶" }).click();
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
  assert.ok((await page.locator(".cm-step-line").count()) >= 1, "a lit line");
  const tags = await page.locator(".cm-step-tag").allTextContents();
  assert.ok(tags.some((tag) => /^◀ (MainThread|Thread-\d \(work\))$/.test(tag)), `lane tags: ${tags}`);
  await screenshot(page, "playground-stepping-wide");

  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("/playground shows a syntax error at its line, and stops an endless loop while the page answers", async () => {
  const { page, context, problems } = await openPage(browser, { width: 360, height: 800 });
  await page.goto(`${server.url}/playground`);
  await waitForApp(page);
  await waitForPrediction(page);
  await typeProgram(page, "print('one')\nprint('two'\n");
  await page.waitForFunction(() => document.querySelector(".compile-error")?.textContent.includes("line 2"));
  assert.equal(await page.locator(".compile-error").innerText(), "SyntaxError: '(' was never closed (line 2, column 6)");
  // The gutter marks that line, and the editor says it holds an error.
  assert.equal(await page.locator(".cm-error-marker").count(), 1);
  assert.equal(await page.locator(".cm-error-line").innerText(), "print('two'");
  assert.equal(await page.getByRole("textbox", { name: "Python code" }).getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByRole("button", { name: "Run it live" }).isDisabled(), true);
  await screenshot(page, "playground-syntax-error-phone");

  await typeProgram(page, "n = 0\nwhile True:\n    n += 1\n");
  // While the worker computes, the page still answers a click at once.
  await page.waitForFunction(() => document.querySelector(".playground-panel .status")?.textContent === "Predicting…");
  const answered = await page.evaluate(async () => {
    const start = performance.now();
    await new Promise((resolve) => {
      const button = document.querySelector("button.link-button");
      button.addEventListener("click", resolve, { once: true });
      button.click();
    });
    return performance.now() - start;
  });
  assert.ok(answered < 200, `a click answered after ${answered} ms`);
  await page.waitForFunction(
    () => document.querySelector(".playground-panel .status")?.textContent.startsWith("The model stopped the program"),
    null,
    { timeout: 60_000 },
  );
  assert.match(await page.locator("pre.output").textContent(), /operation budget/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at 360px`);
  await screenshot(page, "playground-stopped-phone");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a lesson never fetches the Playground's engine, and at its defaults no interpreter at all", async () => {
  const { page, context, problems } = await openPage(browser);
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(`${server.url}/gather`);
  await waitForApp(page);
  await page.waitForLoadState("networkidle");
  assert.ok(!fetched.some((path) => path.startsWith("/engine")), fetched.join(", "));
  // The defaults' prediction came with the page; the lessons' worker waits for a change.
  assert.ok(!fetched.some((path) => path.startsWith("/runner")), fetched.join(", "));
  await page.getByLabel("durations").fill("0.2, 0.1");
  await page.waitForFunction(() => /0\.2\), \("B", 0\.1\)/.test(document.querySelector(".program-listing")?.textContent ?? ""));
  assert.ok(fetched.some((path) => path.startsWith("/runner")), fetched.join(", "));
  assert.ok(!fetched.some((path) => path.startsWith("/engine")), fetched.join(", "));
  // Leaving the Playground ends its worker; coming back starts a fresh one.
  await page.goto(`${server.url}/playground`);
  await waitForApp(page);
  await waitForPrediction(page);
  await page.getByRole("link", { name: "asyncio.gather" }).first().click();
  await page.waitForSelector("h1:text('asyncio.gather')");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a link carries the edited program, and a broken link falls back with a notice", async () => {
  const program = "import asyncio\n\n\nasync def main():\n    await asyncio.sleep(0.2)\n    print('shared ✓')\n\n\nasyncio.run(main())\n";
  const first = await openPage(browser);
  await first.page.goto(`${server.url}/playground`);
  await waitForApp(first.page);
  await waitForPrediction(first.page);
  await typeProgram(first.page, program);
  await first.page.waitForFunction(() => location.hash.startsWith("#code="));
  await first.page.waitForFunction(() => document.querySelector("pre.output")?.textContent === "shared ✓\n");
  const href = await first.page.evaluate(() => location.href);
  assert.deepEqual(first.problems, []);
  await first.context.close();

  // A fresh browser (no localStorage) opening the link sees exactly that program.
  const second = await openPage(browser);
  await second.page.goto(href);
  await waitForApp(second.page);
  await waitForPrediction(second.page);
  assert.equal(await editorText(second.page), program);
  assert.equal(await second.page.locator("pre.output").textContent(), await cpython(program));
  assert.deepEqual(second.problems, []);
  await second.context.close();

  const third = await openPage(browser);
  await third.page.goto(`${server.url}/playground#code=not*valid`);
  await waitForApp(third.page);
  await waitForPrediction(third.page);
  assert.match(await third.page.locator(".notice").innerText(), /could not be used .*starter program is shown/);
  assert.match(await editorText(third.page), /async def fetch/);
  assert.deepEqual(third.problems, []);
  await third.context.close();
});

test("every runnable example in a lesson opens in the Playground and predicts what CPython prints", async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/gather`);
  await waitForApp(page);
  await page.waitForSelector('p.run-this a[href^="/playground#code="]');
  const links = page.locator('p.run-this a[href^="/playground#code="]');
  assert.ok((await links.count()) >= 2, "the gather lesson's examples have links");
  const example = await page.locator("pre:has(+ p.run-this) code").first().textContent();
  await links.first().click();
  await page.waitForSelector("h1:text('Playground')");
  await waitForPrediction(page);
  assert.equal(await editorText(page), example);
  assert.equal(await page.locator("pre.output").textContent(), await cpython(example));
  assert.deepEqual(problems, []);
  await context.close();
});

test("/playground runs a program live on real timers, prints what CPython prints, and stops on demand", async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/playground`);
  await waitForApp(page);
  await waitForPrediction(page);
  const starter = await editorText(page);
  const started = Date.now();
  await page.getByRole("button", { name: "Run it live" }).click();
  await page.waitForFunction(() => document.querySelector(".playground-panel .status")?.textContent.startsWith("Ran live"), null, { timeout: 30_000 });
  // The starter sleeps 0.3 s: a live run cannot be faster than that.
  assert.ok(Date.now() - started >= 300, "the live run waited for its sleeps");
  assert.equal(await page.locator(".playground-panel h2.region-label").first().innerText(), "Output (a live run)");
  assert.equal(await page.locator("pre.output").textContent(), await cpython(starter));
  const status = await page.locator(".playground-panel .status").innerText();
  const ms = Number(status.match(/Ran live in (\d+) ms/)[1]);
  assert.ok(ms >= 300 && ms < 1000, `the live run took ${ms} ms for 0.3 s of sleeping`);
  await screenshot(page, "playground-live-wide");

  // A long program is stopped on demand; an edit goes back to the prediction.
  await typeProgram(page, "import time\n\nfor i in range(50):\n    time.sleep(0.1)\n    print(i)\n");
  await waitForPrediction(page);
  await page.getByRole("button", { name: "Run it live" }).click();
  await page.getByRole("button", { name: "Stop" }).click();
  assert.match(await page.locator(".playground-panel .status").innerText(), /^Stopped/);
  assert.equal(await page.locator(".playground-panel h2.region-label").first().innerText(), "Output (the model's prediction)");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a construct the interpreter refuses links to the page of what it runs", async () => {
  const { page, context, problems } = await openPage(browser, { width: 360, height: 800 });
  await page.goto(`${server.url}/playground`);
  await waitForApp(page);
  await waitForPrediction(page);
  await typeProgram(page, "x = 1\nmatch x:\n    case 1:\n        print('one')\n");
  await page.waitForFunction(() => document.querySelector(".compile-error")?.textContent.includes("match"));
  assert.match(await page.locator(".compile-error").innerText(), /^Line 2: .*`match` statement is not supported here/);
  await page.getByRole("link", { name: "What this page runs, and what it refuses" }).click();
  await page.waitForSelector("h1:text('What the interpreter runs')");
  assert.equal(await page.title(), "What the interpreter runs · Interleave");
  assert.match(await page.locator("main").innerText(), /Refused, at its line[\s\S]*`?match`? statements/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at 360px`);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "subset-phone");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a program typed key by key, with the editor's own indenting, is predicted as CPython runs it", async () => {
  const { page, context, problems } = await openPage(browser, { width: 360, height: 800 });
  await page.goto(`${server.url}/playground`);
  await waitForApp(page);
  await waitForPrediction(page);
  const editor = page.getByRole("textbox", { name: "Python code" });
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  // Enter after a colon indents; Backspace in the indentation takes one level off.
  await editor.pressSequentially("import threading\n\ndef hello(n):\nprint('hello', n)\n", { delay: 0 });
  await page.keyboard.press("Backspace");
  await editor.pressSequentially("\nt = threading.Thread(target=hello, args=(1,))\nt.start()\nt.join()\nprint('joined')\n", { delay: 0 });
  const typed = "import threading\n\ndef hello(n):\n    print('hello', n)\n\nt = threading.Thread(target=hello, args=(1,))\nt.start()\nt.join()\nprint('joined')\n";
  assert.equal(await editorText(page), typed);
  await page.waitForFunction(() => document.querySelector("pre.output")?.textContent.includes("joined"), null, { timeout: 20_000 });
  assert.equal(await page.locator("pre.output").textContent(), await cpython(typed));

  // Tab indents the line; Escape, then Tab, leaves the editor for the next control.
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Tab");
  assert.match(await editorText(page), /^ {4}import threading/);
  await page.keyboard.press("Control+z");
  assert.equal(await editorText(page), typed, "undone");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest(".cm-editor")), false, "focus left the editor");
  await screenshot(page, "playground-typed-phone");
  assert.deepEqual(problems, []);
  await context.close();
});

test("time.time() and time.strftime() read this device's clock, as CPython run here would", async () => {
  const { page, context, problems } = await openPage(browser);
  await page.goto(`${server.url}/playground`);
  await waitForApp(page);
  await waitForPrediction(page);
  const program = 'import time\n\nprint(time.strftime("%Y"), time.localtime()[0] == int(time.strftime("%Y")), time.time() > 1.7e9)\n';
  await pasteProgram(page, program, ".playground-panel");
  await page.waitForFunction(() => /True/.test(document.querySelector("pre.output")?.textContent ?? ""), null, { timeout: 20_000 });
  assert.equal(await page.locator("pre.output").textContent(), await cpython(program));
  assert.deepEqual(problems, []);
  await context.close();
});
