// Line charts of quantities over training time: for each curve the simulation is drawn solid and
// the exact solution dotted, in the same colour, with a vertical line at the time cursor and a
// dashed red one where a diverging simulation stopped. Axes stay readable at every scale.
import { Chart, refresh } from './setup.js';
import { formatNumber, formatValue, isFlat, logAxis, niceTicks, paddedRange, readingDigits, tickLabels } from './ticks.js';
import { describeCurves } from './series.js';
import { firstPositiveTime } from '../state/times.js';

/** @import { Plugin, Scale, TooltipItem, ChartDataset } from '../../vendor/chart.js/chart.js' */
/** @import { CurvePoint, DescribedCurve } from './series.js' */
/** @typedef {Chart<'line'>} TrajectoryChart a chart of curves: its datasets' data are CurvePoints (parsing is off) */
/** @typedef {Float64Array | readonly number[]} Values one value per recorded time */
/** @typedef {{ label: string, color: string, simulation?: Values | null, exact?: Values | null }} Curve */
const DIVERGED = '#c00000';
// A plugin's options of `false` turn it off for the chart (Chart.js's types do not say so).
const OFF = /** @type {any} */ (false);

/** @type {Plugin<'line', { time: number }>} */
const timeCursor = {
  id: 'timeCursor',
  afterDatasetsDraw(chart, _args, options) {
    if (!Number.isFinite(options.time)) return;
    const { ctx, chartArea, scales } = chart;
    // Chart.js puts 0 at the left end of a log axis: t = 0 is not on it, so no cursor is drawn.
    if (scales.x.type === 'logarithmic' && !(options.time > 0)) return;
    const x = scales.x.getPixelForValue(options.time);
    if (x < chartArea.left || x > chartArea.right) return;
    ctx.save();
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.45)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

// How many drawn points fall inside a box: to put a label where it crosses the fewest curves.
/** @param {TrajectoryChart} chart @param {number} left @param {number} top @param {number} width @param {number} height */
function pointsIn(chart, left, top, width, height) {
  let n = 0;
  chart.data.datasets.forEach((_dataset, i) => {
    if (!chart.isDatasetVisible(i)) return;
    for (const p of chart.getDatasetMeta(i).data) if (p.x >= left && p.x <= left + width && p.y >= top && p.y <= top + height) n++;
  });
  return n;
}

// Where the simulation diverged: a dashed red line with its label inside the plot area, right
// of the line where it fits, else left of it (shortened if the chart is narrow), at the top or
// the bottom, whichever crosses fewer curves. Without it the missing end of the simulation
// could be read as a flat line. Drawn under the curves, so that its label never hides data.
/** @type {Plugin<'line', { time: number }>} */
const divergence = {
  id: 'divergence',
  beforeDatasetsDraw(chart, _args, options) {
    if (!Number.isFinite(options.time)) return;
    const { ctx, chartArea, scales } = chart;
    const x = Math.round(scales.x.getPixelForValue(options.time)) + 0.5;
    if (!(x >= chartArea.left - 1 && x <= chartArea.right + 1)) return;
    ctx.save();
    ctx.strokeStyle = DIVERGED;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    const size = Chart.defaults.font.size;
    ctx.font = `${size}px ${Chart.defaults.font.family}`;
    const t = formatNumber(options.time);
    const texts = [`simulation diverged (t = ${t})`, `diverged (t = ${t})`, 'diverged'];
    /** @param {number} w */
    const fits = (w) => x + 4 + w <= chartArea.right - 2 || x - 4 - w >= chartArea.left + 2;
    const text = texts.find((s) => fits(ctx.measureText(s).width)) ?? texts.at(-1);
    const w = ctx.measureText(text).width;
    const left = x + 4 + w <= chartArea.right - 2 ? x + 4 : Math.max(chartArea.left + 2, x - 4 - w);
    const [high, low] = [chartArea.top + 3, chartArea.bottom - size - 6];
    const top = pointsIn(chart, left - 2, low - 1, w + 4, size + 4) < pointsIn(chart, left - 2, high - 1, w + 4, size + 4) ? low : high;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fillRect(left - 2, top - 1, w + 4, size + 4);
    ctx.fillStyle = DIVERGED;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(text, left, top + 1);
    ctx.restore();
  },
};

// How many ticks fit along a scale (about one per 30 px, 2 to 10).
/** @param {Scale} scale */
const tickRoom = (scale) => Math.min(10, Math.max(2, Math.floor((scale.isHorizontal() ? scale.width : scale.height) / 30)));

// The range of the positive values drawn against a log scale (zeros and negatives cannot be).
/** @param {TrajectoryChart} chart @param {Scale} scale @param {boolean} [exactOnly] @returns {[number, number]} */
function positiveRange(chart, scale, exactOnly = false) {
  let lo = Infinity, hi = -Infinity;
  chart.data.datasets.forEach((dataset, i) => {
    if (!chart.isDatasetVisible(i) || (exactOnly && !dataset.exact)) return;
    for (const point of /** @type {CurvePoint[]} */ (dataset.data)) {
      const v = point?.[/** @type {'x' | 'y'} */ (scale.axis)];
      if (v > 0 && v < Infinity) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
  });
  return [lo, hi];
}

// The y range of the visible exact curves of a chart whose simulation diverged, or null (no
// divergence, or no exact curve): a diverged simulation grows by orders of magnitude before it
// stops, and an axis stretched to it would flatten the exact curves to a line at the bottom.
/** @param {TrajectoryChart} chart @returns {[number, number] | null} */
function exactRangeWhenDiverged(chart) {
  if (!Number.isFinite(chart.options.plugins.divergence.time)) return null;
  let lo = Infinity, hi = -Infinity;
  chart.data.datasets.forEach((dataset, i) => {
    if (!dataset.exact || !chart.isDatasetVisible(i)) return;
    for (const { y } of /** @type {CurvePoint[]} */ (dataset.data)) if (Number.isFinite(y)) [lo, hi] = [Math.min(lo, y), Math.max(hi, y)];
  });
  return lo <= hi ? [lo, hi] : null;
}

// Where each simulated curve first leaves the drawn y range (a diverged one scaled to the exact
// curves; it is clipped there): a red triangle on the edge it crosses, pointing out of the chart.
// chart.$leavesAt keeps the first such time (NaN if none), for the text summary and the tests.
/** @type {Plugin<'line'>} */
const leavesAxis = {
  id: 'leavesAxis',
  afterDatasetsDraw(chart) {
    chart.$leavesAt = NaN;
    if (!Number.isFinite(chart.options.plugins.divergence.time)) return;
    const { ctx, chartArea, scales: { x: xScale, y: yScale } } = chart;
    chart.data.datasets.forEach((dataset, i) => {
      if (dataset.exact || dataset.curve === undefined || !chart.isDatasetVisible(i)) return;
      const out = /** @type {CurvePoint[]} */ (dataset.data).find((p) => Number.isFinite(p.y) && (p.y > yScale.max || p.y < yScale.min));
      if (!out) return;
      if (!(chart.$leavesAt <= out.x)) chart.$leavesAt = out.x;
      const x = xScale.getPixelForValue(out.x), up = out.y > yScale.max;
      const edge = up ? chartArea.top : chartArea.bottom, tip = up ? -1 : 1;
      ctx.save();
      ctx.fillStyle = /** @type {string} */ (dataset.borderColor);
      ctx.strokeStyle = DIVERGED;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, edge + tip * 1);
      ctx.lineTo(x - 5, edge - tip * 8);
      ctx.lineTo(x + 5, edge - tip * 8);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      ctx.restore();
    });
  },
};

// Axis ranges and ticks Chart.js would get wrong: flat data gets a band around its value, the
// time axis spans every recorded time (also where a diverged simulation has no points), a log
// axis ignores values it cannot draw and gets ticks at decades (or 1-2-5, or round values).
/** @type {Plugin<'line'>} */
const readableAxes = {
  id: 'readableAxes',
  afterDataLimits(chart, { scale }) {
    const user = scale.getUserBounds();
    scale.$axis = null;
    let [lo, hi] = [scale.min, scale.max];
    if (scale.axis === 'x' && chart.$timeRange) [lo, hi] = chart.$timeRange;
    // A range shared with other charts (a row of "Compare λ"): the same axis for each of them.
    if (scale.axis === 'y' && chart.$yRange) [lo, hi] = chart.$yRange;
    const exactRange = scale.axis === 'y' && !chart.$yRange ? exactRangeWhenDiverged(chart) : null;
    if (exactRange && scale.type !== 'logarithmic') [lo, hi] = exactRange;
    if (scale.type === 'logarithmic' && scale.axis === 'x' && chart.$timeRange) {
      // A log time axis spans the recorded times from the first t > 0, not whole decades around them.
      scale.$axis = { ...logAxis(lo, hi, tickRoom(scale)), min: lo, max: hi };
    } else if (scale.type === 'logarithmic') {
      const [a, b] = scale.axis === 'y' && chart.$yRange ? chart.$yRange : positiveRange(chart, scale, Boolean(exactRange));
      if (!(a <= b)) return; // nothing positive to draw: Chart.js's default decade
      [lo, hi] = paddedRange(a, b);
      scale.$axis = logAxis(user.minDefined ? user.min : lo, user.maxDefined ? user.max : hi, tickRoom(scale));
      [lo, hi] = [scale.$axis.min, scale.$axis.max];
    } else {
      [lo, hi] = paddedRange(lo, hi);
      if (/** @type {{ beginAtZero?: boolean }} */ (scale.options).beginAtZero) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
    }
    if (!user.minDefined) scale.min = lo;
    if (!user.maxDefined) scale.max = hi;
  },
  afterBuildTicks(chart, { scale }) {
    if (scale.type === 'logarithmic' && scale.$axis) {
      // Chart.js's own log ticks moved the bounds to theirs: back to ours.
      const user = scale.getUserBounds();
      // start and end: the log scale's own bounds (not in Chart.js's public types).
      const log = /** @type {Scale & { start: number, end: number }} */ (scale);
      if (!user.minDefined) scale.min = log.start = scale.$axis.min;
      if (!user.maxDefined) scale.max = log.end = scale.$axis.max;
      scale.ticks = scale.$axis.ticks.filter((v) => v >= scale.min * (1 - 1e-9) && v <= scale.max * (1 + 1e-9)).map((value) => ({ value }));
      return;
    }
    // Below 1e-14 apart Chart.js gives up and ticks only the two ends: round values instead.
    if (scale.type === 'linear' && scale.ticks.length < 3 && !isFlat(scale.min, scale.max)) {
      const ticks = niceTicks(scale.min, scale.max, tickRoom(scale)).filter((v) => v >= scale.min && v <= scale.max);
      if (ticks.length >= 2) scale.ticks = ticks.map((value) => ({ value }));
    }
  },
};

// Tick labels with the digits their spacing needs, computed once for all ticks of an axis so
// that they share them (`this` is the scale).
/** @this {Scale} @param {unknown} _value @param {number} index @param {import('../../vendor/chart.js/chart.js').Tick[]} ticks */
function tickLabel(_value, index, ticks) {
  if (this.$labelsFor !== ticks) {
    this.$labelsFor = ticks;
    this.$labels = tickLabels(ticks.map((tick) => tick.value), { log: this.type === 'logarithmic' });
  }
  return this.$labels[index];
}

// Chart.js sets these flags on points it parsed itself; ours are ready-made, so parsing is off.
// On a log axis a value <= 0 cannot be drawn: it becomes a gap (not a line along the axis's
// bottom), and keeps its value in `value` for the text summary. On a log time axis t = 0 has no
// place: it is left out (the axis title says where the axis starts).
/** @param {Values} times @param {Values} values @param {boolean} log @param {boolean} logTime @returns {CurvePoint[]} */
function points(times, values, log, logTime) {
  const n = Math.min(times.length, values.length);
  const out = [];
  for (let i = 0; i < n; i++) {
    if (logTime && !(times[i] > 0)) continue;
    out.push(log && !(values[i] > 0) ? { x: times[i], y: NaN, value: values[i] } : { x: times[i], y: values[i] });
  }
  return out;
}

// A tooltip's value: 4 significant digits, more if the y axis is too narrow for them to differ.
/** @param {TooltipItem<'line'>} item */
function tooltipLabel(item) {
  const { min, max } = item.chart.scales.y;
  return `${item.dataset.label}: ${formatValue(item.parsed.y, readingDigits(item.parsed.y, max - min))}`;
}

/** @param {Values | null | undefined} values */
const hasPositive = (values) => values?.some((v) => v > 0 && v < Infinity) ?? false;

// `dataset` (if any) made equal to `fields`: what it had and `fields` has not is removed.
/** @template {object} T @param {object | undefined} dataset @param {T} fields @returns {T} */
function reused(dataset, fields) {
  if (!dataset) return fields;
  const target = /** @type {Record<string, unknown>} */ (dataset);
  for (const key of Object.keys(target)) if (!(key in fields)) delete target[key];
  return /** @type {T} */ (Object.assign(target, fields));
}

// xName: the variable in tooltips and summaries ('t', 'λ'), by default the x title's last word.
/**
 * @param {HTMLCanvasElement} canvas
 * @param {{ yTitle?: string, logY?: boolean, xTitle?: string, legend?: boolean, xName?: string }} [options]
 * @returns {TrajectoryChart}
 */
export function createTrajectoryChart(canvas, { yTitle, logY = false, xTitle = 'training time t', legend = true, xName } = {}) {
  /** @type {TrajectoryChart} */
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      parsing: false,
      normalized: true,
      spanGaps: false,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      elements: { point: { radius: 0, hitRadius: 4 }, line: { tension: 0 } },
      scales: {
        x: { type: 'linear', title: { display: Boolean(xTitle), text: xTitle }, ticks: { callback: tickLabel } },
        y: { type: logY ? 'logarithmic' : 'linear', title: { display: Boolean(yTitle), text: yTitle }, ticks: { callback: tickLabel } },
      },
      plugins: {
        // Plugins these charts never use (a chart title, areas filled, the automatic palette):
        // off, so that an update does not resolve their options or run their hooks.
        title: OFF,
        filler: OFF,
        colors: OFF,
        timeCursor: { time: NaN },
        divergence: { time: NaN },
        legend: {
          display: legend,
          labels: { boxWidth: 12, boxHeight: 2, filter: (item, data) => !data.datasets[item.datasetIndex].exact },
        },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? `${chart.$xName} = ${formatValue(items[0].parsed.x)}` : ''),
            label: tooltipLabel,
          },
        },
        decimation: { enabled: false },
      },
    },
    plugins: [timeCursor, divergence, leavesAxis, readableAxes],
  });
  chart.$logY = logY;
  chart.$xTitle = xTitle;
  chart.$timeAxis = 'linear';
  chart.$xName = xName ?? (xTitle ? xTitle.split(' ').at(-1) : 'x');
  chart.$label = canvas.getAttribute('aria-label') ?? '';
  return chart;
}

