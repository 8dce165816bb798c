// A standalone browser test of the bundled editor (dist/codemirror.js; run
// `node build.mjs` first): a tiny page on a loopback server imports the module with the
// page's real stylesheet, and headless Chromium (playwright-core) types into it, presses
// keys, and reads the DOM. Also runs axe-core on the page (light and dark schemes) and
// saves screenshots at 360 and 900 px wide.
//
//   node test.mjs                      screenshots go to ../target/screenshots/
//   SCREENSHOT_DIR=/some/dir node test.mjs
//   CHROMIUM=/path/to/chromium node test.mjs
//
// Any failed check fails the run (non-zero exit), through node's test runner.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..");
const { chromium } = await import(join(ROOT, "node_modules/playwright-core/index.mjs"));
const AXE = join(ROOT, "node_modules/axe-core/axe.min.js");
const BUNDLE = join(HERE, "dist/codemirror.js");
const SHOTS = process.env.SCREENSHOT_DIR ?? join(ROOT, "target/screenshots");

if (!existsSync(BUNDLE)) {
  console.error(`${BUNDLE} is missing: run \`node build.mjs\` in ${HERE} first.`);
  process.exit(1);
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Editor test</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/style/main.css">
<style>main { padding: 1rem; max-width: 60rem; margin: 0 auto; }</style>
</head>
<body>
<main>
<h1>Editor test</h1>
<p><button id="before" type="button">Before</button></p>
<h2 class="region-label">Your program</h2>
<p id="keys" class="help">Tab indents by four spaces. To leave the editor with the keyboard, press Escape, then Tab.</p>
<div id="host"></div>
<p id="err" class="field-error compile-error">SyntaxError: invalid syntax (line 10, column 5)</p>
<p><button id="after" type="button">Run</button></p>
</main>
<script type="module">
import { createEditor } from "/editor/dist/codemirror.js";
window.changes = [];
window.editor = createEditor(document.getElementById("host"), {
  doc: "",
  label: "Python code",
  // The error message is in the description too: aria-errormessage alone is little
  // supported by screen readers (and axe asks for one of the two to announce it).
  describedBy: "keys err",
  errorMessageId: "err",
  onChange: (doc) => window.changes.push(doc),
});
// The computed colour a CSS colour value resolves to here.
window.resolveColour = (value) => {
  const probe = document.createElement("span");
  probe.style.color = value;
  document.getElementById("host").append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
};
window.ready = true;
</script>
</body>
</html>`;

const SAMPLE = `import asyncio

async def worker(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} done after {delay}s")  # one line each
    return len(name)

async def main():
    results = await asyncio.gather(worker("A", 0.2), worker("B", 0.1))
    print(results, True, None, 42)

asyncio.run(main())
`;

function serve() {
  const files = {
    "/": { type: "text/html; charset=utf-8", body: () => PAGE },
    "/editor/dist/codemirror.js": { type: "text/javascript; charset=utf-8", body: () => readFile(BUNDLE) },
    "/style/main.css": { type: "text/css; charset=utf-8", body: () => readFile(join(ROOT, "style/main.css")) },
  };
  const server = createServer(async (request, response) => {
    const file = files[new URL(request.url, "http://127.0.0.1").pathname];
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
      return;
    }
    response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" });
    response.end(await file.body());
  });
  return new Promise((ready) =>
    server.listen(0, "127.0.0.1", () =>
      ready({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((done) => server.close(done)),
      }),
    ),
  );
}

let server;
let browser;
let context;
let page;
const problems = [];

async function openPage(width, colorScheme = "light") {
  const ctx = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
  const p = await ctx.newPage();
  p.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  p.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  await p.goto(server.url);
  await p.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
  return { ctx, p };
}

before(async () => {
  server = await serve();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  ({ ctx: context, p: page } = await openPage(900));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Helpers in the page.
const doc = () => page.evaluate(() => window.editor.getDoc());
const changes = () => page.evaluate(() => window.changes.slice());
const clearChanges = () => page.evaluate(() => { window.changes.length = 0; });
const setDoc = (text) => page.evaluate((t) => window.editor.setDoc(t), text);
const focusEditor = () => page.evaluate(() => window.editor.focus());
const active = () =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a?.closest(".cm-editor") ? "editor" : a?.id || a?.tagName;
  });
const count = (selector) => page.locator(selector).count();

test("the content element is labelled, described, and a multi-line textbox", async () => {
  const attrs = await page.evaluate(() => {
    const c = document.querySelector(".cm-content");
    return Object.fromEntries(
      ["aria-label", "aria-describedby", "aria-errormessage", "aria-invalid", "role", "aria-multiline", "contenteditable"]
        .map((name) => [name, c.getAttribute(name)]),
    );
  });
  assert.deepEqual(attrs, {
    "aria-label": "Python code",
    "aria-describedby": "keys err",
    "aria-errormessage": "err",
    "aria-invalid": "false",
    role: "textbox",
    "aria-multiline": "true",
    contenteditable: "true",
  });
});

test("setDoc replaces the text and does not call onChange", async () => {
  await clearChanges();
  await setDoc("x = 1\n");
  assert.equal(await doc(), "x = 1\n");
  await setDoc("x = 1\n"); // the same text: no change at all
  await setDoc(SAMPLE);
  assert.equal(await doc(), SAMPLE);
  assert.deepEqual(await changes(), []);
});

test("Python is highlighted with the page's code colours", async () => {
  await setDoc(SAMPLE);
  const colours = await page.evaluate(() => {
    const content = document.querySelector(".cm-content");
    const colourOf = (text) => {
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.data === text) return getComputedStyle(node.parentElement).color;
      }
      return `no token ${JSON.stringify(text)}`;
    };
    return {
      plain: getComputedStyle(content.querySelector(".cm-line")).color,
      fg: window.resolveColour("var(--fg)"),
      def: colourOf("def"),
      import: colourOf("import"),
      keyword: window.resolveColour("var(--code-keyword)"),
      string: colourOf('"A"'),
      stringVar: window.resolveColour("var(--code-string)"),
      comment: colourOf("# one line each"),
      commentVar: window.resolveColour("var(--code-comment)"),
      number: colourOf("42"),
      none: colourOf("None"),
      numberVar: window.resolveColour("var(--code-number)"),
      title: colourOf("worker"),
      titleVar: window.resolveColour("var(--code-title)"),
      print: colourOf("print"),
      builtinVar: window.resolveColour("var(--code-builtin)"),
      background: getComputedStyle(document.querySelector(".cm-editor")).backgroundColor,
      bgCode: window.resolveColour("var(--bg-code)"),
      font: getComputedStyle(document.querySelector(".cm-scroller")).fontFamily,
      caret: getComputedStyle(content).caretColor,
    };
  });
  assert.equal(colours.plain, colours.fg, "plain text is --fg");
  assert.notEqual(colours.def, colours.plain, "`def` is coloured unlike plain text");
  assert.equal(colours.def, colours.keyword, "`def` is --code-keyword");
  assert.equal(colours.import, colours.keyword, "`import` is --code-keyword");
  assert.equal(colours.string, colours.stringVar, "strings are --code-string");
  assert.equal(colours.comment, colours.commentVar, "comments are --code-comment");
  assert.equal(colours.number, colours.numberVar, "numbers are --code-number");
  assert.equal(colours.none, colours.numberVar, "None is --code-number (a literal)");
  assert.equal(colours.title, colours.titleVar, "a def's name is --code-title");
  assert.equal(colours.print, colours.builtinVar, "print is --code-builtin");
  assert.equal(colours.background, colours.bgCode, "background is --bg-code");
  assert.match(colours.font, /ui-monospace/, "font is var(--mono)");
  assert.equal(colours.caret, colours.fg, "the caret is --fg (visible in the dark scheme too)");
});

test("typing calls onChange with the whole document", async () => {
  await setDoc("");
  await clearChanges();
  await focusEditor();
  await page.keyboard.type("print('hi')");
  const seen = await changes();
  assert.equal(await doc(), "print('hi')");
  assert.equal(seen.length, "print('hi')".length, "one call per typed character");
  assert.equal(seen.at(-1), "print('hi')");
  assert.equal(seen[0], "p");
});

test("no autocomplete popup and no search panel", async () => {
  await setDoc("");
  await focusEditor();
  await page.keyboard.type("pri");
  await page.waitForTimeout(300);
  await page.keyboard.press("Control+f");
  await page.waitForTimeout(100);
  assert.equal(await count(".cm-tooltip"), 0);
  assert.equal(await count(".cm-panels, .cm-search"), 0);
  await page.keyboard.press("Escape");
});

test("Tab indents by four spaces and Shift-Tab dedents", async () => {
  await setDoc("a = 1\nb = 2\n");
  await clearChanges();
  await focusEditor();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Tab");
  assert.equal(await doc(), "    a = 1\nb = 2\n");
  assert.equal(await active(), "editor", "Tab keeps the focus in the editor");
  assert.deepEqual(await changes(), ["    a = 1\nb = 2\n"]);
  await page.keyboard.press("Shift+Tab");
  assert.equal(await doc(), "a = 1\nb = 2\n");
  assert.equal(await active(), "editor");
});

test("Enter after a colon indents the new line", async () => {
  await setDoc("def f():");
  await focusEditor();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("return 1");
  assert.equal(await doc(), "def f():\n    return 1");
});

test("Ctrl-Z undoes, Shift-Ctrl-Z and Ctrl-Y redo; setDoc starts a fresh history", async () => {
  await setDoc("x = 1\n");
  await focusEditor();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("y = 2");
  assert.equal(await doc(), "x = 1\ny = 2");
  await clearChanges();
  await page.keyboard.press("Control+z");
  assert.equal(await doc(), "x = 1\n");
  assert.deepEqual(await changes(), ["x = 1\n"], "undo is a user edit: onChange is called");
  await page.keyboard.press("Control+Shift+z");
  assert.equal(await doc(), "x = 1\ny = 2");
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+y");
  assert.equal(await doc(), "x = 1\ny = 2");
  await setDoc("fresh = True\n");
  await clearChanges();
  await focusEditor();
  await page.keyboard.press("Control+z");
  assert.equal(await doc(), "fresh = True\n", "nothing to undo after setDoc");
  assert.deepEqual(await changes(), []);
});

test("Escape then Tab moves the focus out; Escape then Shift-Tab moves it back", async () => {
  await setDoc("a = 1\n");
  await focusEditor();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.equal(await active(), "after", "Escape, Tab: focus on the next button");
  assert.equal(await doc(), "a = 1\n", "and nothing was typed");

  await focusEditor();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await active(), "before", "Escape, Shift-Tab: focus on the button before");

  // Another key in between disarms it: Tab indents again.
  await focusEditor();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Escape");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Tab");
  assert.equal(await active(), "editor");
  assert.equal(await doc(), "    a = 1\n", "Tab indents the cursor's line");

  // With text selected, Escape collapses the selection and still arms Tab.
  await setDoc("a = 1\n");
  await focusEditor();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.equal(await active(), "after", "Escape with a selection, then Tab");
  assert.equal(await doc(), "a = 1\n");

  // No time limit: Tab 2.5 s after Escape still leaves (CodeMirror alone allows 2 s).
  await focusEditor();
  await page.keyboard.press("Escape");
  await page.waitForTimeout(2500);
  await page.keyboard.press("Tab");
  assert.equal(await active(), "after", "a slow Tab after Escape");

  // Coming back, Tab indents again (leaving disarmed it).
  await focusEditor();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Tab");
  assert.equal(await active(), "editor");
  assert.equal(await doc(), "    a = 1\n");
});

test("setErrorLine marks one line in the gutter and the text, and 0 clears it", async () => {
  await setDoc(SAMPLE);
  await clearChanges();
  await page.evaluate(() => window.editor.setErrorLine(2));
  assert.equal(await count(".cm-error-marker"), 1);
  assert.equal(await count(".cm-error-line"), 1);
  const info = await page.evaluate(() => {
    const lines = [...document.querySelectorAll(".cm-content .cm-line")];
    const marker = document.querySelector(".cm-error-marker");
    const gutterBg = getComputedStyle(document.querySelector(".cm-gutters")).backgroundColor;
    return {
      index: lines.findIndex((l) => l.classList.contains("cm-error-line")),
      marker: marker.textContent,
      markerBg: getComputedStyle(marker).backgroundColor,
      markerFg: getComputedStyle(marker).color,
      danger: window.resolveColour("var(--danger)"),
      lineBg: getComputedStyle(document.querySelector(".cm-error-line")).backgroundColor,
      dangerSoft: window.resolveColour("var(--danger-soft)"),
      gutterBg,
      invalid: document.querySelector(".cm-content").getAttribute("aria-invalid"),
    };
  });
  assert.equal(info.index, 1, "the second line");
  assert.equal(info.marker, "!", "a glyph, visible without colour");
  assert.equal(info.markerBg, info.danger);
  assert.equal(info.lineBg, info.dangerSoft);
  assert.ok(contrast(info.markerBg, info.gutterBg) >= 3, "the marker stands out in greyscale");
  assert.ok(contrast(info.markerFg, info.markerBg) >= 4.5, "the glyph is readable on it");
  assert.equal(info.invalid, "true", "aria-invalid follows the error");

  // The mark stays on its line while lines are added above it.
  await focusEditor();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Enter");
  const moved = await page.evaluate(() =>
    [...document.querySelectorAll(".cm-content .cm-line")].findIndex((l) => l.classList.contains("cm-error-line")));
  assert.equal(moved, 2, "moved down with its text");

  await page.evaluate(() => window.editor.setErrorLine(0));
  assert.equal(await count(".cm-error-marker"), 0);
  assert.equal(await count(".cm-error-line"), 0);
  assert.equal(await page.getAttribute(".cm-content", "aria-invalid"), "false");
  // Out of range or nonsense: cleared, never a throw.
  for (const bad of [999, -1, 1.5, null, "2"]) {
    await page.evaluate((b) => window.editor.setErrorLine(b), bad);
    assert.equal(await count(".cm-error-marker"), 0, `setErrorLine(${JSON.stringify(bad)})`);
  }
  await setDoc("x = (\n");
  await page.evaluate(() => window.editor.setErrorLine(1));
  assert.equal(await count(".cm-error-marker"), 1);
  await setDoc(SAMPLE);
  assert.equal(await count(".cm-error-marker"), 0, "setDoc clears the error line");
  const edits = (await changes()).length;
  assert.equal(edits, 1, "only the Enter called onChange, not setErrorLine or setDoc");
});

test("setStepLines lights lines in their colours with name tags; [] clears", async () => {
  await setDoc(SAMPLE);
  await clearChanges();
  await page.evaluate(() =>
    window.editor.setStepLines([
      { line: 4, colour: "#2563eb", name: "A" },
      { line: 9, colour: "var(--state-io)", name: "B" },
    ]));
  assert.equal(await count(".cm-step-line"), 2);
  assert.equal(await count(".cm-step-tag"), 2);
  const info = await page.evaluate(() => {
    const lines = [...document.querySelectorAll(".cm-content .cm-line")];
    return {
      lines: lines.flatMap((l, i) => (l.classList.contains("cm-step-line") ? [{
        index: i,
        colour: getComputedStyle(l).getPropertyValue("--step-colour").trim(),
        shadow: getComputedStyle(l).boxShadow,
        tags: [...l.querySelectorAll(".cm-step-tag")].map((t) => ({
          text: t.textContent,
          border: getComputedStyle(t).borderLeftColor,
        })),
      }] : [])),
      blue: window.resolveColour("#2563eb"),
      io: window.resolveColour("var(--state-io)"),
    };
  });
  assert.deepEqual(info.lines.map((l) => l.index), [3, 8], "lines 4 and 9");
  assert.equal(info.lines[0].colour, "#2563eb");
  assert.equal(info.lines[1].colour, "#0f9d8a", "var(--state-io) resolves");
  assert.ok(info.lines[0].shadow.includes(info.blue), `stripe in the colour: ${info.lines[0].shadow}`);
  assert.ok(info.lines[1].shadow.includes(info.io), `stripe in the colour: ${info.lines[1].shadow}`);
  assert.deepEqual(info.lines[0].tags, [{ text: "A", border: info.blue }]);
  assert.deepEqual(info.lines[1].tags, [{ text: "B", border: info.io }]);
  // Tags are not part of the text.
  assert.equal(await doc(), SAMPLE);

  // Two marks on one line: one lit line, both tags.
  await page.evaluate(() =>
    window.editor.setStepLines([
      { line: 5, colour: "#2563eb", name: "A" },
      { line: 5, colour: "#c2410c", name: "B" },
    ]));
  assert.equal(await count(".cm-step-line"), 1);
  assert.deepEqual(await page.locator(".cm-step-line .cm-step-tag").allTextContents(), ["A", "B"]);

  // Out-of-range and malformed marks are skipped, never a throw; a bad colour falls back.
  await page.evaluate(() =>
    window.editor.setStepLines([
      { line: 0, colour: "red", name: "zero" },
      { line: 999, colour: "red", name: "far" },
      { line: 2.5, colour: "red", name: "half" },
      null,
      { line: 1, colour: "red; background: url(x)", name: "C" },
    ]));
  assert.equal(await count(".cm-step-line"), 1);
  assert.deepEqual(await page.locator(".cm-step-tag").allTextContents(), ["C"]);
  assert.equal(
    await page.evaluate(() => document.querySelector(".cm-step-line").getAttribute("style").replace(/;\s*$/, "")),
    "--step-colour: var(--fg-soft)",
  );

  await page.evaluate(() => window.editor.setStepLines([]));
  assert.equal(await count(".cm-step-line"), 0);
  assert.equal(await count(".cm-step-tag"), 0);
  assert.deepEqual(await changes(), [], "setStepLines does not call onChange");
});

test("the editor grows with its text from 8 lines to 40, then scrolls", async () => {
  const measure = (text) =>
    page.evaluate(async (t) => {
      window.editor.setDoc(t);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const scroller = document.querySelector(".cm-scroller");
      return {
        line: parseFloat(getComputedStyle(document.querySelector(".cm-line")).lineHeight),
        height: document.querySelector(".cm-editor").getBoundingClientRect().height,
        client: scroller.clientHeight,
        scroll: scroller.scrollHeight,
      };
    }, text);
  const numbered = (n) => Array.from({ length: n }, (_, i) => `x${i} = ${i}`).join("\n");
  const short = await measure("x = 1");
  const mid = await measure(numbered(20));
  const long = await measure(numbered(100));
  const lines = (m) => m.height / m.line;
  assert.ok(lines(short) >= 8 && lines(short) < 10, `1 line shows as ${lines(short).toFixed(1)} lines`);
  assert.ok(lines(mid) >= 20 && lines(mid) < 22, `20 lines show as ${lines(mid).toFixed(1)} lines`);
  assert.ok(lines(long) >= 40 && lines(long) < 42, `100 lines show as ${lines(long).toFixed(1)} lines`);
  assert.ok(long.scroll > long.client + 50 * long.line, "the rest scrolls");
});

test("axe-core finds no serious or critical violation (light and dark)", async () => {
  const source = await readFile(AXE, "utf8");
  for (const scheme of ["light", "dark"]) {
    const { ctx, p } = await openPage(900, scheme);
    await showcase(p);
    await p.evaluate(() => document.querySelector(".cm-content").focus());
    await p.addScriptTag({ content: source });
    const violations = await p.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => `${n.target.join(" ")} (${n.failureSummary.replace(/\s+/g, " ")})`),
      }));
    });
    console.log(`axe (${scheme}): ${violations.length} violation(s)`);
    for (const v of violations) console.log(`  ${v.impact} ${v.id}: ${v.help} — ${v.targets.join(", ")}`);
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad, [], `serious or critical violations in the ${scheme} scheme`);
    await ctx.close();
  }
});

test("screenshots at 360 and 900 px wide", async () => {
  await mkdir(SHOTS, { recursive: true });
  for (const [width, scheme, name] of [
    [360, "light", "codemirror-360.png"],
    [900, "light", "codemirror-900.png"],
    [900, "dark", "codemirror-900-dark.png"],
  ]) {
    const { ctx, p } = await openPage(width, scheme);
    await showcase(p);
    await p.screenshot({ path: join(SHOTS, name), fullPage: true });
    console.log(`saved ${join(SHOTS, name)}`);
    await ctx.close();
  }
});

test("onChange may call back into the handle (mark lines, even setDoc) at once", async () => {
  await page.evaluate(async () => {
    const host = document.createElement("div");
    document.querySelector("main").append(host);
    const { createEditor } = await import("/editor/dist/codemirror.js");
    window.second = createEditor(host, {
      doc: "a = 1\n",
      label: "Second editor",
      onChange(text) {
        window.second.setErrorLine(1);
        window.second.setStepLines([{ line: 1, colour: "red", name: "X" }]);
        if (text.includes("reset")) window.second.setDoc("fresh\n");
      },
    });
    window.second.focus();
  });
  await page.keyboard.type("b");
  assert.equal(await page.evaluate(() => window.second.getDoc()), "ba = 1\n");
  assert.equal(await count("main > div:last-child .cm-error-marker"), 1);
  await page.keyboard.type("reset");
  assert.equal(await page.evaluate(() => window.second.getDoc()), "fresh\n");
  await page.evaluate(() => window.second.destroy());
});

test("destroy removes the editor; later calls do nothing", async () => {
  await page.evaluate(() => window.editor.destroy());
  assert.equal(await count(".cm-editor"), 0);
  await page.evaluate(() => {
    const e = window.editor;
    e.setDoc("x");
    e.setErrorLine(1);
    e.setStepLines([{ line: 1, colour: "red", name: "A" }]);
    e.focus();
    e.destroy();
    if (e.getDoc() !== "") throw new Error("getDoc after destroy");
  });
});

test("nothing went to the console", async () => {
  await context.close();
  assert.deepEqual(problems, []);
});

/** The editor as a learner sees it mid-step: an error line and two lanes' lines. */
async function showcase(p) {
  await p.evaluate((sample) => {
    window.editor.setDoc(sample);
    window.editor.setErrorLine(10);
    window.editor.setStepLines([
      { line: 4, colour: "var(--state-running)", name: "A" },
      { line: 9, colour: "var(--state-io)", name: "main" },
    ]);
  }, SAMPLE);
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** WCAG contrast ratio between two computed rgb() colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
