// Reads a matrix the user pasted or dropped: CSV, TSV (or any whitespace), semicolons, or JSON (an
// array of rows, or an object such as {X, Y} / {W1, W2}). Pure: importable from Node.
//
// "row N" in a message is the line of the pasted text (header and blank lines included), so that it
// is the row a spreadsheet shows; in JSON it is the position in the list of rows, from 1.

// More problems than this are summarised in one last line: a wrong file would list thousands.
/** @typedef {{ message: string, row: number | null, column: number | null }} ParseProblem row, column: 1-based, null when it is about no one place */
/**
 * @typedef {object} ParseResult what parseMatrix gives
 * @property {boolean} ok
 * @property {number[][] | null} matrix
 * @property {number} rows
 * @property {number} cols
 * @property {boolean} skippedHeader
 * @property {string} [format]
 * @property {string[]} notes
 * @property {ParseProblem[]} problems
 * @property {ParseProblem | null} error the first problem
 * @property {Record<string, unknown>} [parts] a JSON object's matrices by key ('X', 'Y', 'W1', 'W2')
 */
/** @typedef {{ maxAbs: number, why: string }} ValueLimit the largest magnitude a value may have, and why */
/** @typedef {{ value?: number, error?: string }} CellReading a cell's value, or why it is not one */
export const MAX_PROBLEMS = 12;
// The engine's limits are 512 rows of 4096 values; this bounds the work of a pasted text.
export const MAX_VALUES = 4096 * 512;
// Longer text is refused before it is split into lines (splitting megabytes blocks the page): as
// much as the largest file the dialogs read (files.js MAX_FILE_BYTES).
export const MAX_TEXT_LENGTH = 5 * 1024 * 1024;
// The largest value whose square is finite: the engine's loss ½‖Y − W₂W₁X‖²/P squares every
// target, so a larger one makes the loss overflow and the engine refuse the data.
export const MAX_SQUARABLE = Math.sqrt(Number.MAX_VALUE);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const NOT_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** @param {number} n */
const describeLength = (n) => (n < 1024 * 1024 ? `${Math.round(n / 1024)} K characters` : `${(n / 1024 / 1024).toFixed(1)} M characters`);
/** @param {string} text */
const quote = (text) => `"${text.length > 24 ? `${text.slice(0, 24)}…` : text}"`;

// Spreadsheets and word processors write a minus as U+2212 (minus sign) or U+2013 (en dash).
const MINUS_SIGNS = /[\u2212\u2013]/g;

// A cell's value, or why it is not one. Number() alone would take '', '0x1f' and ' 1 '.
// `maxAbs`: the largest magnitude allowed, with `why` it is the limit (for the targets Y).
/** @param {string} raw @param {boolean} [decimalComma] @param {Partial<ValueLimit>} [limit] @returns {CellReading} */
function readCell(raw, decimalComma = false, { maxAbs = Infinity, why = '' } = {}) {
  const unquoted = raw.trim();
  const quoted = /^"(.*)"$/s.test(unquoted);
  let text = unquoted.replace(/^"(.*)"$/s, '$1').replace(/^'(.*)'$/s, '$1').trim().replace(MINUS_SIGNS, '-');
  if (decimalComma && DECIMAL_COMMA.test(text)) text = text.replace(',', '.');
  if (text === '') return { error: 'is empty' };
  if (NOT_FINITE.test(text)) return { error: `${quote(text)} is not a finite number` };
  if (!NUMBER.test(text)) {
    const hint = !DECIMAL_COMMA.test(text) ? ''
      : quoted ? ' (a quoted cell with a decimal comma: write 1.5, not "1,5", or export with a point as the decimal mark)'
        : ' (write decimals with a point: 1.5, not 1,5)';
    return { error: `${quote(text)} is not a number${hint}` };
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: `${quote(text)} is too large for double precision` };
  if (Math.abs(value) > maxAbs) return { error: `${quote(text)} is too large: ${why}` };
  return { value };
}

// 'row 2, column 4: "abc" is not a number', 'row 1, column 2 is empty'.
/** @param {number} row @param {number} column @param {string} error */
const cellProblem = (row, column, error) => `row ${row}, column ${column}${error.startsWith('is ') ? ' ' : ': '}${error}`;

