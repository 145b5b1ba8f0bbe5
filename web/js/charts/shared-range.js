// One y range for charts that are compared side by side (a row of "Compare λ", the λ columns of a
// figure, the shapes of the architectures view), so that equal heights mean equal values.
import { setYRange, yRangeOf } from './trajectory-chart.js';
/** @import { TrajectoryChart } from './trajectory-chart.js' */

// Per axis type (a loss of exactly 0 falls back to a linear axis). A diverged simulation is left
// out of the range (its end is off the chart, at the red dashed line), or one run would flatten
// all the others.
/** @param {readonly TrajectoryChart[]} charts */
export function shareYRange(charts) {
  for (const type of ['linear', 'logarithmic']) {
    const same = charts.filter((chart) => chart.options.scales.y.type === type);
    let lo = Infinity, hi = -Infinity;
    for (const chart of same) {
      const diverged = Number.isFinite(chart.options.plugins.divergence.time);
      const [a, b] = yRangeOf(chart, (dataset) => diverged && !dataset.exact);
      [lo, hi] = [Math.min(lo, a), Math.max(hi, b)];
    }
    for (const chart of same) setYRange(chart, [lo, hi]);
  }
}
