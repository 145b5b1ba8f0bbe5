// The loss over training time (the paper's Figure 2, first row).
import { createTrajectoryChart, setTrajectories, setCursor } from '../charts/trajectory-chart.js';
import { curveColor } from '../charts/palette.js';
/** @import { Panel } from './index.js' */

/** @type {Panel} */
export default {
  id: 'loss',
  title: 'Loss',
  caption: 'How far the network is from the targets, ½P⁻¹‖Y − W₂W₁X‖², as training goes on (log scale). ' +
    'Solid: gradient-descent simulation; dotted: the exact solution. Plateaus followed by sudden drops are the signature of rich learning.',
  metrics: ['loss'],
  create(card) {
    const chart = createTrajectoryChart(card.addChart('loss', 'Loss over training time'), { yTitle: 'loss', logY: true, legend: false });
    card.charts.push(chart);
    return {
      update({ result, times }) {
        setTrajectories(chart, times, [{ label: 'loss', color: curveColor(0), simulation: result.simulation?.loss, exact: result.exact?.loss }],
          { divergedAt: result.simulation?.diverged?.time });
      },
      setTime({ time }) {
        setCursor(chart, time);
      },
    };
  },
};
