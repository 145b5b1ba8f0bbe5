// The Neural Tangent Kernel at the time cursor and its distance from the kernel at
// initialization over training (Figure 2, last row; Fort et al. 2020's kernel distance).
import { createTrajectoryChart, setTrajectories, setCursor } from '../charts/trajectory-chart.js';
import { createHeatmap, setMatrix, maxAbs } from '../charts/heatmap.js';
import { curveColor } from '../charts/palette.js';

// K = I_No (x) X^T W1^T W1 X + W2 W2^T (x) X^T X, index (output o, item p) -> o * P + p
// (core/include/ldyn/metrics.hpp); itemRsm is X^T W1^T W1 X and gram is X^T X.
export function assembleNtk(itemRsm, outputRepresentation, gram) {
  const p = gram.length, no = outputRepresentation.length;
  const k = Array.from({ length: no * p }, () => new Float64Array(no * p));
  for (let o = 0; o < no; o++) {
    for (let o2 = 0; o2 < no; o2++) {
      const b = outputRepresentation[o][o2];
      for (let i = 0; i < p; i++) {
        const row = k[o * p + i];
        for (let j = 0; j < p; j++) row[o2 * p + j] = b * gram[i][j] + (o === o2 ? itemRsm[i][j] : 0);
      }
    }
  }
  return k;
}

export default {
  id: 'ntk',
  title: 'Neural Tangent Kernel',
  caption: 'The NTK says how a gradient step on one item moves the output on another. In the lazy regime it barely changes ' +
    '(kernel distance near 0); in the rich regime it moves a lot. The heatmaps show the kernel at the time cursor, ' +
    'outputs × items in blocks, simulation left and exact solution right.',
  metrics: ['kernelDistance', 'itemRsm', 'representations', 'task'],
  create(card) {
    const distance = createTrajectoryChart(card.addChart('kernel-distance', 'Kernel distance from initialization'), { yTitle: 'kernel distance', legend: false });
    const sim = createHeatmap(card.addChart('ntk-simulation', 'NTK at the cursor · simulation', { size: 'square' }));
    const exact = createHeatmap(card.addChart('ntk-exact', 'NTK at the cursor · exact', { size: 'square' }));
    card.charts.push(distance, sim, exact);
    let last = null;

    const kernelAt = (trajectory, index) => {
      if (!trajectory?.itemRsm?.length) return null;
      const i = Math.min(index, trajectory.itemRsm.length - 1);
      return assembleNtk(trajectory.itemRsm[i], trajectory.outputRepresentation[i], last.result.tasks[0].gram);
    };
    const drawKernels = ({ index }) => {
      const ks = kernelAt(last.result.simulation, index), ke = kernelAt(last.result.exact, index);
      const scale = maxAbs(ks, ke);
      setMatrix(sim, ks, scale);
      setMatrix(exact, ke, scale);
    };

    return {
      update(view) {
        last = view;
        const { result, times } = view;
        setTrajectories(distance, times, [{ label: 'kernel distance', color: curveColor(2),
          simulation: result.simulation?.kernelDistance, exact: result.exact?.kernelDistance }]);
      },
      setTime(view) {
        setCursor(distance, view.time);
        if (last) drawKernels(view);
      },
    };
  },
};
