// Gradient descent against the gradient flow: for each (λ, η) of a grid, how far gradient descent
// with step η departs from the exact flow, where it diverges, where it overshoots and comes back (a
// catapult), and how far it lets λ drift (the flow conserves λ, gradient descent only to O(η²) a
// step). For aligned weights gradient descent is, mode by mode, an exact scalar map, which the view
// draws against the full simulation. Pure: no DOM.
import { experimentConfig } from '../state/config.js';
import { taskDims } from '../state/shape.js';
import { lambdaSpan, spanValues } from './sweep.js';
import { logspace } from './phase-grid.js';
import { lossFloor } from './results.js';
/** @import { PageState } from '../state/schema.js' */
/** @import { ExperimentConfig, ExperimentResult, MatrixSeries } from '../../wasm/ldyn.mjs' */

export const LAMBDA_COUNT = 17;
export const ETA_COUNT = 16;
const CELL_POINTS = 61;
const DETAIL_POINTS = 301;
// A simulated loss that rises this much above its start before it falls back is a catapult.
const CATAPULT_RISE = 1.05;

// The stability edge of gradient descent at the flow's end point: the fastest mode moves by η·2μ
// per step, μ = √(s_max² + λ²/4), and the end point is stable only for η·2μ_max < 2.
/** @param {number} sMax @param {number} lambda */
export const edgeEta = (sMax, lambda) => 1 / Math.hypot(sMax, lambda / 2);

// Recorded times that are whole numbers of steps of η (so gradient descent and the flow are
// compared at the very same times), from 0 to the last whole step before T.
/** @param {number} eta @param {number} T @param {number} count */
export function stepTimes(eta, T, count) {
  const steps = Math.max(1, Math.floor((T / eta) * (1 + 1e-12)));
  const ks = new Set(Array.from({ length: count }, (_, i) => Math.round((i * steps) / (count - 1))));
  return [...ks].sort((a, b) => a - b).map((k) => k * eta);
}

// A first run that reads the task (its singular values fix the η range and the norm of the gap).
/** @param {PageState} state @returns {ExperimentConfig} */
export function probeConfig(state) {
  return { ...experimentConfig(state, ['loss', 'task'], 0), times: [0], exact: false, simulate: false };
}

// The grid: λ across the admissible part of ±λmax, η log-spaced from well inside the edge (at the
// largest |λ|) to four times beyond it (at λ = 0).
/** @param {PageState} state @param {number} sMax */
export function learningRatePlan(state, sMax) {
  const { ni, no } = taskDims(state);
  const span = lambdaSpan(state.lambdaMax, [ni, state.nh, no]);
  const lambdas = spanValues(span, LAMBDA_COUNT);
  const widest = Math.max(...lambdas.map(Math.abs));
  const etas = logspace(0.01 * edgeEta(sMax, widest), 4 * edgeEta(sMax, 0), ETA_COUNT);
  const cells = etas.flatMap((eta, r) => lambdas.map((lambda, c) => ({ r, c, lambda, eta })));
  const configs = cells.map(({ lambda, eta }) => cellConfig(state, lambda, eta, CELL_POINTS, false));
  return { lambdas, etas, cells, configs, sMax, span };
}

/** @param {PageState} state @param {number} lambda @param {number} eta @param {number} points @param {boolean} withTask */
export function cellConfig(state, lambda, eta, points, withTask) {
  const metrics = /** @type {const} */ (['loss', 'networkFunction', 'balanceDeviation']);
  return { ...experimentConfig(state, withTask ? [...metrics, 'task'] : metrics, lambda), learningRate: eta, times: stepTimes(eta, state.T, points) };
}

// The network in detail: the state's λ and learning rate, with more time points and the task.
/** @param {PageState} state */
export const detailConfig = (state) => cellConfig(state, state.lambda, state.lr, DETAIL_POINTS, true);

/** @param {PageState} state */
export const learningRateKey = (state) => JSON.stringify([probeConfig(state), state.lambdaMax, detailConfig(state)]);

// ‖a[t] − b[t]‖_F of two series of matrices of one shape (Tensors [T, R, C]).
/** @param {MatrixSeries} a @param {MatrixSeries} b @param {number} t */
function distanceAt(a, b, t) {
  const stride = a.stride;
  let sum = 0;
  for (let k = t * stride; k < (t + 1) * stride; k++) sum += (a.data[k] - b.data[k]) ** 2;
  return Math.sqrt(sum);
}

// What one cell shows: the gap ‖W₂W₁(GD) − W₂W₁(flow)‖_F / ‖Σyx‖_F, largest over the recorded
// times; whether gradient descent diverged; whether its loss rose before it fell (catapult); the
// balance it ended with, ‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖_F (0 under the flow).
/** @param {ExperimentResult} result @param {number} syxNorm */
export function cellSummary(result, syxNorm) {
  const sim = result.simulation, exact = result.exact;
  const loss = sim ? Array.from(sim.loss) : [];
  // Diverged: stopped by the engine (an entry past 1e100), or still growing at the end of training
  // (a loss a thousand times its start: it has left the task behind and has not come back).
  const diverged = Boolean(sim?.diverged) || (loss.length > 0 && !(loss.at(-1) < 1e3 * loss[0]));
  let gap = NaN;
  if (sim && exact && !diverged) {
    gap = 0;
    for (let i = 0; i < sim.networkFunction.length; i++) gap = Math.max(gap, distanceAt(sim.networkFunction, exact.networkFunction, i) / syxNorm);
  }
  const catapult = !diverged && loss.length > 1 && Math.max(...loss) > CATAPULT_RISE * loss[0] && loss.at(-1) < loss[0];
  const drift = sim?.balanceDeviation?.length && !diverged ? sim.balanceDeviation.at(-1) : NaN;
  return { gap, diverged, catapult, drift };
}

