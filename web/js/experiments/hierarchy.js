// What the semantic-hierarchy view (the paper's Figure 4) computes: the engine configurations of
// the learned-representation grid and of the sensitivity sweep across λ, which of the two a change
// of settings makes stale, and the pure reductions of their results. No DOM, no charts.
import { ENGINE_SCHEMA_VERSION } from '../state/config.js';
import { linspace } from './sweep.js';
import { last, lossFloor } from './results.js';
import { toPlain } from '../../wasm/ldyn.mjs';
/** @import { ExperimentConfig, GaussianInit, InitConfig, ExplicitInit, MetricName } from '../../wasm/ldyn.mjs' */
/** @import { PageState } from '../state/schema.js' */

/** @import { ExperimentResult, TaskRecord } from '../../wasm/ldyn.mjs' */
/** @typedef {{ lambda?: number, sigma?: number, init?: GaussianInit, label: string }} LearnedColumn a column of the learned grid: a λ-balanced network, or large weights (init) */
/** @typedef {{ curve: number[], monteCarlo: number[] }} SensitivityLambdas */
/** @typedef {'exact' | 'simulation'} TrajectoryName */
export { HIERARCHY_PRESET } from '../catalog.js'; // the catalog holds every view's preset
// Figure 4D: random large weights, i.i.d. Gaussian and so not λ-balanced (simulation only).
/** @type {GaussianInit} */
export const LARGE_WEIGHTS = { kind: 'gaussian', sigma: 1 };
export const CURVE_POINTS = 41;
export const MONTE_CARLO_POINTS = 9;

// One network on the hierarchy task (Nh = number of items), recorded at t = 0 and t = T.
// `init` replaces the λ-balanced initialization (e.g. LARGE_WEIGHTS).
/**
 * @param {PageState} state
 * @param {{ lambda?: number, sigma?: number, init?: Exclude<InitConfig, ExplicitInit>, metrics: MetricName[], simulate?: boolean, exact?: boolean,
 *   samples?: number, noiseSeed?: number }} options
 * @returns {ExperimentConfig}
 */
export function hierarchyConfig(state, { lambda, sigma = state.sigma, init, metrics, simulate = true, exact = true, samples = 0, noiseSeed = state.seed }) {
  const items = 2 ** state.depth;
  return {
    schemaVersion: ENGINE_SCHEMA_VERSION,
    dims: { hidden: items },
    task: { kind: 'hierarchy', depth: state.depth, features: state.features ?? 'nodes' },
    init: init ? { ...init, seed: state.seed } : { kind: 'balanced', lambda, sigma, seed: state.seed, scaleOf: state.scaleOf ?? 'product' },
    times: { end: state.T, count: 2 },
    learningRate: state.lr,
    simulate,
    exact,
    metrics,
    noise: { input: state.noise, parameter: state.noise, samples, seed: noiseSeed },
  };
}

// The columns of the learned-representation grid: the chosen λ, the compared λs, large weights.
/** @param {PageState} state @returns {LearnedColumn[]} */
export function learnedColumns(state) {
  const lambdas = [...new Set([state.lambda, ...state.lambdas])];
  return [...lambdas.map((lambda) => ({ lambda, sigma: state.sigma, label: `λ = ${lambda}${lambda === state.lambda ? ' (chosen)' : ''}` })),
    { init: LARGE_WEIGHTS, label: `random large weights (Gaussian, σ = ${LARGE_WEIGHTS.sigma}; not balanced)` }];
}

// The first column's run also reports the task (its SVD and RSMs).
/** @param {PageState} state @param {readonly LearnedColumn[]} columns */
export function learnedConfigs(state, columns) {
  return columns.map((c, i) => hierarchyConfig(state, { lambda: c.lambda, sigma: c.sigma, init: c.init, metrics: i === 0 ? ['loss', 'representations', 'task'] : ['loss', 'representations'] }));
}

// The columns whose network has not converged by T: [{label, trajectory, gap}] (gap: how much of the
// way from the initial loss to the lowest possible loss is still left).
/**
 * @param {readonly LearnedColumn[]} columns @param {readonly ExperimentResult[]} results @param {number} floor @param {number} [tolerance]
 * @returns {Array<{ label: string, trajectory: TrajectoryName, gap: number }>}
 */
export function unconverged(columns, results, floor, tolerance = 1e-6) {
  /** @type {Array<{ label: string, trajectory: TrajectoryName, gap: number }>} */
  const out = [];
  columns.forEach((column, i) => {
    for (const trajectory of /** @type {const} */ (['exact', 'simulation'])) {
      if (!results[i]?.[trajectory]) continue;
      const { converged, gap } = convergence(results[i], trajectory, floor, tolerance);
      if (!converged) out.push({ label: column.label, trajectory, gap });
    }
  });
  return out;
}

