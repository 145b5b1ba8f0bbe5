// The singular values of the network function W2 W1 over training (Figure 3), with the task's
// singular values (what they converge to) as thin horizontal lines.
import { createTrajectoryChart, setTrajectories, setCursor, componentSeries } from '../charts/trajectory-chart.js';
import { curveColor } from '../charts/palette.js';
import { refresh } from '../charts/setup.js';
import { limitSingularValues } from '../experiments/results.js';
/** @import { Panel } from './index.js' */

/** @type {Panel} */
export default {
  id: 'singular',
  title: 'Singular values of the network function',
  caption: 'Each singular value of W₂W₁ is one "mode" the network has learned; thin grey lines mark the task\'s singular values, where they end up (for inputs used as they are, not white: those of Σyx Σxx⁻¹). ' +
    'Near λ = 0 from small weights they are learned one after another, in sudden steps; for large |λ| all at once and smoothly.',
  metrics: ['singularValues', 'task'],
  create(card) {
    const chart = createTrajectoryChart(card.addChart('singular-values', 'Singular values of W₂W₁ over time'), { yTitle: 'singular value' });
    card.charts.push(chart);
    /** @type {Array<import('../../vendor/chart.js/chart.js').ChartDataset<'line'>>} */
    const references = []; // the task's singular values (thin lines)
    return {
      update({ result, times }) {
        const k = Math.min(result.dims.input, result.dims.output);
        const curves = [];
        for (let i = 0; i < k; i++) {
          curves.push({ label: `s${i + 1}`, color: curveColor(i),
            simulation: componentSeries(result.simulation?.singularValues, i), exact: componentSeries(result.exact?.singularValues, i) });
        }
        chart.options.plugins.legend.display = k <= 8; // a legend of 32 entries hides the chart
        setTrajectories(chart, times, curves, { divergedAt: result.simulation?.diverged?.time });
        // Inputs used as they are (not white) end at Σyx Σxx⁻¹, not at the task's s; no lines when Σxx is singular.
        const task = result.tasks?.[0];
        const targets = (task && limitSingularValues(task)) ?? [];
        const end = times[times.length - 1];
        // The same dataset objects each time (Chart.js builds a controller and elements for a new one).
        Array.from(targets).forEach((s, i) => {
          references[i] = Object.assign(references[i] ?? {}, { label: `task s${i + 1}`, data: [{ x: 0, y: s }, { x: end, y: s }], borderColor: '#999',
            borderWidth: 1, exact: true, reference: true, pointRadius: 0 });
          chart.data.datasets.push(references[i]);
        });
        refresh(chart);
      },
      setTime({ time }) {
        setCursor(chart, time);
      },
    };
  },
};
