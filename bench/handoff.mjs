// GIL hand-off between workers, timed (BENCHMARKS.md, "GIL hand-off"): one design for
// issue 10's threads on Web Workers of their own. The live driver is built as a bare
// wasm module (bench/handoff, no imports); each Python thread gets a worker with its own
// instance, and under the GIL the whole memory of the holder's instance (heap, frames,
// driver) travels to the next thread's worker: copied out, transferred in a message,
// copied in. Node's worker_threads stand in for Web Workers (the same V8 and the same
// structured clone with transfer). What it reports: the cost of one hand-off, the
// memory it copies, and how far behind the model's makespan a run then ends.
//
//   node bench/handoff.mjs [WASM [PROGRAM.py [REPEATS]]]
// runs the program REPEATS times each way, alternating: every thread on one worker (as
// the page runs them), and a worker per thread with the memory handed over. It prints
// one JSON object per run: { mode, stdout, makespanMs, handoffMs: [...], copyOutMs:
// [...], bytes } (a hand-off's time is from the old holder's decision to the new one's
// first step; copying out is the part spent in the old holder).
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { median, row } from "./stats.mjs";

const ROOT = join(import.meta.dirname, "..");

/** `step`'s thread that runs whoever holds the GIL (bench/handoff/src/lib.rs). */
const ANY_THREAD = 0xffffffff;
const epochNow = () => performance.timeOrigin + performance.now();

const WASM = join(ROOT, "target/wasm32-unknown-unknown/release/interleave_handoff.wasm");
const PROGRAM = join(ROOT, "bench/handoff/heap1000.py");

if (!isMainThread) {
  serveThread(workerData.module, workerData.thread);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [wasm = WASM, program = PROGRAM, repeats = "5"] = process.argv.slice(2);
  for await (const run of runs(wasm, program, Number(repeats))) console.log(JSON.stringify(run));
}

/** The program run `repeats` times each way, alternating. */
async function* runs(wasm, program, repeats) {
  const module = new WebAssembly.Module(readFileSync(wasm));
  const text = readFileSync(program, "utf8");
  for (let run = 0; run < repeats; run++) {
    for (const mode of ["one worker", "worker per thread"]) {
      yield { mode, ...(await runOnce(module, text, mode)) };
    }
  }
}

/**
 * The figure group (bench/run.mjs, `handoff`): heap1000.py, two threads over a heap of
 * 1,000 objects, both ways. scripts/bench.sh builds the module first.
 */
export async function measureHandoff(ctx) {
  const python = execFileSync(process.env.PYTHON ?? "python3", [PROGRAM], { encoding: "utf8" });
  const results = [];
  for await (const run of runs(WASM, PROGRAM, ctx.repeats)) {
    if (run.stdout !== python) throw new Error(`${run.mode} printed ${JSON.stringify(run.stdout)}, CPython ${JSON.stringify(python)}`);
    results.push(run);
  }
  const split = results.filter((r) => r.mode === "worker per thread");
  const one = results.filter((r) => r.mode === "one worker");
  const megabytes = median(split.map((r) => r.bytes)) / 2 ** 20;
  const handoffs = median(split.map((r) => r.handoffMs.length));
  return [
    row({
      figure: "GIL hand-off",
      what: "handing the GIL, with the interpreter's whole memory, from one thread's worker to the next (2 threads, a shared heap of 1,000 objects): the old holder's decision to the new one's first step, median per run",
      unit: "ms",
      samples: split.map((r) => median(r.handoffMs)),
      digits: 2,
      note: `${handoffs} hand-offs a run, each copying ${megabytes.toFixed(1)} MB (of which copying out takes ` +
        `${median(split.map((r) => median(r.copyOutMs))).toFixed(2)} ms); CPython switches every 5 ms. ` +
        `Node's worker_threads, one bare wasm module instance per thread (bench/handoff.mjs); the page does not use this design`,
    }),
    row({
      figure: "GIL hand-off",
      what: "the same program's makespan with a worker per thread ÷ with every thread on one worker − 1, side by side",
      unit: "%",
      samples: split.map((r, i) => (r.makespanMs / one[i].makespanMs - 1) * 100),
      note: `one worker ${median(one.map((r) => r.makespanMs)).toFixed(0)} ms, worker per thread ` +
        `${median(split.map((r) => r.makespanMs)).toFixed(0)} ms (medians); the model predicts ` +
        `${modelMs(PROGRAM).toFixed(0)} ms, so both run behind CPython's pace and the interpreter's slowness, not the hand-offs, sets the makespan`,
    }),
  ];
}

