// Colours that stay distinguishable with the common colour-vision deficiencies: the Okabe–Ito
// palette for curves and a blue–white–red diverging map for heatmaps.

export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function curveColor(i) {
  return OKABE_ITO[i % OKABE_ITO.length];
}

// Sequential colours for an ordered family (e.g. curves across λ): dark blue -> orange.
export function familyColor(fraction) {
  const from = [0, 60, 140], to = [230, 120, 0];
  const c = from.map((v, k) => Math.round(v + (to[k] - v) * Math.min(1, Math.max(0, fraction))));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

// value in [-1, 1] -> blue (negative), white (0), red (positive).
const NEGATIVE = [33, 102, 172], POSITIVE = [178, 24, 43], WHITE = [247, 247, 247];
export function divergingColor(value) {
  const t = Math.min(1, Math.abs(value));
  const end = value < 0 ? NEGATIVE : POSITIVE;
  const c = WHITE.map((w, k) => Math.round(w + (end[k] - w) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
