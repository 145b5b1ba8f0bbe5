// PNG images of charts for slides and papers: drawn at twice the screen's resolution, with the
// chart's title and the settings it was computed with above it, and the legend (and, for heatmaps,
// the colour bar) in the picture, so that an exported image explains itself.
import { Chart } from '../charts/setup.js';
import { heatmapOf, heatmapPng } from '../charts/heatmap.js';
/** @import { ChartDataset } from 'chart.js' */

export const SCALE = 2;
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

// A white canvas (width × height device pixels) with `title` and, in grey, `lines` at its top,
// `lineStep` CSS pixels apart from y = 28: the header of every exported image.
/** @param {{ width: number, height: number, title: string, lines: string[], lineStep: number }} options */
export function headedCanvas({ width, height, title, lines, lineStep }) {
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#1a1a1a';
  ctx.textBaseline = 'top';
  ctx.font = `600 ${SCALE * 15}px ${FONT}`;
  ctx.fillText(title, SCALE * 8, SCALE * 6, width - SCALE * 16);
  ctx.font = `${SCALE * 11}px ${FONT}`;
  ctx.fillStyle = '#444444';
  lines.forEach((line, i) => ctx.fillText(line, SCALE * 8, SCALE * (28 + lineStep * i), width - SCALE * 16));
  return { out, ctx };
}

// Draws `image` (a canvas) under a header of title and lines, at SCALE, on white.
/** @param {HTMLCanvasElement} image @param {{ title: string, lines: string[], key?: string }} header */
function compose(image, { title, lines, key }) {
  const textLines = [...lines, ...(key ? [key] : [])].filter(Boolean);
  const header = SCALE * (28 + 18 * textLines.length);
  const { out, ctx } = headedCanvas({ width: image.width + 2 * SCALE * 8, height: header + image.height + SCALE * 8, title, lines: textLines, lineStep: 18 });
  ctx.drawImage(image, SCALE * 8, header);
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}

// A Chart.js chart re-rendered at SCALE, with its legend shown when it has a few curves.
/** @param {import('chart.js').Chart} chart */
async function chartImage(chart) {
  const saved = { ratio: chart.options.devicePixelRatio, legend: chart.options.plugins.legend.display };
  const labelled = chart.data.datasets.filter((d) => !d.exact).length;
  chart.options.devicePixelRatio = SCALE;
  if (labelled > 1 && labelled <= 12) chart.options.plugins.legend.display = true;
  chart.resize();
  chart.update('none');
  const copy = document.createElement('canvas');
  copy.width = chart.canvas.width;
  copy.height = chart.canvas.height;
  copy.getContext('2d').drawImage(chart.canvas, 0, 0);
  chart.options.devicePixelRatio = saved.ratio;
  chart.options.plugins.legend.display = saved.legend;
  chart.resize();
  chart.update('none');
  return copy;
}

// The PNG of whatever is drawn on `canvas` (a Chart.js chart, a heatmap, or a plain canvas).
/** @param {HTMLCanvasElement} canvas @param {{ title: string, lines?: string[] }} header @returns {Promise<Blob | null>} */
export async function canvasPng(canvas, { title, lines = [] }) {
  const heatmap = heatmapOf(canvas);
  if (heatmap) return heatmapPng(heatmap, { title, lines });
  const chart = Chart.getChart(canvas);
  if (!chart) return compose(canvas, { title, lines });
  const hasExact = chart.data.datasets.some((d) => d.exact && /** @type {ChartDataset<'line'>} */ (d).borderDash);
  const key = hasExact ? 'solid: simulation (gradient descent) · dotted: exact solution' : '';
  return compose(await chartImage(chart), { title, lines, key });
}
