// "Bring your own data and weights" (web/js/data/): parsing pasted text, the orientation of X and
// Y, what whitening does, λ and balance of explicit weights, data in the share link, dropped files.
// Where the engine decides the same thing (rank, λ, balance), it is asked too when it is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseMatrix, orientData, transpose, MAX_PROBLEMS, MAX_TEXT_LENGTH } from '../../web/js/data/parse.js';
import { analyzeWhitening, symmetricEigen } from '../../web/js/data/whitening.js';
import { analyzeWeights, balanceOf, checkWeightShapes, linkWeightsProblem } from '../../web/js/data/weights.js';
import { load, lookup } from '../../web/js/data/store.js';
import { encodeData, decodeData, fitsInLink, linkSizeProblem, LINK_LIMIT, LinkDataError } from '../../web/js/data/link.js';
import { fileProblem, matrixText, sameMatrix, MAX_FILE_BYTES } from '../../web/js/data/files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const messages = (result) => result.problems.map((p) => p.message);

// The engine, when web/wasm has been built (scripts/test.sh builds it first).
let enginePromise = null;
function engine() {
  const wasm = path.join(root, 'web', 'wasm', 'ldyn_wasm.wasm');
  if (!fs.existsSync(wasm)) return null;
  enginePromise ??= import(pathToFileURL(path.join(root, 'web', 'wasm', 'ldyn.mjs')).href)
    .then(({ createEngine }) => createEngine({ wasmBinary: fs.readFileSync(wasm) }));
  return enginePromise;
}

// ---- parse ----

test('parse: CSV, TSV, whitespace and semicolons (with decimal commas)', () => {
  const csv = parseMatrix('1,2,3\n4,5,6\n');
  assert.equal(csv.ok, true);
  assert.deepEqual(csv.matrix, [[1, 2, 3], [4, 5, 6]]);
  assert.equal(csv.rows, 2);
  assert.equal(csv.cols, 3);
  assert.equal(csv.format, 'comma-separated');
  assert.equal(csv.skippedHeader, false);
  assert.deepEqual(csv.problems, []);
  assert.equal(csv.error, null);

  const tsv = parseMatrix('1\t-2.5\n3e-2\t+4');
  assert.equal(tsv.format, 'tab-separated');
  assert.deepEqual(tsv.matrix, [[1, -2.5], [0.03, 4]]);

  const spaces = parseMatrix('  1   2 3\n\n4 5\t6  \n');
  assert.equal(spaces.format, 'whitespace-separated');
  assert.deepEqual(spaces.matrix, [[1, 2, 3], [4, 5, 6]]);

  assert.deepEqual(parseMatrix('1, 2, 3\n4, 5, 6').matrix, [[1, 2, 3], [4, 5, 6]]);
  // A short row does not change how the text is read: it is reported.
  assert.deepEqual(messages(parseMatrix('1,2\n3')), ['row 2 has 1 value, expected 2']);

  const european = parseMatrix('1,5;2\n-0,25;4');
  assert.equal(european.format, 'semicolon-separated');
  assert.deepEqual(european.matrix, [[1.5, 2], [-0.25, 4]]);
  assert.ok(european.notes.includes('decimal commas read as points'));
});

test('parse: Windows line ends, a byte-order mark, a trailing delimiter, quotes and comment lines', () => {
  const r = parseMatrix('\uFEFF# exported\r\n"1","2",\r\n3,4,\r\n');
  assert.equal(r.ok, true);
  assert.deepEqual(r.matrix, [[1, 2], [3, 4]]);
  assert.deepEqual(parseMatrix('7').matrix, [[7]]);
});

test('parse: a header row of names is skipped, and said so', () => {
  const r = parseMatrix('x1,x2,"item three"\n1,2,3\n4,5,6');
  assert.equal(r.ok, true);
  assert.equal(r.skippedHeader, true);
  assert.deepEqual(r.matrix, [[1, 2, 3], [4, 5, 6]]);
  assert.ok(r.notes.includes('row 1 has names, not numbers: skipped as a header'));
  // Row numbers stay those of the text: the header is row 1.
  assert.deepEqual(messages(parseMatrix('a b\n1 2\n3')), ['row 3 has 1 value, expected 2']);
  assert.deepEqual(messages(parseMatrix('a,b,c')), ['there are no numbers: only a header row']);
});

