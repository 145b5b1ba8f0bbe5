// The rich/lazy phase diagram: the kernel distance from initialization at the end of training and
// the final loss over a grid of (relative scale λ, absolute scale σ), one exact solution per cell,
// on the task and shape of the settings panel. Clicking a cell opens it in the single-λ view.
import { EnginePool, Cancelled } from '../engine/pool.js';
import { Chart, refresh } from '../charts/setup.js';
import { createCard } from '../ui/card.js';
import { createNumberField } from '../ui/fields.js';
import { el } from '../ui/dom.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import { lambdaRange, taskDims } from '../state/shape.js';
import { experimentConfig } from '../state/config.js';
import { createViewFrame, linspace } from './frame.js';

// Viridis (matplotlib), sampled at 11 points: a perceptually uniform sequential map that stays
// ordered for every common colour-vision deficiency and in greyscale.
const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725']
  .map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
const MISSING = 'rgb(200, 200, 200)';

// fraction in [0, 1] -> a viridis colour (dark purple -> yellow).
export function sequentialColor(fraction) {
  if (!Number.isFinite(fraction)) return MISSING;
  const f = Math.min(1, Math.max(0, fraction)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(f)), w = f - i;
  const c = VIRIDIS[i].map((v, k) => Math.round(v + (VIRIDIS[i + 1][k] - v) * w));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

const QUANTITIES = {
  kernelDistance: { label: 'kernel distance S(T)', short: 'Kernel distance', field: 'kd' },
  loss: { label: 'final loss L(T)', short: 'Final loss', field: 'loss' },
};
const BAR = { gap: 12, width: 12 }; // the colour bar to the right of the cells (px)
const barRoom = (chart) => (chart.width < 480 ? 72 : 90);

// n values from lo to hi, evenly spaced in log scale, rounded to 4 significant digits.
function logspace(lo, hi, n) {
  if (n === 1) return [lo];
  const a = Math.log10(lo), b = Math.log10(hi);
  return Array.from({ length: n }, (_, i) => Number((10 ** (a + ((b - a) * i) / (n - 1))).toPrecision(4)));
}

function formatNumber(v) {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

// Ticks for a log10 axis spanning [lo, hi] (log10 units): decades, with 2 and 5 when few.
function logTicks(lo, hi) {
  const span = hi - lo;
  const mantissas = span > 2.5 ? [1] : span > 1.2 ? [1, 2, 5] : [1, 1.5, 2, 3, 5, 7];
  const every = span > 7 ? 2 : 1;
  const ticks = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    if (mantissas.length === 1 && e % every !== 0) continue;
    for (const m of mantissas) {
      const v = e + Math.log10(m);
      if (v >= lo - 1e-9 && v <= hi + 1e-9) ticks.push(v);
    }
  }
  return ticks.length >= 2 ? ticks : [lo, hi];
}

// About `count` round values covering [lo, hi].
function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / (count - 1), magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

// The grid of the state: λ linear over the admissible part of [−λmax, λmax], σ log-spaced.
function gridOf(state) {
  const { ni, no } = taskDims(state);
  const range = lambdaRange(ni, state.nh, no);
  const lo = Math.max(-state.lambdaMax, range.min), hi = Math.min(state.lambdaMax, range.max);
  // A symmetric range gets an odd number of columns, so that λ = 0 (where learning is richest) is one of them.
  const columns = lo === -hi && state.grid % 2 === 0 ? state.grid + 1 : state.grid;
  const lambdas = hi > lo ? linspace(lo, hi, columns) : [lo];
  const sigmas = logspace(state.sigmaMin, state.sigmaMax, state.grid);
  return { lambdas, sigmas, range, extraColumn: hi > lo && columns > state.grid,
    clipped: hi > lo && (lo > -state.lambdaMax || hi < state.lambdaMax), single: !(hi > lo) };
}

// One cell: the exact solution only, state at t = 0 and t = T.
function cellConfig(state, lambda, sigma) {
  const init = state.init === 'aligned' ? 'aligned' : 'balanced';
  const config = experimentConfig({ ...state, init, sigma }, ['kernelDistance'], lambda);
  return { ...config, times: { end: state.T, count: 2 }, simulate: false, exact: true };
}

// How a quantity maps to colours. The kernel distance: linearly from 0, so that dark always means
// lazy. The loss: linearly over its range, or in log scale when it spans more than a factor 20.
function colourScale(values, fromZero) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { lo: 0, hi: 1, log: false, flat: true };
  let lo = fromZero ? 0 : Math.min(...finite), hi = Math.max(...finite);
  const log = !fromZero && lo > 0 && hi / lo > 20;
  if (log) [lo, hi] = [Math.log10(lo), Math.log10(hi)];
  const flat = !(hi - lo > 1e-9 * Math.max(1, Math.abs(hi)));
  return { lo, hi, log, flat };
}