// The delimiter that reads the most numbers from the first lines: tab, semicolon, comma or
// whitespace, earlier ones first among ties (European CSV "1,5;2,0" reads 4 with semicolons, 1 with
// commas). Counting numbers, not lines with the character, keeps a short row ("3" under "1,2") from
// changing how the text is read, and "1, 2, 3" comma-separated.
/** @type {Array<[delimiter: string | null, name: string]>} */
const DELIMITERS = [['\t', 'tab-separated'], [';', 'semicolon-separated'], [',', 'comma-separated'], [null, 'whitespace-separated']];
/** @param {Array<{ text: string, row: number }>} lines @returns {{ delimiter: string | null, name: string, numbers: number }} */
function detectDelimiter(lines) {
  const sample = lines.slice(0, 50).map((l) => l.text);
  let best = null;
  for (const [delimiter, name] of DELIMITERS) {
    if (delimiter !== null && !sample.some((text) => text.includes(delimiter))) continue;
    const numbers = sample.reduce((n, text) => n + splitLine(text, delimiter).filter((cell) => !readCell(cell, delimiter === ';').error).length, 0);
    if (best === null || numbers > best.numbers) best = { delimiter, name, numbers };
  }
  return best;
}

/** @param {string} text @param {string | null} delimiter @returns {string[]} */
function splitLine(text, delimiter) {
  if (delimiter === null) return text.trim().split(/\s+/);
  const cells = text.includes('"') ? splitQuoted(text, delimiter) : text.split(delimiter);
  // One trailing delimiter ("1,2,3,") is common in exports: it ends the row, it is not a value.
  if (cells.length > 1 && cells[cells.length - 1].trim() === '') cells.pop();
  return cells;
}

// RFC 4180: a delimiter inside double quotes is part of the cell ("1,5" is one cell), "" is a quote.
// The quotes stay on the cell, so that readCell can say it was quoted.
/** @param {string} text @param {string} delimiter */
function splitQuoted(text, delimiter) {
  /** @type {string[]} */
  const cells = [];
  let cell = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (inQuotes && text[i + 1] === '"') { cell += '""'; i += 1; continue; }
      inQuotes = !inQuotes;
      cell += c;
    } else if (c === delimiter && !inQuotes) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

// Collects problems, keeping the first MAX_PROBLEMS and counting the rest.
/** @returns {{ add(message: string, row?: number | null, column?: number | null): void, readonly count: number, done(): ParseProblem[] }} */
function problemList() {
  /** @type {ParseProblem[]} */
  const list = [];
  let more = 0;
  return {
    add(message, row = null, column = null) {
      if (list.length < MAX_PROBLEMS) list.push({ message, row, column });
      else more += 1;
    },
    get count() {
      return list.length + more;
    },
    done() {
      if (more > 0) list.push({ message: `… and ${more} more problem${more === 1 ? '' : 's'} like these`, row: null, column: null });
      return list;
    },
  };
}

/** @param {ParseProblem[]} problems @param {Partial<ParseResult>} [extra] @returns {ParseResult} */
function failure(problems, extra = {}) {
  return { ok: false, matrix: null, rows: 0, cols: 0, skippedHeader: false, notes: [], ...extra, problems, error: problems[0] };
}

/** @param {number[][]} matrix @param {string} format @param {string[]} notes @param {boolean} [skippedHeader] @returns {ParseResult} */
function success(matrix, format, notes, skippedHeader = false) {
  return { ok: true, matrix, rows: matrix.length, cols: matrix[0].length, skippedHeader, format, notes, problems: [], error: null };
}

// The most frequent row length (the first row's length among ties): one odd row is the one named.
/** @param {number[]} lengths */
function expectedLength(lengths) {
  /** @type {Map<number, number>} */
  const counts = new Map();
  for (const n of lengths) counts.set(n, (counts.get(n) ?? 0) + 1);
  let best = lengths[0];
  for (const [n, c] of counts) if (c > counts.get(best)) best = n;
  return best;
}