test('parse: JSON lists of rows, a flat list, numeric strings, and objects', () => {
  assert.deepEqual(parseMatrix('[[1, 2], [3, 4.5]]').matrix, [[1, 2], [3, 4.5]]);
  const flat = parseMatrix('[1, 2, 3]');
  assert.deepEqual(flat.matrix, [[1, 2, 3]]);
  assert.ok(flat.notes.includes('a flat list is read as one row'));
  assert.deepEqual(parseMatrix('[["1", "2e3"]]').matrix, [[1, 2000]]);

  const both = '{"X": [[1, 2], [3, 4]], "Y": [[5, 6]]}';
  assert.deepEqual(parseMatrix(both, { key: 'X' }).matrix, [[1, 2], [3, 4]]);
  const y = parseMatrix(both, { key: 'Y' });
  assert.deepEqual(y.matrix, [[5, 6]]);
  assert.deepEqual(Object.keys(y.parts), ['X', 'Y'], 'the other matrices, to fill the other box');
  assert.deepEqual(parseMatrix('{"W1": [[1]], "W2": [[2]]}', { key: 'W2' }).matrix, [[2]]);
  // An engine configuration or result holds them one level down.
  assert.deepEqual(parseMatrix('{"task": {"kind": "custom", "X": [[1]], "Y": [[2]]}}', { key: 'Y' }).matrix, [[2]]);
  assert.deepEqual(parseMatrix('{"initialWeights": {"W1": [[3]], "W2": [[4]]}}', { key: 'W1' }).matrix, [[3]]);

  assert.deepEqual(messages(parseMatrix('{"W1": [[1]]}', { key: 'X' })), ['the JSON object has no "X" (it has "W1")']);
  assert.deepEqual(messages(parseMatrix('{"a": 1, "b": 2}', { key: 'X' })), ['the JSON object has none of "X", "Y", "W1", "W2" (it has "a", "b")']);
  assert.deepEqual(messages(parseMatrix('{"X": [[1, 2], [3]]}', { key: 'X' })), ['"X": row 2 has 1 value, expected 2']);
  assert.deepEqual(messages(parseMatrix('{"X": 3}', { key: 'X' })), ['"X": it must be a list of rows, not 3']);
  assert.deepEqual(messages(parseMatrix('{"X": []}', { key: 'X' })), ['"X": it is an empty list']);
});

test('parse: every kind of bad input gets its own exact message, with row and column', () => {
  const cases = [
    ['', ['the text is empty: paste numbers, one row per line']],
    ['  \n\t\n', ['the text is empty: paste numbers, one row per line']],
    ['# a comment\n# another', ['there are no numbers: only comment lines (starting with #)']],
    ['1,2,3,4,5,6\n1,2,3,4,5,6\n1,2,3,4,5', ['row 3 has 5 values, expected 6']],
    ['1 2 3 4\n5 6 7 abc', ['row 2, column 4: "abc" is not a number']],
    ['1,NaN\n2,3', ['row 1, column 2: "NaN" is not a finite number']],
    ['1 -Infinity\n2 inf', ['row 1, column 2: "-Infinity" is not a finite number', 'row 2, column 2: "inf" is not a finite number']],
    ['1e400 1', ['row 1, column 1: "1e400" is too large for double precision']],
    ['1,,3\n4,5,6', ['row 1, column 2 is empty']],
    ['0x1f 2', ['row 1, column 1: "0x1f" is not a number']],
    ['1,5\t2,5\n1\t2', ['row 1, column 1: "1,5" is not a number (write decimals with a point: 1.5, not 1,5)',
      'row 1, column 2: "2,5" is not a number (write decimals with a point: 1.5, not 1,5)']],
    ['[[1, 2], [3]]', ['row 2 has 1 value, expected 2']],
    ['[[1, 2], 3]', ['row 2 is 3, not a list of numbers']],
    ['[[1, null, "x", [2], {}]]', ['row 1, column 2: null is not a number', 'row 1, column 3: "x" is not a number',
      'row 1, column 4: a list is not a number', 'row 1, column 5: an object is not a number']],
    ['[[1, NaN]]', ['line 1, character 6: NaN is not a finite number']],
    ['[[1, 2],\n [3, Infinity]]', ['line 2, character 6: Infinity is not a finite number']],
    ['[[1, 2], [3, 4', ['the JSON ends too early: is it cut short?']],
    ['[[1, 2] [3, 4]]', ['line 1, character 9: not valid JSON (Expected \',\' or \']\' after array element)']],
    ['[[1, a]]', ['line 1, character 6: not valid JSON (Unexpected token \'a\')']],
    ['[]', ['the JSON is an empty list']],
    ['[[]]', ['row 1 is empty']],
    ['1\0 2', ['this is not text (it contains NUL bytes)']],
  ];
  for (const [text, expected] of cases) {
    const r = parseMatrix(text);
    assert.equal(r.ok, false, JSON.stringify(text));
    assert.equal(r.matrix, null);
    assert.deepEqual(messages(r), expected, JSON.stringify(text));
    assert.equal(r.error, r.problems[0]);
  }
  const cell = parseMatrix('1 2 3 4\n5 6 7 abc').error;
  assert.equal(cell.row, 2);
  assert.equal(cell.column, 4);
  assert.equal(parseMatrix('1,2\n3').error.row, 2);
});

test('parse: a text with hundreds of problems lists the first ones and counts the rest', () => {
  const text = Array.from({ length: 100 }, (_, i) => `${i},x`).join('\n');
  const list = messages(parseMatrix(text));
  assert.equal(list.length, MAX_PROBLEMS + 1);
  assert.equal(list[0], 'row 1, column 2: "x" is not a number');
  assert.equal(list.at(-1), `… and ${100 - MAX_PROBLEMS} more problems like these`);
});

// ---- orientation ----

const filled = (rows, cols, f = (i, j) => i * cols + j + 1) => Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));

