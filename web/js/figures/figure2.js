// Figure 2: the loss, the network function, W1^T W1, W2 W2^T and the NTK over training for
// λ = −2, 0, 2, the simulation in colour and the exact solution black dotted on top.
import { figureState, figureConfig, logTimes, pairOf, entryPairs, trianglePairs, lambdaLabel } from './common.js';
import { curveColor } from '../charts/palette.js';
import { mirrored, mirrorNote, listOf } from './mirror.js';

export const LAMBDAS = [-2, 0, 2];
// The authors' pre-paper notebook: 3-3-3, 10 whitened random items, their balanced weights with
// σ = 1 per layer, learning rate 2e-4 for 50 000 steps (t = 10).
/** @import { Figure } from './index.js' */
/** @import { LinesPanel, PlottedSeries } from './common.js' */
/** @import { PageState } from '../state/schema.js' */
/** @type {Partial<PageState>} */
export const SETTINGS = { view: 'compare', lambdas: LAMBDAS, lambda: 0, ni: 3, nh: 3, no: 3, task: 'random', items: 10, taskSeed: 1,
  init: 'balanced', scaleOf: 'factors', sigma: 1, seed: 1, lr: 2e-4, T: 10 };
const NTK_ITEMS = 4;

/** @type {Figure} */
export default {
  id: '2',
  title: 'Figure 2: simulation and exact solution for λ = −2, 0, 2',
  caption: 'The temporal dynamics of the numerical simulation (coloured lines) of the loss, network function, correlation of input and output ' +
    'weights, and the NTK (rows 1–5) are exactly matched by the analytical solution (black dotted lines) for A. λ = −2, B. λ = 0 (large initial ' +
    'weight values), C. λ = 2.',
  made: [
    'Settings from the authors’ code for this figure (a pre-paper notebook): a 3–3–3 network, 10 random items with whitened inputs, their λ-balanced ' +
    'weights drawn with σ = 1 for each layer (so W₂W₁ starts large), gradient descent with learning rate 2·10⁻⁴ for 50 000 steps (t = 10).',
    'Rows 2–4 show every entry of W₂W₁ and the upper triangle of W₁ᵀW₁ and W₂W₂ᵀ. The NTK (30 × 30 here) has 465 distinct entries; row 5 shows the ' +
    `${NTK_ITEMS * (NTK_ITEMS + 1) / 2} entries between the first ${NTK_ITEMS} items for the first output. The time axis is the training time t = ` +
    'learning rate × steps, on a log axis by default as in the authors’ notebook (which counts steps; Time axis → linear draws it linear).',
  ],
  columns: 3,
  link: SETTINGS,
  async compute(submit) {
    const state = figureState(SETTINGS);
    const configs = LAMBDAS.map((lambda) => figureConfig(state, ['loss', 'networkFunction', 'representations', 'ntk', 'task'], lambda, { times: logTimes(state.lr, state.T) }));
    const results = await submit(configs);
    /** @type {LinesPanel[]} */
    const panels = [];
    LAMBDAS.forEach((lambda, col) => {
      const r = results[col];
      const head = `${'ABC'[col]}. ${lambdaLabel(lambda)}`;
      /** @type {Array<[quantity: string, series: PlottedSeries[], logY?: boolean, axis?: string]>} */
      const rows = [
        ['Loss', pairOf(col, r, { label: 'loss', color: curveColor(0), field: 'loss' }), true],
        ['Network function W₂W₁', entryPairs(col, r, 'networkFunction', 3, 3)],
        ['W₁ᵀW₁', trianglePairs(col, r, 'inputRepresentation', 3)],
        ['W₂W₂ᵀ', trianglePairs(col, r, 'outputRepresentation', 3)],
        // (The axis says "NTK entries": the full name does not fit beside a small chart.)
        [`NTK (output 1, items 1–${NTK_ITEMS})`, trianglePairs(col, r, 'ntk', NTK_ITEMS), false, 'NTK entries'],
      ];
      rows.forEach(([quantity, series, logY, axis], row) => panels.push({
        id: `row${row + 1}-lambda${lambda}`, kind: 'lines', area: [row + 1, col + 1], title: row === 0 ? head : '', quantity, lambda,
        yTitle: col === 0 ? axis ?? quantity : '', xTitle: row === rows.length - 1 ? 'training time t (log scale)' : '', logY: Boolean(logY), logX: true, series,
        yShare: `row${row + 1}`, // a row compares one quantity across λ: one y axis
      }));
    });
    // ±λ: which rows of λ = −2 and λ = 2 are the same curves (checked on the series).
    const rowsOf = (/** @type {number} */ lambda) => panels.filter((p) => p.lambda === lambda);
    const compared = rowsOf(2).map((p, row) => ({ quantity: p.quantity, ...mirrored(p.series, rowsOf(-2)[row].series) }));
    const same = compared.filter((c) => c.same), different = compared.filter((c) => !c.same);
    /** @type {string[]} */
    const notes = [];
    if (same.length && LAMBDAS.includes(-2)) {
      const names = listOf(same.map((c) => c.quantity.replace(/ \(.*\)$/, '')));
      const head = panels.find((p) => p.lambda === 2 && p.title);
      head.title += ` (${names}: as for λ = −2)`;
      notes.push(`${mirrorNote(same, names)}${different.length ? ` ${listOf(different.map((c) => c.quantity))} do differ between λ = −2 and 2.` : ''}`);
    }
    return { panels, notes, runs: configs.map((config, i) => ({ config, result: results[i] })) };
  },
};
