// The Neural Tangent Kernel at the time cursor and its distance from the kernel at
// initialization over training (Figure 2, last row; Fort et al. 2020's kernel distance).
import { createTrajectoryChart, setTrajectories, setCursor } from '../charts/trajectory-chart.js';
import { el } from '../ui/dom.js';
import { curveColor } from '../charts/palette.js';
import { createHeatmapPair, matrixAt } from './heatmap-pair.js';
import { assembleNtk } from './ntk-matrix.js';
/** @import { Panel, PanelView } from './index.js' */


/** @type {Panel} */
export default {
  id: 'ntk',
  title: 'Neural Tangent Kernel',
  caption: 'The NTK says how a gradient step on one item moves the output on another. In the lazy regime it barely changes ' +
    '(kernel distance near 0); in the rich regime it moves a lot. The heatmaps show the kernel at the time cursor, ' +
    'outputs × items in blocks, simulation left and exact solution right.',
  metrics: ['kernelDistance', 'itemRsm', 'representations', 'task'],
  twoLayerOnly: true,
  create(card) {
    const distance = createTrajectoryChart(card.addChart('kernel-distance', 'Kernel distance from initialization'), { yTitle: 'kernel distance', legend: false });
    card.charts.push(distance);
    const maps = el('div', { class: 'heatmap-grid' });
    card.body.append(maps);
    const pair = createHeatmapPair(card, { name: 'ntk', label: 'NTK', into: maps });
    /** @type {PanelView | null} */
    let last = null;
    /** @type {{ simulation: Float64Array | null, exact: Float64Array | null }} */
    const buffers = { simulation: null, exact: null };

    /** @param {'simulation' | 'exact'} which @param {number} index */
    const kernelAt = (which, index) => {
      const trajectory = last.result[which];
      const rsm = matrixAt(trajectory?.itemRsm, index), out = matrixAt(trajectory?.outputRepresentation, index);
      if (!rsm || !out) return null;
      const rows = assembleNtk(rsm, out, last.result.tasks[0].gram.rows(), buffers[which]);
      buffers[which] = new Float64Array(rows[0].buffer);
      return rows;
    };

    return {
      update(view) {
        last = view;
        const { result, times } = view;
        setTrajectories(distance, times, [{ label: 'kernel distance', color: curveColor(2),
          simulation: result.simulation?.kernelDistance, exact: result.exact?.kernelDistance }], { divergedAt: result.simulation?.diverged?.time });
      },
      setTime(view) {
        setCursor(distance, view.time);
        if (!last) return;
        const { result } = last;
        pair.draw({ simulation: kernelAt('simulation', view.index), exact: kernelAt('exact', view.index),
          divergedAt: result.simulation?.diverged?.time, exactMissing: result.exactUnavailable });
      },
    };
  },
};