// λ of the closed-form curve and of the Monte Carlo points.
/** @param {PageState} state @returns {SensitivityLambdas} */
export function sensitivityLambdas(state) {
  return { curve: linspace(-state.lambdaMax, state.lambdaMax, CURVE_POINTS), monteCarlo: linspace(-state.lambdaMax, state.lambdaMax, MONTE_CARLO_POINTS) };
}

// Closed forms on the exact final state, then Monte Carlo estimates on the gradient-descent network.
/** @param {PageState} state @param {SensitivityLambdas} lambdas */
export function sensitivityConfigs(state, { curve, monteCarlo }) {
  // The loss too (at t = 0 and T only): a sensitivity "after training" is read on a converged network;
  // the first run also reports the task, whose lowest loss that is measured against.
  return [...curve.map((lambda, i) => hierarchyConfig(state, { lambda, metrics: i === 0 ? ['sensitivity', 'loss', 'task'] : ['sensitivity', 'loss'], simulate: false })),
    // Independent noise for every point, so that Monte Carlo errors show as scatter, not as a shared bias.
    ...monteCarlo.map((lambda, i) => hierarchyConfig(state, { lambda, metrics: ['sensitivity', 'loss'], exact: false, samples: state.samples, noiseSeed: state.seed + 1 + i }))];
}

// The settings each part depends on: the configurations it runs. The sensitivity sweep does not
// depend on the chosen λ: moving λ retrains only the grid.
/** @param {PageState} state */
export function hierarchyKeys(state) {
  return { learned: JSON.stringify(learnedConfigs(state, learnedColumns(state))), sensitivity: JSON.stringify(sensitivityConfigs(state, sensitivityLambdas(state))) };
}

// Everything one update computes: the parts whose key changed since `shown`, and their configs
// (the grid's runs first). `split(results)` hands each part its results.
/** @typedef {ReturnType<typeof hierarchyPlan>} HierarchyPlan */
/** @param {PageState} state @param {{ learned: string, sensitivity: string }} [shown] the keys of what is on screen */
export function hierarchyPlan(state, shown = { learned: '', sensitivity: '' }) {
  const keys = hierarchyKeys(state);
  const redo = { learned: keys.learned !== shown.learned, sensitivity: keys.sensitivity !== shown.sensitivity };
  const columns = learnedColumns(state);
  const lambdas = sensitivityLambdas(state);
  const learned = redo.learned ? learnedConfigs(state, columns) : [];
  const sensitivity = redo.sensitivity ? sensitivityConfigs(state, lambdas) : [];
  return {
    keys, redo, columns, lambdas, T: state.T,
    configs: [...learned, ...sensitivity],
    /** @param {readonly ExperimentResult[]} results in the order of `configs` */
    split(results) {
      const rest = results.slice(learned.length);
      return { learned: results.slice(0, learned.length), curves: rest.slice(0, lambdas.curve.length), points: rest.slice(lambdas.curve.length) };
    },
  };
}

// The task's matrices as drawn, each with the matrix whose largest |entry| sets its colour scale:
// Ũ and Ṽ cut to the modes (on the scale of the whole factor), S̃ as a diagonal matrix, the RSMs.
/** @param {TaskRecord} task @returns {Record<'u' | 's' | 'v' | 'inputRsm' | 'outputRsm', { matrix: ArrayLike<number>[], scaleFrom: ArrayLike<number>[] }>} */
export function taskMatrices(task) {
  const k = task.s.length;
  /** @param {Float64Array[]} m */
  const cut = (m) => m.map((row) => row.slice(0, k));
  const diagonal = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? task.s[i] : 0)));
  /** @param {ArrayLike<number>[]} matrix */
  const asIs = (matrix) => ({ matrix, scaleFrom: matrix });
  const u = task.u.rows(), v = task.v.rows();
  return { u: { matrix: cut(u), scaleFrom: u }, s: asIs(diagonal), v: { matrix: cut(v), scaleFrom: v },
    inputRsm: asIs(task.inputRsm.rows()), outputRsm: asIs(task.outputRsm.rows()) };
}

// The rows of the learned grid: [label, trajectory, field].
/** @type {Array<[label: string, trajectory: TrajectoryName, field: 'inputRepresentation' | 'outputRepresentation']>} */
export const LEARNED_ROWS = [['W₁ᵀW₁ · simulation', 'simulation', 'inputRepresentation'], ['W₁ᵀW₁ · theory', 'exact', 'inputRepresentation'],
  ['W₂W₂ᵀ · simulation', 'simulation', 'outputRepresentation'], ['W₂W₂ᵀ · theory', 'exact', 'outputRepresentation']];

// kind: 'input' | 'parameter'. The closed form at the end of training along the curve, and the
// Monte Carlo points that came out finite; each point says whether its network had converged by T
// (its loss within 1e-4 of the way to the task's floor, as the learned grid's notice counts).
/**
 * @param {'input' | 'parameter'} kind @param {SensitivityLambdas} lambdas
 * @param {readonly ExperimentResult[]} curves (the first with its task) @param {readonly ExperimentResult[]} points @param {number} [floor] the task's lowest loss
 */