// The canvas's text alternative: its name and what the data shows (screen readers cannot see it).
/** @param {TrajectoryChart} chart */
export function summarize(chart) {
  const summary = describeChart(chart);
  chart.canvas?.setAttribute('aria-label', summary ? `${chart.$label}. ${summary}` : chart.$label);
}

// curves: [{label, color, simulation, exact}] where simulation/exact are arrays or Float64Arrays
// over `times` (either may be null: exact is null for unbalanced initializations); a diverged
// simulation is shorter than `times`. divergedAt: the time it diverged (the result's
// simulation.diverged.time), marked on the chart.
/** @param {TrajectoryChart} chart @param {Values} times @param {Curve[]} curves @param {{ divergedAt?: number }} [options] */
export function setTrajectories(chart, times, curves, { divergedAt = NaN } = {}) {
  // Nothing positive to draw on a log axis (a loss of exactly 0 everywhere): a linear one instead.
  const log = chart.$logY && (curves.some((c) => hasPositive(c.simulation) || hasPositive(c.exact)) || !curves.length);
  if (chart.$logY) chart.options.scales.y.type = log ? 'logarithmic' : 'linear';
  const first = firstPositiveTime(times);
  const logTime = chart.$timeAxis === 'log' && first < times[times.length - 1];
  chart.options.scales.x.type = logTime ? 'logarithmic' : 'linear';
  chart.options.scales.x.title.text = logTime && chart.$xTitle ? `${chart.$xTitle} (log scale, from the first step t = ${formatNumber(first)})` : chart.$xTitle;
  /** @type {ChartDataset<'line', CurvePoint[]>[]} */
  const datasets = [];
  // The curves' datasets of the last call are reused, as if new: Chart.js keeps the controller and
  // point elements of a dataset object, which it builds anew for a new one (at 301 points an
  // update with new datasets took 3× as long).
  const previous = chart.data.datasets.filter((dataset) => /** @type {{ curve?: number }} */ (dataset).curve !== undefined);
  curves.forEach((curve, index) => {
    for (const [values, exact] of /** @type {Array<[Values | null | undefined, boolean]>} */ ([[curve.simulation, false], [curve.exact, true]])) {
      if (!values) continue;
      datasets.push(reused(previous[datasets.length], { label: exact ? `${curve.label} (exact)` : curve.label, data: points(times, values, log, logTime), borderColor: curve.color,
        backgroundColor: curve.color, borderWidth: exact ? 2.4 : 1.6, ...(exact ? { borderDash: [2, 3] } : {}), exact, curve: index }));
    }
  });
  chart.data.datasets = datasets;
  chart.$timeRange = times.length ? [logTime ? first : times[0], times[times.length - 1]] : null;
  chart.options.plugins.divergence.time = divergedAt;
  summarize(chart);
  refresh(chart);
}

