// Heatmaps of matrices (representations, NTK, the task's SVD) drawn straight onto a canvas: one
// pixel per cell in an offscreen image, scaled up without smoothing, so that a 2016 × 2016 kernel
// costs one pass over its entries instead of four million chart elements. A diverging colour map
// centred on zero, with the scale given by the caller (shared by a simulation/exact pair so they
// compare directly), a colour bar, a note when cells stand for blocks, a hover tooltip and a
// one-sentence text alternative. The arithmetic is in heatmap-grid.js.
import {
  colourTable, paintPixels, planGrid, aggregate, aggregationNote, entryRange, describeMatrix,
  describeCell, barTicks, wrapText,
} from './heatmap-grid.js';
/** @import { GridPlan, MatrixRows } from './heatmap-grid.js' */

/**
 * @typedef {object} HeatmapState what setMatrix was given
 * @property {MatrixRows | null} matrix null: nothing to draw (emptyText instead)
 * @property {number} rows
 * @property {number} cols
 * @property {number} scale the |value| drawn at full colour
 * @property {string} emptyText
 * @property {string} note
 * @property {{ min: number, max: number } | null} range
 */
/** @typedef {{ plan: GridPlan, values: Float64Array, x: number, y: number, dpr: number, bottom: number }} DrawnCells where paint put the cells (device px) and the drawing's bottom (CSS px) */
/**
 * @typedef {object} Heatmap
 * @property {HTMLCanvasElement} canvas
 * @property {string} title
 * @property {string} label the chart's name, for its aria-label
 * @property {HeatmapState | null} state
 * @property {{ width: number, height: number } | null} size the canvas's CSS box
 * @property {DrawnCells | null} drawn
 * @property {{ matrix: MatrixRows | null, plan: GridPlan, values: Float64Array } | null} cache the last aggregation
 * @property {HTMLCanvasElement} image the offscreen image, one pixel per cell
 * @property {HTMLDivElement} tooltip
 * @property {ResizeObserver} [observer]
 * @property {() => void} [measure]
 * @property {() => void} [destroy]
 */
/** @typedef {(size: number, colour: string, weight?: string) => void} TextStyle sets the font and colour of what is written next */
import { divergingColor } from './palette.js';

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'; // as the Chart.js charts
const TEXT = '#333', MUTED = '#555';
const LINE = 13; // height of a line of 11 px text (CSS px)
const NOTE_LINE = 12; // of a 10 px note
const BAR = { gap: 8, width: 10, tick: 3 }; // the colour bar (CSS px)
const PAD = 2;

const TABLE = new Uint32Array(colourTable().buffer);

/** @param {number} size @param {string} [weight] */
const font = (size, weight = '') => `${weight} ${size}px ${FONT_FAMILY}`.trim();

// The canvas fills its container (div.chart-box, positioned) absolutely, so that the canvas never
// takes part in the container's size: its pixel size follows the box, never the reverse.
/** @param {HTMLCanvasElement} canvas */
function fillContainer(canvas) {
  const parent = canvas.parentElement;
  if (parent && getComputedStyle(parent).position === 'static') parent.style.position = 'relative';
  Object.assign(canvas.style, { display: 'block', position: 'absolute', left: '0', top: '0', width: '100%', height: '100%' });
}

/** @param {HTMLCanvasElement} canvas */
function createTooltip(canvas) {
  const tip = document.createElement('div');
  tip.hidden = true;
  tip.setAttribute('aria-hidden', 'true'); // the canvas's aria-label is the text alternative
  Object.assign(tip.style, {
    position: 'absolute', pointerEvents: 'none', zIndex: '2', boxSizing: 'border-box',
    font: font(11), color: TEXT, background: 'rgba(255, 255, 255, 0.95)',
    border: '1px solid #999', borderRadius: '3px', padding: '1px 4px',
  });
  canvas.parentElement?.append(tip);
  return tip;
}

