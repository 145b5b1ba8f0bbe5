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
