// Small statistics and the result rows every figure group returns.

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The p-th percentile (0..100) by the nearest-rank method. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * One row of the results table.
 * - `samples`: every measured value (the median and min–max are derived from them);
 * - `target`: `{ text, met: (median) => boolean }`, or undefined for figures without one;
 * - `note`: anything a reader needs to interpret the figure.
 * A figure that could not be measured is a row with `notMeasured: "why"`.
 */
export function row({ figure, what, unit, samples, digits = 1, target, note = "" }) {
  const clean = samples.filter((value) => Number.isFinite(value));
  if (clean.length === 0) {
    return notMeasured({ figure, what, why: "no sample came back", target });
  }
  const med = median(clean);
  return {
    figure,
    what,
    unit,
    runs: clean.length,
    median: round(med, digits),
    min: round(Math.min(...clean), digits),
    max: round(Math.max(...clean), digits),
    samples: clean.map((value) => round(value, digits)),
    target: target?.text ?? "",
    met: target ? target.met(med) : null,
    note,
  };
}

export function notMeasured({ figure, what, why, target }) {
  return { figure, what, unit: "", runs: 0, median: null, min: null, max: null, samples: [], target: target?.text ?? "", met: null, note: `not measured: ${why}` };
}

export function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Runs `measure` `times` times in order and returns the values. */
export async function repeat(times, measure) {
  const values = [];
  for (let index = 0; index < times; index++) values.push(await measure(index));
  return values;
}
