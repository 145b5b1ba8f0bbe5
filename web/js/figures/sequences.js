// The continual-learning and reversal-learning figures: a network trained on one task after the
// other, the exact solution continuing across every switch. Engine configurations with phases.
import { figureState, figureConfig, pairOf, entryPairs } from './common.js';
import { curveColor } from '../charts/palette.js';
import { formatNumber } from '../charts/ticks.js';
import { unconvergedTrajectories, gapPercent } from './convergence.js';

// Vertical dashed lines at the task switches, from `lo` to `hi`.
/** @import { ExperimentConfig } from '../../wasm/ldyn.mjs' */
/** @import { PlottedSeries } from './common.js' */
/** @param {readonly number[]} starts @param {number} lo @param {number} hi @returns {PlottedSeries[]} */
function switchLines(starts, lo, hi) {
  return starts.slice(1).map((t, k) => ({ label: `switch ${k + 1}`, x: [t, t], y: [lo, hi], color: '#888888', style: 'reference' }));
}

// The range of the series' values from time `from` on.
/** @param {readonly PlottedSeries[]} series @param {number} [from] @returns {[number, number]} */
function range(series, from = -Infinity) {
  let lo = Infinity, hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.y.length; i++) if (s.x[i] >= from && Number.isFinite(s.y[i])) [lo, hi] = [Math.min(lo, s.y[i]), Math.max(hi, s.y[i])];
  }
  const pad = 0.05 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

// What of the series lies outside [lo, hi], for a panel's title: the recorded times where some value
// does, as "t = 0" (one time) or "t ≤ 0.6" (all before that); '' when everything is on the axis.
/** @param {ReadonlyArray<{ x: ArrayLike<number>, y: ArrayLike<number> }>} series @param {number} lo @param {number} hi @returns {string} */
/** @param {readonly PlottedSeries[]} series @param {number} lo @param {number} hi */
function offScale(series, lo, hi) {
  /** @type {Set<number>} */
  const times = new Set();
  for (const s of series) for (let i = 0; i < s.y.length; i++) if (s.y[i] < lo || s.y[i] > hi) times.add(s.x[i]);
  if (!times.size) return '';
  const last = Math.max(...times);
  return times.size === 1 ? `t = ${formatNumber(last)}` : `some values at t ≤ ${formatNumber(last)}`;
}
/** @param {string} title @param {string} off */
/** @param {string} title @param {string} off */
const offScaleTitle = (title, off) => (off ? `${title} (${off} off the scale)` : title);

// Continual learning (the authors' notebook): a 5–5–5 network learns 4 random regression tasks in
// turn, 6000 steps each at learning rate 0.01, from their λ-balanced weights with λ = 1, σ = 1.
/** @import { PageState } from '../state/schema.js' */
/** @type {Partial<PageState>} */
export const CONTINUAL = { view: 'sequences', scenario: 'continual', ntasks: 4, phaseT: 60, ni: 5, nh: 5, no: 5, task: 'random', items: 25, taskSeed: 1,
  init: 'balanced', scaleOf: 'factors', sigma: 1, seed: 1, lambda: 1, lambdas: [1], lr: 0.01 };
const TASKS = 4;

/** @import { Figure } from './index.js' */
/** @type {Figure} */
export const continual = {
  id: 'continual',
  title: 'Continual learning: four tasks in turn, exact across every switch',
  caption: 'The network function W₂W₁(t) (top) and the loss on each task (bottom) while a network learns four tasks one after the other: the exact ' +
    'solution (black dotted) follows the simulation across every switch of task, and the loss on earlier tasks rises again as the network learns ' +
    'the later ones (forgetting).',
  inPaper: false, // the paper's continual-learning figure is not in the public material: this caption is ours
  made: [
    'From the authors’ continual-learning notebook: a 5–5–5 network, four random regression tasks of 25 items each (inputs whitened, each task with its ' +
    'own inputs and targets), their λ-balanced weights with λ = 1 and σ = 1 per layer, 6000 gradient steps per task at learning rate 0.01 (t = 60 each). ' +
    'The paper’s continual-learning figure is not in the public material; this is the notebook’s.',
    'The exact solution continues from the current QQᵀ with each new task’s Σyx; the balance W₂ᵀW₂ − W₁W₁ᵀ = λI does not change at a switch. ' +
    '“Change the settings” opens the continual-learning view, whose tasks share the inputs of task A.',
  ],
  columns: 1,
  link: CONTINUAL,
  async compute(submit) {
    const state = figureState(CONTINUAL);
    const base = figureConfig(state, ['loss', 'networkFunction', 'taskLosses'], state.lambda);
    delete base.task;
    const config = /** @type {ExperimentConfig} */ ({ ...base, phases: Array.from({ length: TASKS }, (_, k) => ({ task: { kind: 'random', items: state.items, seed: state.taskSeed + k }, duration: state.phaseT })),
      times: { end: TASKS * state.phaseT, count: TASKS * 100 + 1 } });
    const [r] = await submit([config]);
    const fn = entryPairs(0, r, 'networkFunction', 5, 5, 25);
    const losses = Array.from({ length: TASKS }, (_, k) => pairOf(0, r, { label: `task ${k + 1}`, color: curveColor(k), field: 'taskLosses', at: [k] })).flat();
    const starts = Array.from(r.phaseStarts);
    // The weights start large (σ = 1 per layer): the first moments of task 1 would flatten the rest.
    const from = state.phaseT / 5;
    const [fnLo, fnHi] = range(fn, from), [lossLo, lossHi] = range(losses, from);
    return {
      panels: [
        { id: 'function', kind: 'lines', area: [1, 1], title: offScaleTitle('Network function W₂W₁(t)', offScale(fn, fnLo, fnHi)), quantity: 'W₂W₁ entry', yTitle: 'W₂W₁(t)',
          yMin: fnLo, yMax: fnHi, series: [...fn, ...switchLines(starts, fnLo, fnHi)] },
        { id: 'losses', kind: 'lines', area: [2, 1], title: offScaleTitle('Loss on each task', offScale(losses, lossLo, lossHi)), quantity: 'loss', yTitle: 'loss', xTitle: 'training time t', legend: true,
          yMin: lossLo, yMax: lossHi, series: [...losses, ...switchLines(starts, lossLo, lossHi)] },
      ],
      runs: [{ config, result: r }],
    };
  },
};

