// Heatmaps of matrices (representations, NTK) with chartjs-chart-matrix: a diverging colour map
// centred on zero, shared by the simulation and exact heatmaps of a pair so they compare directly.
import { Chart, refresh } from './setup.js';
import { divergingColor } from './palette.js';

export function createHeatmap(canvas, { title = '' } = {}) {
  return new Chart(canvas, {
    type: 'matrix',
    data: { datasets: [{ data: [], scale: 1, borderWidth: 0,
      backgroundColor: (ctx) => divergingColor((ctx.raw?.v ?? 0) / ctx.dataset.scale),
      width: ({ chart }) => (chart.chartArea || {}).width / (chart.$columns || 1),
      height: ({ chart }) => (chart.chartArea || {}).height / (chart.$rows || 1) }] },
    options: {
      layout: { padding: 2 },
      scales: {
        x: { type: 'linear', offset: false, min: -0.5, max: 0.5, display: false },
        y: { type: 'linear', offset: false, min: -0.5, max: 0.5, reverse: true, display: false },
      },
      plugins: {
        legend: { display: false },
        title: { display: Boolean(title), text: title, font: { weight: 'normal' } },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (item) => `[${item.raw.y + 1}, ${item.raw.x + 1}] = ${Number(item.raw.v).toPrecision(5)}`,
          },
        },
      },
    },
  });
}

// matrix: array of rows (arrays or Float64Arrays); scale: |value| that maps to full colour.
export function setMatrix(chart, matrix, scale) {
  const rows = matrix ? matrix.length : 0, cols = rows ? matrix[0].length : 0;
  const dataset = chart.data.datasets[0];
  if (chart.$rows !== rows || chart.$columns !== cols) {
    dataset.data = [];
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dataset.data.push({ x: c, y: r, v: 0 });
    chart.$rows = rows;
    chart.$columns = cols;
    chart.options.scales.x.max = cols - 0.5;
    chart.options.scales.y.max = rows - 0.5;
  }
  for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) dataset.data[i].v = matrix[r][c];
  dataset.scale = scale > 0 ? scale : 1;
  refresh(chart);
}

export function maxAbs(...matrices) {
  let m = 0;
  for (const matrix of matrices) if (matrix) for (const row of matrix) for (const v of row) m = Math.max(m, Math.abs(v));
  return m;
}
