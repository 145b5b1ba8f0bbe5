// The heatmap's arithmetic (web/js/charts/heatmap-grid.js): fitting a matrix to device pixels,
// aggregation into blocks, the colour table and the texts. Pure: runs in Node.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  planGrid, aggregate, blockRange, aggregationNote, describeCell, describeMatrix, entryRange,
  colourTable, paintPixels, barTicks, wrapText, formatPrecise, isAggregated, TABLE_SIZE, MAX_STRETCH,
} from '../../web/js/charts/heatmap-grid.js';
import { divergingColor } from '../../web/js/charts/palette.js';

const matrixOf = (rows, cols, f) => Array.from({ length: rows }, (_, r) => Float64Array.from({ length: cols }, (_, c) => f(r, c)));

test('a small matrix is drawn exactly: one cell per entry, square whole-pixel cells', () => {
  const plan = planGrid(9, 9, 300, 280);
  assert.equal(isAggregated(plan), false);
  assert.deepEqual([plan.gridRows, plan.gridCols, plan.blockRows, plan.blockCols], [9, 9, 1, 1]);
  assert.equal(plan.cellWidth, plan.cellHeight);
  assert.equal(plan.cellWidth, Math.floor(280 / 9));
  assert.equal(aggregationNote(plan), '');
  const m = matrixOf(9, 9, (r, c) => r * 10 - c);
  assert.deepEqual([...aggregate(m, plan)], m.flatMap((row) => [...row]));
  assert.equal(describeCell(plan, aggregate(m, plan), 2, 4), '[3, 5] = 16');
});

test('cells are whole pixels unless that shrinks the picture by more than 15 %: then they fill the area', () => {
  const justTooMany = planGrid(300, 300, 240, 240);
  assert.deepEqual([justTooMany.blockRows, justTooMany.gridRows, justTooMany.cellWidth, justTooMany.width], [2, 150, 1.6, 240]);
  const fewerThanPixels = planGrid(130, 130, 240, 240);
  assert.deepEqual([fewerThanPixels.blockRows, fewerThanPixels.width, fewerThanPixels.height], [1, 240, 240]);
  assert.equal(fewerThanPixels.cellWidth, 240 / 130);
  const whole = planGrid(37, 37, 240, 240);
  assert.deepEqual([whole.cellWidth, whole.width], [6, 222]);
  const almostOne = planGrid(2016, 2016, 231, 231); // 224 blocks of 9: 1.03 pixels each, drawn as 1
  assert.deepEqual([almostOne.gridRows, almostOne.cellWidth, almostOne.width], [224, 1, 224]);
  const bigCells = planGrid(3, 3, 280, 280);
  assert.equal(bigCells.cellWidth, 93);
});

test('plain arrays work as rows', () => {
  const m = [[1, -2], [3, 4]];
  assert.deepEqual([...aggregate(m, planGrid(2, 2, 100, 100))], [1, -2, 3, 4]);
});

test('2016 × 2016 in 288 pixels: 7 × 7 blocks, never more cells than pixels', () => {
  const plan = planGrid(2016, 2016, 288, 300);
  assert.deepEqual([plan.blockRows, plan.blockCols, plan.gridRows, plan.gridCols], [7, 7, 288, 288]);
  assert.deepEqual([plan.cellWidth, plan.cellHeight, plan.width, plan.height], [1, 1, 288, 288]);
  assert.equal(aggregationNote(plan), '2016 × 2016 shown as 288 × 288: each cell is the largest entry of a 7 × 7 block');
  for (const [n, px] of [[1000, 333], [2016, 500], [301, 300], [5, 4], [100000, 999]]) {
    const p = planGrid(n, n, px, px);
    assert.ok(p.gridRows <= px && p.gridCols <= px, `${n} in ${px}: ${p.gridRows} cells`);
    assert.ok(p.width <= px && p.height <= px);
    assert.equal(p.gridRows, Math.ceil(n / p.blockRows));
    assert.ok(Math.ceil(n / (p.blockRows - 1)) > px, 'the smallest block that fits');
  }
});