function fractionOf(scale, value) {
  if (!Number.isFinite(value)) return NaN;
  if (scale.flat) return 0.5;
  const v = scale.log ? Math.log10(Math.max(value, 1e-300)) : value;
  return (v - scale.lo) / (scale.hi - scale.lo);
}

// Draws the current-setting marker, the keyboard focus and the colour bar.
const overlay = {
  id: 'phaseOverlay',
  afterDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales } = chart;
    const grid = chart.$grid;
    if (!grid) return;
    const w = chartArea.width / grid.lambdas.length, h = chartArea.height / grid.sigmas.length;
    const cellBox = ({ r, c }) => {
      const x = scales.x.getPixelForValue(grid.lambdas[c]), y = scales.y.getPixelForValue(Math.log10(grid.sigmas[r]));
      return [x - w / 2, y - h / 2, w, h];
    };
    ctx.save();
    if (options.current) {
      const [x, y, bw, bh] = cellBox(options.current);
      ctx.lineWidth = 4;
      ctx.strokeStyle = '#ffffff';
      ctx.strokeRect(x - 1, y - 1, bw + 2, bh + 2);
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#000000';
      ctx.strokeRect(x - 1, y - 1, bw + 2, bh + 2);
    }
    if (options.focus && options.showFocus) {
      const [x, y, bw, bh] = cellBox(options.focus);
      ctx.lineWidth = 2;
      ctx.setLineDash([3, 2]);
      ctx.strokeStyle = '#D55E00';
      ctx.strokeRect(x - 2, y - 2, bw + 4, bh + 4);
      ctx.setLineDash([]);
    }
    // Colour bar.
    const scale = options.scale;
    if (scale) {
      const x0 = chartArea.right + BAR.gap, top = chartArea.top, bottom = chartArea.bottom;
      const gradient = ctx.createLinearGradient(0, bottom, 0, top);
      for (let i = 0; i <= 20; i++) gradient.addColorStop(i / 20, sequentialColor(scale.flat ? 0.5 : i / 20));
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
      let widest = 0;
      for (const t of ticks) {
        const f = scale.flat ? 0.5 : (t - scale.lo) / (scale.hi - scale.lo);
        const y = bottom - f * (bottom - top);
        const text = formatNumber(scale.log ? 10 ** t : t);
        ctx.fillRect(x0 + BAR.width, y - 0.5, 4, 1);
        ctx.fillText(text, x0 + BAR.width + 6, y);
        widest = Math.max(widest, ctx.measureText(text).width);
      }
      ctx.save();
      ctx.translate(Math.min(chart.width - Chart.defaults.font.size - 1, x0 + BAR.width + 10 + widest), (top + bottom) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(`${options.quantityLabel}${scale.log ? ' (log scale)' : ''}`, 0, 0);
      ctx.restore();
    }
    ctx.restore();
  },
};

