// Chart.js with the matrix (heatmap) controller, registered once, with the page's defaults:
// no animation (charts follow a slider), sizes from their container.
import { Chart, registerables } from '../../vendor/chart.js/chart.js';
import { MatrixController, MatrixElement } from '../../vendor/chartjs-chart-matrix/chartjs-chart-matrix.esm.js';

Chart.register(...registerables, MatrixController, MatrixElement);
Chart.defaults.animation = false;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.font.size = 11;
Chart.defaults.color = '#333';

export { Chart };

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

// Charts off screen are not redrawn while a slider moves: their update waits until they scroll
// into view (or until flush(), e.g. before a PNG export). Dragging λ then costs only what is seen.
const pending = new Set();
const onScreen = new WeakSet();
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const chart = Chart.getChart(entry.target);
    if (!chart) continue;
    if (entry.isIntersecting) {
      onScreen.add(chart);
      if (pending.delete(chart)) chart.update('none');
    } else {
      onScreen.delete(chart);
    }
  }
}, { rootMargin: '200px 0px' });

Chart.register({
  id: 'offscreenUpdates',
  afterInit(chart) {
    observer.observe(chart.canvas);
  },
  // Before, not after: Chart.js drops its canvas reference during destroy().
  beforeDestroy(chart) {
    observer.unobserve(chart.canvas);
    pending.delete(chart);
  },
});

// Redraws the chart with its new data now if it is on screen, else when it comes into view.
export function refresh(chart) {
  if (onScreen.has(chart)) chart.update('none');
  else pending.add(chart);
}

// Brings a chart up to date at once, on screen or not.
export function flush(chart) {
  if (pending.delete(chart)) chart.update('none');
}

// Printing shows every chart, so everything waiting is drawn first.
window.addEventListener('beforeprint', () => {
  for (const chart of [...pending]) flush(chart);
});
