// Chart.js with the matrix (heatmap) controller, registered once, with the page's defaults:
// no animation (charts follow a slider), sizes from their container.
import {
  Chart, LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Title, Tooltip, Colors, Filler,
} from '../../vendor/chart.js/chart.js';
import { MatrixController, MatrixElement } from '../../vendor/chartjs-chart-matrix/chartjs-chart-matrix.esm.js';

// Only what the page's charts use (lines, scatter and heatmap overlays, linear and log axes; Chart.js's
// default category axis, palette and filler, kept to be safe), not all of Chart.js's `registerables`:
// the published site's bundle leaves the rest out. A chart of another type says so ("… is not a
// registered controller"): register it here.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Title, Tooltip, Colors,
  Filler, MatrixController, MatrixElement);
Chart.defaults.animation = false;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.font.size = 11;
Chart.defaults.color = '#333';

export { Chart };

// A legend entry longer than its chart is wide (Figure 5's in a 360 px frame) would run off the
// canvas, cut mid-word: it ends in "…" where it must (the full text stays in the dataset, the
// tooltip and the CSV).
const defaultLegendLabels = Chart.defaults.plugins.legend.labels.generateLabels;
// Chart.js makes a legend's entries anew at every update (resolving each dataset's style), also
// while a drag only moves the curves: they are kept per chart while what they are made of — the
// datasets' labels, colours, line styles, order and visibility, the room and the font — is the same.
/** @type {WeakMap<Chart, { key: string, items: ReturnType<typeof defaultLegendLabels> }>} */
const keptLegendLabels = new WeakMap();
Chart.defaults.plugins.legend.labels.generateLabels = function fittedLegendLabels(chart) {
  const labels = chart.options.plugins?.legend?.labels ?? {};
  // The page's legends set their font as an object, never as a function.
  const font = /** @type {{ size?: number, weight?: string | number, family?: string }} */ (typeof labels.font === 'object' ? labels.font : {});
  const size = font.size ?? Chart.defaults.font.size;
  const room = chart.width - (labels.boxWidth ?? 40) - size / 2 - 2 * (labels.padding ?? 10) - 4;
  const styles = chart.data.datasets.map((d, i) => {
    const s = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (d));
    return [s.label, s.borderColor, s.backgroundColor, s.borderWidth, s.borderDash, s.order, s.pointStyle, chart.isDatasetVisible(i)];
  });
  // (A style computed by a function, e.g. a heatmap's colours, may change without the datasets: not kept.)
  const key = styles.flat().some((value) => typeof value === 'function') ? null
    : JSON.stringify([room, size, font.weight, font.family, Chart.defaults.font.family, labels.usePointStyle, labels.pointStyle, labels.color, labels.textAlign, styles]);
  const kept = keptLegendLabels.get(chart);
  if (key !== null && kept?.key === key) return kept.items.map((item) => ({ ...item }));
  const items = defaultLegendLabels.call(this, chart);
  const { ctx } = chart;
  ctx.save();
  ctx.font = `${font.weight ?? ''} ${size}px ${font.family ?? Chart.defaults.font.family}`;
  for (const item of items) {
    const text = String(item.text ?? '');
    if (room <= 0 || ctx.measureText(text).width <= room) continue;
    let keep = text.length;
    while (keep > 1 && ctx.measureText(`${text.slice(0, keep)}…`).width > room) keep--;
    item.text = `${text.slice(0, keep).trimEnd()}…`;
  }
  ctx.restore();
  if (key !== null) keptLegendLabels.set(chart, { key, items: items.map((/** @type {object} */ item) => ({ ...item })) });
  return items;
};

// Paint a white background, so that a downloaded PNG looks like the page.
Chart.register({
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
});

// Redraws are batched: refresh() only marks a chart dirty, and every dirty chart on screen is
// updated once at the end of the current task (a microtask), however many times its data or cursor
// changed in it: the browser then paints it in the very next frame, with no frame of delay.
// Charts off screen wait until they scroll into view (or until flush(), e.g. before a PNG
// export): dragging λ then costs one update per visible chart per frame.
/** @typedef {Pick<Chart, 'update'>} Drawable a chart of any type: what the batching needs of it */
/** @type {Set<Drawable>} */
const dirty = new Set();
/** @type {WeakSet<Drawable>} */
const onScreen = new WeakSet();
/** @type {WeakSet<Drawable>} */
const placed = new WeakSet(); // charts the observer has reported on (on screen or not)
/** @type {WeakSet<Drawable>} */
const updatedOnce = new WeakSet(); // charts drawn at least once (a resize before that draws nothing)
/** @type {Array<{ charts: Set<Drawable>, resolve: () => void, framed: boolean }>} */
const waiting = []; // whenDrawn() promises: {charts still to draw, resolve}
let scheduled = false;

