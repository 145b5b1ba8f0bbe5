// What whitening does to the user's X (Ni × P, items as columns), told before the engine runs:
// the engine centres X and multiplies it by Σxx^(-1/2), Σxx = Xc Xcᵀ / P (core/src/math/task.cpp).
// Pure: importable from Node.
import { formatValue } from '../charts/ticks.js';

// The engine's thresholds: unwhitened X must satisfy max |X Xᵀ/P − I| ≤ 1e-8, and an eigenvalue of
// Σxx at or below 1e-10 of the largest counts as zero.
export const WHITE_TOLERANCE = 1e-8;
export const RANK_TOLERANCE = 1e-10;
// Beyond this condition number whitening is worth a warning.
export const ILL_CONDITIONED = 1e6;

// Eigenvalues (descending) and eigenvectors (columns of `vectors`) of a small symmetric matrix by
// cyclic Jacobi rotations: simple, accurate for small eigenvalues, and fast enough for the page's
// 32 inputs (0.1 ms) — a few seconds at the engine's 512.
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

export const symmetricEigenvalues = (matrix) => symmetricEigen(matrix).values;

// M Mᵀ / P for M with rows of length P.
function gram(m, items) {
  return m.map((ri) => m.map((rj) => {
    let sum = 0;
    for (let k = 0; k < items; k++) sum += ri[k] * rj[k];
    return sum / items;
  }));
}

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
 */
/** @param {number[][]} X @returns {WhiteningAnalysis} */
export function analyzeWhitening(X) {
  const inputs = X.length;
  const items = X[0].length;
  const means = X.map((row) => row.reduce((s, x) => s + x, 0) / items);
  const centred = X.map((row, i) => row.map((x) => x - means[i]));
  const covariance = gram(centred, items);
  const raw = gram(X, items);
  const base = { inputs, items, means };
  if (!covariance.flat().every(Number.isFinite) || !raw.flat().every(Number.isFinite)) {
    return { ...base, problem: 'X has values too large for double precision: X Xᵀ overflows', canWhiten: false, white: false, summary: '' };
  }
  const eigenvalues = symmetricEigenvalues(covariance);
  const largest = eigenvalues[0];
  const threshold = RANK_TOLERANCE * Math.max(largest, 1e-300);
  const rank = eigenvalues.filter((x) => x > threshold).length;
  const canWhiten = largest > 0 && rank === inputs;
  const condition = canWhiten ? largest / eigenvalues[inputs - 1] : Infinity;
  let whiteDeviation = 0;
  raw.forEach((row, i) => row.forEach((x, j) => { whiteDeviation = Math.max(whiteDeviation, Math.abs(x - (i === j ? 1 : 0))); }));
  const white = whiteDeviation <= WHITE_TOLERANCE;

  const few = items <= inputs ? ` (${items} item${items === 1 ? '' : 's'}, once centred, span at most ${items - 1} direction${items === 2 ? '' : 's'})` : '';
  const rankText = `X has rank ${rank} < ${inputs} input${inputs === 1 ? '' : 's'} after centring${few}`;
  const spectrum = `Σxx has eigenvalues ${list(eigenvalues)}`;
  let summary;
  let problem = null;
  if (white && canWhiten) {
    summary = `X is already white (X Xᵀ/P = I within ${WHITE_TOLERANCE}): whitening is optional; it would centre X and ` +
      `multiply it by Σxx^(-1/2) (${spectrum}, condition number ${formatValue(condition, 3)}).`;
  } else if (white) {
    summary = `X is already white (X Xᵀ/P = I within ${WHITE_TOLERANCE}) and is used as it is; it cannot be whitened again: ` +
      `centred, it has rank ${rank} < ${inputs}${few}.`;
  } else if (canWhiten) {
    summary = `X is not white (X Xᵀ/P differs from I by ${formatValue(whiteDeviation, 3)}), so it is whitened: centred ` +
      `(means ${list(means)}) and multiplied by Σxx^(-1/2); ${spectrum}, condition number ${formatValue(condition, 3)}.`;
  } else {
    problem = `${rankText}: it cannot be whitened; remove a redundant input or add items`;
    summary = `${spectrum}.`;
  }
  // Not an error, but whitening then multiplies the smallest directions (often noise) by √condition.
  const warning = canWhiten && condition > ILL_CONDITIONED
    ? `Σxx is ill-conditioned (condition number ${formatValue(condition, 2)}): whitening magnifies its smallest direction ` +
      `${formatValue(Math.sqrt(condition), 2)} times more than its largest`
    : null;
  return { ...base, covariance, eigenvalues, rank, condition, white, whiteDeviation, canWhiten,
    whitenRequired: !white, problem, warning, summary };
}
