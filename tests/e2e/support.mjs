// Shared setup for the end-to-end tests and the benchmark harness: a static server for
// the release build on loopback (with the single-page-app fallback a static host needs),
// and headless Chromium driven by playwright-core.
import { createServer } from "node:http";
import { readFile, stat, mkdir, mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

export const ROOT = resolve(import.meta.dirname, "../..");
// The release build under test; DIST=/some/dir tests another build.
export const DIST = process.env.DIST ?? join(ROOT, "dist");
export const SCREENSHOTS = join(ROOT, "target/screenshots");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

/** Serves `dist/` on 127.0.0.1 at a free port. Paths without a file fall back to index.html. */
export async function serveDist({ dir = DIST } = {}) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://localhost");
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(dir, path);
    let found = await stat(file).then((s) => s.isFile(), () => false);
    if (!found) {
      // A deep link such as /gather has no file: the app's router handles it.
      if (extname(path) === "") {
        file = join(dir, "index.html");
        found = true;
      }
    }
    if (!found) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
      return;
    }
    const body = await readFile(file);
    response.writeHead(200, {
      "content-type": MIME[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    response.end(body);
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) };
}

/** Flags that keep Chromium quiet on a closed network (see ../shared/notes/toolchain.md). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

/**
 * Opens a page that records every console error, uncaught exception and request to
 * another host, so that tests can assert there were none.
 */
export async function openPage(browser, { width = 1280, height = 900, reducedMotion } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    reducedMotion: reducedMotion ?? "no-preference",
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["127.0.0.1", "localhost"].includes(url.hostname) && !url.protocol.startsWith("data")
        && !url.protocol.startsWith("blob")) {
      problems.push(`request to another host: ${request.url()}`);
    }
  });
  return { page, context, problems };
}

/** Waits until the app has mounted and rendered a lesson (or the not-found page). */
export async function waitForApp(page) {
  await page.waitForSelector("main h1", { timeout: 20_000 });
  // A page's text is fetched after the app starts (/lessons/{slug}.bin); until it is
  // in, its title stands alone and the article is aria-busy.
  await page.waitForFunction(() => !document.querySelector("main article[aria-busy]"), null, { timeout: 20_000 });
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Runs a command and returns `{ stdout, stderr }` (rejects on a non-zero exit). */
export const run = promisify(execFile);

/** What real CPython prints to stdout for `program`. */
export async function cpythonStdout(program) {
  // From a file, not `-c`: a process started with spawn imports the program again
  // from its path.
  const dir = await mkdtemp(join(tmpdir(), "interleave-cpython-"));
  const file = join(dir, "main.py");
  await writeFile(file, program);
  try {
    const { stdout } = await run("python3", [file], { timeout: 60_000 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const AXE = join(ROOT, "node_modules/axe-core/axe.min.js");

/** axe-core's WCAG 2.1 A and AA violations on the page, one line each. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }),
  );
  return result.violations.map((v) => `${v.id}: ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target}`);
}

/** The text in the code editor under `scope`, as the page holds it (CodeMirror's own). */
export async function editorText(page, scope = "body") {
  await page.locator(`${scope} .cm-content`).waitFor();
  return page.evaluate((scope) => document.querySelector(`${scope} .editor-host`).interleaveEditor.getDoc(), scope);
}

/** Replaces the editor's text as a learner pasting a program does. */
export async function pasteProgram(page, text, scope = "body") {
  const content = page.locator(`${scope} .cm-content`);
  await content.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}
