// The λ values an experiment sweeps: evenly spaced values, and the part of [−λmax, λmax] that a
// network shape admits (a funnel allows only λ ≤ 0, an inverted funnel only λ ≥ 0). Pure: no DOM.
/** @import { Shape } from '../state/schema.js' */
/** @import { LambdaRange } from '../state/shape.js' */
/** @typedef {{ lo: number, hi: number, range: LambdaRange, single: boolean, clipped: boolean }} LambdaSpan */
import { lambdaRange, splitAdmissible } from '../state/shape.js';

// n evenly spaced values from lo to hi, rounded for display.
/** @param {number} lo @param {number} hi @param {number} n @returns {number[]} */
export function linspace(lo, hi, n) {
  if (n === 1) return [lo];
  return Array.from({ length: n }, (_, i) => Number((lo + ((hi - lo) * i) / (n - 1)).toPrecision(6)));
}

// The admissible part [lo, hi] of [−lambdaMax, lambdaMax] for the shape Ni-Nh-No. `single`: only one
// λ is left (lo = hi, or NaN for a bottleneck shape); `clipped`: the shape cut the interval short.
/** @param {number} lambdaMax @param {Shape} shape @returns {LambdaSpan} */
export function lambdaSpan(lambdaMax, [ni, nh, no]) {
  const range = lambdaRange(ni, nh, no);
  const lo = Math.max(-lambdaMax, range.min), hi = Math.min(lambdaMax, range.max);
  const single = !(hi > lo);
  return { lo, hi, range, single, clipped: !single && (lo > -lambdaMax || hi < lambdaMax) };
}

// n values across the span, or its one value when it has only one.
/** @param {LambdaSpan} span @param {number} n @returns {number[]} */
export function spanValues(span, n) {
  return span.single ? [span.lo] : linspace(span.lo, span.hi, n);
}

// The compared λ values that the shape admits.
/** @param {number[]} lambdas @param {Shape} shape @returns {number[]} */
export function admissibleLambdas(lambdas, [ni, nh, no]) {
  return splitAdmissible(lambdas, ni, nh, no).kept;
}

