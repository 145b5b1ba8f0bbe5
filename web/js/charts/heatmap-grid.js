// The arithmetic of a heatmap, with no DOM (importable from Node): how a matrix is fitted to a
// drawing area of device pixels, how entries are aggregated into blocks when there are more of them
// than pixels, the colour lookup table, and the texts (note, tooltip, summary, wrapped lines).
import { divergingColor } from './palette.js';
import { formatNumber } from './ticks.js';

/** @typedef {ArrayLike<ArrayLike<number>>} MatrixRows a matrix as its rows (arrays or Float64Arrays) */
/**
 * @typedef {object} GridPlan how a matrix is drawn (planGrid)
 * @property {number} rows
 * @property {number} cols
 * @property {number} blockRows entries per cell, down
 * @property {number} blockCols entries per cell, across
 * @property {number} gridRows
 * @property {number} gridCols
 * @property {number} cellWidth device px
 * @property {number} cellHeight device px
 * @property {number} width device px in all
 * @property {number} height device px in all
 */
/** @typedef {{ value: number, fraction: number, label: string }} BarTick */
const MINUS = '\u2212';

// Cells are square unless the matrix is more than this many times wider than tall (or taller than
// wide): a 1 × 500 row would otherwise be a hairline.
export const MAX_STRETCH = 4;

// An odd number of entries, so that 0 falls exactly on the middle one (white).
export const TABLE_SIZE = 257;
const MISSING_RGB = [200, 200, 200]; // a value that is not a number (palette.js uses the same grey)

// The diverging map as RGBA bytes: entry k is divergingColor(2k / (TABLE_SIZE − 1) − 1), parsed
// from palette.js's strings so that there is one definition of the map.
export function colourTable() {
  const bytes = new Uint8ClampedArray((TABLE_SIZE + 1) * 4);
  for (let k = 0; k < TABLE_SIZE; k++) {
    const [r, g, b] = divergingColor((2 * k) / (TABLE_SIZE - 1) - 1).match(/\d+/g).map(Number);
    bytes.set([r, g, b, 255], 4 * k);
  }
  bytes.set([...MISSING_RGB, 255], 4 * TABLE_SIZE); // the last entry: missing values
  return bytes;
}

// Writes one RGBA pixel per value into `pixels` (a Uint32Array over RGBA bytes) from `table` (a
// Uint32Array over colourTable()'s bytes): value / scale in [−1, 1], clamped beyond.
/** @param {ArrayLike<number>} values @param {number} scale @param {Uint32Array} table @param {Uint32Array} pixels */
export function paintPixels(values, scale, table, pixels) {
  const half = (TABLE_SIZE - 1) / 2, missing = table[TABLE_SIZE], inverse = 1 / scale;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v !== v) { pixels[k] = missing; continue; } // NaN
    let x = v * inverse;
    x = x < -1 ? -1 : x > 1 ? 1 : x;
    pixels[k] = table[(x * half + half + 0.5) | 0];
  }
}

// How a rows × cols matrix is drawn in an area of width × height device pixels: `blockRows` ×
// `blockCols` entries per cell (1 × 1 unless there are more entries than pixels), `gridRows` ×
// `gridCols` cells of `cellWidth` × `cellHeight` device pixels (at least 1; see wholeOrExact),
// `width` × `height` in all. null when the area is empty.
/** @param {number} rows @param {number} cols @param {number} width @param {number} height @returns {GridPlan | null} */
export function planGrid(rows, cols, width, height) {
  width = Math.floor(width);
  height = Math.floor(height);
  if (!(rows > 0 && cols > 0 && width >= 1 && height >= 1)) return null;
  const aspect = cols / rows;
  const drawn = Math.min(MAX_STRETCH, Math.max(1 / MAX_STRETCH, aspect));
  const stretched = drawn !== aspect;
  // The largest box of the drawn aspect ratio inside the area.
  const boxWidth = Math.max(1, Math.floor(Math.min(width, height * drawn)));
  const boxHeight = Math.max(1, Math.floor(Math.min(height, width / drawn)));
  let blockRows = Math.ceil(rows / boxHeight), blockCols = Math.ceil(cols / boxWidth);
  // Square cells stand for square blocks: one block size for both directions.
  if (!stretched) blockRows = blockCols = Math.max(blockRows, blockCols);
  const gridRows = Math.ceil(rows / blockRows), gridCols = Math.ceil(cols / blockCols);
  let cellWidth = wholeOrExact(boxWidth / gridCols), cellHeight = wholeOrExact(boxHeight / gridRows);
  if (!stretched) cellWidth = cellHeight = Math.min(cellWidth, cellHeight);
  return { rows, cols, blockRows, blockCols, gridRows, gridCols, cellWidth, cellHeight,
    width: Math.round(cellWidth * gridCols), height: Math.round(cellHeight * gridRows) };
}

// Cells are whole device pixels, so that all are drawn alike, unless rounding down would shrink
// the picture by more than MAX_LOSS (1.9 pixels to 1 would halve it): such cells keep their exact
// size and fill the box; scaled without smoothing, they then differ by at most one device pixel.
const MAX_LOSS = 0.15;
/** @param {number} size */
const wholeOrExact = (size) => (Math.floor(size) >= (1 - MAX_LOSS) * size ? Math.floor(size) : size);

/** @param {GridPlan} plan */
export const isAggregated = (plan) => plan.blockRows > 1 || plan.blockCols > 1;

