// Whether a figure's runs have converged by their last recorded time, so that a curve that is still
// moving is not read as where training ends. Measured as the hierarchy view and Figure 5 do: the
// loss gap L(T) − L* as a fraction of L(0) − L*, L* the lowest loss of the run's (last) task.
import { lossFloor } from '../experiments/results.js';
/** @import { ExperimentResult } from '../../wasm/ldyn.mjs' */

// A run whose gap is larger than this has visibly not finished (1B's λ = 0 at t = 12: 0.024).
export const FIGURE_CONVERGED_GAP = 1e-4;

/**
 * The loss gap at the end of a trajectory (NaN when the run has no loss or no task).
 * @param {ExperimentResult} result @param {'exact' | 'simulation'} trajectory
 */
export function lossGapAtEnd(result, trajectory) {
  const loss = result[trajectory]?.loss, task = result.tasks?.at(-1);
  if (!loss || !task || loss.length < 2) return NaN;
  const floor = lossFloor(task);
  return Math.max(0, loss[loss.length - 1] - floor) / Math.max(loss[0] - floor, 1e-300);
}

/**
 * The trajectories of a run that have not converged by its last time: [{trajectory, gap}].
 * @param {ExperimentResult} result
 */
export function unconvergedTrajectories(result) {
  /** @type {Array<{ trajectory: 'exact' | 'simulation', gap: number }>} */
  const out = [];
  for (const trajectory of /** @type {const} */ (['exact', 'simulation'])) {
    const gap = lossGapAtEnd(result, trajectory);
    if (Number.isFinite(gap) && gap > FIGURE_CONVERGED_GAP) out.push({ trajectory, gap });
  }
  return out;
}

// "2.4 %" of the way from the initial loss to the lowest loss still left.
/** @param {number} gap */
export const gapPercent = (gap) => `${Number((100 * gap).toPrecision(2))} %`;
