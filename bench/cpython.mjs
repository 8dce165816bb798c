// CPython beside the browser: the same gather, wait, thread and pool programs (rendered
// by interleave_core::python::render, which is what the panel shows) run by python3 on
// this machine. The makespan is timed from the program's own `START = time.perf_counter()`
// to the end of the program, like the browser's timeline end.
import { spawn } from "node:child_process";
import { row, repeat, median } from "./stats.mjs";
import { openHooks, pythonProgram, runLive, gather, waitFirstCompleted, threadsCpu, poolCpu, spreadSeconds } from "./scenarios.mjs";

const PYTHON = process.env.PYTHON ?? "python3";
const WRAPPER = `
import sys, time
source = sys.stdin.read()
scope = {"__name__": "__main__"}
began = time.perf_counter()
exec(compile(source, "lesson.py", "exec"), scope)
ended = time.perf_counter()
print("BENCH_MAKESPAN", ended - scope.get("START", began), file=sys.stderr)
`;

function runPython(program) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ["-c", WRAPPER], { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", () => {
      const found = stderr.match(/BENCH_MAKESPAN ([\d.e-]+)/);
      found ? resolve(Number(found[1]) * 1000) : reject(new Error(stderr.trim().split("\n").at(-1)));
    });
    child.stdin.end(program);
  });
}

export async function pythonVersion() {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ["-c", "import sys; print(sys.version.split()[0])"]);
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("close", () => resolve(out.trim() || "unknown"));
    child.on("error", () => resolve("missing"));
  });
}

export async function measureCpython({ browser, server, repeats, makespans }) {
  const version = await pythonVersion();
  const { page, context } = await openHooks(browser, server.url);
  const scenarios = {
    "gather N=10": gather(spreadSeconds(10)),
    "gather N=100": gather(spreadSeconds(100)),
    "gather N=1000": gather(spreadSeconds(1000)),
    "wait FIRST_COMPLETED 0.3, 0.1, 0.2": waitFirstCompleted([0.3, 0.1, 0.2]),
    "threads 0.2, 0.3 s CPU, GIL": threadsCpu([0.2, 0.3]),
    "pool 8 × 0.1 s CPU, max_workers=2, GIL": poolCpu(Array(8).fill(0.1), 2, "Gil"),
  };
  const rows = [];
  for (const [label, scenario] of Object.entries(scenarios)) {
    const program = await pythonProgram(page, scenario);
    // Reuse the live groups' runs of the same scenario; run it here if they did not.
    makespans[label] ??= (await repeat(repeats, () => runLive(page, scenario))).map((r) => r.timeline.end / 1000);
    const browserTimes = makespans[label];
    const browserText = browserTimes.length
      ? `browser ${median(browserTimes).toFixed(1)} ms (${Math.min(...browserTimes).toFixed(1)}–${Math.max(...browserTimes).toFixed(1)})`
      : "browser: not measured";
    try {
      rows.push(row({
        figure: "CPython beside it",
        what: `${label}: makespan in CPython ${version}`,
        unit: "ms",
        samples: await repeat(repeats, () => runPython(program)),
        note: browserText,
      }));
    } catch (error) {
      rows.push({ ...row({ figure: "CPython beside it", what: label, unit: "ms", samples: [] }), note: `not measured: python3 failed: ${error.message}; ${browserText}` });
    }
  }
  await context.close();
  return rows;
}
