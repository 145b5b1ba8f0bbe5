// One mode up close: a task with one singular value s, learned by a 1–1–1 network whose two weights
// a₁ (input side) and a₂ (output side) start λ-balanced, a₂² − a₁² = λ, with a = a₁a₂ = a(0). The
// gradient flow keeps λ and moves a along ȧ = √(λ² + 4a²)(s − a) (docs/theory.md §4): logistic at
// λ = 0, exponential for |λ| ≫ a. What is drawn is the engine's exact solution and gradient descent
// of that network; this module also gives the closed forms the view draws beside them. Pure.
import { timeAxisOf, logTimes } from '../state/times.js';
import { TIME_POINTS } from '../state/schema.js';
import { entrySeries } from '../charts/series.js';
/** @import { PageState } from '../state/schema.js' */
/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */

// The two weights of a λ-balanced mode of strength a: a₂² − a₁² = λ and a₁a₂ = a, a₁ ≥ 0. The larger
// one from the sum, the smaller as a / larger, so that neither is a difference of close numbers.
/** @param {number} a @param {number} lambda @returns {{ a1: number, a2: number }} */
export function modeWeights(a, lambda) {
  const r = Math.hypot(lambda, 2 * a);
  const large = Math.sqrt((r + Math.abs(lambda)) / 2);
  const small = large > 0 ? Math.abs(a) / large : 0;
  const [a1, a2] = lambda >= 0 ? [small, large] : [large, small];
  return { a1, a2: a < 0 ? -a2 : a2 };
}

// ȧ at a: the phase line of the mode.
/** @param {number} a @param {number} s @param {number} lambda */
export const modeRate = (a, s, lambda) => Math.hypot(lambda, 2 * a) * (s - a);

// The two limits the mode moves between: logistic at λ = 0 (from a(0) > 0), exponential when |λ| is
// much larger than a (ȧ ≈ |λ|(s − a)).
/** @param {number} t @param {number} s @param {number} a0 */
export const logisticLimit = (t, s, a0) => s / (1 + (s / a0 - 1) * Math.exp(-2 * s * t));
/** @param {number} t @param {number} s @param {number} a0 @param {number} lambda */
export const exponentialLimit = (t, s, a0, lambda) => s - (s - a0) * Math.exp(-Math.abs(lambda) * t);

// The time the flow takes from a0 to a (both on the same side of s), in closed form:
// ∫ da / (√(λ² + 4a²)(s − a)) = (1/R) ln((λ² + 4sa + R√(λ² + 4a²)) / |s − a|), R = √(λ² + 4s²).
// Infinite where the flow cannot go (past s, or through the saddle a = 0 at λ = 0).
/** @param {number} a0 @param {number} a @param {number} s @param {number} lambda */
export function timeBetween(a0, a, s, lambda) {
  // The flow moves a monotonically towards s and never past it, nor through the saddle a = 0 at λ = 0.
  if ((a - s) * (a0 - s) < 0 || Math.abs(a - s) > Math.abs(a0 - s)) return Infinity;
  if (lambda === 0 && a0 * a <= 0 && a0 !== a) return Infinity;
  const R = Math.hypot(lambda, 2 * s);
  const g = (/** @type {number} */ x) => Math.log((lambda * lambda + 4 * s * x + R * Math.hypot(lambda, 2 * x)) / Math.abs(s - x)) / R;
  const t = (g(a) - g(a0)) * Math.sign(s - a0);
  return Number.isFinite(t) && t >= 0 ? t : Infinity;
}

// The time at which the mode has gone `fraction` of the way from a(0) to s.
/** @param {number} s @param {number} lambda @param {number} a0 @param {number} fraction */
export const timeToFraction = (s, lambda, a0, fraction) => timeBetween(a0, a0 + fraction * (s - a0), s, lambda);

