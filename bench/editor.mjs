// The editor as a learner meets it (issue 11's figures): on a lesson, "Edit" brings up
// the editor (its module is imported then, never before); a keystroke is answered
// when CodeMirror has changed the text and the browser has painted the next frame;
// the first prediction after the first edit is the Output showing what the edited
// program prints, which needs the Playground's engine worker (the parser) fetched
// and started; a 100-line program is re-predicted by that worker after each edit,
// timed by the Playground's status line (the worker's own parse + predict time).
//
// "Warm" is one browser context that has been to the Playground before, so the editor
// module and the engine come from the HTTP cache, as for a learner's second visit.
import { openPage } from "../tests/e2e/support.mjs";
import { row, repeat } from "./stats.mjs";
import { playgroundLink } from "./model.mjs";

/** Opens /why-async in `context`, clicks Edit; ms until the editor takes keys. */
async function editorUp(page, serverUrl) {
  await page.goto(`${serverUrl}/why-async`);
  await page.waitForSelector(".simulation .program-listing");
  const started = Date.now();
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.locator(".simulation .cm-content").waitFor({ timeout: 30_000 });
  return Date.now() - started;
}

/** One key pressed at the end of the program: ms from keydown to the painted frame. */
async function keystroke(page) {
  await page.locator(".simulation .cm-content").click();
  await page.keyboard.press("Control+End");
  await page.evaluate(() => {
    const content = document.querySelector(".simulation .cm-content");
    window.__key = new Promise((resolve) => {
      content.addEventListener("keydown", (event) => {
        const down = event.timeStamp;
        const observer = new MutationObserver(() => {
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - down));
        });
        observer.observe(content, { childList: true, subtree: true, characterData: true });
      }, { once: true });
    });
  });
  await page.keyboard.press("#");
  return page.evaluate(() => window.__key);
}

/** A line that prints a marker typed at the end: ms until the Output shows it. */
async function firstPrediction(page, marker) {
  await page.keyboard.press("Enter");
  const typed = `print("${marker}")`;
  await page.keyboard.type(typed.slice(0, -1));
  const started = Date.now();
  await page.keyboard.type(typed.slice(-1));
  await page.waitForFunction((marker) => document.querySelector(".simulation .sim-output pre.output")?.textContent.includes(marker), marker, { timeout: 60_000, polling: 10 });
  return Date.now() - started;
}

/** A 100-line program: fifteen coroutines of five lines, gathered. */
function hundredLines() {
  const lines = ["import asyncio", ""];
  for (let i = 0; i < 15; i++) {
    lines.push(`async def job${i}(n):`, `    total = 0`, `    for k in range(n):`, `        total += k`, `    await asyncio.sleep(0.0${(i % 9) + 1})`, `    return total`);
  }
  lines.push("", "async def main():", `    results = await asyncio.gather(${Array.from({ length: 15 }, (_, i) => `job${i}(${i + 10})`).join(", ")})`, "    print(sum(results))", "", "", "asyncio.run(main())");
  while (lines.length < 100) lines.splice(2, 0, `# line ${lines.length}`);
  return `${lines.join("\n")}\n`;
}

async function predictedMs(page) {
  await page.waitForFunction(
    () => /^(Predicted|Nothing ran|The model stopped)/.test(document.querySelector(".playground-panel .status")?.textContent ?? ""),
    null, { timeout: 60_000, polling: 10 },
  );
  const status = await page.locator(".playground-panel .status").textContent();
  const found = status.match(/^Predicted by the model in (\d+) ms/);
  if (!found) throw new Error(`the Playground said: ${status}`);
  return Number(found[1]);
}

export async function measureEditor({ browser, server, repeats }) {
  const cold = await repeat(repeats, async () => {
    const { page, context } = await openPage(browser);
    try {
      return await editorUp(page, server.url);
    } finally {
      await context.close();
    }
  });
  const warm = { up: [], key: [], first: [] };
  for (let run = 0; run < repeats; run++) {
    const { page, context } = await openPage(browser);
    try {
      // Warm the HTTP cache: the Playground fetches the editor and the engine.
      await page.goto(playgroundLink(server.url, "print('warm')\n"));
      await predictedMs(page);
      warm.up.push(await editorUp(page, server.url));
      warm.key.push(await keystroke(page));
      warm.first.push(await firstPrediction(page, `edited ${run}`));
    } finally {
      await context.close();
    }
  }
  const program = hundredLines();
  const repredict = await (async () => {
    const { page, context } = await openPage(browser);
    try {
      await page.goto(playgroundLink(server.url, program));
      await predictedMs(page);
      // Counts the status line's "Predicted …" texts: a fast prediction can replace
      // "Predicting…" before a poll would see it.
      await page.evaluate(() => {
        window.__predictions = 0;
        const status = document.querySelector(".playground-panel .status");
        new MutationObserver(() => {
          if (status.textContent.startsWith("Predicted")) window.__predictions += 1;
        }).observe(status, { childList: true, subtree: true, characterData: true });
      });
      return await repeat(repeats, async (index) => {
        const before = await page.evaluate(() => window.__predictions);
        await page.locator(".playground-panel .cm-content").click();
        await page.keyboard.press("Control+End");
        await page.keyboard.type(`# edit ${index}`);
        await page.waitForFunction((before) => window.__predictions > before, before, { timeout: 30_000, polling: 10 });
        return predictedMs(page);
      });
    } finally {
      await context.close();
    }
  })();
  const lines = program.split("\n").length - 1;
  return [
    row({ figure: "editor", what: "\"Edit\" on /why-async until the editor takes keys, fresh browser (module from the network)", unit: "ms", samples: cold,
      note: "loopback server; includes importing editor/dist/codemirror.js (121 KB gzip) and creating the view" }),
    row({ figure: "editor", what: "\"Edit\" on /why-async until the editor takes keys, warm cache (second visit)", unit: "ms", samples: warm.up }),
    row({ figure: "editor", what: "a keystroke in the editor, keydown to the painted frame", unit: "ms", samples: warm.key,
      target: { text: "< 100 ms", met: (v) => v < 100 }, note: "keydown's timestamp to the requestAnimationFrame after CodeMirror changed the text" }),
    row({ figure: "editor", what: "the first prediction after the first edit, warm cache: the typed line's output shown", unit: "ms", samples: warm.first,
      target: { text: "< 1000 ms", met: (v) => v < 1000 }, note: "from the last keystroke: the panel's 200 ms pause, starting the engine worker (parser) from the cache, parse and predict, drawing" }),
    row({ figure: "editor", what: `re-predicting a ${lines}-line program after an edit (Playground, engine's parse + predict)`, unit: "ms", samples: repredict,
      target: { text: "< 50 ms", met: (v) => v < 50 }, note: "the status line's time, in a warm engine worker; fifteen coroutines gathered" }),
  ];
}
