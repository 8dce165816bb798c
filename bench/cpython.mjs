// CPython beside the browser: the exact program text each panel showed (read from its
// listing by bench/panel.mjs, for the same settings the live groups ran) run by python3,
// beside the live makespan of the same program in the browser.
//
// The makespan is timed inside the process, from just before the program's first line
// to the end of the program with its non-daemon threads joined (an atexit hook: CPython
// runs those after joining them), like the timelines' end. The modules the lessons
// import are imported before the clock starts (about 20 ms of CPython's), as the model's
// makespan holds next to nothing for imports. Start-up is left out: whole-process wall time minus `python3 -c pass`
// would keep its jitter, and the programs' own `elapsed:` lines are printed to 10 or
// 100 ms; both are given in the note.
import { spawn } from "node:child_process";
import { row, repeat, median } from "./stats.mjs";
import { lessonRuns, spreadSeconds } from "./panel.mjs";
import { SETTINGS } from "./fidelity.mjs";

const PYTHON = process.env.PYTHON ?? "python3";
const WRAPPER = `
import atexit, sys, time
import asyncio, threading, concurrent.futures
source = sys.stdin.read()
began = time.perf_counter()
atexit.register(lambda: print("BENCH_MAKESPAN", time.perf_counter() - began, file=sys.stderr))
exec(compile(source, "lesson.py", "exec"), {"__name__": "__main__"})
`;

/** Runs `args` with `input` on stdin: `{ stdout, stderr, ms }`, ms the whole process's wall time. */
function runPython(args, input = "") {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(PYTHON, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", () => resolve({ stdout, stderr, ms: performance.now() - started }));
    child.stdin.end(input);
  });
}

async function makespan(program) {
  const { stdout, stderr } = await runPython(["-c", WRAPPER], program);
  const found = stderr.match(/BENCH_MAKESPAN ([\d.e-]+)/);
  if (!found) throw new Error(stderr.trim().split("\n").at(-1));
  return { ms: Number(found[1]) * 1000, elapsed: Number(stdout.match(/^elapsed: ([\d.]+)s$/m)?.[1] ?? NaN) * 1000 };
}

export async function pythonVersion() {
  return runPython(["-c", "import sys; print(sys.version.split()[0])"])
    .then(({ stdout }) => stdout.trim() || "unknown", () => "missing");
}

export async function measureCpython(ctx) {
  const version = await pythonVersion();
  const startup = median(await repeat(ctx.repeats, async () => (await runPython(["-c", "pass"])).ms));
  // `[label, slug, query, shown]`: the fidelity settings (wait's FIRST_COMPLETED among
  // them), then the gather and pool groups' programs, under the labels they ran with.
  const programs = [
    ...SETTINGS.map(([label, slug, query]) => [label, slug, query,
      `/${slug}${query ? `?${query}` : " (defaults)"}${query.includes("free-threaded") ? " (python3 has the GIL)" : ""}`]),
    ...[10, 100, 1000].map((n) => [`gather N=${n}`, "gather", `durations=${spreadSeconds(n).join(",")}`, `/gather, ${n} durations 0.05–0.5 s`]),
    ["thread-pools 8 × 0.1 s CPU gil max_workers=2", "thread-pools", `durations=${Array(8).fill(0.1).join(",")}&work=cpu&interpreter=gil&max_workers=2`,
      "/thread-pools, 8 × 0.1 s CPU, max_workers=2, GIL"],
  ];
  const rows = [];
  for (const [label, slug, query, shown] of programs) {
    // Reuses the live groups' runs of the same program; runs it here if they did not.
    const result = await lessonRuns(ctx, label, slug, query);
    const live = result.runs.map((r) => r.live);
    const browser = `browser ${median(live).toFixed(1)} ms (${Math.min(...live).toFixed(1)}–${Math.max(...live).toFixed(1)}), model ${result.model.toFixed(1)} ms`;
    try {
      const runs = await repeat(ctx.repeats, async () => {
        const wall = performance.now();
        const found = await makespan(result.program);
        return { ...found, process: performance.now() - wall };
      });
      const elapsed = runs.map((r) => r.elapsed).filter(Number.isFinite);
      rows.push(row({
        figure: "CPython beside it",
        what: `${shown}: makespan in CPython ${version}`,
        unit: "ms",
        samples: runs.map((r) => r.ms),
        note: `${browser}; ` +
          (elapsed.length ? `its own "elapsed:" line ${median(elapsed).toFixed(0)} ms; ` : "") +
          `whole process − python3 -c pass (${startup.toFixed(0)} ms): ${(median(runs.map((r) => r.process)) - startup).toFixed(0)} ms`,
      }));
    } catch (error) {
      rows.push({ ...row({ figure: "CPython beside it", what: shown, unit: "ms", samples: [] }), note: `not measured: python3 failed: ${error.message}; ${browser}` });
    }
  }
  return rows;
}
