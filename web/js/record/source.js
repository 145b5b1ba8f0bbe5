// What a video records of an element (a card's body, a figure's grid): every visible canvas, every
// SVG drawing inside a <figure> (a figure's schematics) and every visible chart title
// (<figcaption>), as rectangles in CSS px relative to the element, read again at every frame (as
// web/js/ui/figure-png.js places them in a PNG).
import { Chart } from '../charts/setup.js';
/** @import { ChartDataset } from 'chart.js' */

/** @param {Element} node */
const visible = (node) => node.getClientRects().length > 0;

/**
 * One thing drawn in a video frame, in CSS px relative to the recorded element: a chart title, a
 * canvas or an SVG drawing (as an image).
 * @typedef {{ x: number, y: number, width: number, height: number,
 *   text?: string, fontSize?: number, color?: string, canvas?: HTMLCanvasElement, image?: HTMLImageElement }} SourceItem
 */
/** @typedef {() => Promise<SourceItem[]>} Source reads the element's drawings at one frame */

// An SVG as an image; with a cache, decoded once per drawing (the schematics do not change while
// recording). Also what a figure's PNG draws of its schematics (ui/figure-png.js).
/** @param {SVGElement} svg @param {WeakMap<SVGElement, { text: string, image: HTMLImageElement }>} [cache] */
export async function svgImage(svg, cache) {
  const text = new XMLSerializer().serializeToString(svg);
  if (cache?.get(svg)?.text === text) return cache.get(svg).image;
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
  } finally {
    URL.revokeObjectURL(url);
  }
  cache?.set(svg, { text, image });
  return image;
}

/** @param {HTMLElement} element @returns {Source} */
export function sourceOf(element) {
  /** @type {WeakMap<SVGElement, { text: string, image: HTMLImageElement }>} */
  const svgs = new WeakMap();
  return async () => {
    const box = element.getBoundingClientRect();
    /** @param {Element} node */
    const place = (node) => {
      const r = node.getBoundingClientRect();
      return { x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height };
    };
    /** @type {SourceItem[]} */
    const items = [];
    for (const caption of element.querySelectorAll('figcaption:not(.visually-hidden)')) {
      if (!visible(caption) || !caption.textContent.trim()) continue;
      const style = getComputedStyle(caption);
      items.push({ text: caption.textContent.trim(), fontSize: parseFloat(style.fontSize) || 12, color: style.color, ...place(caption) });
    }
    for (const canvas of element.querySelectorAll('canvas')) {
      if (visible(canvas) && canvas.width > 0 && canvas.height > 0) items.push({ canvas, ...place(canvas) });
    }
    for (const svg of /** @type {NodeListOf<SVGElement>} */ (element.querySelectorAll('figure svg'))) {
      if (visible(svg)) items.push({ image: await svgImage(svg, svgs), ...place(svg) });
    }
    return items;
  };
}

// The line that explains the line styles, when a recorded chart has exact (dotted) curves.
/** @param {SourceItem[]} items */
export function styleKey(items) {
  const dotted = items.some((item) => item.canvas && Chart.getChart(item.canvas)?.data.datasets.some((d) => d.exact && /** @type {ChartDataset<'line'>} */ (d).borderDash));
  return dotted ? 'solid: simulation (gradient descent) · dotted: exact solution' : '';
}