/** @param {string} text @param {ValueLimit} limit @param {((fraction: number) => void) | null} onProgress @returns {ParseResult} */
function parseDelimited(text, limit, onProgress) {
  const lines = text.split('\n').map((t, i) => ({ text: t, row: i + 1 }))
    .filter((l) => l.text.trim() !== '' && !l.text.trim().startsWith('#'));
  if (lines.length === 0) return failure([{ message: 'there are no numbers: only comment lines (starting with #)', row: null, column: null }]);
  const { delimiter, name } = detectDelimiter(lines);
  const notes = [`read as ${name} text`];
  let body = lines;
  let skippedHeader = false;
  const comma = delimiter === ';';
  // A first line of names (each cell has a letter and is not a number) is a header: skipped, and
  // said so. "1,5" or "NaN" there are bad values, not names.
  /** @param {string} cell */
  const isName = (cell) => /\p{L}/u.test(cell) && !NOT_FINITE.test(cell.trim().replace(/^["']|["']$/g, '')) && readCell(cell, comma).error;
  if (splitLine(lines[0].text, delimiter).every(isName)) {
    skippedHeader = true;
    notes.push(`row ${lines[0].row} has names, not numbers: skipped as a header`);
    body = lines.slice(1);
    if (body.length === 0) return failure([{ message: 'there are no numbers: only a header row', row: lines[0].row, column: null }], { notes });
  }
  const rows = body.map((l) => ({ row: l.row, cells: splitLine(l.text, delimiter) }));
  const total = rows.reduce((sum, r) => sum + r.cells.length, 0);
  if (total > MAX_VALUES) return failure([{ message: `${total} values are more than the ${MAX_VALUES} that can be read`, row: null, column: null }], { notes });

  const problems = problemList();
  const expected = expectedLength(rows.map((r) => r.cells.length));
  const matrix = [];
  let read = 0;
  let reported = 0;
  for (const { row, cells } of rows) {
    if (onProgress && read - reported >= PROGRESS_CELLS) {
      onProgress(read / total);
      reported = read;
    }
    read += cells.length;
    if (cells.length !== expected) problems.add(`row ${row} has ${cells.length} value${cells.length === 1 ? '' : 's'}, expected ${expected}`, row);
    /** @type {number[]} */
    const values = [];
    cells.forEach((cell, j) => {
      const { value, error } = readCell(cell, comma, limit);
      if (error) problems.add(cellProblem(row, j + 1, error), row, j + 1);
      values.push(value);
    });
    matrix.push(values);
  }
  if (problems.count > 0) return failure(problems.done(), { notes, skippedHeader });
  // With semicolons between values a comma can only be a decimal mark (European spreadsheets).
  if (comma && rows.some((r) => r.cells.some((c) => DECIMAL_COMMA.test(c.trim())))) notes.push('decimal commas read as points');
  return success(matrix, name, notes, skippedHeader);
}

// Where a JSON object may keep its matrices: {X, Y}, an engine configuration ({task: {X, Y}},
// {init: {W1, W2}}) or an engine result ({initialWeights: {W1, W2}}).
const CONTAINERS = ['task', 'init', 'initialWeights'];
/** @param {Record<string, unknown>} object @returns {Record<string, unknown>} */
export function jsonParts(object) {
  /** @type {Record<string, unknown>} */
  const parts = {};
  for (const source of [object, ...CONTAINERS.map((k) => object[k])]) {
    if (!source || typeof source !== 'object' || Array.isArray(source)) continue;
    const holder = /** @type {Record<string, unknown>} */ (source);
    for (const key of ['X', 'Y', 'W1', 'W2']) if (holder[key] !== undefined && parts[key] === undefined) parts[key] = holder[key];
  }
  return parts;
}

/** @param {unknown} v */
function describeJsonValue(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return quote(v);
  return String(v);
}

/** @param {unknown} v @param {ValueLimit} limit @returns {CellReading} */
function jsonCell(v, limit) {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: 'is too large for double precision' };
    return Math.abs(v) > limit.maxAbs ? { error: `${String(v)} is too large: ${limit.why}` } : { value: v };
  }
  if (typeof v === 'string') return readCell(v, false, limit);
  return { error: `${describeJsonValue(v)} is not a number` };
}

// A JSON list of rows (or one flat list: a single row) as a matrix.
/** @param {unknown} value @param {string} [what] @param {ValueLimit} [limit] @returns {ParseResult} */
export function matrixFromJson(value, what = 'the JSON', limit = NO_LIMIT) {
  if (!Array.isArray(value)) return failure([{ message: `${what} must be a list of rows, not ${describeJsonValue(value)}`, row: null, column: null }]);
  if (value.length === 0) return failure([{ message: `${what} is an empty list`, row: null, column: null }]);
  const notes = ['read as JSON'];
  const flat = value.every((v) => !Array.isArray(v));
  const rows = flat ? [value] : value;
  if (flat) notes.push('a flat list is read as one row');
  const total = rows.reduce((sum, r) => sum + (Array.isArray(r) ? r.length : 1), 0);
  if (total > MAX_VALUES) return failure([{ message: `${total} values are more than the ${MAX_VALUES} that can be read`, row: null, column: null }], { notes });
  const problems = problemList();
  const expected = expectedLength(rows.map((r) => (Array.isArray(r) ? r.length : 1)));
  /** @type {number[][]} */
  const matrix = [];
  rows.forEach((r, i) => {
    const row = i + 1;
    if (!Array.isArray(r)) {
      problems.add(`row ${row} is ${describeJsonValue(r)}, not a list of numbers`, row);
      return;
    }
    if (r.length !== expected) problems.add(`row ${row} has ${r.length} value${r.length === 1 ? '' : 's'}, expected ${expected}`, row);
    matrix.push(r.map((v, j) => {
      const { value: x, error } = jsonCell(v, limit);
      if (error) problems.add(cellProblem(row, j + 1, error), row, j + 1);
      return x;
    }));
  });
  if (expected === 0 && problems.count === 0) problems.add('row 1 is empty', 1);
  if (problems.count > 0) return failure(problems.done(), { notes });
  return success(matrix, 'JSON', notes);
}

// "line 3, character 7" for an offset into the text.
/** @param {string} text @param {number} offset */
function position(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, character: offset - before.lastIndexOf('\n') };
}

