// The line charts of the paper's figures: series drawn in the paper's style — the simulation in
// colour, the exact solution black dotted on top, reference lines thin and grey, points as markers.
import { createTrajectoryChart, summarize } from './trajectory-chart.js';
/** @import { ChartDataset } from '../../vendor/chart.js/chart.js' */
/** @import { TrajectoryChart } from './trajectory-chart.js' */
/** @import { CurvePoint } from './series.js' */
/** @typedef {'simulation' | 'exact' | 'reference' | 'dashed' | 'points'} SeriesStyle */
/** @typedef {{ label: string, x: ArrayLike<number>, y: ArrayLike<number>, color?: string, style: SeriesStyle }} FigureSeries a series of a figure's chart, drawn in STYLES[style] */
import { refresh } from './setup.js';

// On a log time axis the point at t = 0 has no place: it is left out.
/** @param {ArrayLike<number>} x @param {ArrayLike<number>} y @param {boolean} logX @returns {CurvePoint[]} */
function points(x, y, logX) {
  const n = Math.min(x.length, y.length);
  /** @type {CurvePoint[]} */
  const out = [];
  for (let i = 0; i < n; i++) if (!logX || x[i] > 0) out.push({ x: x[i], y: y[i] });
  return out;
}

/** @type {Record<SeriesStyle, (s: FigureSeries) => Partial<ChartDataset<'line', CurvePoint[]>>>} */
const STYLES = {
  // The simulation wider than the exact curve drawn over it, which is thin and dotted with gaps as
  // long as its dots: the colour shows on both sides and between the dots where the two coincide.
  simulation: (s) => ({ borderColor: s.color, backgroundColor: s.color, borderWidth: 3 }),
  exact: () => ({ borderColor: '#000000', backgroundColor: '#000000', borderWidth: 1.2, borderDash: [3, 3], exact: true }),
  reference: (s) => ({ borderColor: s.color ?? '#999999', backgroundColor: s.color ?? '#999999', borderWidth: 1, exact: true, reference: true }),
  dashed: (s) => ({ borderColor: s.color, backgroundColor: s.color, borderWidth: 1.4, borderDash: [6, 4] }),
  points: (s) => ({ borderColor: s.color, backgroundColor: s.color, showLine: false, pointRadius: 3.5, pointStyle: 'rectRot' }),
};

// The plot's least height under a legend, in CSS px.
const PLOT_MIN_HEIGHT = 150;

// Chart.js gives a legend at most half of the chart's height and drops the entries beyond it: in a
// narrow column, where each long entry takes a line, most of Figure 5B's were lost and its plot was
// 90 px tall. The chart's box grows (min-height) to hold every row of the legend with a plot of at
// least PLOT_MIN_HEIGHT under it; the room asked for depends on the width only (the legend's rows,
// the axes), so a resize it causes asks for the same again.
/** @type {import('chart.js').Plugin<'line'>} */
const legendRoom = {
  id: 'legendRoom',
  afterLayout(chart) {
    const { legend, chartArea, canvas } = chart;
    const box = canvas.parentElement;
    if (!legend || !box) return;
    // (legendHitBoxes: Chart.js's own, not in its types)
    const hitBoxes = /** @type {{ legendHitBoxes?: { row?: number, height: number }[] }} */ (/** @type {unknown} */ (legend)).legendHitBoxes ?? [];
    let minHeight = '';
    if (legend.options.display && hitBoxes.length) {
      // Chart.js lays out every entry in rows (row, height) before it cuts the legend to its room.
      const rows = Math.max(...hitBoxes.map((hit) => hit.row ?? 0)) + 1;
      const legendHeight = rows * (hitBoxes[0].height + legend.options.labels.padding) + 10;
      const rest = chart.height - legend.height - chartArea.height; // the x axis and paddings
      // (the legend's share is at most half of the height)
      minHeight = `${Math.ceil(Math.max(rest + legendHeight + PLOT_MIN_HEIGHT, 2 * legendHeight + 2))}px`;
    }
    if (box.style.minHeight !== minHeight) box.style.minHeight = minHeight;
  },
};

/**
 * @param {HTMLCanvasElement} canvas
 * @param {{ xTitle?: string, yTitle?: string, logY?: boolean, logX?: boolean, legend?: boolean }} options
 * @returns {TrajectoryChart}
 */
export function createFigureChart(canvas, { xTitle = '', yTitle = '', logY = false, logX = false, legend = false }) {
  const chart = createTrajectoryChart(canvas, { xTitle, yTitle, logY, legend });
  if (logX) chart.options.scales.x.type = 'logarithmic';
  // The x axis spans what was computed, not the next round tick (continual learning's 240 was drawn to 250).
  else Object.assign(chart.options.scales.x, { bounds: 'data' });
  // The exact curves are drawn over the simulation (the paper's black dotted lines on top).
  chart.options.datasets = { line: { order: 1 } };
  chart.config.plugins.push(legendRoom); // read at the next update (setFigureSeries)
  return chart;
}

// series: [{label, x, y, color, style}] (see STYLES).
// time: the x axis is training time; on a log axis it then spans exactly the times drawn, from
// the first t > 0 (not whole decades around them).
/** @param {TrajectoryChart} chart @param {readonly FigureSeries[]} series @param {{ divergedAt?: number, time?: boolean }} [options] */
export function setFigureSeries(chart, series, { divergedAt = NaN, time = false } = {}) {
  const logX = chart.options.scales.x.type === 'logarithmic';
  chart.data.datasets = series.map((s) => ({ label: s.label, data: points(s.x, s.y, logX), order: s.style === 'exact' ? 0 : 1, ...STYLES[s.style](s) }));
  let lo = Infinity, hi = -Infinity;
  for (const d of chart.data.datasets) for (const p of /** @type {CurvePoint[]} */ (d.data)) [lo, hi] = [Math.min(lo, p.x), Math.max(hi, p.x)];
  // A reference line from t = 0 (a task's singular value, a loss floor) starts on a log axis where
  // the curves do: dropping t = 0 would leave it one point, which draws nothing.
  if (logX && lo < hi) {
    chart.data.datasets.forEach((d, i) => {
      const s = series[i];
      if (s.style === 'reference' && s.x.length && s.x[0] <= 0) d.data = [{ x: lo, y: s.y[0] }, ...points(s.x, s.y, true)];
    });
  }
  chart.$timeRange = time && lo < hi ? [lo, hi] : null;
  chart.options.plugins.divergence.time = divergedAt;
  summarize(chart);
  refresh(chart);
}
