// The charts of the sequence view: loss timelines with shaded bands and dashed lines at the task
// switches (labelled above the plot), and summary charts of quantities across λ.
import { createTrajectoryChart } from './trajectory-chart.js';
/** @import { ChartArea, ChartDataset, Plugin, PointStyle } from 'chart.js' */
/** @import { TrajectoryChart } from './trajectory-chart.js' */
/** @import { CurvePoint } from './series.js' */
/** @typedef {{ start: number, end: number, label: string, short?: string }} PhaseBand a phase's span of time and its labels */
/** @import { LinearScaleOptions } from 'chart.js' */

// The label of a band: in full where it fits, else its short form.
/** @param {CanvasRenderingContext2D} ctx @param {PhaseBand} band @param {number} width */
function bandLabel(ctx, band, width) {
  ctx.fillStyle = '#222';
  ctx.font = `${Math.max(10, Math.min(12, width / 7))}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  return ctx.measureText(band.label).width > width - 4 ? band.short : band.label;
}

// A dashed vertical line at a task switch, from just above the plot area to its bottom.
/** @param {CanvasRenderingContext2D} ctx @param {number} x @param {ChartArea} chartArea */
function switchLine(ctx, x, chartArea) {
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(Math.round(x) + 0.5, chartArea.top - 14);
  ctx.lineTo(Math.round(x) + 0.5, chartArea.bottom);
  ctx.stroke();
  ctx.setLineDash([]);
}

// Shaded bands (every other one) and dashed lines at the task switches, labelled above the plot area.
/** @type {Plugin<'line', { bands: PhaseBand[] }>} */
const phaseBands = {
  id: 'phaseBands',
  beforeDatasetsDraw(chart, _args, options) {
    const bands = options.bands;
    if (!bands?.length) return;
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    bands.forEach((band, i) => {
      const x0 = Math.max(chartArea.left, scales.x.getPixelForValue(band.start));
      const x1 = Math.min(chartArea.right, scales.x.getPixelForValue(band.end));
      if (i % 2 === 1) {
        ctx.fillStyle = 'rgba(0, 0, 0, 0.06)';
        ctx.fillRect(x0, chartArea.top, x1 - x0, chartArea.bottom - chartArea.top);
      }
      if (i > 0) switchLine(ctx, x0, chartArea);
      const label = bandLabel(ctx, band, x1 - x0);
      ctx.fillText(label, (x0 + x1) / 2, chartArea.top - 3);
    });
    ctx.restore();
  },
};

// A loss timeline over the whole sequence, legend below; setBands(chart, …) marks its phases.
/** @param {HTMLCanvasElement} canvas @returns {TrajectoryChart} */
export function createTimelineChart(canvas) {
  const chart = createTrajectoryChart(canvas, { yTitle: 'loss', legend: true });
  chart.options.layout = { padding: { top: 18 } };
  chart.options.plugins.legend.position = 'bottom';
  chart.options.plugins.phaseBands = { bands: [] };
  chart.options.scales.y.min = 0;
  chart.options.scales.x.ticks.includeBounds = false;
  chart.config.plugins.push(phaseBands);
  return chart;
}

// bands: [{start, end, label, short}]; the x axis spans exactly [0, end] and y [0, ~1.05 yMax].
/** @param {TrajectoryChart} chart @param {PhaseBand[]} bands @param {number} end @param {number} yMax */
export function setBands(chart, bands, end, yMax) {
  chart.options.plugins.phaseBands.bands = bands;
  chart.options.scales.x.min = 0;
  chart.options.scales.x.max = end;
  chart.options.scales.y.max = yMax > 0 ? Number((yMax * 1.05).toPrecision(2)) : undefined;
}

// A chart of quantities across λ, from 0 up, legend below in the order of the datasets.
/** @param {HTMLCanvasElement} canvas @param {string} yTitle @returns {TrajectoryChart} */
export function createSummaryChart(canvas, yTitle) {
  const chart = createTrajectoryChart(canvas, { xTitle: 'λ', yTitle, legend: true });
  chart.options.plugins.legend.position = 'bottom';
  /** @type {LinearScaleOptions} */ (chart.options.scales.y).beginAtZero = true;
  chart.options.plugins.legend.labels.sort = (a, b) => a.datasetIndex - b.datasetIndex; // not by drawing order
  chart.options.plugins.tooltip.callbacks.title = (items) => (items[0] ? `λ = ${items[0].parsed.x}` : '');
  return chart;
}

// A curve across λ; `top` draws it over the others (a dashed reference that may coincide with them).
/**
 * @param {string} label @param {string} color @param {readonly number[]} xs @param {ArrayLike<number>} ys
 * @param {{ dash?: number[], style?: PointStyle, top?: boolean }} [options]
 * @returns {ChartDataset<'line', CurvePoint[]>}
 */
export function lineDataset(label, color, xs, ys, { dash = [], style = 'circle', top = false } = {}) {
  return { label, borderColor: color, backgroundColor: color, borderWidth: 2, borderDash: dash, pointRadius: xs.length > 1 ? (top ? 3.5 : 2.5) : 5,
    pointStyle: style, order: top ? -1 : 0, data: xs.map((x, i) => ({ x, y: ys[i] })).filter((p) => Number.isFinite(p.y)) };
}
