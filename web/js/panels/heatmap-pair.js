// A simulation/exact pair of heatmaps of the same matrix at the time cursor, on one colour scale
// when they are comparable, and honest when they are not: after a diverged simulation ends there
// is no simulated state to show, and a simulation far larger than the exact solution gets a colour
// scale of its own (a shared one would make the exact heatmap look blank).
import { createHeatmap, setMatrix, maxAbs } from '../charts/heatmap.js';
import { formatNumber } from '../charts/ticks.js';
/** @import { Card } from '../ui/card.js' */
/** @import { MatrixSeries } from '../../wasm/ldyn.mjs' */
/** @import { MatrixRows } from '../charts/heatmap-grid.js' */

// Above this ratio of largest entries the two heatmaps are drawn on separate colour scales.
const SHARED_SCALE_RATIO = 4;

/** @param {Card} card @param {{ name: string, label: string, into: HTMLElement }} where */
export function createHeatmapPair(card, { name, label, into }) {
  const sim = createHeatmap(card.addChart(`${name}-simulation`, `${label} at the cursor · simulation`, { size: 'square', into }));
  const exact = createHeatmap(card.addChart(`${name}-exact`, `${label} at the cursor · exact`, { size: 'square', into }));
  card.charts.push(sim, exact);
  return {
    // simulation/exact: the matrix at the cursor or null; divergedAt: when the simulation stopped, if
    // it did. The colour scale is the largest entry at the cursor (the colour bar gives the numbers):
    // over a whole run from large weights, the early matrices would make the late ones look blank.
    /** @param {{ simulation: MatrixRows | null, exact: MatrixRows | null, divergedAt?: number, exactMissing?: string }} matrices */
    draw({ simulation, exact: exactMatrix, divergedAt, exactMissing }) {
      const simulationScale = maxAbs(simulation), exactScale = maxAbs(exactMatrix);
      const separate = simulationScale > 0 && exactScale > 0 &&
        Math.max(simulationScale / exactScale, exactScale / simulationScale) > SHARED_SCALE_RATIO;
      const shared = Math.max(simulationScale || 0, exactScale || 0);
      const simEmpty = divergedAt !== undefined ? `no simulated state: gradient descent diverged at t = ${formatNumber(divergedAt)}` : 'no simulation';
      setMatrix(sim, simulation, separate ? simulationScale : shared, {
        emptyText: simEmpty,
        note: separate ? `own colour scale: ${formatNumber(simulationScale / exactScale)} × the exact one` : '',
      });
      setMatrix(exact, exactMatrix, separate ? exactScale : shared, { emptyText: exactMissing || 'no exact solution' });
    },
  };
}

// The matrix of `series` (a Tensor [T, R, C]) at `index` as rows (views of the series' buffer), or
// null when the series ended before it (a diverged run).
/** @param {MatrixSeries | undefined} series @param {number} index @returns {Float64Array[] | null} */
export function matrixAt(series, index) {
  return series && index < series.length ? series.matrix(index).rows() : null;
}