// ‖Σyx‖_F and the largest singular value, from a result that holds the task.
/** @param {ExperimentResult} result */
export function taskScale(result) {
  const s = Array.from(result.tasks[0].s);
  return { sMax: s[0] ?? 0, syxNorm: Math.hypot(...s) || 1 };
}

// Gradient descent on aligned weights, mode by mode: a₁ ← a₁ + η a₂ (s − a₁a₂), a₂ ← a₂ + η a₁ (s − a₁a₂)
// (both from the same step), exactly what the full simulation does in the task's singular bases.
// Returns the loss at the recorded times of `result` (floor + ½ Σ (s_i − a_i)²), or null when the
// weights are not aligned with the task (then the modes do not decouple).
/** @param {ExperimentResult} result @param {number} eta */
export function modeMapLoss(result, eta) {
  const task = result.tasks?.[0], w = result.initialWeights;
  if (!task || !w?.W1 || !w?.W2) return null;
  const u = task.u.rows(), v = task.v.rows(), s = task.s;
  const W1 = w.W1.rows(), W2 = w.W2.rows(), k = s.length;
  const column = (/** @type {Float64Array[]} */ m, /** @type {number} */ j) => Array.from(m, (row) => row[j]);
  const times = Array.from(result.times);
  // The mode's gains: a₁ = ‖W₁vᵢ‖, a = uᵢᵀW₂W₁vᵢ; aligned when W₁vᵢ and W₂ᵀuᵢ are one direction.
  /** @type {number[]} */
  const a1 = [];
  /** @type {number[]} */
  const a2 = [];
  for (let i = 0; i < k; i++) {
    const vi = column(v, i), ui = column(u, i);
    const h = W1.map((row) => row.reduce((sum, x, j) => sum + x * vi[j], 0)); // W₁vᵢ
    const g = W2[0].map((_, j) => W2.reduce((sum, row, o) => sum + row[j] * ui[o], 0)); // W₂ᵀuᵢ
    const gain1 = Math.hypot(...h), gain2 = Math.hypot(...g);
    const dot = h.reduce((sum, x, j) => sum + x * g[j], 0);
    if (!(gain1 > 0 && gain2 > 0) || Math.abs(Math.abs(dot) - gain1 * gain2) > 1e-9 * gain1 * gain2) return null;
    a1.push(gain1);
    a2.push(dot / gain1);
  }
  const floor = lossFloor(task);
  const lossNow = () => floor + 0.5 * a1.reduce((sum, x, i) => sum + (s[i] - x * a2[i]) ** 2, 0);
  const out = [];
  let step = 0;
  for (const t of times) {
    const target = Math.round(t / eta);
    for (; step < target; step++) {
      for (let i = 0; i < k; i++) {
        const e = s[i] - a1[i] * a2[i];
        [a1[i], a2[i]] = [a1[i] + eta * a2[i] * e, a2[i] + eta * a1[i] * e];
      }
    }
    out.push(lossNow());
  }
  return out;
}

// What the view exports: every cell's numbers, the detail run's curves, and the configurations.
/** @param {ReturnType<typeof learningRatePlan>} plan @param {ReturnType<typeof cellSummary>[]} summaries @param {ExperimentResult} detail @param {number[] | null} mapLoss */
export function learningRateExport(plan, summaries, detail, mapLoss) {
  return {
    csv() {
      const lines = ['lambda,learning rate,edge learning rate,gap of W2W1 (Frobenius / ||Syx||),diverged,catapult,balance deviation at T'];
      plan.cells.forEach((cell, i) => {
        const s = summaries[i];
        lines.push(`${cell.lambda},${cell.eta},${edgeEta(plan.sMax, cell.lambda)},${s.gap},${s.diverged},${s.catapult},${s.drift}`);
      });
      lines.push('', `detail at lambda = ${detail.lambda}: t,loss (exact),loss (simulation),loss (per-mode map)`);
      const exact = detail.exact?.loss, sim = detail.simulation?.loss;
      Array.from(detail.times).forEach((t, i) => lines.push(`${t},${exact?.[i] ?? ''},${sim?.[i] ?? ''},${mapLoss?.[i] ?? ''}`));
      return `${lines.join('\n')}\n`;
    },
    json: () => ({ link: globalThis.location?.href, lambdas: plan.lambdas, etas: plan.etas, sMax: plan.sMax, configs: plan.configs,
      cells: plan.cells.map((cell, i) => ({ ...cell, edge: edgeEta(plan.sMax, cell.lambda), ...summaries[i] })),
      detail: { times: Array.from(detail.times), exact: detail.exact && Array.from(detail.exact.loss), simulation: detail.simulation && Array.from(detail.simulation.loss), modeMap: mapLoss } }),
  };
}
