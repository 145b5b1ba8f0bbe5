// Reductions over the results of many engine runs that every experiment view reports. Pure.
/** @import { ExperimentResult, MatrixSeries, TaskRecord } from '../../wasm/ldyn.mjs' */
import { pageMessage } from '../engine/messages.js';
import { isWhite, symmetricEigen } from '../data/whitening.js';

// How many runs' gradient descent blew up.
/** @param {readonly ExperimentResult[]} results */
export function divergedCount(results) {
  return results.filter((r) => r.simulation?.diverged).length;
}

// Why the exact solution was not given, for the first run without one (undefined if all have it),
// in the page's words.
/** @param {readonly ExperimentResult[]} results @returns {string | undefined} */
export function firstUnavailable(results) {
  const reason = results.find((r) => r.exactUnavailable)?.exactUnavailable;
  return reason && pageMessage(reason);
}

// The last value of a series.
/** @template T @param {ArrayLike<T> | null | undefined} series @returns {T | undefined} */
export const last = (series) => series?.[series.length - 1];

// The last matrix of a series of matrices (a Tensor [T, R, C]), as rows; undefined if there is none.
/** @param {MatrixSeries | null | undefined} series */
export const lastMatrix = (series) => series?.at(-1)?.rows();

// Whether the task's inputs are white (X Xᵀ/P = I to 1e-8, as the engine decides for data used as they are).
/** @param {TaskRecord} task */
export const taskIsWhite = (task) => isWhite(task.X.rows().map((row) => Array.from(row)));

// Where the singular values of the network function end up: the task's s for white inputs; for
// inputs used as they are, those of the least-squares Σyx Σxx⁻¹ — or null when Σxx is singular (the
// end then depends on the initial weights).
/** @param {TaskRecord} task @returns {number[] | null} */
export function limitSingularValues(task) {
  if (taskIsWhite(task)) return Array.from(task.s);
  const X = task.X.rows().map((row) => Array.from(row));
  const P = X[0].length;
  const sxx = X.map((a) => X.map((b) => a.reduce((sum, x, k) => sum + x * b[k], 0) / P));
  const { values, vectors } = symmetricEigen(sxx);
  if (!(values.at(-1) > 1e-12 * values[0])) return null;
  // M = Σyx Σxx⁻¹ = Σyx Q diag(1/d) Qᵀ, then the square roots of the eigenvalues of M Mᵀ.
  const inverse = sxx.map((_, i) => sxx.map((__, j) => values.reduce((sum, d, k) => sum + (vectors[i][k] * vectors[j][k]) / d, 0)));
  const m = task.syx.rows().map((row) => inverse.map((col) => row.reduce((sum, x, i) => sum + x * col[i], 0)));
  const mmt = m.map((a) => m.map((b) => a.reduce((sum, x, k) => sum + x * b[k], 0)));
  return symmetricEigen(mmt).values.slice(0, task.s.length).map((v) => Math.sqrt(Math.max(0, v)));
}

// The lowest loss any network can reach on a task, ½P⁻¹ min_W ‖Y − WX‖²: ½P⁻¹‖Y‖² − ½‖Σyx‖² for
// white inputs, else ½P⁻¹‖Y‖² − ½ tr(Σyx Σxx⁺ Σxy) (inputs used as they are, docs/theory.md section 12).
/** @param {TaskRecord} task */
export function lossFloor(task) {
  const P = task.X.shape[1];
  let yy = 0;
  for (const v of task.Y.data) yy += v * v;
  const X = task.X.rows().map((row) => Array.from(row));
  let explained = 0;
  if (isWhite(X)) {
    for (const s of task.s) explained += s * s;
  } else {
    // Σ over the eigenvectors q of Σxx (eigenvalue d > 0 beyond rounding) of ‖Σyx q‖² / d.
    const sxx = X.map((a) => X.map((b) => a.reduce((sum, x, k) => sum + x * b[k], 0) / P));
    const { values, vectors } = symmetricEigen(sxx);
    const syx = task.syx.rows();
    values.forEach((d, j) => {
      if (!(d > 1e-12 * values[0])) return;
      for (const row of syx) {
        const along = row.reduce((sum, x, i) => sum + x * vectors[i][j], 0);
        explained += (along * along) / d;
      }
    });
  }
  return Math.max(0, (0.5 * yy) / P - 0.5 * explained);
}
