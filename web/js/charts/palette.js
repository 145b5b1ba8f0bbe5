// Colours that stay distinguishable with the common colour-vision deficiencies: the Okabe–Ito
// palette for curves, a blue–white–red diverging map for heatmaps and viridis for the phase diagram.

export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** @param {number} i */
export function curveColor(i) {
  return OKABE_ITO[i % OKABE_ITO.length];
}

// Sequential colours for an ordered family (e.g. curves across λ): dark blue -> orange.
/** @param {number} fraction */
export function familyColor(fraction) {
  const from = [0, 60, 140], to = [230, 120, 0];
  const c = from.map((v, k) => Math.round(v + (to[k] - v) * Math.min(1, Math.max(0, fraction))));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

// value in [-1, 1] -> blue (negative), white (0), red (positive).
const NEGATIVE = [33, 102, 172], POSITIVE = [178, 24, 43], WHITE = [247, 247, 247];
/** @param {number} value */
export function divergingColor(value) {
  const t = Math.min(1, Math.abs(value));
  const end = value < 0 ? NEGATIVE : POSITIVE;
  const c = WHITE.map((w, k) => Math.round(w + (end[k] - w) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

// Viridis (matplotlib), sampled at 11 points: a perceptually uniform sequential map that stays
// ordered for every common colour-vision deficiency and in greyscale.
const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725']
  .map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
const MISSING = 'rgb(200, 200, 200)';

// fraction in [0, 1] -> a viridis colour (dark purple -> yellow); grey when it is not a number.
/** @param {number} fraction */
export function sequentialColor(fraction) {
  if (!Number.isFinite(fraction)) return MISSING;
  const f = Math.min(1, Math.max(0, fraction)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(f)), w = f - i;
  const c = VIRIDIS[i].map((v, k) => Math.round(v + (VIRIDIS[i + 1][k] - v) * w));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