// The first occurrence of `ch` outside JSON strings (V8 names a bad token but not where it is).
/** @param {string} text @param {string} ch */
function findOutsideStrings(text, ch) {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === ch) return i;
    else if (c === '"') inString = true;
  }
  return -1;
}

/** @param {string} text @returns {{ value?: unknown, problem?: ParseProblem }} */
function parseJsonText(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    // JSON has no NaN or Infinity: name them rather than "Unexpected token".
    const bad = /\b(NaN|-?Infinity)\b/.exec(text);
    if (bad) {
      const { line, character } = position(text, bad.index);
      return { problem: { message: `line ${line}, character ${character}: ${bad[1]} is not a finite number`, row: line, column: null } };
    }
    const at = /at position (\d+)/.exec(e.message);
    const token = /^Unexpected token '(.)'/.exec(e.message);
    const offset = at ? Number(at[1]) : token ? findOutsideStrings(text, token[1]) : -1;
    if (/end of JSON input/i.test(e.message) || offset >= text.length) {
      return { problem: { message: 'the JSON ends too early: is it cut short?', row: null, column: null } };
    }
    // V8's reason without the position and without the quoted text: "Expected ',' or ']' after array element".
    const reason = e.message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '').slice(0, 80);
    const where = offset >= 0 ? (({ line, character }) => `line ${line}, character ${character}: `)(position(text, offset)) : '';
    const row = offset >= 0 ? position(text, offset).line : null;
    return { problem: { message: `${where}not valid JSON (${reason})`, row, column: null } };
  }
}

// What a value of each matrix may be: Y is squared by the loss; X is whitened (scale-free) or white,
// and the weights are checked as a whole (weights.js).
/** @type {ValueLimit} */
const NO_LIMIT = { maxAbs: Infinity, why: '' };
/** @type {Record<string, ValueLimit>} */
export const VALUE_LIMITS = {
  Y: { maxAbs: MAX_SQUARABLE, why: `its square overflows double precision in the loss ½‖Y − W₂W₁X‖²/P (at most 1.3e154 in magnitude; scale Y down)` },
};
// onProgress is told every this many values.
const PROGRESS_CELLS = 20000;

