// Numbers on axes, colour bars, tooltips and summaries: round tick values for linear and log10
// axes, labels with just enough digits, and ranges for flat data. Pure: importable from Node.

// A range narrower than this fraction of its magnitude is flat: double precision cannot draw it.
export const FLAT = 1e-12;

/** @param {number} a */
const exponential = (a) => a >= 1e5 || a < 1e-3;

// '1.500e+8' -> '1.5e+8', '2.0e-16' -> '2e-16'.
/** @param {string} text */
const trimMantissa = (text) => text.replace(/\.?0+e/, 'e');

// '0.500' -> '0.5', '2.000' -> '2', '-0.000' -> '0'.
/** @param {string} text */
function trimFixed(text) {
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}

// A number in at most 3 significant digits, in exponent form outside [1e-3, 1e5); '—' if missing.
/** @param {number} v */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

// A number in `digits` significant digits without trailing zeros (tooltips, summaries):
// 0.5312, 1.235e+8, 2.2e-16; '—' if missing.
/** @param {number} v */
export function formatValue(v, digits = 4) {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  return exponential(Math.abs(v)) ? trimMantissa(v.toExponential(digits - 1)) : String(Number(v.toPrecision(digits)));
}

// Significant digits for a value read off an axis spanning `range`: 4, or more when the axis is
// so narrow that 4 would not tell apart values a hundredth of the axis apart (at most 12).
/** @param {number} v @param {number} range */
export function readingDigits(v, range) {
  const needed = Math.ceil(Math.log10(Math.abs(v) / (range / 100)));
  return Number.isFinite(needed) ? Math.min(12, Math.max(4, needed)) : 4;
}

// Decimals needed to write multiples of `step` exactly: 0.25 -> 2, 0.2 -> 1, 5 -> 0, 50 -> -1.
/** @param {number} step */
export function stepDecimals(step) {
  const d0 = -Math.floor(Math.log10(step)) || 0; // not -0
  for (let d = d0; d < d0 + 3; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * scaled) return d;
  }
  return d0 + 3;
}

// One tick value written to `decimals` places (negative: tens, hundreds...), in exponent form or not.
/** @param {number} v @param {number} decimals @param {boolean} inExponentForm */
function formatTick(v, decimals, inExponentForm) {
  if (!inExponentForm) return trimFixed(v.toFixed(Math.min(100, Math.max(0, decimals))));
  const digits = Math.floor(Math.log10(Math.abs(v))) + decimals;
  return trimMantissa(v.toExponential(Math.min(16, Math.max(0, digits))));
}

// The labels of an axis's tick values: each with the digits that tell it from its neighbours,
// derived from the spacing (one step for a linear axis, each tick's nearest gap on a log axis),
// in exponent form for very large or small magnitudes (per axis, or per tick on a log axis).
/** @param {readonly number[]} values @param {{ log?: boolean }} [options] @returns {string[]} */
export function tickLabels(values, { log = false } = {}) {
  const gaps = values.map((v, i) => Math.min(
    i > 0 ? Math.abs(v - values[i - 1]) || Infinity : Infinity,
    i < values.length - 1 ? Math.abs(values[i + 1] - v) || Infinity : Infinity));
  const maxAbs = Math.max(0, ...values.map(Math.abs));
  const smallest = Math.min(...gaps);
  // A lone tick (or only equal ones): three significant digits.
  const fallback = maxAbs > 0 ? 10 ** (Math.floor(Math.log10(maxAbs)) - 2) : 1;
  // Two significant digits: a step is a round number, give or take floating-point noise.
  /** @param {number} i */
  const stepOf = (i) => {
    const step = log ? gaps[i] : smallest;
    return Number.isFinite(step) ? Number(step.toPrecision(2)) : fallback;
  };
  /** @type {string[]} */
  let labels = [];
  // Neighbours could still print alike (a bound tick off the step): add digits until they differ.
  for (let extra = 0; extra <= 6; extra++) {
    labels = values.map((v, i) => {
      const step = stepOf(i);
      if (!Number.isFinite(v)) return '';
      if (Math.abs(v) < step * 1e-6) return '0';
      // On a log axis from 1e4 up, so that decades read 1000, 1e+4, 1e+5 (not 10000, 1e+5).
      const inExponentForm = log ? Math.abs(v) >= 1e4 || exponential(Math.abs(v)) : exponential(maxAbs);
      return formatTick(v, stepDecimals(step) + extra, inExponentForm);
    });
    if (labels.every((label, i) => i === 0 || label !== labels[i - 1] || values[i] === values[i - 1])) break;
  }
  return labels;
}