// The heatmap drawn on a canvas, if any (as Chart.getChart for the Chart.js charts).
/** @type {WeakMap<HTMLCanvasElement, Heatmap>} */
const heatmaps = new WeakMap();
/** @param {HTMLCanvasElement} canvas @returns {Heatmap | null} */
export const heatmapOf = (canvas) => heatmaps.get(canvas) ?? null;

/** @param {HTMLCanvasElement} canvas @param {{ title?: string }} [options] @returns {Heatmap} */
export function createHeatmap(canvas, { title = '' } = {}) {
  const previous = heatmapOf(canvas); // its aria-label is no longer the chart's name: keep that
  previous?.destroy();
  fillContainer(canvas);
  /** @type {Heatmap} */
  const heatmap = {
    canvas, title,
    label: previous?.label ?? (canvas.getAttribute('aria-label') || title || 'Heatmap'),
    state: null, // { matrix, rows, cols, scale, range, emptyText, note }
    size: null, // the canvas's CSS box { width, height }
    drawn: null, // where the last screen drawing put the cells, for the tooltip
    cache: null, // the last aggregation { matrix, plan, values }
    image: document.createElement('canvas'),
    tooltip: createTooltip(canvas),
  };
  const measure = () => {
    const box = canvas.getBoundingClientRect();
    heatmap.size = { width: box.width, height: box.height };
  };
  heatmap.observer = new ResizeObserver(() => {
    measure();
    draw(heatmap);
  });
  heatmap.observer.observe(canvas);
  /** @param {PointerEvent} event */
  const onMove = (event) => showTooltip(heatmap, event.offsetX, event.offsetY);
  const onLeave = () => { heatmap.tooltip.hidden = true; };
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerleave', onLeave);
  heatmap.measure = measure;
  heatmap.destroy = () => {
    heatmaps.delete(canvas);
    heatmap.observer.disconnect();
    canvas.removeEventListener('pointermove', onMove);
    canvas.removeEventListener('pointerleave', onLeave);
    heatmap.tooltip.remove();
    heatmap.state = heatmap.cache = heatmap.drawn = null;
  };
  heatmaps.set(canvas, heatmap);
  return heatmap;
}

// matrix: array of rows (arrays or Float64Arrays) or null; scale: the |value| drawn at full colour.
// options.emptyText: what to say instead of a matrix; options.note: a line under the matrix.
/**
 * @param {Heatmap} heatmap
 * @param {MatrixRows | null | undefined} matrix
 * @param {number} scale
 * @param {{ emptyText?: string, note?: string }} [options]
 */
export function setMatrix(heatmap, matrix, scale, { emptyText = 'no matrix to show', note = '' } = {}) {
  if (heatmap.cache) heatmap.cache.matrix = null; // its entries may have changed in place: aggregate again
  const rows = matrix ? matrix.length : 0, cols = rows ? matrix[0].length : 0;
  const empty = rows === 0 || cols === 0;
  const state = { matrix: empty ? null : matrix, rows, cols, scale: scale > 0 && Number.isFinite(scale) ? scale : 1,
    emptyText, note, range: empty ? null : entryRange(matrix) };
  heatmap.state = state;
  heatmap.tooltip.hidden = true;
  heatmap.drawn = null;
  draw(heatmap);
  describe(heatmap);
}

// The canvas's text alternative: the matrix, its range and scale, the note, and (when the matrix
// has more cells than pixels) how it was shown.
/** @param {Heatmap} heatmap */
function describe(heatmap) {
  const { state } = heatmap;
  if (!state) return;
  const aggregated = heatmap.drawn?.plan ? aggregationNote(heatmap.drawn.plan) : '';
  const summary = state.matrix === null ? state.emptyText
    : [describeMatrix(state.rows, state.cols, state.range, state.scale), state.note, aggregated].filter(Boolean).join('; ');
  heatmap.canvas.setAttribute('aria-label', `${heatmap.label}: ${summary}`);
}