export function sensitivitySeries(kind, lambdas, curves, points, floor = lossFloor(curves[0].tasks[0])) {
  const done = (/** @type {ExperimentResult} */ r, /** @type {TrajectoryName} */ trajectory) => convergence(r, trajectory, floor, SENSITIVITY_TOLERANCE).converged;
  return {
    closedForm: lambdas.curve.map((l, i) => ({ x: l, y: last(curves[i].exact?.sensitivity[kind]), converged: done(curves[i], 'exact') })),
    monteCarlo: lambdas.monteCarlo.map((l, i) => ({ x: l, y: points[i].simulation?.sensitivity.monteCarlo?.[kind], converged: done(points[i], 'simulation') }))
      .filter((p) => Number.isFinite(p.y)),
  };
}
export const SENSITIVITY_TOLERANCE = 1e-4;

// What the view shows, for download: CSV of the sensitivity curves and points, and of the learned
// RSMs (one row per matrix entry); JSON with every run.
/** @param {HierarchyPlan} plan @param {readonly ExperimentResult[]} results */
export function hierarchyExport(plan, results) {
  const { learned, curves, points } = plan.split(results);
  return {
    csv() {
      const lines = ['quantity,lambda,trajectory,value'];
      for (const kind of /** @type {const} */ (['input', 'parameter'])) {
        const { closedForm, monteCarlo } = sensitivitySeries(kind, plan.lambdas, curves, points);
        const late = (/** @type {{ converged: boolean }} */ p) => (p.converged ? '' : `; not converged by T = ${plan.T}`);
        for (const p of closedForm) lines.push(`${kind}-noise sensitivity,${p.x},exact (closed form${late(p)}),${p.y}`);
        for (const p of monteCarlo) lines.push(`${kind}-noise sensitivity,${p.x},simulation (Monte Carlo${late(p)}),${p.y}`);
      }
      plan.columns.forEach((column, i) => {
        for (const [label, which, field] of LEARNED_ROWS) {
          const matrix = learned[i]?.[which]?.[field]?.at(-1)?.rows();
          if (!matrix) continue;
          matrix.forEach((row, r) => row.forEach((v, c) => lines.push(`"${label.replace(/ ·.*/, '')}[${r + 1}][${c + 1}] (${column.label.replaceAll('"', "'")})",${column.lambda ?? ''},${which},${v}`)));
        }
      });
      return `${lines.join('\n')}\n`;
    },
    json: () => ({ link: globalThis.location?.href, columns: plan.columns, sensitivityLambdas: plan.lambdas, configs: plan.configs, results: toPlain(results) }),
  };
}


// The t → ∞ limit of the exact solution for a square network (Ni = Nh = No) from a generic
// initialization (docs/theory.md section 4), from the task's SVD Σyx = Ũ S̃ Ṽᵀ:
//   W1ᵀW1 → Ṽ (√(S̃² + λ²/4) − λ/2) Ṽᵀ,   W2W2ᵀ → Ũ (√(S̃² + λ²/4) + λ/2) Ũᵀ,
// each side written without cancellation (s² / (μ ± λ/2) when the difference would lose digits).
/** @param {TaskRecord} task @param {number} lambda @returns {{ inputRepresentation: Float64Array[], outputRepresentation: Float64Array[] }} */
export function squareLimit(task, lambda) {
  const k = task.s.length;
  /** @param {number} s @param {number} sign */
  const side = (s, sign) => {
    const mu = Math.hypot(s, lambda / 2);
    return sign * lambda > 0 ? mu + Math.abs(lambda) / 2 : (s * s) / (mu + Math.abs(lambda) / 2);
  };
  /** @param {Float64Array[]} basis @param {number[]} weights */
  const outer = (basis, weights) => Array.from({ length: basis.length }, (_, i) => Float64Array.from({ length: basis.length }, (_, j) => {
    let v = 0;
    for (let m = 0; m < k; m++) v += basis[i][m] * weights[m] * basis[j][m];
    return v;
  }));
  const s = Array.from(task.s);
  return { inputRepresentation: outer(task.v.rows(), s.map((x) => side(x, -1))), outputRepresentation: outer(task.u.rows(), s.map((x) => side(x, +1))) };
}

// Whether a run's loss at the end of training is within `tolerance` (relative to where it started)
// of the lowest loss the task allows: {converged, gap} for its trajectory ('exact' or 'simulation').
/** @param {ExperimentResult} result @param {TrajectoryName} trajectory @param {number} floor @param {number} [tolerance] */
export function convergence(result, trajectory, floor, tolerance = 1e-8) {
  const loss = result[trajectory]?.loss;
  if (!loss) return { converged: false, gap: NaN };
  const gap = (loss[loss.length - 1] - floor) / Math.max(loss[0] - floor, 1e-300);
  return { converged: gap <= tolerance, gap };
}
