// Figure 1B: the network's output over training from a range of relative scales λ, simulation
// solid and exact dotted.
import { figureState, figureConfig, seriesFrom, EXACT } from './common.js';
import { familyColor } from '../charts/palette.js';
import { mirrored, mirrorNote } from './mirror.js';
import { unconvergedTrajectories, gapPercent } from './convergence.js';

export const LAMBDAS = [-3, -2, -1, 0, 1, 2, 3];
/** @import { Figure } from './index.js' */
/** @import { FigurePanel, PlottedSeries } from './common.js' */
/** @import { PageState } from '../state/schema.js' */
/** @type {Partial<PageState>} */
const SETTINGS = { view: 'compare', lambdas: [-3, 0, 3], lambda: 0, ni: 3, nh: 3, no: 3, task: 'random', items: 10, taskSeed: 1,
  init: 'balanced', scaleOf: 'factors', sigma: 0.05, seed: 2, lr: 0.01, T: 12 };

/** @type {Figure} */
export default {
  id: '1b',
  title: 'Figure 1B: the network’s output over training, from a range of λ',
  caption: 'Network output for an example task over training time, starting from a range of relative scale values. The dynamics are ' +
    'influenced by the initialization. Solid lines represent simulations, while dotted lines indicate the analytical solutions derived in this work.',
  made: [
    'The paper does not give this panel’s settings and its authors’ public code has none for it; chosen here: a 3–3–3 network on 10 whitened ' +
    'random items, the authors’ λ-balanced weights with a small σ = 0.05 per layer, learning rate 0.01 to t = 12, and λ from −3 to 3. The curve is the ' +
    'output of unit 1 on item 1. (The closest public notebook uses a 5–10–2 network, but a hidden layer wider than both sides admits only λ = 0.)',
    'Near λ = 0 the output moves in sudden, sigmoidal stages (rich); for larger |λ| smoothly, like an exponential (lazy).',
  ],
  columns: 1,
  link: SETTINGS,
  linkDiffers: 'four of its seven λ: Compare λ opens with λ = −3, 0, 3 (add −2, −1, 1, 2 to its list for the rest)',
  async compute(submit) {
    const state = figureState(SETTINGS);
    // The loss and the task say whether each λ has converged by T (its curve is then its end point).
    const configs = LAMBDAS.map((lambda) => figureConfig(state, ['outputs', 'loss', 'task'], lambda));
    const results = await submit(configs);
    const late = LAMBDAS.map((lambda, i) => ({ lambda, trajectories: unconvergedTrajectories(results[i]) })).filter((l) => l.trajectories.length);
    const lateLabel = (/** @type {number} */ lambda) => (late.some((l) => l.lambda === lambda) ? ` — not converged at t = ${state.T}` : '');
    /** @type {PlottedSeries[]} */
    const series = [];
    LAMBDAS.forEach((lambda, i) => {
      const r = results[i];
      const color = familyColor(i / (LAMBDAS.length - 1));
      // A curve still moving at T is dashed and says so: its end is not where training ends.
      series.push({ label: `λ = ${lambda}${lateLabel(lambda)}`, x: r.times, y: seriesFrom(r, { trajectory: 'simulation', field: 'outputs', at: [0, 0] }), color,
        style: lateLabel(lambda) ? 'dashed' : 'simulation', from: { run: i, trajectory: 'simulation', field: 'outputs', at: [0, 0] } });
      series.push({ label: `λ = ${lambda}${lateLabel(lambda)} (exact)`, x: r.times, y: seriesFrom(r, { trajectory: 'exact', field: 'outputs', at: [0, 0] }), color: EXACT, style: 'exact',
        from: { run: i, trajectory: 'exact', field: 'outputs', at: [0, 0] } });
    });
    // ±λ: the same curve in this square network (checked on the series, not assumed).
    const ofLambda = (/** @type {number} */ lambda) => series.filter((_, k) => LAMBDAS[Math.floor(k / 2)] === lambda);
    const pairs = LAMBDAS.filter((l) => l > 0 && LAMBDAS.includes(-l)).map((l) => ({ lambda: l, ...mirrored(ofLambda(l), ofLambda(-l)) }));
    const same = pairs.filter((p) => p.same);
    const title = `B. Output of unit 1 on item 1${same.length ? ` (λ = ${same.map((p) => `±${p.lambda}`).join(', ')}: the same curve)` : ''}`;
    const notes = same.length ? [`${mirrorNote(same, 'output')} Each pair is drawn in two colours over each other, so one hides the other.`] : [];
    if (late.length) {
      notes.unshift(`Not converged at t = ${state.T}: ${late.map((l) => `λ = ${l.lambda} (${l.trajectories.map((u) => `${u.trajectory === 'exact' ? 'exact' : 'gradient descent'} ` +
        `${gapPercent(u.gap)}`).join(', ')} of the way from the initial loss to the lowest possible loss still left)`).join('; ')}, drawn dashed: ` +
        `${late.length === 1 ? 'its curve is' : 'their curves are'} still moving, and the end is not the learned output. ` +
        'Trained to convergence, every λ ends at the same output, the least-squares ' +
        'fit of the task, which does not depend on λ.');
    }
    /** @type {FigurePanel[]} */
    const panels = [{ id: 'outputs', kind: 'lines', area: [1, 1], title, quantity: 'output', yTitle: 'network output',
      xTitle: 'training time t', series, legend: true }];
    return { panels, notes, runs: configs.map((config, i) => ({ config, result: results[i] })) };
  },
};