/** @param {...(MatrixRows | null | undefined)} matrices */
export function maxAbs(...matrices) {
  let m = 0;
  for (const matrix of matrices) {
    if (!matrix) continue;
    for (let r = 0; r < matrix.length; r++) {
      const row = matrix[r];
      for (let c = 0; c < row.length; c++) {
        const a = Math.abs(row[c]);
        if (a > m) m = a;
      }
    }
  }
  return m;
}

// Draws the heatmap on its canvas at the screen's resolution (nothing while it has no size: the
// ResizeObserver draws it when it gets one).
/** @param {Heatmap} heatmap */
function draw(heatmap) {
  if (!heatmap.state) return;
  if (!heatmap.size) heatmap.measure();
  const { width, height } = heatmap.size;
  if (!(width > 0 && height > 0)) return;
  const dpr = window.devicePixelRatio || 1;
  const canvas = heatmap.canvas;
  const deviceWidth = Math.round(width * dpr), deviceHeight = Math.round(height * dpr);
  if (canvas.width !== deviceWidth || canvas.height !== deviceHeight) {
    canvas.width = deviceWidth;
    canvas.height = deviceHeight;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, deviceWidth, deviceHeight);
  heatmap.drawn = paint(ctx, heatmap, { width, height, dpr, title: heatmap.title, useCache: true });
  describe(heatmap);
}

// Paints the state into a box of width × height CSS px whose top left corner is at (left, top) CSS
// px of ctx, at dpr device pixels per CSS px, centred (or at the top: alignTop). Returns where the
// cells went (device px from the box's corner) and the bottom of the drawing (CSS px, from its
// top), or null when no matrix is drawn.
/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {Heatmap} heatmap
 * @param {{ left?: number, top?: number, width: number, height: number, dpr: number, title: string, alignTop?: boolean, useCache: boolean }} box
 * @returns {DrawnCells | null}
 */
