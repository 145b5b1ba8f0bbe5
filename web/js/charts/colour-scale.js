// How a quantity's values map to the [0, 1] of a sequential colour map (the phase diagram's cells
// and colour bar): linear, or in log scale for a positive quantity spanning a wide range. Pure.
import { FLAT } from './ticks.js';

// The kernel distance (fromZero): linearly from 0, so that dark always means lazy. The loss:
// linearly over its range, or in log scale when it spans more than a factor 20.
// `flat`: no range to show (one value, or a kernel distance of 0 everywhere); every value then
// maps to the low, dark end (fraction 0): every network lazy, or every loss the same.
// `relativeFlat`: a spread this small against the values counts as none (a loss that varies by
// 1e-5 across cells where every network has converged is the same loss, not a colour range).
/** @typedef {{ lo: number, hi: number, log: boolean, flat: boolean }} ColourScale lo, hi: log10 of the values when log */
/** @param {readonly number[]} values @param {boolean} fromZero @param {{ relativeFlat?: number }} [options] @returns {ColourScale} */
export function colourScale(values, fromZero, { relativeFlat = FLAT } = {}) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { lo: 0, hi: 1, log: false, flat: true };
  let lo = fromZero ? 0 : Math.min(...finite), hi = Math.max(...finite);
  const log = !fromZero && lo > 0 && hi / lo > 20;
  if (log) [lo, hi] = [Math.log10(lo), Math.log10(hi)];
  // From zero the values are absolute (a kernel distance is at most 2): 1e-12 is zero.
  const spread = log ? (10 ** hi - 10 ** lo) / 10 ** hi : (hi - lo) / Math.max(Math.abs(lo), Math.abs(hi));
  const flat = fromZero ? !(hi > FLAT) : !(spread > relativeFlat);
  return { lo, hi, log, flat };
}

// Where a value sits on the scale: 0 at its low end, 1 at its high end, clamped (a kernel
// distance of -1e-17 is 0); 0 on a flat scale; NaN for a missing value.
/** @param {ColourScale} scale @param {number} value */
export function fractionOf(scale, value) {
  if (!Number.isFinite(value)) return NaN;
  if (scale.flat) return 0;
  const v = scale.log ? Math.log10(Math.max(value, 1e-300)) : value;
  return Math.min(1, Math.max(0, (v - scale.lo) / (scale.hi - scale.lo)));
}
