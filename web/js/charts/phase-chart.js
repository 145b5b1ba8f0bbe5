// The phase diagram's chart: a matrix of (λ, σ) cells coloured with viridis, σ on a log10 axis, with
// an overlay that outlines the current cell and the keyboard cursor and draws the colour bar.
// The view hands it a grid and its cells; what the cells mean is the view's business.
import { Chart, refresh } from './setup.js';
import { sequentialColor } from './palette.js';
import { colourScale, fractionOf } from './colour-scale.js';
/** @import { ColourScale } from './colour-scale.js' */
/** @typedef {import('../../vendor/chart.js/chart.js').Chart<'matrix'>} PhaseChart */
/** @typedef {{ r: number, c: number }} CellIndex row (σ) and column (λ) of a cell */
/** @typedef {{ lambdas: number[], sigmas: number[] }} PhaseGrid the columns' λ and the rows' σ, ascending */
/** @typedef {{ lambda: number, sigma: number, [value: string]: unknown }} PhaseCell a cell: its λ, σ and the values it may show (named by `field`) */
import { formatNumber, logTicks, niceTicks, tickLabels } from './ticks.js';

const BAR = { gap: 12, width: 12 }; // the colour bar to the right of the cells (px)
/** @param {{ width: number }} chart */
const barRoom = (chart) => (chart.width < 480 ? 72 : 90);

// The pixel box [x, y, width, height] of cell {r, c}.
/** @param {PhaseChart} chart @param {CellIndex} cell @returns {[number, number, number, number]} */
function cellBox(chart, { r, c }) {
  const { chartArea, scales } = chart;
  const grid = chart.$grid;
  const w = chartArea.width / grid.lambdas.length, h = chartArea.height / grid.sigmas.length;
  const x = scales.x.getPixelForValue(grid.lambdas[c]), y = scales.y.getPixelForValue(Math.log10(grid.sigmas[r]));
  return [x - w / 2, y - h / 2, w, h];
}

// The current setting: a black outline inside a white one, visible on every colour.
/** @param {CanvasRenderingContext2D} ctx @param {[number, number, number, number]} box */
function strokeCurrent(ctx, [x, y, w, h]) {
  ctx.lineWidth = 4;
  ctx.strokeStyle = '#ffffff';
  ctx.strokeRect(x - 1, y - 1, w + 2, h + 2);
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#000000';
  ctx.strokeRect(x - 1, y - 1, w + 2, h + 2);
}

// The keyboard cursor: a dashed orange outline.
/** @param {CanvasRenderingContext2D} ctx @param {[number, number, number, number]} box */
function strokeFocus(ctx, [x, y, w, h]) {
  ctx.lineWidth = 2;
  ctx.setLineDash([3, 2]);
  ctx.strokeStyle = '#D55E00';
  ctx.strokeRect(x - 2, y - 2, w + 4, h + 4);
  ctx.setLineDash([]);
}