const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const chart = Chart.getChart(/** @type {HTMLCanvasElement} */ (entry.target));
    if (!chart) continue;
    placed.add(chart);
    if (entry.isIntersecting) {
      onScreen.add(chart);
      if (dirty.has(chart)) chart.update('none');
    } else {
      onScreen.delete(chart);
    }
  }
  settle();
}, { rootMargin: '200px 0px' });

Chart.register({
  id: 'batchedUpdates',
  afterInit(chart) {
    observer.observe(chart.canvas);
    // A resize (the canvas put in the document, its box changed) only marks the chart to draw, like
    // any other change, instead of Chart.js's update on the spot, and not at all a chart never drawn:
    // a view's charts, built out of the document and put in at once (views/explore.js), are drawn
    // when their first data comes, if in sight, and the others when they come into view (a first
    // visit: 8 updates of empty charts before the results → none). Chart.js 4 (web/vendor) calls
    // `_doResize` from its resize; a true result would draw the old layout at the new size.
    /** @type {{ _doResize: (mode?: string) => boolean }} */ (/** @type {unknown} */ (chart))._doResize = () => {
      if (updatedOnce.has(chart)) refresh(chart);
      return false;
    };
  },
  // Any update (ours, a resize, a caller's own) brings the chart up to date.
  afterUpdate(chart) {
    updatedOnce.add(chart);
    dirty.delete(chart);
  },
  // Before, not after: Chart.js drops its canvas reference during destroy().
  beforeDestroy(chart) {
    observer.unobserve(chart.canvas);
    dirty.delete(chart);
    settle();
  },
});

// Callbacks waiting for the next drawing of a chart on screen (afterNextDraw).
/** @type {Set<() => void>} */
const afterDrawing = new Set();

// Updates every dirty chart that is on screen, then resolves the promises that were waiting for them.
function drawFrame() {
  scheduled = false;
  let drawn = false;
  for (const chart of [...dirty]) {
    if (!onScreen.has(chart)) continue;
    chart.update('none');
    drawn = true;
  }
  for (const wait of waiting) wait.framed = true;
  settle();
  if (drawn && afterDrawing.size) {
    const callbacks = [...afterDrawing];
    afterDrawing.clear();
    // After the frame that paints these charts, and after the tasks queued while it ran.
    requestAnimationFrame(() => setTimeout(() => setTimeout(() => {
      for (const callback of callbacks) callback();
    }, 0), 0));
  }
}

// Runs `callback` once the next chart drawn on screen has been painted, in a task of its own: for
// work that can wait until then (main.js: what a drag's input changes besides the view). Returns
// a function that takes it back.
/** @param {() => void} callback @returns {() => void} */
export function afterNextDraw(callback) {
  afterDrawing.add(callback);
  return () => afterDrawing.delete(callback);
}

// A whenDrawn() promise resolves once none of its charts is still to be drawn on screen: each
// is drawn, destroyed or known to be off screen (a chart the observer has not placed yet may
// be visible, so it is waited for), and not before a frame's flush has run since the call.
function settle() {
  const ready = [];
  for (const wait of waiting) {
    for (const chart of wait.charts) if (!dirty.has(chart) || (placed.has(chart) && !onScreen.has(chart))) wait.charts.delete(chart);
    if (wait.charts.size === 0 && wait.framed) ready.push(wait);
  }
  for (const wait of ready) {
    waiting.splice(waiting.indexOf(wait), 1);
    wait.resolve();
  }
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(drawFrame);
}

// Marks the chart's data or options as changed: drawn at the end of this task if on screen, else
// when it comes into view.
/** @param {Drawable} chart */
export function refresh(chart) {
  dirty.add(chart);
  schedule();
}

// Brings a chart up to date at once, on screen or not.
/** @param {Drawable} chart */
export function flush(chart) {
  if (dirty.has(chart)) chart.update('none');
  settle();
}

// Resolves right after the next flush that draws every chart dirty now (those on screen; charts
// off screen are left for when they scroll into view): e.g. to count a result as rendered.
/** @returns {Promise<void>} */
export function whenDrawn() {
  return new Promise((resolve) => {
    waiting.push({ charts: new Set(dirty), resolve, framed: false });
    schedule();
  });
}

// Printing shows every chart, so everything waiting is drawn first.
window.addEventListener('beforeprint', () => {
  for (const chart of [...dirty]) flush(chart);
});
