// Model speed in the browser, through the Playground like a learner: a program opened
// from a `#code=` link (raw deflate + base64url, as src/playground/link.rs decodes it),
// predicted by the Playground's engine worker, whose status line says how long its
// parse + predict took ("Predicted by the model in 37 ms: …", src/playground/mod.rs).
// The native figure for the same gather is `scripts/bench.sh --interpreter`
// (cli/src/bin/interleave-bench.rs).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { openPage, ROOT } from "../tests/e2e/support.mjs";
import { row, repeat } from "./stats.mjs";

// 10,000 calls to a thread pool, each waiting 1 ms: the model's threads, GIL and
// futures at scale, as the old pool figure's 10,000 submitted calls.
const POOL = `# 10,000 calls to a thread pool, each waiting 1 ms.
import time
from concurrent.futures import ThreadPoolExecutor


def job(i):
    time.sleep(0.001)
    return i


with ThreadPoolExecutor(max_workers=8) as pool:
    futures = [pool.submit(job, i) for i in range(10_000)]
print(len(futures), sum(f.result() for f in futures))
`;

export const playgroundLink = (serverUrl, program) =>
  `${serverUrl}/playground#code=${deflateRawSync(Buffer.from(program, "utf8"), { level: 9 }).toString("base64url")}`;

/** Waits for the status line to say a prediction of the editor's text finished. */
async function predictedMs(page) {
  await page.waitForFunction(
    () => /^(Predicted|Nothing ran|The model stopped)/.test(document.querySelector(".playground-panel .status")?.textContent ?? ""),
    null,
    { timeout: 120_000, polling: 50 },
  );
  const status = await page.locator(".playground-panel .status").textContent();
  const found = status.match(/^Predicted by the model in (\d+) ms/);
  if (!found) throw new Error(`the Playground said: ${status}`);
  return Number(found[1]);
}

/** A fresh page opening the link: the engine worker's first prediction. */
async function coldPrediction(browser, serverUrl, program) {
  const { page, context } = await openPage(browser);
  try {
    await page.goto(playgroundLink(serverUrl, program));
    const ms = await predictedMs(page);
    // The link carried the program (Node's deflate matches the page's decoder).
    const opened = await page.evaluate(() => document.querySelector("#playground-code")?.interleaveEditor?.getDoc());
    if (opened !== program) throw new Error("the link opened another program");
    return ms;
  } finally {
    await context.close();
  }
}

/** One page, the program predicted again after each of `times` edits (a blank line typed at the end). */
async function repeatedPredictions(browser, serverUrl, program, times) {
  const { page, context } = await openPage(browser);
  try {
    await page.goto(playgroundLink(serverUrl, program));
    await predictedMs(page);
    return await repeat(times, async (index) => {
      await page.locator("#playground-code .cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.querySelector(".playground-panel .status")?.textContent === "Predicting…", null, { timeout: 10_000, polling: 10 });
      return predictedMs(page);
    });
  } finally {
    await context.close();
  }
}

export async function measureModel({ browser, server, repeats }) {
  const gather = await readFile(join(ROOT, "cli/benches-programs/gather-10000.py"), "utf8");
  const rows = [];
  for (const [kind, program] of [["gather of 10,000 tasks (cli/benches-programs/gather-10000.py)", gather], ["pool of 10,000 calls (8 workers, 1 ms sleep each)", POOL]]) {
    rows.push(row({
      figure: "model speed",
      what: `${kind}, in the browser: a fresh Playground page's first prediction`,
      unit: "ms",
      samples: await repeat(repeats, () => coldPrediction(browser, server.url, program)),
      target: { text: "< 200 ms", met: (v) => v < 200 },
      note: "one page load per run, program from a #code= link; the engine worker's parse + predict time from the status line (its wasm just compiled, so V8 may still be optimising it)",
    }));
    rows.push(row({
      figure: "model speed",
      what: `${kind}, in the browser: the same page predicting it again after an edit`,
      unit: "ms",
      samples: await repeatedPredictions(browser, server.url, program, repeats),
      note: "one page: after its first prediction (not counted), one prediction per edit (a blank line typed at the end), all in the same engine worker; results.json keeps them in run order",
    }));
  }
  return rows;
}