// The colour bar right of the cells, with ticks in the quantity's units and its name along it.
/** @param {PhaseChart} chart @param {ColourScale} scale @param {string} quantityLabel */
function drawColourBar(chart, scale, quantityLabel) {
  const { ctx, chartArea } = chart;
  const x0 = chartArea.right + BAR.gap, top = chartArea.top, bottom = chartArea.bottom;
  const gradient = ctx.createLinearGradient(0, bottom, 0, top);
  for (let i = 0; i <= 20; i++) gradient.addColorStop(i / 20, sequentialColor(scale.flat ? 0 : i / 20));
  ctx.fillStyle = gradient;
  ctx.fillRect(x0, top, BAR.width, bottom - top);
  ctx.strokeStyle = '#666';
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 + 0.5, top + 0.5, BAR.width - 1, bottom - top - 1);
  ctx.fillStyle = '#333';
  ctx.font = `${Chart.defaults.font.size}px ${Chart.defaults.font.family}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const ticks = scale.flat ? [scale.lo] : scale.log ? logTicks(scale.lo, scale.hi) : niceTicks(scale.lo, scale.hi);
  // Labels with the digits their spacing needs (never the same label twice).
  const labels = scale.flat ? [formatNumber(scale.lo)] : tickLabels(ticks.map((t) => (scale.log ? 10 ** t : t)), { log: scale.log });
  let widest = 0;
  for (const t of ticks) {
    const f = scale.flat ? 0 : (t - scale.lo) / (scale.hi - scale.lo);
    const y = bottom - f * (bottom - top);
    const text = labels[ticks.indexOf(t)];
    ctx.fillRect(x0 + BAR.width, y - 0.5, 4, 1);
    ctx.fillText(text, x0 + BAR.width + 6, y);
    widest = Math.max(widest, ctx.measureText(text).width);
  }
  ctx.save();
  ctx.translate(Math.min(chart.width - Chart.defaults.font.size - 1, x0 + BAR.width + 10 + widest), (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(`${quantityLabel}${scale.log ? ' (log scale)' : ''}`, 0, 0);
  ctx.restore();
}

// Draws the current-setting marker, the keyboard focus and the colour bar.
/** @type {import('../../vendor/chart.js/chart.js').Plugin<'matrix', import('../../vendor/chart.js/chart.js').PluginOptionsByType<'matrix'>['phaseOverlay']>} */
const overlay = {
  id: 'phaseOverlay',
  afterDatasetsDraw(chart, _args, options) {
    if (!chart.$grid) return;
    chart.ctx.save();
    if (options.current) strokeCurrent(chart.ctx, cellBox(chart, options.current));
    if (options.focus && options.showFocus) strokeFocus(chart.ctx, cellBox(chart, options.focus));
    if (options.scale) drawColourBar(chart, options.scale, options.quantityLabel);
    chart.ctx.restore();
  },
};

// A grid given as one λ tick when it has a single column (Chart.js would pick its own).
/** @param {import('../../vendor/chart.js/chart.js').Scale} scale */
function singleColumnTick(scale) {
  const grid = scale.chart.$grid;
  if (grid?.lambdas.length === 1) scale.ticks = [{ value: grid.lambdas[0] }];
}

/** @param {import('../../vendor/chart.js/chart.js').Scale} scale */
function sigmaTicks(scale) {
  const grid = scale.chart.$grid;
  if (grid) scale.ticks = logTicks(Math.log10(grid.sigmas[0]), Math.log10(grid.sigmas.at(-1))).map((value) => ({ value }));
}

// onOpen(index): a cell was clicked; describe(cell): the tooltip's lines for a cell.
/**
 * @template {PhaseCell} [C=PhaseCell & Record<string, number>]
 * @param {HTMLCanvasElement} canvas
 * @param {{ onOpen: (index: number, event: Event) => void, describe: (cell: C) => string | string[] }} handlers
 * @returns {PhaseChart}
 */
export function createPhaseChart(canvas, { onOpen, describe }) {
  return new Chart(canvas, {
    type: 'matrix',
    data: { datasets: [{ data: [], borderWidth: 0,
      backgroundColor: (ctx) => sequentialColor(ctx.chart.$scale ? fractionOf(ctx.chart.$scale, /** @type {Record<string, number>} */ (ctx.raw)?.[ctx.chart.$field]) : NaN),
      width: ({ chart: c }) => (c.chartArea || {}).width / (c.$grid?.lambdas.length || 1) + 0.6,
      height: ({ chart: c }) => (c.chartArea || {}).height / (c.$grid?.sigmas.length || 1) + 0.6 }] },
    options: {
      layout: { padding: (ctx) => ({ top: 4, right: barRoom(ctx.chart), left: 2, bottom: 2 }) },
      interaction: { mode: 'nearest', intersect: true },
      scales: {
        x: { type: 'linear', offset: false, title: { display: true, text: 'relative scale λ' },
          grid: { display: false }, ticks: { includeBounds: false }, afterBuildTicks: singleColumnTick },
        y: { type: 'linear', offset: false, reverse: false, title: { display: true, text: 'absolute scale σ (log scale)' }, grid: { display: false },
          afterBuildTicks: sigmaTicks,
          ticks: { callback: (/** @type {number} */ value) => formatNumber(Number((10 ** value).toPrecision(6))) } },
      },
      plugins: {
        legend: { display: false },
        phaseOverlay: { current: null, focus: null, showFocus: false, scale: null, quantityLabel: '' },
        tooltip: {
          callbacks: {
            title: (/** @type {Array<{ raw: any }>} */ items) => (items[0] ? `λ = ${formatNumber(items[0].raw.lambda)}, σ = ${formatNumber(items[0].raw.sigma)}` : ''),
            label: (item) => describe(/** @type {C} */ (item.raw)),
            footer: () => 'Click (or press Enter) to open in “Explore λ”',
          },
        },
      },
      onClick: (event, elements) => {
        if (elements.length) onOpen(elements[0].index, event.native);
      },
      onHover: (event, elements) => {
        /** @type {HTMLElement} */ (event.native.target).style.cursor = elements.length ? 'pointer' : 'default';
      },
    },
    plugins: [overlay],
  });
}

// Shows the cells ({lambda, sigma, ...values}) of a grid ({lambdas, sigmas}) coloured by the value
// `field` (from 0 when `fromZero`), with `current` ({r, c} or null) outlined. Returns the colour scale.
/**
 * @template {PhaseCell} [C=PhaseCell & Record<string, number>]
 * @param {PhaseChart} chart
 * @param {{ grid: PhaseGrid, cells: C[], quantity: string, field: string, fromZero: boolean, quantityLabel: string, current: CellIndex | null }} shown
 * @returns {ColourScale}
 */
export function showPhaseGrid(chart, { grid, cells, quantity, field, fromZero, quantityLabel, current }) {
  // A final loss that varies by less than 0.1 % across the grid is one loss: every network converged.
  const scale = colourScale(cells.map((cell) => /** @type {number} */ (cell[field])), fromZero, { relativeFlat: fromZero ? undefined : 1e-3 });
  chart.$grid = grid;
  chart.$scale = scale;
  chart.$field = field;
  const dl = grid.lambdas.length > 1 ? (grid.lambdas[1] - grid.lambdas[0]) / 2 : 0.5;
  const logs = [Math.log10(grid.sigmas[0]), Math.log10(grid.sigmas.at(-1))];
  const ds = grid.sigmas.length > 1 ? (logs[1] - logs[0]) / (grid.sigmas.length - 1) / 2 : 0.5;
  chart.options.scales.x.min = grid.lambdas[0] - dl;
  chart.options.scales.x.max = grid.lambdas.at(-1) + dl;
  chart.options.scales.y.min = logs[0] - ds;
  chart.options.scales.y.max = logs[1] + ds;
  chart.data.datasets[0].data = cells.map((cell) => ({ ...cell, x: cell.lambda, y: Math.log10(cell.sigma), quantity }));
  Object.assign(chart.options.plugins.phaseOverlay, { current, scale, quantityLabel });
  refresh(chart);
  return scale;
}

// Puts the keyboard cursor on cell {r, c} (data index `index`), with its tooltip.
/** @param {PhaseChart} chart @param {CellIndex} focus @param {number} index */
export function showFocus(chart, focus, index) {
  chart.options.plugins.phaseOverlay.focus = focus;
  chart.options.plugins.phaseOverlay.showFocus = true;
  const element = /** @type {import('../../vendor/chartjs-chart-matrix/chartjs-chart-matrix.esm.js').MatrixElement} */ (chart.getDatasetMeta(0).data[index]);
  if (element) {
    const centre = element.getCenterPoint();
    chart.tooltip.setActiveElements([{ datasetIndex: 0, index }], centre);
    chart.setActiveElements([{ datasetIndex: 0, index }]);
  }
  chart.update('none');
}

// Hides the keyboard cursor and its tooltip (the diagram lost the focus).
/** @param {PhaseChart} chart */
export function hideFocus(chart) {
  chart.options.plugins.phaseOverlay.showFocus = false;
  chart.tooltip.setActiveElements([], { x: 0, y: 0 });
  chart.update('none');
}