// The time axis of a chart over training time ('linear' or 'log'), used from its next
// setTrajectories on. Every such chart under `root` (a view's body): setTimeAxisIn.
/** @param {TrajectoryChart} chart @param {'linear' | 'log'} axis */
export function setTimeAxis(chart, axis) {
  chart.$timeAxis = axis;
}
/** @param {ParentNode} root @param {'linear' | 'log'} axis */
export function setTimeAxisIn(root, axis) {
  for (const canvas of root.querySelectorAll('canvas')) {
    const chart = /** @type {TrajectoryChart | undefined} */ (Chart.getChart(canvas));
    if (chart?.$xName === 't') setTimeAxis(chart, axis);
  }
}

// The range of the y values a chart draws (positive ones only on a log axis), leaving out the
// datasets `skip` names; [Infinity, -Infinity] when there is none.
/** @param {TrajectoryChart} chart @param {(dataset: ChartDataset<'line'>) => boolean} [skip] @returns {[number, number]} */
export function yRangeOf(chart, skip = () => false) {
  const log = chart.options.scales.y.type === 'logarithmic';
  let lo = Infinity, hi = -Infinity;
  for (const dataset of chart.data.datasets) {
    if (skip(dataset)) continue;
    for (const { y } of /** @type {CurvePoint[]} */ (dataset.data)) if (Number.isFinite(y) && (!log || y > 0)) [lo, hi] = [Math.min(lo, y), Math.max(hi, y)];
  }
  return [lo, hi];
}