function paint(ctx, heatmap, { left = 0, top = 0, width, height, dpr, title, alignTop = false, useCache }) {
  const state = heatmap.state;
  /** @type {[number, number]} */
  const origin = [Math.round(left * dpr), Math.round(top * dpr)];
  /** @type {TextStyle} */
  const text = (size, colour, weight) => {
    ctx.setTransform(dpr, 0, 0, dpr, ...origin);
    ctx.font = font(size, weight);
    ctx.fillStyle = colour;
  };
  let y = PAD;
  if (title) {
    text(12, TEXT);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(title, width / 2, y);
    y += LINE + 2;
  }
  const bottom = height - PAD;
  if (!state.matrix) {
    paintEmpty(ctx, state.emptyText, { x: PAD, y, width: width - 2 * PAD, height: bottom - y }, text);
    return null;
  }

  // The colour bar beside the matrix, or below it when the canvas is narrow. Its labels: the
  // widest of −scale, 0, +scale and the halves.
  text(10, TEXT);
  const labelWidth = Math.max(...barTicks(state.scale, true).map((t) => ctx.measureText(t.label).width));
  const beside = BAR.gap + BAR.width + BAR.tick + 3 + labelWidth;
  const vertical = beside <= 0.35 * width;
  const barRoom = vertical ? beside : BAR.gap + BAR.width + BAR.tick + LINE;

  // The notes under the matrix; the aggregation note depends on the area left, so settle it.
  text(10, MUTED);
  /** @param {string} line */
  const wrap = (line) => (line ? wrapText(line, width - 2 * PAD, (s) => ctx.measureText(s).width) : []);
  const noteLines = wrap(state.note);
  let notes = noteLines, plan = null;
  for (let pass = 0; pass < 3; pass++) {
    const areaWidth = width - 2 * PAD - (vertical ? barRoom : 0);
    const areaHeight = bottom - y - (vertical ? 0 : barRoom) - notes.length * NOTE_LINE - (notes.length ? 2 : 0);
    plan = planGrid(state.rows, state.cols, areaWidth * dpr, areaHeight * dpr);
    const settled = plan ? [...wrap(aggregationNote(plan)), ...noteLines] : noteLines;
    if (settled.length === notes.length) { notes = settled; break; }
    notes = settled;
  }
  if (!plan) return null;

  // The matrix and its colour bar, centred together; a vertical bar is at least 80 px long when
  // there is room (a wide, flat matrix would make it too short for its labels).
  const matrixWidth = plan.width / dpr, matrixHeight = plan.height / dpr;
  const notesHeight = notes.length * NOTE_LINE + (notes.length ? 2 : 0);
  const barLength = vertical ? Math.min(bottom - y - notesHeight, Math.max(matrixHeight, 80)) : Math.min(width - 2 * PAD, Math.max(matrixWidth, 100));
  const groupWidth = matrixWidth + (vertical ? barRoom : 0);
  const groupHeight = (vertical ? Math.max(matrixHeight, barLength) : matrixHeight + barRoom) + notesHeight;
  const x0 = Math.round(((width - groupWidth) / 2) * dpr);
  const slack = alignTop ? 0 : Math.max(0, (bottom - y - groupHeight) / 2);
  const y0 = Math.round((y + slack + (vertical ? Math.max(0, barLength - matrixHeight) / 2 : 0)) * dpr);
  const values = cells(heatmap, plan, useCache);
  drawCells(ctx, heatmap.image, plan, values, state.scale, origin[0] + x0, origin[1] + y0);

  const cellBox = { x: x0 / dpr, y: y0 / dpr, width: matrixWidth, height: matrixHeight };
  text(10, TEXT);
  const barEnd = vertical
    ? paintVerticalBar(ctx, barTicks(state.scale, barLength >= 120), cellBox, barLength)
    : paintHorizontalBar(ctx, barTicks(state.scale, false), cellBox, barLength, width);

  text(10, MUTED);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  let noteY = Math.max(cellBox.y + matrixHeight, barEnd) + 2;
  for (const line of notes) {
    ctx.fillText(line, width / 2, noteY);
    noteY += NOTE_LINE;
  }
  return { plan, values, x: x0, y: y0, dpr, bottom: notes.length ? noteY : Math.max(cellBox.y + matrixHeight, barEnd) };
}

// The aggregated values for a plan, reused while neither the matrix nor the plan changed.
/** @param {Heatmap} heatmap @param {GridPlan} plan @param {boolean} useCache */
function cells(heatmap, plan, useCache) {
  const { matrix } = heatmap.state, cache = heatmap.cache;
  if (cache && cache.matrix === matrix && cache.plan.blockRows === plan.blockRows && cache.plan.blockCols === plan.blockCols) return cache.values;
  const values = aggregate(matrix, plan, useCache ? cache?.values : undefined);
  if (useCache) heatmap.cache = { matrix, plan, values };
  return values;
}

// One pixel per cell into the offscreen image, then scaled onto ctx at device pixel (x0, y0).
/**
 * @param {CanvasRenderingContext2D} ctx @param {HTMLCanvasElement} image @param {GridPlan} plan
 * @param {Float64Array} values @param {number} scale @param {number} x0 @param {number} y0
 */
function drawCells(ctx, image, plan, values, scale, x0, y0) {
  if (image.width !== plan.gridCols || image.height !== plan.gridRows) {
    image.width = plan.gridCols;
    image.height = plan.gridRows;
  }
  const imageCtx = image.getContext('2d');
  const data = imageCtx.createImageData(plan.gridCols, plan.gridRows);
  paintPixels(values, scale, TABLE, new Uint32Array(data.data.buffer));
  imageCtx.putImageData(data, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image, x0, y0, plan.width, plan.height);
}