// Issue 15, item 10: what spreadsheets and word processors write.
test('parse: Unicode minus signs and en dashes are minus signs; a quoted "1,5" is one cell, and named', () => {
  assert.deepEqual(parseMatrix('1,\u22122\n\u22123.5e\u22122,4').matrix, [[1, -2], [-0.035, 4]]);
  assert.deepEqual(parseMatrix('1\t\u20132\n3\t4').matrix, [[1, -2], [3, 4]]);
  assert.deepEqual(parseMatrix('[["\u22121", 2]]').matrix, [[-1, 2]]);
  // RFC 4180: the comma inside quotes belongs to the cell; the cell is then named with a specific hint.
  const quoted = parseMatrix('"1,5",2\n3,4');
  assert.equal(quoted.ok, false);
  assert.deepEqual(messages(quoted), ['row 1, column 1: "1,5" is not a number (a quoted cell with a decimal comma: write 1.5, not "1,5", ' +
    'or export with a point as the decimal mark)']);
  assert.deepEqual(parseMatrix('"1.5","2"\n"3",4').matrix, [[1.5, 2], [3, 4]]);
  assert.deepEqual(parseMatrix('"1,5";"2,25"\n3;4').matrix, [[1.5, 2.25], [3, 4]], 'with semicolons a comma is a decimal mark');
});

// Issue 15, item 4: Y = 1e160 was "Ready", then the engine refused the loss.
test('parse: a target whose square overflows is named by its cell, in text and in JSON', () => {
  const why = 'its square overflows double precision in the loss ½‖Y − W₂W₁X‖²/P (at most 1.3e154 in magnitude; scale Y down)';
  assert.deepEqual(messages(parseMatrix('1,2\n3,1e160', { key: 'Y' })), [`row 2, column 2: "1e160" is too large: ${why}`]);
  assert.deepEqual(messages(parseMatrix('# targets\ny1,y2\n1,-2e154', { key: 'Y' })), [`row 3, column 2: "-2e154" is too large: ${why}`]);
  assert.deepEqual(messages(parseMatrix('{"X": [[1, 2]], "Y": [[1e160, 1]]}', { key: 'Y' })), [`"Y": row 1, column 1: 1e+160 is too large: ${why}`]);
  assert.equal(parseMatrix('1,1e154', { key: 'Y' }).ok, true, '1e154 squared is finite');
  assert.equal(parseMatrix('1,1e160', { key: 'X' }).ok, true, 'X is whitened: its units do not matter');
});

// Issue 15, item 7: a multi-megabyte paste was split into lines before it was refused.
test('parse: text beyond the limit is refused before it is split or copied; large text reports its progress', () => {
  const huge = '1,'.repeat(MAX_TEXT_LENGTH / 2 + 1);
  const { split, replace } = String.prototype;
  let calls = 0;
  String.prototype.split = function (...args) { calls += 1; return split.apply(this, args); };
  String.prototype.replace = function (...args) { calls += 1; return replace.apply(this, args); };
  let refused;
  try {
    refused = parseMatrix(huge);
  } finally {
    String.prototype.split = split;
    String.prototype.replace = replace;
  }
  assert.equal(calls, 0, 'nothing split or rewrote the text');
  assert.deepEqual(messages(refused), ['the text is 5.0 M characters long: at most 5.0 M characters of text is read']);
  const fractions = [];
  const rows = Array.from({ length: 300 }, (_, i) => Array.from({ length: 200 }, (_, j) => (i * 200 + j) / 7).join(',')).join('\n');
  const read = parseMatrix(rows, { onProgress: (f) => fractions.push(f) });
  assert.equal(read.ok, true);
  assert.deepEqual([read.rows, read.cols], [300, 200]);
  assert.ok(fractions.length >= 2, `progress reported ${fractions.length} times`);
  assert.ok(fractions.every((f, i) => f >= 0 && f < 1 && (i === 0 || f > fractions[i - 1])), fractions.join(', '));
});

test('orientData: items as columns, as the engine expects', () => {
  const X = filled(3, 6);
  const Y = filled(2, 6);
  const o = orientData({ X, Y });
  assert.equal(o.status, 'ok');
  assert.deepEqual(o.orientation, { X: 'columns', Y: 'columns' });
  assert.equal(o.X, X);
  assert.deepEqual([o.inputs, o.outputs, o.items], [3, 2, 6]);
  assert.equal(o.message, 'items as columns: X is 3 × 6; Y is 2 × 6 (3 inputs, 2 outputs, 6 items)');
  assert.equal(o.reason, 'only this reading gives X and Y the same number of items (6)');
});

test('orientData: items as rows are transposed, and the message says so', () => {
  const X = filled(12, 3);
  const Y = filled(12, 2);
  const o = orientData({ X, Y });
  assert.equal(o.status, 'ok');
  assert.deepEqual(o.orientation, { X: 'rows', Y: 'rows' });
  assert.deepEqual(o.X, transpose(X));
  assert.deepEqual(o.Y, transpose(Y));
  assert.equal(o.message, 'items as rows: X has 12 rows of 3 values, transposed to 3 × 12; Y has 12 rows of 2 values, ' +
    'transposed to 2 × 12 (3 inputs, 2 outputs, 12 items)');
  // One target per item typed on one line: X by rows, Y by columns.
  const mixed = orientData({ X, Y: filled(1, 12) });
  assert.equal(mixed.status, 'ok');
  assert.deepEqual(mixed.orientation, { X: 'rows', Y: 'columns' });
  assert.match(mixed.message, /^X with items as rows, Y with items as columns: /);
});