test('a block keeps its entry of largest magnitude, with its sign', () => {
  // 4 × 4 in 2 × 2 pixels: 2 × 2 blocks.
  const m = [[1, -5, 2, 2], [3, 4, -2, 1], [0, 0, 9, -9], [0, -0.5, 1, 8]];
  const plan = planGrid(4, 4, 2, 2);
  assert.deepEqual([plan.blockRows, plan.blockCols, plan.gridRows, plan.gridCols], [2, 2, 2, 2]);
  assert.deepEqual([...aggregate(m, plan)], [-5, 2, -0.5, 9]); // 9 before −9: the first on a tie
  assert.equal(describeCell(plan, aggregate(m, plan), 0, 0), 'rows 1–2, cols 1–2: largest |value| = −5');
  assert.equal(describeCell(plan, aggregate(m, plan), 1, 1), 'rows 3–4, cols 3–4: largest |value| = 9');
});

test('partial blocks at the edges, and the reused output buffer', () => {
  const m = matrixOf(5, 5, (r, c) => (r === 4 && c === 4 ? -7 : r + c / 10));
  const plan = planGrid(5, 5, 3, 3);
  assert.deepEqual([plan.blockRows, plan.gridRows], [2, 3]);
  assert.deepEqual(blockRange(plan, 2, 2), { r0: 4, r1: 4, c0: 4, c1: 4 });
  const out = new Float64Array(9);
  const values = aggregate(m, plan, out);
  assert.equal(values, out);
  assert.equal(values[8], -7);
  assert.equal(values[0], 1.1);
  assert.equal(describeCell(plan, values, 2, 2), 'row 5, col 5: largest |value| = −7');
  assert.match(aggregationNote(plan), /^5 × 5 shown as 3 × 3: each cell is the largest entry of a block of up to 2 × 2$/);
});

test('non-square matrices: square cells, one block size for both directions', () => {
  const tall = planGrid(15, 8, 200, 200);
  assert.deepEqual([tall.gridRows, tall.gridCols, tall.cellWidth, tall.cellHeight], [15, 8, 13, 13]);
  const big = planGrid(600, 300, 200, 200);
  assert.deepEqual([big.blockRows, big.blockCols, big.gridRows, big.gridCols], [3, 3, 200, 100]);
  const m = matrixOf(600, 300, (r, c) => (r === 599 && c === 299 ? -100 : Math.sin(r + c)));
  const values = aggregate(m, big);
  assert.equal(values.length, 200 * 100);
  assert.equal(values.at(-1), -100);
  assert.ok(values.every((v) => Math.abs(v) <= 100));
});

test(`1 × N: cells stretch beyond ${MAX_STRETCH}:1, and only the long direction is aggregated`, () => {
  const row = planGrid(1, 10, 200, 200);
  assert.deepEqual([row.gridRows, row.gridCols, row.blockCols, row.cellWidth, row.cellHeight], [1, 10, 1, 20, 50]);
  const long = planGrid(1, 5000, 300, 300);
  assert.deepEqual([long.blockRows, long.blockCols, long.gridRows, long.gridCols], [1, 17, 1, 295]);
  assert.equal(long.cellHeight, 75);
  const m = [Float64Array.from({ length: 5000 }, (_, c) => (c === 4999 ? -3 : c / 5000))];
  const values = aggregate(m, long);
  assert.equal(values.length, 295);
  assert.equal(values[0], 16 / 5000);
  assert.equal(values[294], -3);
  assert.equal(describeCell(long, values, 0, 294), 'row 1, cols 4999–5000: largest |value| = −3');
  assert.equal(aggregationNote(long), '1 × 5000 shown as 1 × 295: each cell is the largest entry of a block of up to 1 × 17');
  const column = planGrid(4, 1, 100, 100);
  assert.deepEqual([column.gridRows, column.gridCols, column.cellWidth, column.cellHeight], [4, 1, 25, 25]);
});

