// The hidden representations W1^T W1 (input side) and W2 W2^T (output side): their entries over
// training, and heatmaps at the time cursor, simulation beside the exact solution (Figure 2).
import { createTrajectoryChart, setTrajectories, setCursor, entrySeries } from '../charts/trajectory-chart.js';
import { curveColor } from '../charts/palette.js';
import { el } from '../ui/dom.js';
import { createHeatmapPair, matrixAt } from './heatmap-pair.js';
/** @import { Panel, PanelView } from './index.js' */
/** @import { MatrixSeries } from '../../wasm/ldyn.mjs' */

const MAX_CURVES = 36;

// Curves for the upper triangle (with diagonal) of a symmetric matrix series.
/** @param {MatrixSeries | undefined} simulation @param {MatrixSeries | undefined} exact @param {number} size */
function triangleCurves(simulation, exact, size) {
  const curves = [];
  for (let r = 0; r < size; r++) {
    for (let c = r; c < size && curves.length < MAX_CURVES; c++) {
      curves.push({ label: `[${r + 1},${c + 1}]`, color: curveColor(curves.length),
        simulation: entrySeries(simulation, r, c), exact: entrySeries(exact, r, c) });
    }
  }
  return curves;
}

/** @type {Panel} */
export default {
  id: 'representations',
  title: 'Hidden representations',
  caption: 'W₁ᵀW₁ is how the hidden layer sees the inputs; W₂W₂ᵀ is how the outputs read it. ' +
    'At λ = 0 both take on the structure of the task (rich); as λ grows one side stays almost fixed (lazy). ' +
    'The heatmaps show the matrices at the time cursor: simulation left, exact solution right, on one colour scale (the colour bar gives the values) while the two are comparable.',
  metrics: ['representations'],
  create(card) {
    const lines = el('div', { class: 'chart-row' });
    const maps = el('div', { class: 'heatmap-grid' });
    card.body.append(lines, maps);
    const input = createTrajectoryChart(card.addChart('input-representation', 'Entries of W₁ᵀW₁ over time', { into: lines }), { yTitle: 'W₁ᵀW₁ entry', legend: false });
    const output = createTrajectoryChart(card.addChart('output-representation', 'Entries of W₂W₂ᵀ over time', { into: lines }), { yTitle: 'W₂W₂ᵀ entry', legend: false });
    card.charts.push(input, output);
    const pairs = {
      inputRepresentation: createHeatmapPair(card, { name: 'input-heatmap', label: 'W₁ᵀW₁', into: maps }),
      outputRepresentation: createHeatmapPair(card, { name: 'output-heatmap', label: 'W₂W₂ᵀ', into: maps }),
    };
    /** @type {PanelView | null} */
    let last = null;

    return {
      update(view) {
        last = view;
        const { result, times } = view;
        const { input: ni, output: no } = result.dims;
        const divergedAt = result.simulation?.diverged?.time;
        setTrajectories(input, times, triangleCurves(result.simulation?.inputRepresentation, result.exact?.inputRepresentation, ni), { divergedAt });
        setTrajectories(output, times, triangleCurves(result.simulation?.outputRepresentation, result.exact?.outputRepresentation, no), { divergedAt });
      },
      setTime(view) {
        setCursor(input, view.time);
        setCursor(output, view.time);
        if (!last) return;
        const { result } = last;
        for (const field of /** @type {const} */ (['inputRepresentation', 'outputRepresentation'])) {
          const pair = pairs[field];
          pair.draw({ simulation: matrixAt(result.simulation?.[field], view.index), exact: matrixAt(result.exact?.[field], view.index),
            divergedAt: result.simulation?.diverged?.time, exactMissing: result.exactUnavailable });
        }
      },
    };
  },
};