// Whether [lo, hi] is too narrow to draw: below FLAT of its magnitude, or a single value.
/** @param {number} lo @param {number} hi */
export function isFlat(lo, hi) {
  return !(hi - lo > FLAT * Math.max(Math.abs(lo), Math.abs(hi)));
}

// The range to draw data spanning [lo, hi]: itself, or for flat data a band around the value
// (±5 % of it, or ±1 around 0), so that a constant reads as a constant and not as noise.
/** @param {number} lo @param {number} hi @returns {[number, number]} */
export function paddedRange(lo, hi) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !isFlat(lo, hi)) return [lo, hi];
  const v = (lo + hi) / 2, pad = v === 0 ? 1 : 0.05 * Math.abs(v);
  return [v - pad, v + pad];
}

// Ticks for a log10 axis spanning [lo, hi] (log10 units): decades, with 2 and 5 (or more) when
// the span is short; at most about `maxCount` of them (every 2nd, 5th, 10th... decade).
/** @param {number} lo @param {number} hi @returns {number[]} */
export function logTicks(lo, hi, maxCount = 7) {
  const span = hi - lo;
  const mantissas = span * 6 <= maxCount + 1 ? [1, 1.5, 2, 3, 5, 7] : span * 3 <= maxCount + 1 ? [1, 2, 5] : [1];
  const every = [1, 2, 5, 10, 20, 25, 50, 100].find((k) => span / k <= maxCount) ?? Math.ceil(span / maxCount);
  const ticks = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    if (mantissas.length === 1 && e % every !== 0) continue;
    for (const m of mantissas) {
      const v = e + Math.log10(m);
      if (v >= lo - 1e-9 && v <= hi + 1e-9) ticks.push(v);
    }
  }
  return ticks.length >= 2 ? ticks : [lo, hi];
}

// About `count` round values covering [lo, hi] (multiples of 1, 2, 2.5 or 5 times a power of 10).
/** @param {number} lo @param {number} hi @returns {number[]} */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / (Math.max(2, count) - 1), magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * magnitude;
  const ticks = [];
  // k * step, not a running sum: no accumulated rounding; 15 digits remove the last bit of noise.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(15)) || 0);
  return ticks;
}

// A log axis for positive data in [min, max]: whole decades when it spans one or more, ticks from
// logTicks; over less than half a decade, round values as on a linear axis. Values, not logs.
/** @param {number} min @param {number} max @returns {{ min: number, max: number, ticks: number[] }} */
export function logAxis(min, max, maxCount = 7) {
  let lo = Math.log10(min), hi = Math.log10(max);
  if (hi - lo < 0.5) {
    const ticks = niceTicks(min, max, Math.min(6, Math.max(3, maxCount))).filter((v) => v > 0);
    return { min, max, ticks: ticks.length >= 2 ? ticks : [min, max] };
  }
  if (hi - lo >= 1) [lo, hi] = [Math.floor(lo + 1e-9), Math.ceil(hi - 1e-9)];
  const ticks = logTicks(lo, hi, maxCount).map((v) => Number((10 ** v).toPrecision(12)));
  return { min: 10 ** lo, max: 10 ** hi, ticks };
}