function createPhaseChart(canvas, { onOpen, describe }) {
  const valueOf = (raw) => raw?.[QUANTITIES[raw.quantity]?.field];
  const chart = new Chart(canvas, {
    type: 'matrix',
    data: { datasets: [{ data: [], borderWidth: 0,
      backgroundColor: (ctx) => sequentialColor(fractionOf(ctx.chart.$scale ?? {}, valueOf(ctx.raw))),
      width: ({ chart: c }) => (c.chartArea || {}).width / (c.$grid?.lambdas.length || 1) + 0.6,
      height: ({ chart: c }) => (c.chartArea || {}).height / (c.$grid?.sigmas.length || 1) + 0.6 }] },
    options: {
      layout: { padding: (ctx) => ({ top: 4, right: barRoom(ctx.chart), left: 2, bottom: 2 }) },
      interaction: { mode: 'nearest', intersect: true },
      scales: {
        x: { type: 'linear', offset: false, title: { display: true, text: 'relative scale λ' },
          grid: { display: false }, ticks: { includeBounds: false },
          afterBuildTicks: (scale) => {
            const grid = scale.chart.$grid;
            if (grid?.lambdas.length === 1) scale.ticks = [{ value: grid.lambdas[0] }];
          } },
        y: { type: 'linear', offset: false, reverse: false, title: { display: true, text: 'absolute scale σ (log scale)' }, grid: { display: false },
          afterBuildTicks: (scale) => {
            const grid = scale.chart.$grid;
            if (grid) scale.ticks = logTicks(Math.log10(grid.sigmas[0]), Math.log10(grid.sigmas.at(-1))).map((value) => ({ value }));
          },
          ticks: { callback: (value) => formatNumber(Number((10 ** value).toPrecision(6))) } },
      },
      plugins: {
        legend: { display: false },
        phaseOverlay: { current: null, focus: null, showFocus: false, scale: null, quantityLabel: '' },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? `λ = ${formatNumber(items[0].raw.lambda)}, σ = ${formatNumber(items[0].raw.sigma)}` : ''),
            label: (item) => describe(item.raw),
            footer: () => 'Click (or press Enter) to open in “Explore λ”',
          },
        },
      },
      onClick: (_event, elements) => {
        if (elements.length) onOpen(elements[0].index);
      },
      onHover: (event, elements) => {
        event.native.target.style.cursor = elements.length ? 'pointer' : 'default';
      },
    },
    plugins: [overlay],
  });
  return chart;
}