test('no plan for an empty area or matrix', () => {
  assert.equal(planGrid(3, 3, 0, 100), null);
  assert.equal(planGrid(0, 3, 100, 100), null);
  assert.equal(planGrid(3, 3, 0.5, 100), null);
});

test('NaN never wins a block; a block of NaN stays NaN', () => {
  const m = [[NaN, 1, NaN, NaN], [-2, NaN, NaN, NaN]];
  const values = aggregate(m, planGrid(2, 4, 2, 1));
  assert.equal(values[0], -2);
  assert.ok(Number.isNaN(values[1]));
});

test('the colour table is palette.js\'s diverging map, white exactly at zero', () => {
  const table = colourTable();
  const rgb = (k) => `rgb(${table[4 * k]}, ${table[4 * k + 1]}, ${table[4 * k + 2]})`;
  assert.equal(rgb(0), divergingColor(-1));
  assert.equal(rgb((TABLE_SIZE - 1) / 2), divergingColor(0));
  assert.equal(rgb(TABLE_SIZE - 1), divergingColor(1));
  assert.equal(rgb(64), divergingColor(-0.5));
  const table32 = new Uint32Array(table.buffer);
  const pixels = new Uint32Array(6);
  paintPixels(Float64Array.from([0, 1, -1, 4, -100, NaN]), 2, table32, pixels);
  assert.deepEqual([...pixels], [table32[128], table32[192], table32[64], table32[256], table32[0], table32[TABLE_SIZE]]);
});

test('the colour bar has −scale, 0 and +scale at every scale, in short labels', () => {
  for (const scale of [1.2, 223298994003507e-18, 1e6, 12345.678, 0.31]) {
    const ticks = barTicks(scale, false);
    assert.deepEqual(ticks.map((t) => t.fraction), [0, 0.5, 1]);
    assert.equal(ticks[1].label, '0');
    assert.equal(ticks[0].label, `−${ticks[2].label}`);
    for (const t of ticks) assert.ok(t.label.length <= 8, t.label);
  }
  assert.deepEqual(barTicks(1.2, true).map((t) => t.label), ['−1.2', '−0.6', '0', '0.6', '1.2']);
  assert.deepEqual(barTicks(2.23298994003507e-4, false).map((t) => t.label), ['−2.2e-4', '0', '2.2e-4']);
});

test('the summary and the tooltip values', () => {
  const m = [[1.2, -0.31], [0.5, 0]];
  assert.deepEqual(entryRange(m), { min: -0.31, max: 1.2 });
  assert.equal(describeMatrix(2, 2, entryRange(m), 1.2), '2 × 2 matrix, entries from −0.31 to 1.2 (colour scale ±1.2)');
  assert.equal(describeMatrix(1, 1, entryRange([[NaN]]), 1), '1 × 1 matrix, no finite entries (colour scale ±1)');
  assert.equal(formatPrecise(0.1 + 0.2), '0.3');
  assert.equal(formatPrecise(-1234567), '−1.2346e+6');
  assert.equal(formatPrecise(0), '0');
});

test('text wraps at the width, cutting only words longer than a line', () => {
  const measure = (s) => s.length; // one unit per character
  assert.deepEqual(wrapText('no simulated state (diverged at t = 0.07)', 20, measure), ['no simulated state', '(diverged at t =', '0.07)']);
  assert.deepEqual(wrapText('abcdefghij', 4, measure), ['abcd', 'efgh', 'ij']);
  assert.deepEqual(wrapText('', 10, measure), []);
  for (const line of wrapText('2016 × 2016 shown as 288 × 288: each cell is the largest entry of a 7 × 7 block', 30, measure)) {
    assert.ok(line.length <= 30);
  }
});