test('orientData: when both readings match, the one with enough items to whiten wins', () => {
  const o = orientData({ X: filled(3, 6), Y: filled(3, 6) });
  assert.equal(o.status, 'ok');
  assert.deepEqual(o.orientation, { X: 'columns', Y: 'columns' });
  assert.equal(o.reason, 'read the other way there would be 3 items for 6 inputs, too few to whiten X');
  const rows = orientData({ X: filled(6, 3), Y: filled(6, 3) });
  assert.deepEqual(rows.orientation, { X: 'rows', Y: 'rows' });
});

test('orientData: a truly ambiguous shape returns both readings and a question', () => {
  const X = filled(4, 4);
  const Y = filled(4, 4, (i, j) => i - j);
  const o = orientData({ X, Y });
  assert.equal(o.status, 'ambiguous');
  assert.equal(o.question, 'X (4 × 4) and Y (4 × 4) can be read both ways: are the items the columns or the rows?');
  assert.deepEqual(o.candidates.map((c) => c.orientation), [{ X: 'columns', Y: 'columns' }, { X: 'rows', Y: 'rows' }]);
  assert.deepEqual(o.candidates[1].X, transpose(X));
  assert.match(o.candidates[1].message, /^items as rows: X has 4 rows of 4 values, transposed to 4 × 4/);
});

test('orientData: no common number of items, or data beyond the page\'s limits', () => {
  assert.deepEqual(orientData({ X: filled(3, 2), Y: filled(1, 4) }), { status: 'error',
    message: 'X (3 × 2) and Y (1 × 4) have no number of items in common: X and Y must have the same number of items P, ' +
      'as columns (the engine’s convention) or as rows' });
  const big = orientData({ X: filled(40, 100), Y: filled(1, 100) });
  assert.equal(big.status, 'error');
  assert.match(big.message, /^too large: read as items as columns: .*the data have 40 inputs \(at most 32\)$/);
});

// ---- whitening ----

test('symmetricEigen: Jacobi gives the eigenpairs of a symmetric matrix', () => {
  assert.deepEqual(symmetricEigen([[2, 1], [1, 2]]).values.map((x) => Number(x.toFixed(12))), [3, 1]);
  const n = 8;
  const A = filled(n, n, (i, j) => Math.sin(1 + i * j) + Math.cos(i + j)); // symmetric in i, j
  const { values, vectors } = symmetricEigen(A);
  const trace = A.reduce((s, row, i) => s + row[i], 0);
  assert.ok(Math.abs(values.reduce((s, x) => s + x, 0) - trace) < 1e-12);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const av = A[i].reduce((s, a, j) => s + a * vectors[j][k], 0);
      assert.ok(Math.abs(av - values[k] * vectors[i][k]) < 1e-12, `A v = λ v for eigenpair ${k}`);
    }
  }
  for (let k = 1; k < n; k++) assert.ok(values[k - 1] >= values[k], 'descending');
});

test('whitening: X that is not white is centred and whitened; eigenvalues and condition number', () => {
  const X = [[1, -1, 1, -1], [2, 2, -2, -2]]; // centred already: Σxx = diag(1, 4)
  const w = analyzeWhitening(X);
  assert.equal(w.white, false);
  assert.equal(w.whiteDeviation, 3);
  assert.equal(w.canWhiten, true);
  assert.equal(w.whitenRequired, true);
  assert.equal(w.problem, null);
  assert.deepEqual(w.eigenvalues, [4, 1]);
  assert.equal(w.condition, 4);
  assert.equal(w.rank, 2);
  assert.match(w.summary, /^X is not white \(X Xᵀ\/P differs from I by 3\), so it is whitened: centred \(means 0, 0\).*condition number 4\.$/);
  const shifted = analyzeWhitening([[11, 9, 11, 9], [2, 2, -2, -2]]);
  assert.deepEqual(shifted.means, [10, 0]);
  assert.deepEqual(shifted.eigenvalues, [4, 1], 'the mean is removed before Σxx');
  // Inputs in units 1e4 apart are not ill-conditioned: whitening puts them on one scale, and says so.
  const units = analyzeWhitening([[1, -1, 1, -1], [1e-4, 1e-4, -1e-4, -1e-4]]);
  assert.equal(units.warning, null);
  assert.match(units.summary, /the inputs’ standard deviations range from 1e-4 to 1: whitening puts them on one scale\.$/);
  // Nearly dependent inputs are: their correlations are ill-conditioned, whatever the units.
  assert.equal(analyzeWhitening([[1, -1, 1, -1, 1, -1], [1, -1, 1 + 1e-4, -1 - 1e-4, 1, -1].map((x) => x * 10)]).warning,
    'the inputs are nearly linearly dependent (their correlations have condition number 1.8e+9): whitening magnifies ' +
    'their weakest combination 42000 times more than their strongest');
});