export default {
  id: 'phase',
  title: 'Rich/lazy phase diagram',
  preset: { grid: 40, sigmaMin: 0.001, sigmaMax: 10, lambdaMax: 6, cell: 'kernelDistance', T: 20 },
  create(container, context) {
    const frame = createViewFrame(container, {
      id: 'phase',
      title: 'Rich/lazy phase diagram',
      intro: [
        'Each cell of the diagram is one network, trained on the task of the settings panel, with the shape and seeds set there, for the training time T, ' +
        'from λ-balanced weights of relative scale λ (across) and absolute scale σ (up, on a log scale). The exact solution gives the state at T directly, ' +
        'so every cell is computed exactly and without simulating gradient descent.',
        'The colour shows how the network learned. The kernel distance S compares the Neural Tangent Kernel at the end of training with the one it started with. ' +
        'Near 0, the kernel hardly changed: the network learned lazily, like a fixed kernel method using the features it was born with. ' +
        'Large values mean the network rebuilt its kernel on the way: it learned richly, shaping its hidden representations to the task.',
        'In a square network learning is rich for λ near 0 and lazy for large |λ|, where one layer is so much larger than the other that it barely has to move. ' +
        'How large |λ| must be depends on σ: what counts is |λ| compared with the size of the weights, so from small weights only a narrow band around λ = 0 ' +
        'is rich, while with larger σ the layers stay nearly balanced over a wider range of λ. When the input or the output layer is wider than the hidden ' +
        'layer (the semantic hierarchy, for one), one sign of λ stays rich even when large (see “Architectures”). Here σ is also the size of the network’s ' +
        'initial function, which training has to undo, so a large σ on its own does not make learning lazy: at λ = 0 the final kernel distance does not ' +
        'depend on σ once training has converged.',
        'Switch to the final loss to see where training has not finished by T (long plateaus from small weights near λ = 0). ' +
        'Hover over a cell for its values; click it to open that network in “Explore λ”.',
      ],
      formulas: [String.raw`K_t = I_{N_o} \otimes X^\top W_1^\top W_1 X + W_2W_2^\top \otimes X^\top X`,
        String.raw`S(t) = 1 - \frac{\langle K_0, K_t\rangle_F}{\|K_0\|_F\,\|K_t\|_F}`],
    });
    const set = (key) => (value, options) => context.onChange({ [key]: value }, options);
    const limits = (key) => ({ min: PARAM_BY_KEY[key].min, max: PARAM_BY_KEY[key].max, integer: PARAM_BY_KEY[key].kind === 'int' });
    const fields = {
      grid: createNumberField({ label: 'Grid size (cells per side)', ...limits('grid'), onValue: set('grid') }),
      sigmaMin: createNumberField({ label: 'Smallest σ', ...limits('sigmaMin'), onValue: set('sigmaMin') }),
      sigmaMax: createNumberField({ label: 'Largest σ', ...limits('sigmaMax'), onValue: set('sigmaMax') }),
      lambdaMax: createNumberField({ label: 'λ range ±', ...limits('lambdaMax'), onValue: set('lambdaMax') }),
    };
    frame.controls.append(...Object.values(fields).map((f) => f.element),
      el('p', { class: 'field-hint', text: 'The task, network shape, seeds and training time T are those of the settings panel; the current λ and σ are outlined on the diagram.' }));

    const card = createCard(frame.body, { id: 'phase-diagram', title: 'Kernel distance and loss over (λ, σ)',
      caption: '', exportName: context.exportName });
    const caption = card.section.querySelector('.caption');
    const switchButtons = Object.entries(QUANTITIES).map(([value, q]) => {
      const button = el('button', { type: 'button', 'data-cell': value, 'aria-pressed': 'false', text: q.short });
      button.addEventListener('click', () => context.onChange({ cell: value }, { commit: true }));
      return button;
    });
    card.controls.append(el('div', { class: 'phase-switch', role: 'group', 'aria-label': 'Colour the cells by' },
      el('span', { class: 'phase-switch-label', text: 'Colour by' }), ...switchButtons));
    const note = el('p', { class: 'phase-note', hidden: true });
    card.body.append(note);
    const canvas = card.addChart('phase-diagram', 'Phase diagram', { size: 'wide' });
    canvas.closest('figure').classList.add('phase-figure');
    canvas.setAttribute('tabindex', '0');
    canvas.setAttribute('role', 'application'); // keys go to the diagram (arrows move between cells)
    canvas.setAttribute('aria-roledescription', 'phase diagram');
    canvas.setAttribute('aria-describedby', 'phase-readout');
    const readout = el('p', { class: 'phase-readout', id: 'phase-readout', 'aria-live': 'polite' });
    const summary = el('p', { class: 'phase-summary' });
    card.body.append(readout, summary);

    const pool = new EnginePool();
    frame.onCancel(() => pool.cancel());

    let data = null; // {grid, cells: [{lambda, sigma, r, c, kd, loss}], state}
    let quantity = 'kernelDistance';
    let focus = null; // {r, c} of the keyboard cursor
    const describe = (raw) => [`kernel distance S(T) = ${formatNumber(raw.kd)}`, `final loss L(T) = ${formatNumber(raw.loss)}`];
    const cellAt = ({ r, c }) => data.cells[r * data.grid.lambdas.length + c];
    const open = (index) => {
      const cell = data?.cells[index];
      if (cell) context.onChange({ view: 'single', lambda: cell.lambda, sigma: cell.sigma }, { commit: true });
    };
    const chart = createPhaseChart(canvas, { onOpen: open, describe });

    const showReadout = (cell, how) => {
      readout.textContent = cell
        ? `${how} λ = ${formatNumber(cell.lambda)}, σ = ${formatNumber(cell.sigma)}: kernel distance ${formatNumber(cell.kd)}, final loss ${formatNumber(cell.loss)}. Press Enter to open it in “Explore λ”.`
        : 'Use the arrow keys on the diagram to move between cells (Home/End, Page Up/Page Down jump to the edges), Enter to open a cell, or hover and click.';
    };

    const moveFocus = (next) => {
      focus = next;
      const index = focus.r * data.grid.lambdas.length + focus.c;
      chart.options.plugins.phaseOverlay.focus = focus;
      chart.options.plugins.phaseOverlay.showFocus = true;
      const element = chart.getDatasetMeta(0).data[index];
      if (element) {
        chart.tooltip.setActiveElements([{ datasetIndex: 0, index }], { x: element.x, y: element.y });
        chart.setActiveElements([{ datasetIndex: 0, index }]);
      }
      chart.update('none');
      showReadout(cellAt(focus), 'Cell');
    };
    canvas.addEventListener('keydown', (event) => {
      if (!data) return;
      const cols = data.grid.lambdas.length, rows = data.grid.sigmas.length;
      const at = focus ?? { r: Math.floor(rows / 2), c: Math.floor(cols / 2) };
      const moves = {
        ArrowLeft: { r: at.r, c: Math.max(0, at.c - 1) }, ArrowRight: { r: at.r, c: Math.min(cols - 1, at.c + 1) },
        ArrowUp: { r: Math.min(rows - 1, at.r + 1), c: at.c }, ArrowDown: { r: Math.max(0, at.r - 1), c: at.c },
        Home: { r: at.r, c: 0 }, End: { r: at.r, c: cols - 1 }, PageUp: { r: rows - 1, c: at.c }, PageDown: { r: 0, c: at.c },
      };
      if (moves[event.key]) {
        event.preventDefault();
        moveFocus(focus ? moves[event.key] : at);
      } else if ((event.key === 'Enter' || event.key === ' ') && focus) {
        event.preventDefault();
        open(focus.r * cols + focus.c);
      }
    });
    canvas.addEventListener('focus', () => {
      if (data && !focus) showReadout(null);
    });
    canvas.addEventListener('blur', () => {
      chart.options.plugins.phaseOverlay.showFocus = false;
      chart.tooltip.setActiveElements([], { x: 0, y: 0 });
      chart.update('none');
    });

    // The cell holding the settings panel's λ and σ, if the grid covers them.
    const currentCell = (state) => {
      const { lambdas, sigmas } = data.grid;
      const nearest = (values, v) => values.reduce((best, x, i) => (Math.abs(x - v) < Math.abs(values[best] - v) ? i : best), 0);
      const c = nearest(lambdas, state.lambda);
      const logs = sigmas.map(Math.log10);
      const r = nearest(logs, Math.log10(state.sigma));
      const dl = lambdas.length > 1 ? (lambdas[1] - lambdas[0]) / 2 : 0.5;
      const ds = logs.length > 1 ? (logs[1] - logs[0]) / 2 : 0.5;
      const inside = Math.abs(lambdas[c] - state.lambda) <= dl + 1e-9 && Math.abs(logs[r] - Math.log10(state.sigma)) <= ds + 1e-9;
      return inside ? { r, c } : null;
    };

    const draw = (state) => {
      quantity = state.cell;
      for (const button of switchButtons) button.setAttribute('aria-pressed', String(button.dataset.cell === quantity));
      if (!data) return;
      const q = QUANTITIES[quantity];
      const { grid, cells } = data;
      const scale = colourScale(cells.map((cell) => cell[q.field]), quantity === 'kernelDistance');
      chart.$grid = grid;
      chart.$scale = scale;
      canvas.closest('figure').classList.toggle('phase-single', grid.lambdas.length === 1);
      const dl = grid.lambdas.length > 1 ? (grid.lambdas[1] - grid.lambdas[0]) / 2 : 0.5;
      const logs = [Math.log10(grid.sigmas[0]), Math.log10(grid.sigmas.at(-1))];
      const ds = grid.sigmas.length > 1 ? (logs[1] - logs[0]) / (grid.sigmas.length - 1) / 2 : 0.5;
      chart.options.scales.x.min = grid.lambdas[0] - dl;
      chart.options.scales.x.max = grid.lambdas.at(-1) + dl;
      chart.options.scales.y.min = logs[0] - ds;
      chart.options.scales.y.max = logs[1] + ds;
      chart.data.datasets[0].data = cells.map((cell) => ({ ...cell, x: cell.lambda, y: Math.log10(cell.sigma), quantity }));
      const current = currentCell(state);
      Object.assign(chart.options.plugins.phaseOverlay, { current, scale, quantityLabel: q.label });
      refresh(chart);
      canvas.setAttribute('aria-label', `Phase diagram of the ${q.label} over ${grid.lambdas.length} λ values from ${grid.lambdas[0]} to ${grid.lambdas.at(-1)} ` +
        `and ${grid.sigmas.length} σ values from ${grid.sigmas[0]} to ${grid.sigmas.at(-1)}. Use the arrow keys to move between cells and Enter to open one.`);

      const finite = cells.filter((cell) => Number.isFinite(cell[q.field]));
      const best = finite.reduce((a, b) => (b[q.field] > a[q.field] ? b : a), finite[0]);
      const worst = finite.reduce((a, b) => (b[q.field] < a[q.field] ? b : a), finite[0]);
      const where = (cell) => `λ = ${formatNumber(cell.lambda)}, σ = ${formatNumber(cell.sigma)}`;
      const T = data.state.T;
      if (!finite.length) summary.textContent = 'No exact solution was available for these settings.';
      else if (quantity === 'loss' && scale.flat) {
        summary.textContent = `The final loss is ${formatNumber(best.loss)} in every cell: every network has finished learning by T = ${T}. ` +
          'Lower the training time T in the settings panel to see where learning is slow.';
      } else {
        summary.textContent = `${q.short} from ${formatNumber(worst[q.field])} (at ${where(worst)}) to ${formatNumber(best[q.field])} (at ${where(best)}), at T = ${T}.` +
          (current ? ` Outlined: the current λ = ${state.lambda}, σ = ${state.sigma}.` : ' The current λ and σ of the settings panel lie outside the diagram.');
      }
      const missing = cells.length - finite.length;
      if (missing) summary.textContent += ` ${missing} grey cells have no exact solution.`;
      caption.textContent = quantity === 'kernelDistance'
        ? 'Colour: how far the Neural Tangent Kernel moved from its initial value by the end of training (dark: lazy, little change; yellow: rich, the kernel was rebuilt). ' +
          'λ runs across, σ up on a log scale; one exact solution per cell.'
        : `Colour: the loss at the end of training, T = ${T} (dark: low; yellow: high — still learning). λ runs across, σ up on a log scale; one exact solution per cell.`;
      if (focus && (focus.r >= grid.sigmas.length || focus.c >= grid.lambdas.length)) focus = null;
      if (!focus) showReadout(null);
      else showReadout(cellAt(focus), 'Cell');
    };

    let shownKey = '';
    let pendingKey = '';
    let runs = 0;
    return {
      async show(state) {
        for (const [key, field] of Object.entries(fields)) field.setValue(state[key]);
        fields.sigmaMin.setLimits(PARAM_BY_KEY.sigmaMin.min, state.sigmaMax, `must be below the largest σ (${state.sigmaMax})`);
        fields.sigmaMax.setLimits(state.sigmaMin, PARAM_BY_KEY.sigmaMax.max, `must be above the smallest σ (${state.sigmaMin})`);
        const key = JSON.stringify(['grid', 'sigmaMin', 'sigmaMax', 'lambdaMax', 'T', 'ni', 'nh', 'no', 'task', 'items', 'taskSeed', 'depth', 'seed', 'init']
          .map((k) => (k === 'init' ? state.init === 'aligned' : state[k])));
        if (key === shownKey || key === pendingKey) {
          draw(state);
          if (key === shownKey) document.body.dataset.phaseRendered = String(Number(document.body.dataset.phaseRendered ?? 0) + 1);
          return;
        }
        draw(state);
        const grid = gridOf(state);
        context.notices.clearPrefix('phase:');
        if (!grid.lambdas.every(Number.isFinite)) {
          context.notices.show('phase:shape', `No λ-balanced network has this shape: ${grid.range.reason}.`, { level: 'error' });
          return;
        }
        if (state.init !== 'balanced' && state.init !== 'aligned') {
          context.notices.show('phase:init', 'The phase diagram starts every cell from random λ-balanced weights (the settings panel’s initialization is not λ-balanced, so λ would have no meaning there).', { level: 'info' });
        }
        note.hidden = !(grid.single || grid.clipped);
        note.textContent = grid.single
          ? `This shape admits only λ = 0 (${grid.range.reason}), so the diagram is a single column: the kernel distance and loss as functions of σ alone.`
          : grid.clipped ? `λ covers only its admissible part of ±${state.lambdaMax}: ${grid.range.reason}.` : '';
        if (grid.extraColumn) {
          note.hidden = false;
          note.textContent = `${grid.lambdas.length} λ columns × ${grid.sigmas.length} σ rows: one column more than the grid size, so that λ = 0, where learning is richest, is one of them.`;
        }
        const cells = [];
        grid.sigmas.forEach((sigma, r) => grid.lambdas.forEach((lambda, c) => cells.push({ lambda, sigma, r, c })));
        const configs = cells.map((cell) => cellConfig(state, cell.lambda, cell.sigma));
        const run = ++runs;
        pendingKey = key;
        frame.progress.start(configs.length, 'Solving cells');
        context.setBusy(true);
        const started = performance.now();
        try {
          const batch = Math.max(4, Math.min(64, Math.ceil(configs.length / (pool.size * 12))));
          const results = await pool.run(configs, { onProgress: (done, total) => frame.progress.update(done, total), batch });
          const seconds = (performance.now() - started) / 1000;
          results.forEach((result, i) => {
            cells[i].kd = result.exact?.kernelDistance?.at(-1) ?? NaN;
            cells[i].loss = result.exact?.loss?.at(-1) ?? NaN;
          });
          shownKey = key;
          pendingKey = '';
          data = { grid, cells, state };
          focus = null;
          draw(state);
          const unavailable = results.find((r) => r.exactUnavailable)?.exactUnavailable;
          if (unavailable) context.notices.show('phase:exact', `Some cells have no exact solution: ${unavailable}.`);
          context.setStatus(`Phase diagram: ${cells.length} exact solutions (${grid.lambdas.length} λ × ${grid.sigmas.length} σ) in ${seconds.toFixed(2)} s on ${pool.size} worker${pool.size > 1 ? 's' : ''}.`);
          document.body.dataset.phaseSeconds = seconds.toFixed(3);
          document.body.dataset.phaseRendered = String(Number(document.body.dataset.phaseRendered ?? 0) + 1);
        } catch (error) {
          if (run !== runs) return; // superseded by a newer request, which owns the progress bar
          pendingKey = '';
          if (error instanceof Cancelled) context.setStatus('Phase diagram cancelled.');
          else context.notices.show('phase:error', `The phase diagram could not be computed: ${error.message}`, { level: 'error' });
        } finally {
          if (run === runs) {
            frame.progress.finish();
            context.setBusy(false);
          }
        }
      },
    };
  },
};
