// One PNG of a whole figure: every chart, heatmap and schematic of its grid at twice the screen
// resolution, where it sits on the page, under the figure's title and caption.
import { Chart, flush } from '../charts/setup.js';
import { SCALE, FONT, headedCanvas } from './png.js';
import { wrap } from '../record/frame-layout.js';
import { svgImage } from '../record/source.js';

/** @param {HTMLElement} grid @param {{ title: string, lines?: string[] }} header @returns {Promise<Blob | null>} */
export async function figurePng(grid, { title, lines = [] }) {
  for (const canvas of grid.querySelectorAll('canvas')) {
    const chart = Chart.getChart(canvas);
    if (chart) flush(chart);
  }
  const box = grid.getBoundingClientRect();
  const width = Math.ceil(box.width * SCALE) + 2 * SCALE * 8;
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = `${SCALE * 11}px ${FONT}`;
  const text = lines.flatMap((line) => wrap(measure, line, width - SCALE * 16));
  const header = SCALE * (30 + 15 * text.length);
  const { out, ctx } = headedCanvas({ width, height: header + Math.ceil(box.height * SCALE) + SCALE * 8, title, lines: text, lineStep: 15 });
  /** @param {Element} element */
  const place = (element) => {
    const r = element.getBoundingClientRect();
    return [SCALE * 8 + (r.left - box.left) * SCALE, header + (r.top - box.top) * SCALE, r.width * SCALE, r.height * SCALE];
  };
  // Panel titles, then each drawing scaled into its place (canvases hold their device pixels).
  ctx.fillStyle = '#333333';
  ctx.font = `${SCALE * 10}px ${FONT}`;
  for (const caption of grid.querySelectorAll('figcaption:not(.visually-hidden)')) {
    const [x, y] = place(caption);
    ctx.fillText(caption.textContent, x, y, width - x);
  }
  for (const canvas of grid.querySelectorAll('canvas')) {
    const [x, y, w, h] = place(canvas);
    if (w > 0 && h > 0) ctx.drawImage(canvas, x, y, w, h);
  }
  for (const svg of grid.querySelectorAll('svg')) {
    const [x, y, w, h] = place(svg);
    if (w > 0 && h > 0) ctx.drawImage(await svgImage(svg), x, y, w, h);
  }
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}