// Parses text into a matrix. `key` ('X', 'Y', 'W1', 'W2') picks that matrix out of a JSON object.
// Returns {ok, matrix, rows, cols, skippedHeader, format, notes, problems, error}; a JSON object also
// gives `parts` (every matrix it holds, by key) so that a dialog can fill its other fields.
// `onProgress(fraction)` is called as the rows are read (the dialogs' worker reports it).
/** @param {unknown} text @param {{ key?: string | null, onProgress?: ((fraction: number) => void) | null }} [options] @returns {ParseResult} */
export function parseMatrix(text, { key = null, onProgress = null } = {}) {
  const raw = String(text ?? '');
  // Before anything splits or copies it: megabytes beyond the limit are never worth reading.
  if (raw.length > MAX_TEXT_LENGTH) {
    return failure([{ message: `the text is ${describeLength(raw.length)} long: at most ${describeLength(MAX_TEXT_LENGTH)} of text is read`, row: null, column: null }]);
  }
  const limit = VALUE_LIMITS[key] ?? NO_LIMIT;
  const cleaned = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (cleaned.includes('\0')) return failure([{ message: 'this is not text (it contains NUL bytes)', row: null, column: null }]);
  const trimmed = cleaned.trim();
  if (trimmed === '') return failure([{ message: 'the text is empty: paste numbers, one row per line', row: null, column: null }]);
  if (trimmed[0] !== '[' && trimmed[0] !== '{') return parseDelimited(cleaned, limit, onProgress);

  const { value, problem } = parseJsonText(trimmed);
  if (problem) return failure([problem], { notes: ['read as JSON'] });
  if (Array.isArray(value)) return matrixFromJson(value, 'the JSON', limit);
  const parts = jsonParts(/** @type {Record<string, unknown>} */ (value));
  const found = Object.keys(parts);
  if (found.length === 0) {
    const keys = Object.keys(value).slice(0, 6).map((k) => quote(k)).join(', ');
    return failure([{ message: `the JSON object has none of "X", "Y", "W1", "W2"${keys ? ` (it has ${keys})` : ''}`, row: null, column: null }]);
  }
  const wanted = key ?? found[0];
  if (parts[wanted] === undefined) {
    return failure([{ message: `the JSON object has no "${wanted}" (it has ${found.map((k) => `"${k}"`).join(', ')})`, row: null, column: null }], { parts });
  }
  const result = matrixFromJson(parts[wanted], 'it', limit);
  result.notes = [`read "${wanted}" from a JSON object`, ...result.notes.filter((n) => n !== 'read as JSON')];
  if (!result.ok) result.problems = result.problems.map((p) => ({ ...p, message: `"${wanted}": ${p.message}` }));
  result.error = result.problems[0] ?? null;
  return { ...result, parts };
}

/** @template T @param {readonly (readonly T[])[]} matrix @returns {T[][]} */
export function transpose(matrix) {
  return matrix[0].map((_, j) => matrix.map((row) => row[j]));
}

// The page's limits: widths as the settings allow, items as the engine allows for custom tasks.
/** @typedef {{ inputs: number, outputs: number, items: number }} DataLimits */
/** @type {DataLimits} */
export const DATA_LIMITS = { inputs: 32, outputs: 32, items: 4096 };

/** @param {readonly ArrayLike<unknown>[]} m */
const shapeText = (m) => `${m.length} × ${m[0].length}`;
/** @param {number} n @param {string} word */
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** @typedef {'columns' | 'rows'} ItemsAs what a given matrix's items are */
/**
 * @typedef {object} DataReading one way of reading X and Y, turned to the engine's orientation (items as columns)
 * @property {number[][]} X
 * @property {number[][]} Y
 * @property {{ X: ItemsAs, Y: ItemsAs }} orientation what the items of the given X and Y are
 * @property {number} inputs
 * @property {number} outputs
 * @property {number} items
 */
/** @typedef {DataReading & { message: string }} DescribedReading a reading and the sentence describing it */
/** @typedef {DescribedReading & { status: 'ok', reason: string }} DataOriented the one reading: `reason` says why (or '') */
/** @typedef {{ status: 'ambiguous', question: string, candidates: DescribedReading[] }} DataAmbiguous readings the user chooses from */
/** @typedef {{ status: 'error', message: string }} DataUnreadable no reading fits */
/** @typedef {DataOriented | DataAmbiguous | DataUnreadable} Orientation what orientData decides */

// One way of reading X and Y: items as columns (as they are) or as rows (transposed).
/** @param {number[][]} X @param {number[][]} Y @param {boolean} xRows @param {boolean} yRows @returns {DataReading} */
function candidate(X, Y, xRows, yRows) {
  const x = xRows ? transpose(X) : X;
  const y = yRows ? transpose(Y) : Y;
  return { X: x, Y: y, orientation: { X: xRows ? 'rows' : 'columns', Y: yRows ? 'rows' : 'columns' },
    inputs: x.length, outputs: y.length, items: x[0].length };
}

