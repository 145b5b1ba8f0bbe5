// The task itself: the input–output covariance Σyx and its SVD Ũ S̃ Ṽᵀ, whose modes are what the
// network learns, one after another from small weights (the singular values set the order and the
// plateau lengths), with a table of the modes: s, 1/s and the plateau the theory predicts at λ = 0.
import { createHeatmap, setMatrix, maxAbs } from '../charts/heatmap.js';
import { taskMatrices } from '../experiments/hierarchy.js';
import { formatNumber } from '../charts/ticks.js';
import { taskIsWhite } from '../experiments/results.js';
import { el, clear } from '../ui/dom.js';
/** @import { Panel } from './index.js' */

// Where a mode of strength a₀ ≪ s is half learned at λ = 0: a' = 2a(s − a) gives t = ln(s/a₀ − 1)/(2s).
/** @param {number} s @param {number} a0 */
export function halfLearnedTime(s, a0) {
  return s > a0 && a0 > 0 ? Math.log(s / a0 - 1) / (2 * s) : NaN;
}

// The strength of mode i at every recorded time, ũᵢᵀ W(t) ṽᵢ, and the first time it reaches half of s:
// when the curves on screen half learn the mode (NaN: not by the last recorded time).
/** @param {import('../../wasm/ldyn.mjs').Tensor} networkFunction @param {ArrayLike<number>} times @param {ArrayLike<ArrayLike<number>>} u @param {ArrayLike<ArrayLike<number>>} v @param {number} i @param {number} s */
export function halfLearnedOnScreen(networkFunction, times, u, v, i, s) {
  const [count, rows, cols] = networkFunction.shape;
  const data = networkFunction.data;
  for (let k = 0; k < count; k++) {
    let strength = 0;
    for (let o = 0; o < rows; o++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += data[(k * rows + o) * cols + j] * v[j][i];
      strength += u[o][i] * sum;
    }
    if (strength >= s / 2) return times[k];
  }
  return NaN;
}

/** @type {Panel} */
export default {
  id: 'task',
  title: 'The task: Σyx and its modes',
  caption: 'What the network has to learn: the input–output covariance Σyx = YXᵀ/P and its singular value decomposition Ũ S̃ Ṽᵀ. ' +
    'Each mode (a column of Ũ, a value of S̃, a column of Ṽ) is learned on its own; from small weights aligned with the task at λ = 0 the stronger modes come first, ' +
    'after plateaus that grow like 1/s. From random weights the order can differ: a mode that starts pointing the wrong way (ũᵢᵀW(0)ṽᵢ < 0) waits longer; the table\'s last column says when each mode was half learned on screen. Design the spectrum in the settings (Task: “Designed by its spectrum”).',
  metrics: ['task', 'networkFunction'],
  create(card) {
    const grid = el('div', { class: 'heatmap-grid' });
    const table = el('table', { class: 'mode-table' });
    // The table scrolls sideways where it is wider than the card (a 360 px embed with classic
    // scroll bars, as in Firefox): a focusable, labelled region, so that the keyboard can scroll it.
    card.body.append(grid, el('div', { class: 'mode-table-box', tabindex: '0', role: 'region', 'aria-label': 'Table of the modes of Σyx' }, table));
    const maps = /** @type {Array<['syx' | 'u' | 's' | 'v', string]>} */ ([['syx', 'Σyx'], ['u', 'Ũ (output directions)'], ['s', 'S̃ (singular values)'], ['v', 'Ṽ (input directions)']]).map(([key, label]) => {
      const map = createHeatmap(card.addChart(`task-${key}`, label, { size: 'square', into: grid }));
      card.charts.push(map);
      return { key, map };
    });
    return {
      update({ result }) {
        const task = result.tasks?.[0];
        if (!task) return;
        const syx = task.syx.rows(), u = task.u.rows(), v = task.v.rows();
        const parts = { syx: { matrix: syx, scaleFrom: syx }, ...taskMatrices(task) };
        for (const { key, map } of maps) setMatrix(map, parts[key].matrix, maxAbs(parts[key].scaleFrom));
        // The initial strength of each mode: |ũᵢᵀ W(0) ṽᵢ| (exact when the weights are aligned with the task).
        const w0 = (result.exact ?? result.simulation)?.networkFunction?.at(0)?.rows();
        const start = w0 && Array.from(task.s, (_, i) => Math.abs(w0.reduce((sum, row, o) => sum + u[o][i] * row.reduce((t, w, j) => t + w * v[j][i], 0), 0)));
        const deep = (result.dims.layers?.length ?? 3) > 3;
        // The half-learning law below is for white inputs (X Xᵀ/P = I); inputs used as they are learn on another schedule.
        const white = taskIsWhite(task);
        clear(table);
        // When the curves on screen half learn each mode (the exact ones when drawn): random weights
        // can learn a mode much later than the aligned law says, so the table shows both.
        const series = (result.exact ?? result.simulation)?.networkFunction;
        const onScreen = series && white ? Array.from(task.s, (s, i) => halfLearnedOnScreen(series, result.times, u, v, i, s)) : null;
        const end = result.times[result.times.length - 1];
        table.append(el('caption', { text: 'The modes of Σyx. At λ = 0 from small weights aligned with the task, mode i is half learned at ln(sᵢ/aᵢ − 1)/(2sᵢ), aᵢ = |ũᵢᵀW(0)ṽᵢ| its strength at t = 0 ' +
          '(the law); the last column is when the curves on screen reach ũᵢᵀW(t)ṽᵢ = sᵢ/2, at this λ and from these weights' + (white ? '.' : ' (white inputs only: these are not white, so no time is given).') }),
          el('thead', {}, el('tr', {}, ['mode', 's', '1/s', 'strength at t = 0', 'half learned by the law (aligned, λ = 0)', 'half learned on screen'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, Array.from(task.s, (s, i) => {
            const a0 = start?.[i];
            // The two-layer law; a deeper network learns its modes on another schedule.
            const t = deep || !white ? NaN : halfLearnedTime(s, a0);
            return el('tr', {}, el('th', { scope: 'row', text: String(i + 1) }), el('td', { text: formatNumber(s) }),
              el('td', { text: s > 0 ? formatNumber(1 / s) : '∞' }), el('td', { text: a0 === undefined ? '—' : formatNumber(a0) }),
              el('td', { text: Number.isFinite(t) ? `t ≈ ${formatNumber(t)}` : '—' }),
              el('td', { text: !onScreen || !(s > 0) ? '—' : Number.isFinite(onScreen[i]) ? `t = ${formatNumber(onScreen[i])}` : `not by t = ${formatNumber(end)}` }));
          })));
      },
      setTime() {},
    };
  },
};
