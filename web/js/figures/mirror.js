// In a square network (Ni = Nh = No) with whitened inputs the network function obeys
// dW/dt = (WWᵀ + λ²/4)^½ E + E (WᵀW + λ²/4)^½ with E = Σyx − W: the ±λ/2 of the two Gram matrices
// cancel, so W(t) (and the loss, the outputs, the singular values and the NTK) depend on λ only
// through λ², and the curves of λ and −λ coincide. This file measures that on the computed series, so
// a figure says so only where it actually happens. Pure: no DOM.
import { formatNumber } from '../charts/ticks.js';

// Exact curves that agree to this fraction of their size are the same curve (rounding only).
/** @import { PlottedSeries } from './common.js' */
/** @typedef {{ same: boolean, exact: number, simulation: number }} Mirrored whether ±λ coincide, and the largest gaps of the exact and the simulated series */
export const MIRROR_TOLERANCE = 1e-9;

// The largest |a − b| over two lists of series (same order, same lengths), and the largest |a|.
/** @param {readonly PlottedSeries[]} as @param {readonly PlottedSeries[]} bs */
function gapOf(as, bs) {
  let gap = 0, size = 0;
  as.forEach((a, k) => {
    const b = bs[k];
    if (!b || b.y.length !== a.y.length) gap = Infinity;
    else for (let i = 0; i < a.y.length; i++) [gap, size] = [Math.max(gap, Math.abs(a.y[i] - b.y[i])), Math.max(size, Math.abs(a.y[i]))];
  });
  return { gap, size };
}

// Whether the series of λ and of −λ coincide: {same, exact, simulation} with the largest gaps of the
// exact and the simulated series. `same` looks at the exact curves (the simulation differs at O(η):
// gradient descent is not symmetric under λ → −λ).
/** @param {readonly PlottedSeries[]} seriesOfLambda @param {readonly PlottedSeries[]} seriesOfMinusLambda @returns {Mirrored} */
export function mirrored(seriesOfLambda, seriesOfMinusLambda) {
  /** @param {readonly PlottedSeries[]} list @param {PlottedSeries['style']} style */
  const pick = (list, style) => list.filter((s) => s.style === style);
  const exact = gapOf(pick(seriesOfLambda, 'exact'), pick(seriesOfMinusLambda, 'exact'));
  const simulation = gapOf(pick(seriesOfLambda, 'simulation'), pick(seriesOfMinusLambda, 'simulation'));
  const same = exact.size > 0 && Number.isFinite(exact.gap) && exact.gap <= MIRROR_TOLERANCE * exact.size;
  return { same, exact: exact.gap, simulation: simulation.gap };
}

// "a, b and c", each name in running text (a capital kept only where the next letter is one: NTK).
/** @param {readonly string[]} names */
export function listOf(names) {
  const words = names.map((n) => n.replace(/^([A-Z])(?=[a-z])/, (c) => c.toLowerCase()));
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

// The sentence a figure shows when ±λ coincide: which quantities, and by how much the curves differ.
/** @param {readonly Mirrored[]} pairs @param {string} quantities */
export function mirrorNote(pairs, quantities) {
  const exact = Math.max(...pairs.map((p) => p.exact)), simulation = Math.max(...pairs.map((p) => p.simulation));
  return `In this square network λ and −λ give the same ${quantities}: the network function depends on λ only through λ² ` +
    `(the ±λ/2 of W₁ᵀW₁ and W₂W₂ᵀ cancel in its flow), so these curves of λ and −λ coincide — the exact ones to ${formatNumber(exact)}, ` +
    `gradient descent to ${formatNumber(simulation)} (its finite steps are not symmetric in λ).`;
}
