// How one frame of a video is laid out, in video pixels: on white, a header (the title, then the
// parameter lines wrapped to the frame's width) above the recorded area, which is scaled to fit
// the rest of the frame and centred. Text sizes grow with the frame's width (a 640 px wide video
// gets 15 px titles, 1920 px gets 45 px), so that a video reads the same at every size.
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const MAX_ASPECT = 2; // a frame "of the chart's own shape" is at most twice as tall as wide
/** @import { SourceItem } from './source.js' */
/** @typedef {{ x: number, y: number, width: number, height: number }} Box a rectangle in CSS px */
/** @typedef {ReturnType<typeof metrics>} Metrics */
/** @typedef {ReturnType<typeof createLayout>} FrameLayout */

// The rectangle (CSS px) that holds every item of a source, or null when there is none.
/** @param {SourceItem[]} items @returns {Box | null} */
export function contentBox(items) {
  let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
  for (const { x, y, width, height } of items) {
    if (!(width > 0 && height > 0)) continue;
    [left, top] = [Math.min(left, x), Math.min(top, y)];
    [right, bottom] = [Math.max(right, x + width), Math.max(bottom, y + height)];
  }
  return right > left ? { x: left, y: top, width: right - left, height: bottom - top } : null;
}

// Font sizes and spacing at a frame width.
/** @param {number} width */
function metrics(width) {
  const u = width / 640;
  return { pad: Math.round(8 * u), title: Math.round(15 * u), text: Math.round(11 * u), titleRow: Math.round(24 * u), row: Math.round(15 * u) };
}

/** @param {number} n */
const even = (n) => Math.max(2, 2 * Math.round(n / 2)); // VP8 and VP9 encoders want even sizes

// Lines of at most `width` pixels in ctx's font (a word longer than that gets a line of its own);
// also the lines of a figure's PNG (ui/figure-png.js).
/** @param {CanvasRenderingContext2D} ctx @param {string} text @param {number} width */
export function wrap(ctx, text, width) {
  /** @type {string[]} */
  const rows = [];
  let row = '';
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    const next = row ? `${row} ${word}` : word;
    if (row && ctx.measureText(next).width > width) {
      rows.push(row);
      row = word;
    } else row = next;
  }
  if (row) rows.push(row);
  return rows;
}

/** @param {CanvasRenderingContext2D} ctx @param {string[]} lines @param {number} width @param {Metrics} m */
function headerRows(ctx, lines, width, m) {
  ctx.font = `${m.text}px ${FONT}`;
  return lines.filter(Boolean).flatMap((line) => wrap(ctx, line, width - 2 * m.pad));
}

const scratch = () => document.createElement('canvas').getContext('2d');
/** @param {number} rows @param {Metrics} m */
const headerHeight = (rows, m) => m.pad + m.titleRow + rows * m.row + m.pad;

// The frame's size: `height` given (e.g. 1280 × 720), or else the content's own shape at `width`
// below its header (at most MAX_ASPECT × width tall). Both even.
/** @param {{ width: number, height?: number, box?: { width: number, height: number } | null, lines?: string[] }} frame */
export function frameSize({ width, height, box, lines = [] }) {
  width = even(width);
  if (height) return { width, height: even(height) };
  const m = metrics(width);
  const header = headerHeight(headerRows(scratch(), lines, width, m).length, m);
  const content = box ? (box.height * (width - 2 * m.pad)) / box.width : (width * 9) / 16;
  return { width, height: even(Math.min(MAX_ASPECT * width, header + content + m.pad)) };
}

// Where everything goes in a frame of `width` × `height`: the header's rows are counted from the
// first frame's lines (later frames fit theirs in that height), the content box is fitted below it.
/** @param {{ width: number, height: number, box: Box | null, lines?: string[] }} frame */
export function createLayout({ width, height, box, lines = [] }) {
  const m = metrics(width);
  const rows = headerRows(scratch(), lines, width, m).length;
  const top = headerHeight(rows, m);
  const area = { x: m.pad, y: top, width: width - 2 * m.pad, height: Math.max(1, height - top - m.pad) };
  const scale = box ? Math.min(area.width / box.width, area.height / box.height) : 1;
  const origin = box ? { x: area.x + (area.width - box.width * scale) / 2 - box.x * scale, y: area.y + (area.height - box.height * scale) / 2 - box.y * scale } : area;
  return { width, height, m, rows, area, box, scale, origin };
}

// Draws one frame: the header with `title` and `lines`, then the items (canvases, images or texts
// at their CSS px rectangles), clipped to the content area.
/** @param {CanvasRenderingContext2D} ctx @param {FrameLayout} layout @param {{ title: string, lines?: string[], items: SourceItem[] }} content */
export function drawFrame(ctx, layout, { title, lines = [], items }) {
  const { width, height, m, area, scale, origin } = layout;
  ctx.save();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#1a1a1a';
  ctx.font = `600 ${m.title}px ${FONT}`;
  ctx.fillText(title, m.pad, m.pad, width - 2 * m.pad);
  ctx.fillStyle = '#444444';
  // Every frame carries every line: lines that have grown since the first frame (λ = 0.5 →
  // λ = 1.25) and wrap to more rows than the header has are set smaller until they fit, never cut.
  let { text, row } = m;
  let rows = headerRows(ctx, lines, width, m);
  while (rows.length * row > layout.rows * m.row && text > 4) {
    text -= 0.5;
    row = (m.row * text) / m.text;
    rows = headerRows(ctx, lines, width, { ...m, text });
  }
  rows.forEach((line, i) => ctx.fillText(line, m.pad, m.pad + m.titleRow + i * row, width - 2 * m.pad));
  ctx.beginPath();
  ctx.rect(area.x, area.y, area.width, area.height);
  ctx.clip();
  ctx.imageSmoothingQuality = 'high';
  for (const item of items) {
    if (!(item.width > 0 && item.height > 0)) continue;
    const [x, y, w, h] = [origin.x + item.x * scale, origin.y + item.y * scale, item.width * scale, item.height * scale];
    if (item.text !== undefined) {
      ctx.fillStyle = item.color ?? '#333333';
      ctx.font = `${(item.fontSize ?? 12) * scale}px ${FONT}`;
      ctx.fillText(item.text, x, y, w);
    } else {
      const image = item.canvas ?? item.image;
      if (image && (image.width ?? 0) > 0 && (image.height ?? 0) > 0) ctx.drawImage(image, x, y, w, h);
    }
  }
  ctx.restore();
}
