// Line charts of quantities over training time: for each curve the simulation is drawn solid and
// the exact solution dotted, in the same colour, with a vertical line at the time cursor.
import { Chart, refresh } from './setup.js';

const timeCursor = {
  id: 'timeCursor',
  afterDatasetsDraw(chart, _args, options) {
    if (!Number.isFinite(options.time)) return;
    const { ctx, chartArea, scales } = chart;
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

// Chart.js sets these flags on points it parsed itself; ours are ready-made, so parsing is off.
function points(times, values) {
  const n = Math.min(times.length, values.length);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { x: times[i], y: values[i] };
  return out;
}

export function createTrajectoryChart(canvas, { yTitle, logY = false, xTitle = 'training time t', legend = true } = {}) {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      parsing: false,
      normalized: true,
      spanGaps: false,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      elements: { point: { radius: 0, hitRadius: 4 }, line: { tension: 0 } },
      scales: {
        x: { type: 'linear', title: { display: Boolean(xTitle), text: xTitle } },
        y: { type: logY ? 'logarithmic' : 'linear', title: { display: Boolean(yTitle), text: yTitle } },
      },
      plugins: {
        timeCursor: { time: NaN },
        legend: {
          display: legend,
          labels: { boxWidth: 12, boxHeight: 2, filter: (item, data) => !data.datasets[item.datasetIndex].exact },
        },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${Number(item.parsed.y).toPrecision(5)}`,
          },
        },
        decimation: { enabled: false },
      },
    },
    plugins: [timeCursor],
  });
}

// curves: [{label, color, simulation, exact}] where simulation/exact are arrays or Float64Arrays
// over `times` (either may be null: exact is null for unbalanced initializations).
export function setTrajectories(chart, times, curves) {
  const datasets = [];
  for (const curve of curves) {
    if (curve.simulation) {
      datasets.push({ label: curve.label, data: points(times, curve.simulation), borderColor: curve.color,
        backgroundColor: curve.color, borderWidth: 1.6, exact: false });
    }
    if (curve.exact) {
      datasets.push({ label: `${curve.label} (exact)`, data: points(times, curve.exact), borderColor: curve.color,
        backgroundColor: curve.color, borderWidth: 2.4, borderDash: [2, 3], exact: true });
    }
  }
  chart.data.datasets = datasets;
  refresh(chart);
}

export function setCursor(chart, time) {
  chart.options.plugins.timeCursor.time = time;
  refresh(chart);
}

// The series helpers live in series.js (pure, importable from Node); re-exported for the panels.
export { entrySeries, componentSeries } from './series.js';
