// What whitening does to the user's X (Ni × P, items as columns), told before the engine runs:
// the engine centres X and multiplies it by Σxx^(-1/2), Σxx = Xc Xcᵀ / P (core/src/math/task.cpp).
// Pure: importable from Node.
import { formatValue } from '../charts/ticks.js';

// The engine's thresholds: X used as it is counts as white when max |X Xᵀ/P − I| ≤ 1e-8 (otherwise
// it trains on Σxx = X Xᵀ/P, docs/theory.md section 12), and an eigenvalue of
// the inputs' correlation matrix at or below 1e-10 of the largest counts as zero.
export const WHITE_TOLERANCE = 1e-8;
export const RANK_TOLERANCE = 1e-10;
// Beyond this condition number of the inputs' correlations whitening is worth a warning.
export const ILL_CONDITIONED = 1e6;
// Beyond this estimate of Σxx's condition number the engine refuses to whiten (core/src/math/task.cpp).
export const MAX_WHITENING_CONDITION = 1e14;
// Inputs whose standard deviations differ more than this are said to be in different units.
const SCALES_APART = 100;

// Eigenvalues (descending) and eigenvectors (columns of `vectors`) of a small symmetric matrix by
// cyclic Jacobi rotations: simple, accurate for small eigenvalues, and fast enough for the page's
// 32 inputs (0.1 ms) — a few seconds at the engine's 512.
/** @param {readonly ArrayLike<number>[]} matrix @returns {{ values: number[], vectors: number[][] }} */
export function symmetricEigen(matrix) {
  const n = matrix.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const v = Array.from({ length: n }, (_, i) => { const r = new Float64Array(n); r[i] = 1; return r; });
  let norm = 0;
  for (const row of a) for (const x of row) norm += x * x;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off <= 1e-30 * norm || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p][q];
        if (apq === 0) continue;
        // tan of the angle that zeroes a[p][q]: the smaller root of t² + 2θt − 1 = 0.
        const theta = (a[q][q] - a[p][p]) / (2 * apq);
        const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta)
          : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) { // columns p, q: A J
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) { // rows p, q: Jᵀ A
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0;
        a[q][p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = a.map((row, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  return {
    values: order.map((i) => a[i][i]),
    vectors: v.map((row) => order.map((i) => row[i])),
  };
}

/** @param {readonly ArrayLike<number>[]} matrix @returns {number[]} */
export const symmetricEigenvalues = (matrix) => symmetricEigen(matrix).values;

// M Mᵀ / P for M with rows of length P.
/** @param {readonly ArrayLike<number>[]} m @param {number} items @returns {number[][]} */
function gram(m, items) {
  return m.map((ri) => m.map((rj) => {
    let sum = 0;
    for (let k = 0; k < items; k++) sum += ri[k] * rj[k];
    return sum / items;
  }));
}

// Whether the engine takes X (Ni rows of P values) as white when it is used as it is: max |X Xᵀ/P − I| ≤ 1e-8.
/** @param {number[][]} X */
export function isWhite(X) {
  const raw = gram(X, X[0].length);
  return raw.every((row, i) => row.every((x, j) => Math.abs(x - (i === j ? 1 : 0)) <= WHITE_TOLERANCE));
}

// x · 2^k without overflow in 2^k (k may exceed 1023 for subnormal data).
/** @param {number} x @param {number} k */
const ldexp = (x, k) => x * 2 ** Math.trunc(k / 2) * 2 ** (k - Math.trunc(k / 2));
/** @param {number[][]} rows */
const largestAbs = (rows) => rows.reduce((m, row) => row.reduce((n, x) => Math.max(n, Math.abs(x)), m), 0);
// The power of two that brings the largest |entry| near 1: multiplying by it is exact.
/** @param {number[][]} rows */
const unitExponent = (rows) => { const m = largestAbs(rows); return m > 0 && Number.isFinite(m) ? -Math.floor(Math.log2(m)) : 0; };
/** @param {number[][]} rows @param {number} k */
const scaledBy = (rows, k) => rows.map((row) => row.map((x) => ldexp(x, k)));

// The correlations of the rows (each input standardised: the rank then does not depend on the
// inputs' units) and their standard deviations in the rows' units, as the engine computes them
// (core/src/math/task.cpp): each row rescaled exactly, then divided by its norm.
/** @param {number[][]} rows @param {number} items */
function correlations(rows, items) {
  /** @type {number[]} */
  const deviations = [];
  const standard = rows.map((row) => {
    const k = unitExponent([row]);
    const r = row.map((x) => ldexp(x, k));
    const norm = Math.hypot(...r);
    deviations.push(norm > 0 ? ldexp(norm, -k) / Math.sqrt(items) : 0);
    return norm > 0 ? r.map((x) => x / norm) : r;
  });
  return { matrix: gram(standard, items).map((row) => row.map((x) => x * items)), deviations };
}

/** @param {number[]} values @param {number} [max] */
const list = (values, max = 8) => values.slice(0, max).map((x) => formatValue(x, 3)).join(', ') +
  (values.length > max ? `, … (${values.length} in all)` : '');

// Everything the data dialog says about whitening X (Ni rows of P values):
//   {inputs, items, means, covariance (Σxx of the centred X), eigenvalues (descending), rank,
//    condition (λmax/λmin; Infinity when singular), white, whiteDeviation (max |X Xᵀ/P − I|),
//    canWhiten, whitenRequired, problem (null or why the data cannot be used), warning, summary}
/**
 * @typedef {object} WhiteningAnalysis (the optional fields are absent when X Xᵀ overflows)
 * @property {number} inputs
 * @property {number} items
 * @property {number[]} means
 * @property {number[][]} [covariance]
 * @property {number[]} [eigenvalues]
 * @property {number} [rank]
 * @property {number} [condition]
 * @property {boolean} white
 * @property {number} [whiteDeviation]
 * @property {boolean} canWhiten
 * @property {boolean} [whitenRequired]
 * @property {string | null} problem
 * @property {string | null} [warning]
 * @property {string} summary
 * @property {number} [spread] the ratio of the inputs' largest to smallest standard deviation
 */
/** @param {number[][]} X @returns {WhiteningAnalysis} */
export function analyzeWhitening(X) {
  const inputs = X.length;
  const items = X[0].length;
  // Computed on X rescaled by a power of two (exact): data in units of 1e-160 or 1e160 read as in 1.
  const k = unitExponent(X);
  const unit = scaledBy(X, k);
  const unitMeans = unit.map((row) => row.reduce((s, x) => s + x, 0) / items);
  const centred = unit.map((row, i) => row.map((x) => x - unitMeans[i]));
  const means = unitMeans.map((m) => ldexp(m, -k));
  const unitCovariance = gram(centred, items);
  const covariance = scaledBy(unitCovariance, -2 * k);
  const raw = gram(X, items);
  const base = { inputs, items, means };
  if (!unitCovariance.flat().every(Number.isFinite)) {
    return { ...base, problem: 'X has values too large for double precision: X Xᵀ overflows', canWhiten: false, white: false, summary: '' };
  }
  const unitEigenvalues = symmetricEigenvalues(unitCovariance);
  const eigenvalues = unitEigenvalues.map((x) => ldexp(x, -2 * k));
  // The rank and the conditioning from the correlations: independent inputs in units 1e5 apart
  // are two inputs, not one.
  const { matrix: correlation, deviations: unitDeviations } = correlations(centred, items);
  const deviations = unitDeviations.map((d) => ldexp(d, -k));
  const correlationValues = symmetricEigenvalues(correlation);
  const threshold = RANK_TOLERANCE * Math.max(correlationValues[0], 1e-300);
  const rank = correlationValues.filter((x) => x > threshold).length;
  const canWhiten = correlationValues[0] > 0 && rank === inputs;
  const spread = Math.max(...unitDeviations) / Math.min(...unitDeviations);
  const dependence = canWhiten ? correlationValues[0] / correlationValues[inputs - 1] : Infinity;
  // Σxx's condition number as the engine estimates it before whitening (scales² × correlations),
  // and as its eigenvalues give it (shown).
  const estimate = canWhiten ? spread * spread * dependence : Infinity;
  const tooSpread = canWhiten && !(estimate <= MAX_WHITENING_CONDITION);
  const smallest = unitEigenvalues[inputs - 1];
  const condition = !canWhiten ? Infinity : smallest > 0 ? unitEigenvalues[0] / smallest : estimate;
  let whiteDeviation = 0;
  raw.forEach((row, i) => row.forEach((x, j) => { whiteDeviation = Math.max(whiteDeviation, Math.abs(x - (i === j ? 1 : 0))); }));
  const white = whiteDeviation <= WHITE_TOLERANCE;

  const few = items <= inputs ? ` (${items} item${items === 1 ? '' : 's'}, once centred, span at most ${items - 1} direction${items === 2 ? '' : 's'})` : '';
  const rankText = `X has rank ${rank} < ${inputs} input${inputs === 1 ? '' : 's'} after centring${few}`;
  // Σxx of data in units beyond 1e154 cannot be written in double precision, though X can be whitened.
  const spectrum = eigenvalues.every(Number.isFinite) ? `Σxx has eigenvalues ${list(eigenvalues)}`
    : `Σxx has eigenvalues beyond double precision (X’s values are ${formatValue(largestAbs(X), 2)} in magnitude)`;
  const differs = Number.isFinite(whiteDeviation) ? `differs from I by ${formatValue(whiteDeviation, 3)}` : 'overflows double precision';
  const deviationText = `the inputs’ standard deviations range from ${formatValue(Math.min(...deviations), 3)} to ${formatValue(Math.max(...deviations), 3)}`;
  // Inputs in different units: whitening puts them on one scale, which is no reason for concern.
  const scales = canWhiten && spread > SCALES_APART ? `; ${deviationText}: whitening puts them on one scale` : '';
  let summary;
  let problem = null;
  if (white && canWhiten) {
    summary = `X is already white (X Xᵀ/P = I within ${WHITE_TOLERANCE}): whitening is optional; it would centre X and ` +
      `multiply it by Σxx^(-1/2) (${spectrum}, condition number ${formatValue(condition, 3)}).`;
  } else if (white) {
    summary = `X is already white (X Xᵀ/P = I within ${WHITE_TOLERANCE}) and is used as it is; it cannot be whitened again: ` +
      `centred, it has rank ${rank} < ${inputs}${few}.`;
  } else if (tooSpread) {
    problem = `X cannot be whitened in double precision: Σxx would have a condition number of about ${formatValue(estimate, 2)} ` +
      `(more than ${formatValue(MAX_WHITENING_CONDITION)}), as ${deviationText} and their correlations have condition number ` +
      `${formatValue(dependence, 2)}; rescale the inputs to similar units or remove a nearly redundant one`;
    summary = `${spectrum}.`;
  } else if (canWhiten) {
    summary = `X is not white (X Xᵀ/P ${differs}), so it is whitened: centred ` +
      `(means ${list(means)}) and multiplied by Σxx^(-1/2); ${spectrum}, condition number ${formatValue(condition, 3)}${scales}.`;
  } else {
    problem = `${rankText}: it cannot be whitened; remove a redundant input or add items`;
    summary = `${spectrum}.`;
  }
  // Not an error, but whitening then multiplies the weakest combination of the standardised
  // inputs (often noise) by √(its condition number).
  const warning = canWhiten && !tooSpread && dependence > ILL_CONDITIONED
    ? `the inputs are nearly linearly dependent (their correlations have condition number ${formatValue(dependence, 2)}): whitening magnifies ` +
      `their weakest combination ${formatValue(Math.sqrt(dependence), 2)} times more than their strongest`
    : null;
  return { ...base, covariance, eigenvalues, rank, condition, white, whiteDeviation, canWhiten: canWhiten && !tooSpread,
    whitenRequired: !white, problem, warning, summary, spread };
}
