// Fidelity per lesson: each simulation lesson's panel at its defaults and at the
// settings its text asks the learner to try (src/lessons/*.md, the paragraph before
// `<!-- simulation -->`), run live by clicking Run: the live makespan against the
// makespan the model predicted for the same program.
import { row, median } from "./stats.mjs";
import { lessonRuns } from "./panel.mjs";

/** `[label, slug, query]`: the query sets only what differs from the defaults. */
export const SETTINGS = [
  ["why-async", "why-async", ""],
  ["why-async mode=gather", "why-async", "mode=gather"],
  ["asyncio", "asyncio", ""],
  ["asyncio blocking=B", "asyncio", "blocking=B"],
  ["gather", "gather", ""],
  ["gather fail=B", "gather", "fail=B"],
  ["gather fail=B return_exceptions=true", "gather", "fail=B&return_exceptions=true"],
  ["wait", "wait", ""],
  ["wait return_when=FIRST_COMPLETED", "wait", "return_when=FIRST_COMPLETED"],
  ["wait timeout=0.05", "wait", "timeout=0.05"],
  ["wait FIRST_COMPLETED cancel_pending=true", "wait", "return_when=FIRST_COMPLETED&cancel_pending=true"],
  ["threads", "threads", ""],
  ["threads daemon=true join=none", "threads", "daemon=true&join=none"],
  ["threads work=io", "threads", "work=io"],
  ["threads interpreter=free-threaded", "threads", "interpreter=free-threaded"],
  ["thread-pools", "thread-pools", ""],
  ["thread-pools max_workers=1", "thread-pools", "max_workers=1"],
  ["thread-pools max_workers=5", "thread-pools", "max_workers=5"],
  ["thread-pools api=map", "thread-pools", "api=map"],
  ["thread-pools cancel_futures=true", "thread-pools", "cancel_futures=true"],
  ["processes", "processes", ""],
  ["processes executor=threads", "processes", "executor=threads"],
];

/** The note every live row carries: what the page said about the runs (medians). */
export function runNote(result) {
  const { runs, model } = result;
  const of = (key) => median(runs.map((r) => r[key]));
  const hidden = runs.some((r) => r.hidden) ? "; a run was distorted (tab hidden)" : "";
  return `live ${of("live").toFixed(1)} ms (${Math.min(...runs.map((r) => r.live)).toFixed(1)}–${Math.max(...runs.map((r) => r.live)).toFixed(1)}), ` +
    `model ${model.toFixed(1)} ms; behind CPython's pace ${of("behind").toFixed(0)} ms, timers late ${of("late").toFixed(1)} ms in all (medians)${hidden}`;
}

export async function measureFidelity(ctx) {
  const rows = [];
  for (const [label, slug, query] of SETTINGS) {
    const result = await lessonRuns(ctx, label, slug, query);
    rows.push(row({
      figure: "fidelity",
      what: `/${slug}${query ? `?${query}` : " (defaults)"}: live makespan ÷ model's − 1`,
      unit: "%",
      samples: result.runs.map((r) => (r.live / result.model - 1) * 100),
      digits: 1,
      note: runNote(result),
    }));
  }
  return rows;
}