// The entry of largest magnitude of each block, with its sign (the first one on a tie), as a
// Float64Array of gridRows × gridCols values, row by row. NaN entries are kept only when a whole
// block is NaN. `out` is reused when it has the right length.
/** @param {MatrixRows} matrix @param {GridPlan} plan @param {Float64Array} [out] */
export function aggregate(matrix, plan, out) {
  const { rows, cols, blockRows, blockCols, gridRows, gridCols } = plan;
  const n = gridRows * gridCols;
  const values = out && out.length === n ? out : new Float64Array(n);
  if (blockRows === 1 && blockCols === 1) {
    for (let r = 0; r < rows; r++) values.set(matrix[r], r * cols);
    return values;
  }
  const largest = new Float64Array(n).fill(-1);
  values.fill(NaN);
  for (let r = 0; r < rows; r++) {
    const row = matrix[r], base = Math.floor(r / blockRows) * gridCols;
    for (let j = 0, c = 0; j < gridCols; j++) {
      const end = Math.min(cols, c + blockCols), k = base + j;
      let best = largest[k], value = values[k];
      for (; c < end; c++) {
        const v = row[c], a = v < 0 ? -v : v;
        if (a > best) { best = a; value = v; }
      }
      largest[k] = best;
      values[k] = value;
    }
  }
  return values;
}

// The entries [first, last] (0-based, inclusive) of cell (i, j).
/** @param {GridPlan} plan @param {number} i @param {number} j */
export function blockRange(plan, i, j) {
  const r0 = i * plan.blockRows, c0 = j * plan.blockCols;
  return { r0, r1: Math.min(plan.rows, r0 + plan.blockRows) - 1, c0, c1: Math.min(plan.cols, c0 + plan.blockCols) - 1 };
}

// A number for reading: '−' for negatives (a real minus sign, not a hyphen).
/** @param {string} text */
export const signed = (text) => text.replace(/^-/, MINUS);

// Up to 3 significant digits (colour bar, summary), or 5 (a tooltip's exact value).
/** @param {number} v */
export const formatShort = (v) => signed(formatNumber(v));
/** @param {number} v */
export function formatPrecise(v) {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return signed(a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(5))) : v.toExponential(4));
}

/** @param {string} word @param {number} a @param {number} b */
const span = (word, a, b) => (a === b ? `${word} ${a + 1}` : `${word}s ${a + 1}–${b + 1}`);

// The tooltip of cell (i, j): the entry (1-based) or, for a block, its extent and kept entry.
/** @param {GridPlan} plan @param {ArrayLike<number>} values @param {number} i @param {number} j */
export function describeCell(plan, values, i, j) {
  const v = values[i * plan.gridCols + j];
  if (!isAggregated(plan)) return `[${i + 1}, ${j + 1}] = ${formatPrecise(v)}`;
  const { r0, r1, c0, c1 } = blockRange(plan, i, j);
  return `${span('row', r0, r1)}, ${span('col', c0, c1)}: largest |value| = ${formatPrecise(v)}`;
}

// What the picture does to the matrix, or '' when every entry has its own cell.
/** @param {GridPlan} plan */
export function aggregationNote(plan) {
  if (!isAggregated(plan)) return '';
  const { rows, cols, gridRows, gridCols, blockRows, blockCols } = plan;
  const exact = rows % blockRows === 0 && cols % blockCols === 0;
  return `${rows} × ${cols} shown as ${gridRows} × ${gridCols}: each cell is the largest entry of ` +
    `${exact ? 'a' : 'a block of up to'} ${blockRows} × ${blockCols}${exact ? ' block' : ''}`;
}

// The smallest and largest finite entries ({min: NaN, max: NaN} when there are none).
/** @param {MatrixRows} matrix @returns {{ min: number, max: number }} */
export function entryRange(matrix) {
  let min = Infinity, max = -Infinity;
  for (let r = 0; r < matrix.length; r++) {
    const row = matrix[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : { min: NaN, max: NaN };
}

// The one-sentence text alternative of a drawn matrix.
/** @param {number} rows @param {number} cols @param {{ min: number, max: number }} range @param {number} scale */
export function describeMatrix(rows, cols, { min, max }, scale) {
  const entries = Number.isFinite(min) ? `entries from ${formatShort(min)} to ${formatShort(max)}` : 'no finite entries';
  return `${rows} × ${cols} matrix, ${entries} (colour scale ±${formatNumber(scale)})`;
}

// The colour bar's ticks: −scale, 0, +scale, and the halves when there is room for them.
/** @param {number} scale @param {boolean} roomy @returns {BarTick[]} */
export function barTicks(scale, roomy) {
  const values = roomy ? [-scale, -scale / 2, 0, scale / 2, scale] : [-scale, 0, scale];
  return values.map((value) => ({ value, fraction: (value / scale + 1) / 2, label: value === 0 ? '0' : formatShort(value) }));
}

// Splits text into lines no wider than maxWidth as measured by measure(text); a word longer than
// a line is cut between characters.
/** @param {string} text @param {number} maxWidth @param {(text: string) => number} measure @returns {string[]} */
export function wrapText(text, maxWidth, measure) {
  /** @type {string[]} */
  const lines = [];
  let line = '';
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth) { line = candidate; continue; }
    if (line) lines.push(line);
    line = '';
    let piece = '';
    for (const ch of word) {
      if (piece && measure(piece + ch) > maxWidth) { lines.push(piece); piece = ''; }
      piece += ch;
    }
    line = piece;
  }
  if (line) lines.push(line);
  return lines;
}
