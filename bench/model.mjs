// Model speed: the 10,000-task scenarios of core/tests/speed.rs, natively (that test,
// in release mode; it prints the fastest of 3 simulations per run) and in the browser
// (the bench hooks `bench_model` and `bench_model_pool`, src/bench.rs).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ROOT } from "../tests/e2e/support.mjs";
import { row, repeat, notMeasured } from "./stats.mjs";
import { openHooks } from "./scenarios.mjs";

const run = promisify(execFile);
const TASKS = 10_000;

/** Rust's `Duration` debug text ("12.3ms", "950µs", "1.2s") in milliseconds. */
function durationMs(text) {
  const [, value, unit] = text.match(/([\d.]+)\s*(ns|µs|us|ms|s)/);
  return Number(value) * { ns: 1e-6, "µs": 1e-3, us: 1e-3, ms: 1, s: 1000 }[unit];
}

async function nativeOnce() {
  const { stdout } = await run("cargo", ["test", "--release", "--offline", "-q", "-p", "interleave-core", "--test", "speed", "--", "--nocapture", "--test-threads=1"], { cwd: ROOT, maxBuffer: 1 << 24 });
  const found = {};
  for (const match of stdout.matchAll(/speed: (gather|pool) of \d+ tasks simulated in (\S+)/g)) found[match[1]] = durationMs(match[2]);
  return found;
}

export async function measureModel({ browser, server, repeats, log }) {
  const rows = [];
  try {
    log("model: building and running core/tests/speed.rs in release mode");
    const native = await repeat(repeats, nativeOnce);
    for (const kind of ["gather", "pool"]) {
      rows.push(row({
        figure: "model speed",
        what: `${kind} of 10,000 tasks, native (release)`,
        unit: "ms",
        samples: native.map((n) => n[kind]),
        digits: 2,
        target: { text: "< 50 ms", met: (v) => v < 50 },
        note: "each run is the fastest of 3 simulations (core/tests/speed.rs)",
      }));
    }
  } catch (error) {
    rows.push(notMeasured({ figure: "model speed", what: "10,000 tasks, native", why: `cargo test failed: ${String(error.message).split("\n")[0]}` }));
  }
  const { page, context } = await openHooks(browser, server.url);
  for (const [kind, hook] of [["gather", "bench_model"], ["pool", "bench_model_pool"]]) {
    const warmUp = await page.evaluate(([h, n]) => window.wasmBindings[h](n), [hook, TASKS]);
    const samples = await repeat(repeats, () => page.evaluate(([h, n]) => window.wasmBindings[h](n), [hook, TASKS]));
    rows.push(row({
      figure: "model speed",
      what: `${kind} of 10,000 tasks, in the browser (wasm)`,
      unit: "ms",
      samples,
      target: { text: "< 200 ms", met: (v) => v < 200 },
      note: `each run one simulation, after a first one (${warmUp.toFixed(0)} ms) not counted`,
    }));
  }
  await context.close();
  return rows;
}