// Draws the chart's y axis over `range` (from yRangeOf over several charts) instead of its own
// data's range; null: its own again.
/** @param {TrajectoryChart} chart @param {[number, number] | null} range */
export function setYRange(chart, range) {
  chart.$yRange = range && range[0] <= range[1] ? range : null;
  refresh(chart);
}

/** @param {TrajectoryChart} chart @param {number} time */
export function setCursor(chart, time) {
  chart.options.plugins.timeCursor.time = time;
  refresh(chart);
}

// One or two sentences saying what the chart shows (for its canvas's aria-label), from the data
// it holds: curves set by setTrajectories (simulation and exact paired), or any other datasets
// except those marked `reference: true` (guide lines such as a task's singular values).
/** @param {TrajectoryChart} chart */
export function describeChart(chart) {
  /** @type {DescribedCurve[]} */
  const curves = [], paired = /** @type {Map<number, DescribedCurve>} */ (new Map());
  for (const dataset of chart.data.datasets) {
    if (dataset.reference) continue;
    if (dataset.curve === undefined) {
      curves.push({ label: dataset.label, values: /** @type {CurvePoint[]} */ (dataset.data) });
      continue;
    }
    let curve = paired.get(dataset.curve);
    if (!curve) {
      curve = { label: dataset.label.replace(/ \(exact\)$/, '') };
      paired.set(dataset.curve, curve);
      curves.push(curve);
    }
    curve[dataset.exact ? 'exact' : 'simulation'] = /** @type {CurvePoint[]} */ (dataset.data);
  }
  return describeCurves({ quantity: /** @type {string | undefined} */ (chart.options.scales.y.title?.text), xName: chart.$xName, curves,
    divergedAt: chart.options.plugins.divergence?.time });
}

// The series helpers live in series.js (pure, importable from Node); re-exported for the panels.
export { entrySeries, componentSeries } from './series.js';