// Reversal learning (Braun et al. 2022, with this paper's authors): a 4–6–4 network learns a task,
// then the same task with every target negated; λ = 0 (a hidden layer wider than both sides admits no other).
/** @type {Partial<PageState>} */
export const REVERSAL = { view: 'sequences', scenario: 'reversal', phaseT: 100, ni: 4, nh: 6, no: 4, task: 'random', items: 16, taskSeed: 1,
  init: 'balanced', scaleOf: 'product', sigma: 0.01, seed: 1, lambda: 0, lambdas: [0], lr: 0.05 };

/** @type {Figure} */
export const reversal = {
  id: 'reversal',
  title: 'Reversal learning: Σyx → −Σyx',
  caption: 'After a network has learned a task, every target changes sign. Each learned mode must shrink to zero and grow back with the opposite ' +
    'sign; near λ = 0 that path runs close to a saddle point, where learning stalls. The exact solution (black dotted) continues across the reversal.',
  inPaper: false, // reversal learning is Braun et al.'s setting, not a figure of this paper: this caption is ours
  made: [
    'The authors’ setting for reversal learning (Braun et al. 2022): a 4–6–4 network, 16 random whitened items, small λ-balanced weights (here σ = 0.01 ' +
    'on W₂W₁), learning rate 0.05 for 2000 steps (t = 100), then the reversed task for 8000 steps (t = 400). With Nh = 6 wider than both sides only λ = 0 ' +
    'is λ-balanced.',
    'Near the saddle, tiny differences grow exponentially: the exact flow and gradient descent may leave it at visibly different times. At λ = 0 a ' +
    'learned mode can only shrink to zero and grow back from whatever small component it has in another direction, so the time to escape is set ' +
    'by how close to the saddle each starts: here gradient descent (whose steps break the balance by O(η²)) recovers every mode, while the exact ' +
    'flow’s weakest mode is still at zero at t = 500.',
  ],
  columns: 2,
  link: { ...REVERSAL, phaseT: 100 },
  linkDiffers: 'the reversed task’s t = 400 (the view gives every task the same time, t = 100 here; raise “time per task” to relearn further)',
  async compute(submit) {
    const state = figureState(REVERSAL);
    const base = figureConfig(state, ['loss', 'singularValues', 'taskLosses', 'task'], 0);
    const config = /** @type {ExperimentConfig} */ ({ ...base, phases: [{ task: base.task, duration: 100 }, { task: { kind: 'reversed', phase: 0 } }], times: { end: 500, count: 501 } });
    delete config.task;
    const [r] = await submit([config]);
    const loss = pairOf(0, r, { label: 'loss on the task being trained', color: curveColor(0), field: 'loss' });
    // A trajectory still above its lowest loss at the end is labelled so: its end is not where relearning ends.
    const late = unconvergedTrajectories(r);
    const end = r.times[r.times.length - 1];
    for (const s of loss) {
      if (late.some((u) => u.trajectory === s.from?.trajectory)) s.label = s.label.replace(/( \(exact\))?$/, ` — not converged at t = ${formatNumber(end)}$1`);
    }
    const notes = late.map((u) => `Not converged at t = ${formatNumber(end)}: the ${u.trajectory === 'exact' ? 'exact solution' : 'gradient descent'}’s loss on the reversed ` +
      `task is still above the lowest possible loss, by ${gapPercent(u.gap)} of its distance from it at t = 0.`);
    const sv = [0, 1, 2, 3].flatMap((k) => pairOf(0, r, { label: `s${k + 1}`, color: curveColor(k), field: 'singularValues', at: [k] }));
    const starts = Array.from(r.phaseStarts);
    return {
      panels: [
        { id: 'loss', kind: 'lines', area: [1, 1], title: 'Loss', quantity: 'loss', yTitle: 'loss', xTitle: 'training time t', series: [...loss, ...switchLines(starts, ...range(loss))] },
        // From 0: singular values are never negative (rounding at the reversal's saddle is not a value below it).
        { id: 'singular', kind: 'lines', area: [1, 2], title: 'Singular values of W₂W₁', quantity: 'singular value', yTitle: 'singular value', xTitle: 'training time t',
          legend: true, yMin: 0, yMax: range(sv)[1] * 1.05, series: [...sv, ...switchLines(starts, 0, range(sv)[1])] },
      ],
      notes,
      runs: [{ config, result: r }],
    };
  },
};