/** @param {CanvasRenderingContext2D} ctx @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1 */
function barGradient(ctx, x0, y0, x1, y1) {
  const gradient = ctx.createLinearGradient(x0, y0, x1, y1);
  for (const f of [0, 0.5, 1]) gradient.addColorStop(f, divergingColor(2 * f - 1)); // linear between these
  return gradient;
}

// A vertical bar right of the cells, centred on them, +scale at the top. Returns its bottom.
/** @typedef {{ x: number, y: number, width: number, height: number }} Box CSS px */
/** @param {CanvasRenderingContext2D} ctx @param {import('./heatmap-grid.js').BarTick[]} ticks @param {Box} cells @param {number} length */
function paintVerticalBar(ctx, ticks, cells, length) {
  const y0 = cells.y + (cells.height - length) / 2;
  const x = cells.x + cells.width + BAR.gap;
  ctx.fillStyle = barGradient(ctx, 0, y0 + length, 0, y0);
  ctx.fillRect(x, y0, BAR.width, length);
  ctx.strokeStyle = '#666';
  ctx.lineWidth = 1;
  ctx.strokeRect(x + 0.5, y0 + 0.5, BAR.width - 1, length - 1);
  ctx.fillStyle = TEXT;
  ctx.textAlign = 'left';
  for (const { fraction, label } of ticks) {
    const y = y0 + (1 - fraction) * length;
    ctx.fillRect(x + BAR.width, y - 0.5, BAR.tick, 1);
    ctx.textBaseline = fraction === 1 ? 'top' : fraction === 0 ? 'bottom' : 'middle';
    ctx.fillText(label, x + BAR.width + BAR.tick + 2, fraction === 1 ? y - 2 : fraction === 0 ? y + 2 : y);
  }
  return y0 + length;
}

// A horizontal bar under the cells, −scale at the left. Returns the bottom of its labels.
/**
 * @param {CanvasRenderingContext2D} ctx @param {import('./heatmap-grid.js').BarTick[]} ticks @param {Box} cells
 * @param {number} length @param {number} width
 */
function paintHorizontalBar(ctx, ticks, cells, length, width) {
  const x0 = Math.max(PAD, Math.min(width - PAD - length, cells.x + (cells.width - length) / 2));
  const y = cells.y + cells.height + BAR.gap;
  ctx.fillStyle = barGradient(ctx, x0, 0, x0 + length, 0);
  ctx.fillRect(x0, y, length, BAR.width);
  ctx.strokeStyle = '#666';
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 + 0.5, y + 0.5, length - 1, BAR.width - 1);
  ctx.fillStyle = TEXT;
  ctx.textBaseline = 'top';
  for (const { fraction, label } of ticks) {
    const x = x0 + fraction * length;
    ctx.fillRect(x - 0.5, y + BAR.width, 1, BAR.tick);
    ctx.textAlign = fraction === 0 ? 'left' : fraction === 1 ? 'right' : 'center';
    ctx.fillText(label, x, y + BAR.width + BAR.tick + 1);
  }
  return y + BAR.width + BAR.tick + LINE;
}

// The empty state: its text centred and wrapped to the box.
/** @param {CanvasRenderingContext2D} ctx @param {string} message @param {Box} box @param {TextStyle} text */
function paintEmpty(ctx, message, box, text) {
  text(11, MUTED);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const lines = wrapText(message, box.width - 8, (s) => ctx.measureText(s).width);
  let y = box.y + Math.max(0, (box.height - lines.length * LINE) / 2);
  for (const line of lines) {
    ctx.fillText(line, box.x + box.width / 2, y);
    y += LINE;
  }
}

