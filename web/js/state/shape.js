// What the network's shape allows (docs/theory.md section 2): the hierarchy task fixes Ni and No, and
// the hidden width restricts the sign of λ.

import { lookup } from '../data/store.js';
/** @import { PageState } from './schema.js' */

/**
 * The admissible λ of a shape: [min, max] (NaN, NaN for a bottleneck), and why when restricted.
 * @typedef {{ min: number, max: number, reason: string }} LambdaRange
 */

/** @param {PageState} state @returns {{ ni: number, no: number }} */
export function taskDims(state) {
  if (state.task === 'hierarchy') return { ni: 2 ** state.depth, no: state.features === 'contrasts' ? 2 ** state.depth : 2 ** (state.depth + 1) - 1 };
  const data = state.task === 'data' ? lookup('data', state.data) : null;
  if (data) return { ni: data.X.length, no: data.Y.length };
  return { ni: state.ni, no: state.no };
}

// A task designed by its spectrum has min(Ni, No) modes: the first values of the list are used
// (the rest are kept for a wider network), and missing ones are 0.
/** @param {PageState} state @returns {{ used: number[], modes: number, unused: number[], missing: number }} */
export function spectrumValues(state) {
  const { ni, no } = taskDims(state);
  const modes = Math.min(ni, no);
  const used = state.spectrum.slice(0, modes);
  return { used, modes, unused: state.spectrum.slice(modes), missing: Math.max(0, modes - used.length) };
}

// The admissible interval of λ for this shape, with a sentence saying why when it is restricted.
/** @param {number} ni @param {number} nh @param {number} no @returns {LambdaRange} */
export function lambdaRange(ni, nh, no) {
  if (nh < Math.min(ni, no)) {
    return { min: NaN, max: NaN, reason: `a hidden layer narrower than min(Ni, No) = ${Math.min(ni, no)} is a bottleneck, which λ-balanced initializations do not cover` };
  }
  const widerThanInput = nh > ni, widerThanOutput = nh > no;
  if (widerThanInput && widerThanOutput) return { min: 0, max: 0, reason: `Nh = ${nh} is wider than both Ni = ${ni} and No = ${no}, so only λ = 0 is λ-balanced` };
  if (widerThanInput) return { min: 0, max: Infinity, reason: `Nh = ${nh} > Ni = ${ni} (an inverted funnel) allows only λ ≥ 0` };
  if (widerThanOutput) return { min: -Infinity, max: 0, reason: `Nh = ${nh} > No = ${no} (a funnel) allows only λ ≤ 0` };
  return { min: -Infinity, max: Infinity, reason: '' };
}

// The values of `lambdas` this shape admits, and the others: {kept, dropped, reason}.
/**
 * @param {number[]} lambdas @param {number} ni @param {number} nh @param {number} no
 * @returns {{ kept: number[], dropped: number[], reason: string, range: LambdaRange }}
 */
export function splitAdmissible(lambdas, ni, nh, no) {
  const range = lambdaRange(ni, nh, no);
  const admissible = (/** @type {number} */ l) => l >= range.min && l <= range.max;
  return { kept: lambdas.filter(admissible), dropped: lambdas.filter((l) => !admissible(l)), reason: range.reason, range };
}

/** @param {PageState} state */
export function isBalancedInit(state) {
  return state.init === 'balanced' || state.init === 'aligned';
}