// The engine configuration of the mode at this λ: one input, one hidden unit, one output; one item
// x = 1 (already white), target s; the λ-balanced weights of a(0).
/** @param {PageState} state @param {number} [lambda] @returns {ExperimentConfig} */
export function modeConfig(state, lambda = state.lambda) {
  const { a1, a2 } = modeWeights(state.a0, lambda);
  return {
    dims: { input: 1, hidden: 1, output: 1 },
    task: { kind: 'custom', X: [[1]], Y: [[state.s]], whiten: false },
    init: { kind: 'explicit', W1: [[a1]], W2: [[a2]] },
    times: timeAxisOf(state) === 'log' ? logTimes(state.lr, state.T, TIME_POINTS - 1) : { end: state.T, count: TIME_POINTS },
    learningRate: state.lr,
    metrics: ['loss', 'networkFunction', 'representations'],
  };
}

// The runs the view needs: the mode at λ and at −λ (to show that a(t) is the same).
/** @param {PageState} state */
export const modeConfigs = (state) => [modeConfig(state), modeConfig(state, -state.lambda)];

/** @param {PageState} state */
export const modeKey = (state) => JSON.stringify(modeConfigs(state));

// a(t), a₁(t) and a₂(t) of one trajectory of a result ('exact' or 'simulation'; null if absent).
// The result holds a = a₁a₂, a₁² and a₂², not the signs (W₁, W₂ → −W₁, −W₂ changes nothing). The
// weight that cannot pass zero keeps its sign — a₂ for λ > 0 (a₂² ≥ λ), a₁ otherwise — and the other
// is a divided by it, so a mode whose a changes sign crosses a₁ = 0 (or a₂ = 0) as it does.
/** @param {ExperimentResult} result @param {'exact' | 'simulation'} which */
export function modeSeries(result, which) {
  const series = result[which];
  if (!series) return null;
  // The 1-1-1 network's matrices are 1 × 1: a series' entry [0][0] per time.
  const a = Array.from(entrySeries(series.networkFunction, 0, 0));
  const inner = Array.from(entrySeries(series.inputRepresentation, 0, 0), Math.sqrt);
  const outer = Array.from(entrySeries(series.outputRepresentation, 0, 0), Math.sqrt);
  const a2Sign = Math.sign(a[0]) || 1; // modeWeights puts the sign of a(0) on a₂
  /** @type {number[]} */
  const a1 = [];
  /** @type {number[]} */
  const a2 = [];
  a.forEach((value, i) => {
    if (result.lambda > 0) {
      a2.push(a2Sign * outer[i]);
      a1.push(outer[i] > 0 ? value / a2[i] : inner[i]);
    } else {
      a1.push(inner[i]);
      a2.push(inner[i] > 0 ? value / inner[i] : (Math.sign(value) || a2Sign) * outer[i]);
    }
  });
  return { times: Array.from(result.times).slice(0, a.length), a, a1, a2 };
}

// The largest difference between two series relative to s (how far λ and −λ are apart).
/** @param {number[]} x @param {number[]} y @param {number} s */
export const largestGap = (x, y, s) => Math.max(0, ...x.map((v, i) => Math.abs(v - y[i]))) / Math.max(Math.abs(s), 1e-300);

// What the view exports: every plotted trajectory and the configurations to recompute them.
/** @param {PageState} state @param {ExperimentResult[]} results */
export function modeExport(state, results) {
  const [plus, minus] = results;
  /** @type {string[]} */
  const rows = [];
  // Each run under the λ it was asked for (the engine reads λ back off the weights, to rounding).
  for (const [lambda, result] of /** @type {Array<[number, ExperimentResult]>} */ ([[state.lambda, plus], [-state.lambda, minus]])) {
    for (const which of /** @type {const} */ (['exact', 'simulation'])) {
      const m = modeSeries(result, which);
      if (m) m.times.forEach((t, i) => rows.push(`${lambda},${which},${t},${m.a[i]},${m.a1[i]},${m.a2[i]}`));
    }
  }
  return {
    csv: () => `lambda,trajectory,t,a = a1 a2,a1 (input weight),a2 (output weight)\n${rows.join('\n')}\n`,
    json: () => ({ link: globalThis.location?.href, s: state.s, a0: state.a0, lambda: state.lambda, configs: modeConfigs(state),
      trajectories: results.map((r) => ({ lambda: r.lambda, exact: modeSeries(r, 'exact'), simulation: modeSeries(r, 'simulation'), diverged: r.simulation?.diverged })) }),
  };
}