// The tooltip for the cell under (x, y) CSS px, placed beside the pointer inside the container.
/** @param {Heatmap} heatmap @param {number} x @param {number} y */
function showTooltip(heatmap, x, y) {
  const { drawn, tooltip, canvas } = heatmap;
  const i = drawn && Math.floor((y * drawn.dpr - drawn.y) / drawn.plan.cellHeight);
  const j = drawn && Math.floor((x * drawn.dpr - drawn.x) / drawn.plan.cellWidth);
  if (!drawn || !(i >= 0 && i < drawn.plan.gridRows && j >= 0 && j < drawn.plan.gridCols)) {
    tooltip.hidden = true;
    return;
  }
  tooltip.textContent = describeCell(drawn.plan, drawn.values, i, j);
  tooltip.hidden = false;
  // Measured at the left edge, where it may be as wide as the canvas (it wraps beyond that: the
  // container clips what overflows).
  const boxWidth = canvas.clientWidth, boxHeight = canvas.clientHeight;
  Object.assign(tooltip.style, { left: `${canvas.offsetLeft}px`, top: `${canvas.offsetTop}px`, maxWidth: `${boxWidth}px` });
  const tipWidth = tooltip.offsetWidth, tipHeight = tooltip.offsetHeight;
  const left = x + 12 + tipWidth <= boxWidth ? x + 12 : Math.max(0, x - 12 - tipWidth);
  const topY = y + 12 + tipHeight <= boxHeight ? y + 12 : Math.max(0, y - 12 - tipHeight);
  tooltip.style.left = `${canvas.offsetLeft + left}px`;
  tooltip.style.top = `${canvas.offsetTop + topY}px`;
}

// A PNG of the heatmap at 2× its size on screen (whatever the screen's pixel ratio), with the
// title and the lines (e.g. the parameters) above it, in the header style of ui/png.js.
const PNG = { scale: 2, margin: 8, title: 15, titleLine: 22, line: 11, lineHeight: 18 };

/** @param {Heatmap} heatmap @param {{ title?: string, lines?: string[] }} [options] @returns {Promise<Blob>} */
export function heatmapPng(heatmap, { title = heatmap.title || heatmap.label, lines = [] } = {}) {
  const { scale, margin } = PNG;
  const width = heatmap.size?.width > 0 ? heatmap.size.width : 360;
  const height = heatmap.size?.height > 0 ? heatmap.size.height : 360;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  /** @param {number} size @param {string} weight @param {string} line */
  const wrapAt = (size, weight, line) => {
    ctx.font = font(size, weight);
    return wrapText(line, width, (s) => ctx.measureText(s).width);
  };
  const header = [...wrapAt(PNG.title, '600', title).map((t) => ({ t, size: PNG.title, weight: '600', colour: '#1a1a1a', step: PNG.titleLine })),
    ...lines.flatMap((line) => wrapAt(PNG.line, '', line).map((t) => ({ t, size: PNG.line, weight: '', colour: '#444444', step: PNG.lineHeight })))];
  const headerHeight = margin + header.reduce((sum, h) => sum + h.step, 0);
  canvas.width = (width + 2 * margin) * scale;
  canvas.height = Math.ceil(headerHeight + height + margin) * scale;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  let y = margin;
  for (const { t, size, weight, colour, step } of header) {
    ctx.font = font(size, weight);
    ctx.fillStyle = colour;
    ctx.fillText(t, margin, y);
    y += step;
  }
  const drawn = heatmap.state && paint(ctx, heatmap, { left: margin, top: headerHeight, width, height, dpr: scale, title: '', alignTop: true, useCache: false });
  // Cut the blank space under the drawing (the box on screen may be taller than what it shows).
  const used = drawn ? Math.min(canvas.height, Math.ceil((headerHeight + drawn.bottom + margin) * scale)) : canvas.height;
  const png = used < canvas.height ? document.createElement('canvas') : canvas;
  if (png !== canvas) {
    png.width = canvas.width;
    png.height = used;
    png.getContext('2d').drawImage(canvas, 0, 0);
  }
  return new Promise((resolve, reject) => {
    png.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the heatmap could not be encoded as PNG'))), 'image/png');
  });
}