// Issue 15: the rank test depended on the units (two independent inputs 1e5 apart were "rank 1",
// data in units of 1e-160 "rank 0").
test('whitening: the rank and the verdict do not depend on the inputs\' units', async () => {
  const X = filled(2, 20, (i, j) => Math.sin(3 * j + 1.7 * i) + 0.3 * Math.cos(7 * j * (i + 1)));
  const reference = analyzeWhitening(X);
  assert.equal(reference.rank, 2);
  for (const scaled of [[X[0].map((x) => x * 1e5), X[1]], [X[0], X[1].map((x) => x * 1e-5)], X.map((r) => r.map((x) => x * 1e-160)), X.map((r) => r.map((x) => x * 1e160))]) {
    const w = analyzeWhitening(scaled);
    assert.equal(w.rank, 2, w.problem ?? '');
    assert.equal(w.canWhiten, true);
    assert.equal(w.problem, null);
    assert.equal(w.warning, null);
  }
  // Uniform units change nothing but Σxx's scale.
  const tiny = analyzeWhitening(X.map((r) => r.map((x) => x * 1e-160)));
  assert.ok(Math.abs(tiny.condition / reference.condition - 1) < 1e-12, `${tiny.condition} vs ${reference.condition}`);
  // Scales too far apart for double precision are named as such, as the engine does.
  const apart = analyzeWhitening([X[0].map((x) => x * 1e9), X[1]]);
  assert.equal(apart.canWhiten, false);
  assert.match(apart.problem, /^X cannot be whitened in double precision: Σxx would have a condition number of about .* \(more than 1e\+14\), as the inputs’ standard deviations range from .*; rescale the inputs to similar units or remove a nearly redundant one$/);
  const e = engine();
  if (!e) return;
  const instance = await e;
  const run = (x) => {
    try {
      instance.run({ task: { kind: 'custom', X: x, Y: [x[0].map((_, j) => j % 2)] }, dims: { hidden: 2 }, init: { kind: 'gaussian', sigma: 0.1, seed: 1 }, times: [0, 1], exact: false });
      return null;
    } catch (error) {
      return error.message;
    }
  };
  assert.equal(run([X[0].map((x) => x * 1e5), X[1]]), null, 'the engine whitens inputs 1e5 apart');
  assert.equal(run(X.map((r) => r.map((x) => x * 1e-160))), null, 'and data in units of 1e-160');
  assert.match(run([X[0].map((x) => x * 1e9), X[1]]), /cannot be whitened in double precision/);
});

test('whitening: a white X makes whitening optional, or impossible once centred', () => {
  const white = analyzeWhitening([[1, 1, -1, -1], [1, -1, 1, -1]]);
  assert.equal(white.white, true);
  assert.equal(white.canWhiten, true);
  assert.equal(white.whitenRequired, false);
  assert.equal(white.condition, 1);
  assert.match(white.summary, /^X is already white \(X Xᵀ\/P = I within 1e-8\): whitening is optional/);
  // The hierarchy's inputs: √P·I, white, but the centred one-hot items span only P − 1 directions.
  const oneHot = analyzeWhitening(filled(4, 4, (i, j) => (i === j ? 2 : 0)));
  assert.equal(oneHot.white, true);
  assert.equal(oneHot.canWhiten, false);
  assert.equal(oneHot.problem, null, 'used as it is: not an error');
  assert.equal(oneHot.summary, 'X is already white (X Xᵀ/P = I within 1e-8) and is used as it is; it cannot be whitened again: ' +
    'centred, it has rank 3 < 4 (4 items, once centred, span at most 3 directions).');
});

test('whitening: a rank-deficient X is refused with a precise message', () => {
  const redundant = analyzeWhitening([[1, 2, 3, 4, 5], [2, 4, 6, 8, 10], [0, 1, 0, 1, 1]]);
  assert.equal(redundant.rank, 2);
  assert.equal(redundant.canWhiten, false);
  assert.equal(redundant.condition, Infinity);
  assert.equal(redundant.problem, 'X has rank 2 < 3 inputs after centring: it cannot be whitened; remove a redundant input or add items');
  assert.equal(analyzeWhitening([[1, 2], [3, 5], [0, 1]]).problem,
    'X has rank 1 < 3 inputs after centring (2 items, once centred, span at most 1 direction): it cannot be whitened; ' +
    'remove a redundant input or add items');
  assert.match(analyzeWhitening([[1e200, 1], [1, 2]]).problem, /^X has rank 1 < 2 inputs after centring/, 'large values are whitened like small ones');
});

test('whitening: the engine agrees on what it can whiten', async (t) => {
  const e = engine();
  if (!e) return t.skip('web/wasm is not built');
  const instance = await e;
  const run = (X, whiten) => {
    try {
      instance.run({ task: { kind: 'custom', X, Y: [X[0].map((_, j) => j % 2)], whiten },
        dims: { hidden: X.length }, init: { kind: 'gaussian', sigma: 0.1, seed: 1 }, times: [0, 1], exact: false });
      return null;
    } catch (error) {
      return error.message;
    }
  };
  assert.match(run([[1, 2, 3, 4, 5], [2, 4, 6, 8, 10], [0, 1, 0, 1, 1]], true), /rank 2 < 3 inputs/);
  assert.equal(run([[1, -1, 1, -1], [2, 2, -2, -2]], true), null);
  // Not white and not whitened: used as it is (docs/theory.md section 12), like the dialog's unticked box.
  assert.equal(run([[1, -1, 1, -1], [2, 2, -2, -2]], false), null);
  assert.equal(run([[1, 2, 3, 4, 5], [2, 4, 6, 8, 10], [0, 1, 0, 1, 1]], false), null, 'even a rank-deficient X');
  assert.equal(run([[1, 1, -1, -1], [1, -1, 1, -1]], false), null);
});

// ---- weights ----

