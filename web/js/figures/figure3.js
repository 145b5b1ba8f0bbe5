// Figure 3: the singular values of the network function over training for λ = −2, 0, 2, with the
// task's singular values they converge to.
import { figureState, figureConfig, logTimes, pairOf, lambdaLabel } from './common.js';
import { curveColor } from '../charts/palette.js';
import { SETTINGS, LAMBDAS } from './figure2.js';
import { mirrored, mirrorNote } from './mirror.js';

/** @import { Figure } from './index.js' */
/** @import { LinesPanel } from './common.js' */
/** @type {Figure} */
export default {
  id: '3',
  title: 'Figure 3: singular values of the network function for λ = −2, 0, 2',
  caption: 'Simulated and analytical dynamics of the singular values of the network function with relative scale of A. λ = −2, B. λ = 0, or ' +
    'C. λ = 2.',
  made: [
    'The same networks as Figure 2 (3–3–3, 10 whitened random items, the authors’ λ-balanced weights with σ = 1 per layer, learning rate 2·10⁻⁴ to ' +
    't = 10). Simulation in colour, exact solution black dotted; the thin grey lines are the task’s singular values, where the curves end up.',
  ],
  columns: 3,
  link: SETTINGS,
  async compute(submit) {
    const state = figureState(SETTINGS);
    const configs = LAMBDAS.map((lambda) => figureConfig(state, ['singularValues', 'task'], lambda, { times: logTimes(state.lr, state.T) }));
    const results = await submit(configs);
    /** @type {LinesPanel[]} */
    const panels = LAMBDAS.map((lambda, col) => {
      const r = results[col];
      const series = [0, 1, 2].flatMap((k) => pairOf(col, r, { label: `s${k + 1}`, color: curveColor(k), field: 'singularValues', at: [k] }));
      const end = r.times[r.times.length - 1];
      for (const [k, s] of Array.from(r.tasks[0].s).entries()) {
        series.push({ label: `task s${k + 1}`, x: [0, end], y: [s, s], color: '#999999', style: 'reference' });
      }
      return { id: `lambda${lambda}`, kind: 'lines', area: [1, col + 1], title: `${'ABC'[col]}. ${lambdaLabel(lambda)}`, quantity: 'singular value', lambda,
        yTitle: col === 0 ? 'singular value of W₂W₁' : '', xTitle: 'training time t (log scale)', logX: true, series,
        yShare: 'singular values' }; // the three λ on one y axis
    });
    // ±λ: the same singular values in this square network (checked on the series).
    const of = (/** @type {number} */ lambda) => panels.find((p) => p.lambda === lambda).series;
    const pair = mirrored(of(2), of(-2));
    /** @type {string[]} */
    const notes = [];
    if (pair.same) {
      panels.find((p) => p.lambda === 2).title += ' (the same curves as λ = −2)';
      notes.push(mirrorNote([pair], 'singular values'));
    }
    return { panels, notes, runs: configs.map((config, i) => ({ config, result: results[i] })) };
  },
};
