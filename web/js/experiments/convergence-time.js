// The time to converge of an exact trajectory: the first t at which its loss gap
// (L(t) − L*) / (L(0) − L*) is at most CONVERGED_GAP. The gradient flow never raises the loss
// (dL/dt = −‖∇L‖²), so the gap falls monotonically and the time is found by bisection on the exact
// solution itself — geometric, from FIRST_T to CONVERGED_T, to a relative 1e-6 in t — not by
// interpolating between recorded times. (For weights aligned with the task each mode's time is a
// quadrature in closed form: experiments/mode.js, timeBetween.) Pure: `submit` runs configurations.
import { lossFloor } from './results.js';
import { CONVERGED_T, CONVERGED_GAP } from './architectures.js';
/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */

export const FIRST_T = 1e-3;
// (CONVERGED_T / FIRST_T)^(2^-24) − 1 ≈ 1e-6: the relative width of the last bracket.
const ITERATIONS = 24;

/** @param {ExperimentConfig} config @param {number} t @returns {ExperimentConfig} */
const exactAt = (config, t) => ({ ...config, simulate: false, exact: true, times: [0, t], metrics: ['loss', 'task'] });

/** @param {ExperimentResult} r */
function gapOf(r) {
  const floor = lossFloor(r.tasks[0]);
  return Math.max(0, r.exact.loss[1] - floor) / Math.max(r.exact.loss[0] - floor, 1e-300);
}

// For each configuration (its task, weights and λ; its times are replaced): {time, converged}, time
// Infinity when the loss gap is still above CONVERGED_GAP at CONVERGED_T (or there is no exact solution).
/**
 * @param {ExperimentConfig[]} configs
 * @param {(configs: ExperimentConfig[]) => Promise<ExperimentResult[]>} submit
 * @returns {Promise<Array<{ time: number, converged: boolean }>>}
 */
export async function timesToConverge(configs, submit) {
  const end = await submit(configs.map((c) => exactAt(c, CONVERGED_T)));
  const ok = end.map((r) => Boolean(r.exact) && gapOf(r) <= CONVERGED_GAP);
  const lo = configs.map(() => FIRST_T), hi = configs.map(() => CONVERGED_T);
  const open = configs.map((_, i) => i).filter((i) => ok[i]);
  for (let k = 0; k < ITERATIONS && open.length; k++) {
    const mid = open.map((i) => Math.sqrt(lo[i] * hi[i]));
    const results = await submit(open.map((i, j) => exactAt(configs[i], mid[j])));
    results.forEach((r, j) => {
      const i = open[j];
      if (gapOf(r) <= CONVERGED_GAP) hi[i] = mid[j];
      else lo[i] = mid[j];
    });
  }
  return configs.map((_, i) => ({ time: ok[i] ? hi[i] : Infinity, converged: ok[i] }));
}