const matmul = (A, B) => A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
const diagonal = (rows, cols, d) => filled(rows, cols, (i, j) => (i === j && i < d.length ? d[i] : 0));
function rotation(n, seed) {
  // A product of Givens rotations: orthogonal, and reproducible.
  let Q = filled(n, n, (i, j) => (i === j ? 1 : 0));
  for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
    const a = seed * (p + 1) + 0.7 * q;
    const G = filled(n, n, (i, j) => (i === j ? (i === p || i === q ? Math.cos(a) : 1) : i === p && j === q ? -Math.sin(a) : i === q && j === p ? Math.sin(a) : 0));
    Q = matmul(Q, G);
  }
  return Q;
}
// W1 = R S1 Vᵀ, W2 = U S2 Rᵀ with s2² − s1² = λ on every hidden direction: W2ᵀW2 − W1W1ᵀ = λI.
function balancedPair({ ni, nh, no, lambda, s1 }) {
  const s2 = s1.map((s) => Math.sqrt(Math.max(0, s * s + lambda)));
  const R = rotation(nh, 0.3);
  const W1 = matmul(matmul(R, diagonal(nh, ni, s1)), transpose(rotation(ni, 1.1)));
  const W2 = matmul(matmul(rotation(no, 2.3), diagonal(no, nh, s2)), transpose(R));
  return { W1, W2 };
}

test('weights: λ and balance read off a balanced pair built by hand', () => {
  const { W1, W2 } = balancedPair({ ni: 3, nh: 3, no: 3, lambda: 0.52, s1: [0.3, 0.7, 1.1] });
  const a = analyzeWeights({ W1, W2 }, { input: 3, output: 3 });
  assert.equal(a.ok, true);
  assert.ok(Math.abs(a.lambda - 0.52) < 1e-14);
  assert.ok(a.deviation < 1e-14);
  assert.equal(a.balanced, true);
  assert.match(a.summary, /^λ = 0\.52, balanced to \de-1[4-7]: the exact solution applies$/);
  // A funnel (Nh > No) needs λ ≤ 0: the hidden direction W2 does not see has s1² = −λ.
  const funnel = balancedPair({ ni: 3, nh: 3, no: 2, lambda: -0.5, s1: [0.9, 1.2, Math.sqrt(0.5)] });
  const f = analyzeWeights(funnel, { input: 3, output: 2, hidden: 3 });
  assert.ok(Math.abs(f.lambda + 0.5) < 1e-14);
  assert.equal(f.balanced, true);
  assert.deepEqual(f.notes, []);
});

test('weights: an unbalanced pair has no exact solution, and says how far it is', () => {
  const W1 = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.4]];
  const W2 = [[1, 0.2], [-0.3, 0.4], [0.6, 0.1]];
  const a = analyzeWeights({ W1, W2 }, { input: 3, output: 3, hidden: 3 });
  assert.equal(a.ok, true);
  assert.equal(a.balanced, false);
  const { lambda, deviation } = balanceOf(W1, W2);
  assert.ok(Math.abs(lambda - ((1 + 0.04 + 0.09 + 0.16 + 0.36 + 0.01) - (0.25 + 0.04 + 0.01 + 0.09 + 0.64 + 0.16)) / 2) < 1e-15);
  assert.equal(a.summary, `no exact solution: the weights are not λ-balanced (deviation ${Number(deviation.toPrecision(2))})`);
  assert.match(a.notes[0], /^gradient descent still runs from them/);
  assert.equal(a.notes[1], 'the weights have 2 hidden units (the network shape has 3): applying them sets Nh = 2');
  assert.deepEqual(balanceOf([[0, 0]], [[0]]), { lambda: 0, absoluteDeviation: 0, deviation: 0 }, 'zero weights are balanced');
});

test('weights: shape mismatches are named, with a hint when a matrix looks transposed', () => {
  const W1 = filled(4, 3);
  const W2 = filled(2, 4);
  assert.deepEqual(checkWeightShapes(W1, W2, { input: 3, output: 2 }), []);
  assert.deepEqual(checkWeightShapes(filled(4, 2), W2, { input: 3, output: 2 }),
    [{ field: 'W1', message: 'W1 has 2 columns but the task has 3 inputs: W1 must be Nh × Ni, 3 columns' }]);
  assert.deepEqual(checkWeightShapes(transpose(W1), W2, { input: 3, output: 2 }).map((p) => p.message), [
    'W1 has 4 columns but the task has 3 inputs: W1 must be Nh × Ni, 3 columns (it looks transposed: its transpose, 4 × 3, would fit)',
    'W2 has 4 columns but W1 has 3 rows: both are the number of hidden units Nh']);
  assert.deepEqual(checkWeightShapes(W1, transpose(W2), { input: 3, output: 2 }).map((p) => p.message), [
    'W2 has 4 rows but the task has 2 outputs: W2 must be No × Nh, 2 rows (it looks transposed: its transpose, 2 × 4, would fit)',
    'W2 has 2 columns but W1 has 4 rows: both are the number of hidden units Nh']);
  assert.deepEqual(checkWeightShapes(filled(65, 1), filled(1, 65), { input: 1, output: 1 }).map((p) => p.message),
    ['W1 has 65 rows: at most 64 hidden units']);
  const huge = analyzeWeights({ W1: [[0]], W2: [[200]] }, { input: 1, output: 1 });
  assert.deepEqual(huge.problems, [{ field: 'W1', message: 'λ = tr(W2ᵀW2 − W1W1ᵀ)/Nh = 40000 is outside [−10000, 10000], the range allowed for λ' }]);
  assert.equal(analyzeWeights({ W1: [[1e200]], W2: [[1]] }, { input: 1, output: 1 }).problems[0].message,
    'the weights are too large for double precision: W2ᵀW2 − W1W1ᵀ overflows');
});

