// What a video records of an element (a card's body, a figure's grid): every visible canvas, every
// SVG drawing inside a <figure> (a figure's schematics) and every visible chart title
// (<figcaption>), as rectangles in CSS px relative to the element, read again at every frame (as
// web/js/ui/figure-png.js places them in a PNG).
import { Chart } from '../charts/setup.js';
/** @import { ChartDataset } from 'chart.js' */

const visible = (node) => node.getClientRects().length > 0;

// An SVG as an image (decoded once per drawing: the schematics do not change while recording).
async function svgImage(svg, cache) {
  const text = new XMLSerializer().serializeToString(svg);
  if (cache.get(svg)?.text === text) return cache.get(svg).image;
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
  } finally {
    URL.revokeObjectURL(url);
  }
  cache.set(svg, { text, image });
  return image;
}

export function sourceOf(element) {
  const svgs = new WeakMap();
  return async () => {
    const box = element.getBoundingClientRect();
    const place = (node) => {
      const r = node.getBoundingClientRect();
      return { x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height };
    };
    const items = [];
    for (const caption of element.querySelectorAll('figcaption:not(.visually-hidden)')) {
      if (!visible(caption) || !caption.textContent.trim()) continue;
      const style = getComputedStyle(caption);
      items.push({ text: caption.textContent.trim(), fontSize: parseFloat(style.fontSize) || 12, color: style.color, ...place(caption) });
    }
    for (const canvas of element.querySelectorAll('canvas')) {
      if (visible(canvas) && canvas.width > 0 && canvas.height > 0) items.push({ canvas, ...place(canvas) });
    }
    for (const svg of element.querySelectorAll('figure svg')) {
      if (visible(svg)) items.push({ image: await svgImage(svg, svgs), ...place(svg) });
    }
    return items;
  };
}

// The line that explains the line styles, when a recorded chart has exact (dotted) curves.
export function styleKey(items) {
  const dotted = items.some((item) => item.canvas && Chart.getChart(item.canvas)?.data.datasets.some((/** @type {ChartDataset<'line'>} */ d) => d.exact && d.borderDash));
  return dotted ? 'solid: simulation (gradient descent) · dotted: exact solution' : '';
}