/** @param {DataReading} c @param {number[][]} X @param {number[][]} Y */
function describeCandidate(c, X, Y) {
  /** @param {string} name @param {number[][]} m @param {boolean} rows @param {number[][]} engine */
  const part = (name, m, rows, engine) => (rows
    ? `${name} has ${plural(m.length, 'row')} of ${plural(m[0].length, 'value')}, transposed to ${shapeText(engine)}`
    : `${name} is ${shapeText(m)}`);
  const { X: ox, Y: oy } = c.orientation;
  const head = ox === oy ? `items as ${ox}` : `X with items as ${ox}, Y with items as ${oy}`;
  return `${head}: ${part('X', X, ox === 'rows', c.X)}; ${part('Y', Y, oy === 'rows', c.Y)} ` +
    `(${plural(c.inputs, 'input')}, ${plural(c.outputs, 'output')}, ${plural(c.items, 'item')})`;
}

// Decides whether the items of X and Y are their columns (the engine's convention) or their rows,
// from the shapes alone: X and Y must have the same number of items P, and whitening needs at least
// as many items as inputs. Returns
//   {status: 'ok', X, Y, inputs, outputs, items, orientation, message, reason}   (engine orientation)
//   {status: 'ambiguous', question, candidates: [...]}                            (the user chooses)
//   {status: 'error', message}
/** @param {{ X: number[][], Y: number[][] }} data @param {DataLimits} [limits] @returns {Orientation} */
export function orientData({ X, Y }, limits = DATA_LIMITS) {
  /** @type {DataReading[]} */
  const all = [];
  for (const xRows of [false, true]) for (const yRows of [false, true]) {
    const xItems = xRows ? X.length : X[0].length;
    const yItems = yRows ? Y.length : Y[0].length;
    if (xItems === yItems) all.push(candidate(X, Y, xRows, yRows));
  }
  // The same reading twice (a square X read both ways gives the same P only if X is square).
  /** @type {Set<string>} */
  const seen = new Set();
  const matching = all.filter((c) => {
    const id = `${c.inputs}-${c.outputs}-${c.items}-${c.orientation.X}-${c.orientation.Y}`;
    return !seen.has(id) && seen.add(id);
  });
  if (matching.length === 0) {
    return { status: 'error', message: `X (${shapeText(X)}) and Y (${shapeText(Y)}) have no number of items in common: ` +
      'X and Y must have the same number of items P, as columns (the engine’s convention) or as rows' };
  }
  const withinLimits = matching.filter((c) => c.inputs <= limits.inputs && c.outputs <= limits.outputs && c.items <= limits.items);
  if (withinLimits.length === 0) {
    const c = matching[0];
    const over = c.inputs > limits.inputs ? `${plural(c.inputs, 'input')} (at most ${limits.inputs})`
      : c.outputs > limits.outputs ? `${plural(c.outputs, 'output')} (at most ${limits.outputs})` : `${plural(c.items, 'item')} (at most ${limits.items})`;
    return { status: 'error', message: `too large: read as ${describeCandidate(c, X, Y)}, the data have ${over}` };
  }
  // Reading both with the same orientation is the natural reading; mixed only when nothing else fits.
  const consistent = withinLimits.filter((c) => c.orientation.X === c.orientation.Y);
  let pool = consistent.length > 0 ? consistent : withinLimits;
  let reason = consistent.length === 0 ? 'only this reading gives X and Y the same number of items'
    : pool.length === 1 ? `only this reading gives X and Y the same number of items (${pool[0].items})` : '';
  if (pool.length > 1) {
    // Whitening X needs at least as many items as inputs: a reading with fewer is not the data.
    const enough = pool.filter((c) => c.items >= c.inputs);
    if (enough.length === 1) {
      const other = pool.find((c) => c !== enough[0]);
      reason = `read the other way there would be ${plural(other.items, 'item')} for ${plural(other.inputs, 'input')}, too few to whiten X`;
      pool = enough;
    }
  }
  if (pool.length === 1) {
    const c = pool[0];
    return { status: 'ok', ...c, message: describeCandidate(c, X, Y), reason };
  }
  const candidates = pool.map((c) => ({ ...c, message: describeCandidate(c, X, Y) }));
  return { status: 'ambiguous', candidates,
    question: `X (${shapeText(X)}) and Y (${shapeText(Y)}) can be read both ways: are the items the columns or the rows?` };
}