test('weights: the engine reads the same λ and the same balance', async (t) => {
  const e = engine();
  if (!e) return t.skip('web/wasm is not built');
  const instance = await e;
  const task = { kind: 'custom', X: [[1, 1, -1, -1], [1, -1, 1, -1], [1, -1, -1, 1]], Y: [[1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0]], whiten: false };
  const balanced = balancedPair({ ni: 3, nh: 3, no: 3, lambda: 0.52, s1: [0.3, 0.7, 1.1] });
  const unbalanced = { W1: [[0.5, -0.2, 0.1], [0.3, 0.8, -0.4]], W2: [[1, 0.2], [-0.3, 0.4], [0.6, 0.1]] };
  for (const weights of [balanced, unbalanced]) {
    const ours = analyzeWeights(weights, { input: 3, output: 3 });
    const result = instance.run({ task, init: { kind: 'explicit', ...weights }, times: [0, 1], learningRate: 0.01 });
    assert.ok(Math.abs(result.lambda - ours.lambda) < 1e-12);
    assert.ok(Math.abs(result.balanceDeviation - balanceOf(weights.W1, weights.W2).absoluteDeviation) < 1e-12);
    assert.equal(result.exact !== null, ours.balanced);
    if (!ours.balanced) assert.match(result.exactUnavailable, /not lambda-balanced/);
  }
});

// ---- the share link ----

test('link: data survive the round trip, typed arrays become lists', async () => {
  const data = { X: [[1, 0.1 + 0.2, -3e-300], [4, 5, 6]], Y: [new Float64Array([1.5, 2.5, Math.PI])], whiten: true };
  const encoded = await encodeData(data);
  assert.match(encoded, /^[A-Za-z0-9_-]+$/);
  const back = await decodeData(encoded);
  assert.deepEqual(back, { X: data.X, Y: [[1.5, 2.5, Math.PI]], whiten: true });
  assert.equal(fitsInLink(encoded), true);
  assert.equal(linkSizeProblem(encoded), null);
  await assert.rejects(encodeData({ X: [[NaN]] }), { name: 'LinkDataError', message: 'the data hold NaN, which a link cannot carry: only finite numbers' });
});

test('link: the limit holds a few hundred numbers; more is refused with a reason', async () => {
  assert.equal(LINK_LIMIT, 6000);
  const values = (n, seed) => Array.from({ length: n }, (_, i) => Math.sin(seed + i * 1.37) * 2);
  const small = await encodeData({ X: [values(50, 1), values(50, 2), values(50, 3)], Y: [values(50, 4), values(50, 5)] });
  assert.equal(fitsInLink(small), true, `250 numbers take ${small.length} characters`);
  const large = await encodeData({ X: Array.from({ length: 8 }, (_, i) => values(100, i)) });
  assert.equal(fitsInLink(large), false);
  assert.match(linkSizeProblem(large), new RegExp(`^your data take ${large.length} characters in a link, more than the 6000`));
});

test('link: corrupt, truncated or hostile parameters get clear errors', async () => {
  const encoded = await encodeData({ X: [[1, 2, 3], [4, 5, 6]], Y: [[7, 8, 9]] });
  const expect = async (text, message) => {
    await assert.rejects(decodeData(text), (error) => {
      assert.ok(error instanceof LinkDataError, String(error));
      assert.equal(error.message, message);
      return true;
    }, JSON.stringify(text));
  };
  await expect('', 'the data in the link are empty');
  await expect(`${encoded}.`, `the data in the link hold a character they never have ("." at position ${encoded.length + 1}): copy the whole link again`);
  await expect('ab%20cd', 'the data in the link hold a character they never have ("%" at position 3): copy the whole link again');
  await expect('abcd\u00e9', 'the data in the link hold a character they never have (U+00E9 at position 5): copy the whole link again');
  await expect(encoded.slice(0, 4 * Math.floor(encoded.length / 4) - 3), 'the data in the link are cut short: copy the whole link again');
  await expect(encoded.slice(0, 4 * Math.floor(encoded.length / 8)), 'the data in the link are damaged or cut short (they do not decompress): copy the whole link again');
  await expect('AAAAAAAA', 'the data in the link are damaged or cut short (they do not decompress): copy the whole link again');
  await expect('x'.repeat(70000), 'the data in the link are 70000 characters long, more than 65536: refused');
  // Valid compression of something that is not the page's data.
  await expect(await encodeData('a string'), 'the data in the link are not an object of matrices');
  // A deflate bomb: a few KB that would expand to 20 MB.
  const bomb = await encodeData('0'.repeat(20 * 1024 * 1024));
  assert.ok(bomb.length < 65536);
  await expect(bomb, 'the data in the link expand to more than 8 MB: refused');
});

// ---- files ----