/** The model's makespan for a program, from the command line (built by scripts/bench.sh). */
function modelMs(program) {
  const dir = mkdtempSync(join(tmpdir(), "handoff-"));
  const out = join(dir, "run.json");
  execFileSync(join(ROOT, "target/release/interleave"), ["predict", program, "--json", out], { stdio: "ignore" });
  const end = JSON.parse(readFileSync(out, "utf8")).timeline.end;
  rmSync(dir, { recursive: true });
  return end / 1000;
}

/** One run: a worker per Python thread, started when the GIL first goes to it. */
function runOnce(module, text, mode) {
  return new Promise((resolve, reject) => {
    const workers = new Map();
    const begin = epochNow();
    const handoffs = [];
    const workerFor = (thread) => {
      if (!workers.has(thread)) {
        // One worker for every thread: it steps whichever thread holds the GIL.
        const as = mode === "one worker" ? ANY_THREAD : thread;
        const worker = new Worker(new URL(import.meta.url), { workerData: { module, thread: as } });
        worker.on("message", (message) => {
          if (message.to !== undefined) {
            handoffs.push(message.outMs);
            workerFor(message.to).postMessage(message, [message.memory]);
          } else if (message.done) {
            for (const w of workers.values()) w.terminate();
            resolve({ ...message, handoffs: handoffs.length, copyOutMs: handoffs });
          }
        });
        worker.on("error", reject);
        workers.set(thread, worker);
      }
      return workers.get(thread);
    };
    workerFor(0).postMessage({ text, begin });
  });
}

/** A thread's worker: its own instance, which holds the run while this thread has the GIL. */
function serveThread(module, thread) {
  const exports = new WebAssembly.Instance(module, {}).exports;
  let begin = 0;
  parentPort.on("message", (message) => {
    if (message.text !== undefined) {
      begin = message.begin;
      const bytes = new TextEncoder().encode(message.text);
      const at = exports.input(bytes.length); // may grow the memory: read its buffer after
      new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
      if (exports.start() !== 0) throw new Error("the program does not compile");
    } else {
      begin = message.begin;
      const memory = new Uint8Array(message.memory);
      const grow = memory.byteLength - exports.memory.buffer.byteLength;
      if (grow > 0) exports.memory.grow(grow / 65536);
      new Uint8Array(exports.memory.buffer).set(memory);
      // The whole hand-off: from the old holder's decision to this worker's first step.
      message.handoffMs.push(epochNow() - message.sent);
    }
    carryOn(message.handoffMs ?? []);
  });

  function carryOn(handoffMs) {
    for (;;) {
      const real = (epochNow() - begin) * 1e6;
      const answer = exports.step(real, thread >>> 0);
      if (answer === -1) continue;
      if (answer >= 0) {
        // Wait for the instant: a timer for all but the last 3 ms, then a spin, as the page does.
        const waitMs = answer / 1e6 - (epochNow() - begin);
        if (waitMs > 3) {
          setTimeout(() => carryOn(handoffMs), waitMs - 3);
          return;
        }
        while ((epochNow() - begin) * 1e6 < answer) { /* spin */ }
        continue;
      }
      if (answer <= -10) {
        const sent = epochNow();
        const memory = exports.memory.buffer.slice(0);
        const outMs = epochNow() - sent;
        parentPort.postMessage({ to: -answer - 10, memory, sent, begin, outMs, handoffMs }, [memory]);
        return;
      }
      if (answer === -2) {
        const makespanMs = epochNow() - begin;
        const at = exports.finish();
        const stdout = new TextDecoder().decode(new Uint8Array(exports.memory.buffer, at, exports.output_len()));
        parentPort.postMessage({ done: true, stdout, makespanMs, handoffMs, bytes: exports.memory.buffer.byteLength });
        return;
      }
      throw new Error(`the driver answered ${answer}`);
    }
  }
}