test('files: only text files of a sensible size are read', () => {
  assert.equal(fileProblem({ name: 'data.csv', size: 1000, type: 'text/csv' }), null);
  assert.equal(fileProblem({ name: 'data.csv', size: 1000, type: 'application/vnd.ms-excel' }), null, 'Windows names CSV this way');
  assert.equal(fileProblem({ name: 'weights.json', size: 10, type: 'application/json' }), null);
  assert.equal(fileProblem({ name: 'notes', size: 10, type: 'text/plain' }), null);
  assert.equal(fileProblem({ name: 'photo.png', size: 10, type: 'image/png' }), '"photo.png" is not a text file (image/png): use CSV, TSV, plain text or JSON');
  assert.equal(fileProblem({ name: 'book.xlsx', size: 10, type: '' }), '"book.xlsx" is a spreadsheet: save it as CSV and drop that');
  assert.equal(fileProblem({ name: 'big.csv', size: MAX_FILE_BYTES + 1, type: 'text/csv' }), '"big.csv" is 5.0 MB: at most 5.0 MB of text is read');
});

test('files: matrices written back as text read back exactly', () => {
  const M = [[0.1 + 0.2, -1e-17, 3], [Math.PI, 2 ** 60, -0]];
  const back = parseMatrix(matrixText(M)).matrix;
  assert.ok(sameMatrix(back, [[0.1 + 0.2, -1e-17, 3], [Math.PI, 2 ** 60, 0]]));
  assert.equal(sameMatrix([[1]], [[1, 2]]), false);
});

test('weights: a free task takes Ni and No from the weights, and the dialog says so; a transposed W2 is named', () => {
  const W1 = [[1, 0, 0], [0, 1, 0]], W2 = [[1, 0], [0, 1]];
  const free = analyzeWeights({ W1, W2 }, { input: undefined, output: undefined, hidden: 2, currentInput: 2, currentOutput: 2 });
  assert.equal(free.ok, true);
  assert.deepEqual(free.notes, ['the weights have 3 inputs (the network has 2): applying them sets Ni = 3']);
  const same = analyzeWeights({ W1, W2 }, { input: undefined, output: undefined, hidden: 2, currentInput: 3, currentOutput: 2 });
  assert.deepEqual(same.notes, [], 'nothing to say when the sizes stay');
  // W1 is Nh × Ni = 3 × 2; W2 given as 3 × 2 instead of No × Nh = 2 × 3.
  const transposed = checkWeightShapes([[1, 0], [0, 1], [1, 1]], [[1, 0], [0, 1], [1, 1]], { input: 2, output: undefined });
  assert.deepEqual(transposed.map((p) => p.message),
    ['W2 has 2 columns but W1 has 3 rows: both are the number of hidden units Nh (W2 looks transposed: its transpose, 2 × 3, would fit)']);
});

// Issue 15, item 5: weights of 1e200 in a link showed "λ = NaN … the exact solution applies"; a
// wrong shape was named in the engine's terms.
test('link weights get the dialog\'s checks: overflow, λ and shapes name the matrix', async () => {
  const big = { W1: [[1e200, 0], [0, 1e200]], W2: [[1e200, 0], [0, 1e200]] };
  const dims = { input: 2, output: 2, hidden: 2 };
  assert.equal(linkWeightsProblem(big, dims), 'the weights are too large for double precision: W2ᵀW2 − W1W1ᵀ overflows');
  assert.equal(linkWeightsProblem({ W1: [[1e150, 0], [0, 1e150]], W2: [[1e150, 0], [0, 1e150]] }, dims),
    'the weights are too large for double precision: the network function W2W1 overflows in the loss');
  assert.match(linkWeightsProblem({ W1: [[1e-3]], W2: [[1e3]] }, { input: 1, output: 1, hidden: 1 }), /^λ = tr\(W2ᵀW2 − W1W1ᵀ\)\/Nh = 1e\+6 is outside/);
  assert.equal(linkWeightsProblem({ W1: [[1, 0], [0, 1]], W2: [[1, 0], [0, 1]] }, { input: 3, output: 2, hidden: 2 }),
    'W1 has 2 columns but the task has 3 inputs: W1 must be Nh × Ni, 3 columns');
  assert.equal(linkWeightsProblem({ W1: [[1, 0], [0, 1]], W2: [[1, 0], [0, 1]] }, { input: 2, output: 2, hidden: 3 }),
    'W1 has 2 rows but the link\'s hidden units Nh (“nh”) are 3: W1 must be Nh × Ni = 3 × 2');
  assert.equal(linkWeightsProblem({ W1: [[1, 0], [0, 1]], W2: [[1, 0], [0, 1]] }, dims), '');
  // The store keeps nothing refused, so nothing downstream reads λ off it.
  const key = await encodeData(big);
  const message = await load('weights', key, { check: (w) => linkWeightsProblem(w, dims) });
  assert.equal(message, 'Your weights (“weights”) in the link are not used: the weights are too large for double precision: W2ᵀW2 − W1W1ᵀ overflows. ' +
    'The other settings are kept; enter the weights again (“Your weights…”).');
  assert.equal(lookup('weights', key), null);
});


test('weights whose λ is just outside the range say so with the digits that show it (10000.2, not 10000)', () => {
  // W1 = 0, W2 = √10000.2 I: λ = tr(W2ᵀW2)/Nh = 10000.2.
  const W1 = [[0, 0], [0, 0]], W2 = [[Math.sqrt(10000.2), 0], [0, Math.sqrt(10000.2)]];
  const analysis = analyzeWeights({ W1, W2 }, { input: 2, output: 2 });
  assert.equal(analysis.ok, false);
  assert.match(analysis.problems[0].message, /= 10000\.2 is outside \[−10000, 10000\]/);
});
