// "Your data" and "Your weights": dialogs to paste or drop matrices, with a live preview, every
// problem next to the box it concerns, and Apply only when everything is valid. What the user typed
// stays in the boxes on every error, on Cancel and when the dialog is reopened. Text only: nothing
// read from a file or typed is ever inserted as HTML.
import { el, clear } from './dom.js';
import { parseMatrix, orientData, matrixFromJson } from '../data/parse.js';
import { parseInBackground, readsOffThread } from '../data/parse-client.js';
import { analyzeWhitening } from '../data/whitening.js';
import { analyzeWeights } from '../data/weights.js';
import { fileProblem, describeBytes, matrixText, sameMatrix } from '../data/files.js';
import { formatValue } from '../charts/ticks.js';

/** @typedef {import('../data/parse.js').ParseResult} ParseResult */
/** @typedef {import('../data/parse.js').DataReading} DataReading */
/** @typedef {import('../data/parse.js').DataAmbiguous} DataAmbiguous */
/** @typedef {import('../data/store.js').DataPayload} DataPayload */
/** @typedef {import('../data/store.js').WeightsPayload} WeightsPayload */
/** @typedef {import('../data/weights.js').WeightDims} WeightDims */
/** @typedef {{ key: string, pasted: boolean, read?: boolean }} BoxEdit a box's edit: `pasted` (a paste, a file, a part filled in) and `read` (the worker has read it) update at once */
/**
 * @typedef {Partial<Omit<ParseResult, 'ok' | 'problems'>> & { ok: boolean, pending?: boolean, problems: { message: string }[] }} BoxReading
 *   what a box's text gives: parseMatrix's result, {pending: true} while the worker reads it, or why the worker could not
 */
/** @typedef {ReturnType<typeof matrixField>} MatrixField */
/** @typedef {DataPayload & { summary: string }} DataResult the data dialog's valid preview */
/** @typedef {WeightsPayload & { lambda: number, balanced: boolean, summary: string }} WeightsResult the weights dialog's valid preview */

// A sentence's first letter in upper case, unless it is a symbol (λ stays λ: Λ is another symbol).
/** @param {string} text */
const sentence = (text) => (/^[a-z]/.test(text) ? text[0].toUpperCase() + text.slice(1) : text);

const PREVIEW_ROWS = 6;
const PREVIEW_COLUMNS = 8;
const TYPING_DELAY = 150; // ms: the preview follows typing without redoing the work on every key
let nextId = 1;

/** @param {number} n @param {string} word */
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** @param {DragEvent} event */
const hasFiles = (event) => Array.from(event.dataTransfer?.types ?? []).includes('Files');

/** @param {HTMLElement} list @param {string[]} messages */
function listProblems(list, messages) {
  clear(list);
  for (const message of messages) list.append(el('li', { text: message }));
  list.hidden = messages.length === 0;
}

// One matrix box: label, textarea, file button and drop zone, a read-out, its problems. What the
// box holds is read once per text (typing in one box does not read the other again); a large text
// is read in a worker, and `onEdit` is called again when it has been read.
/** @template {string} K @param {{ key: K, label: string, hint: string, onEdit: (edit: BoxEdit) => void }} options */
function matrixField({ key, label, hint, onEdit }) {
  const id = `data-${key.toLowerCase()}-${nextId++}`;
  const textarea = el('textarea', { id, rows: 7, spellcheck: 'false', autocomplete: 'off', wrap: 'off',
    'aria-describedby': `${id}-hint ${id}-status ${id}-problems`, placeholder: 'e.g.\n1, 0, 2\n0, 1, 3' });
  const fileInput = el('input', { type: 'file', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true', 'aria-label': `File for ${key}`,
    accept: '.csv,.tsv,.txt,.dat,.json,text/plain,text/csv,application/json' });
  const fileButton = el('button', { type: 'button', class: 'data-file-button', text: `Open a file for ${key}…` });
  const undo = el('button', { type: 'button', class: 'data-undo', hidden: true, text: 'Undo' });
  const fileNote = el('span', { class: 'data-file-note', 'aria-live': 'polite' });
  const status = el('p', { id: `${id}-status`, class: 'data-status' });
  const progress = el('progress', { class: 'data-progress', max: '1', value: '0', hidden: true, 'aria-label': `Reading ${key}` });
  const problems = el('ul', { id: `${id}-problems`, class: 'data-problems', hidden: true });
  const drop = el('div', { class: 'data-drop' }, textarea);
  const element = el('div', { class: 'data-field', 'data-field': key },
    el('label', { for: id, class: 'data-label', text: label }), el('p', { id: `${id}-hint`, class: 'field-hint', text: hint }),
    drop, el('div', { class: 'data-file' }, fileButton, fileInput, el('span', { class: 'field-hint', text: 'or drop a text file on the box' }), fileNote, undo),
    status, progress, problems);
  /** @type {string | null} */
  let previous = null;
  // The text last read and what it gave; `reading`: the worker reading a newer text.
  /** @type {{ text: string | null, parsed: BoxReading | null }} */
  let read = { text: null, parsed: null };
  /** @type {{ text: string, cancel: () => void } | null} */
  let reading = null;

  /** @param {string} text @param {boolean} [isError] */
  const note = (text, isError = false) => {
    fileNote.textContent = text;
    fileNote.classList.toggle('data-file-error', isError);
  };
  // Replaces the text (a file, a JSON object's other part); Undo brings back what was there.
  /** @param {string} text @param {string} why */
  const replace = (text, why) => {
    previous = textarea.value;
    textarea.value = text;
    undo.hidden = previous.trim() === '';
    note(why);
    onEdit({ key, pasted: true });
  };
  /** @param {File[]} files */
  async function readFile(files) {
    const file = files[0];
    if (!file) return;
    const problem = fileProblem(file);
    if (problem) return note(problem, true);
    let text;
    try {
      text = await file.text();
    } catch {
      return note(`"${file.name}" could not be read`, true);
    }
    if (text.includes('\0')) return note(`"${file.name}" is not a text file (it holds binary data)`, true);
    const others = files.length > 1 ? `; only the first of ${files.length} files is read` : '';
    replace(text, `read "${file.name}" (${describeBytes(file.size)})${others}`);
  }

  textarea.addEventListener('input', () => {
    // The user's own edit: a note about a file or a filled-in part no longer describes the text.
    note('');
    undo.hidden = true;
    onEdit({ key, pasted: false });
  });
  textarea.addEventListener('paste', () => setTimeout(() => onEdit({ key, pasted: true })));
  fileButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    readFile(Array.from(fileInput.files));
    fileInput.value = ''; // the same file again is a new choice
  });
  undo.addEventListener('click', () => {
    textarea.value = previous ?? '';
    undo.hidden = true;
    note('');
    onEdit({ key, pasted: false });
    textarea.focus();
  });
  drop.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (event) => {
    drop.classList.remove('dragging');
    if (!hasFiles(event)) return; // dropped text goes into the box as usual
    event.preventDefault();
    event.stopPropagation();
    readFile(Array.from(event.dataTransfer.files));
  });

  // What the text gives: parseMatrix's result, or {pending: true} while a worker reads it (then
  // onEdit({key, pasted}) once it is read).
  /** @param {BoxEdit} [edit] @returns {BoxReading} */
  function parsed(edit) {
    const text = textarea.value;
    if (read.text === text) return read.parsed;
    if (reading?.text === text) return { pending: true, ok: false, problems: [] };
    reading?.cancel();
    if (!readsOffThread(text)) {
      reading = null;
      read = { text, parsed: parseMatrix(text, { key }) };
      return read.parsed;
    }
    const job = parseInBackground(text, { key, onProgress: (fraction) => showProgress(fraction) });
    reading = { text, cancel: job.cancel };
    showProgress(0);
    job.promise.then((result) => {
      if (reading?.text !== text || !result) return;
      reading = null;
      read = { text, parsed: result };
      progress.hidden = true;
      onEdit({ key, pasted: Boolean(edit?.pasted && edit.key === key), read: true });
    }, (error) => {
      if (reading?.text !== text) return;
      reading = null;
      read = { text, parsed: { ok: false, problems: [{ message: error.message }], notes: [] } };
      progress.hidden = true;
      onEdit({ key, pasted: false, read: true });
    });
    return { pending: true, ok: false, problems: [] };
  }
  /** @param {number} fraction */
  function showProgress(fraction) {
    progress.hidden = false;
    progress.value = fraction;
    status.textContent = `Reading ${describeBytes(textarea.value.length)} of text… ${Math.round(100 * fraction)} %`;
  }

  return {
    key, element, textarea, note, replace, parsed,
    get text() { return textarea.value; },
    get pending() { return reading !== null; },
    // Text from the page (the current data): no Undo, no note.
    /** @param {string} text */
    setText(text) {
      textarea.value = text;
      previous = null;
      undo.hidden = true;
      note('');
    },
    // Shows what was read: its shape, or its problems (an empty box is not an error, just not ready).
    /** @param {BoxReading} parsed @param {string[]} [extraProblems] */
    show(parsed, extraProblems = []) {
      if (parsed.pending) {
        listProblems(problems, []);
        return;
      }
      const empty = textarea.value.trim() === '';
      const messages = empty || parsed.ok ? extraProblems : [...parsed.problems.map((p) => p.message), ...extraProblems];
      status.textContent = empty ? 'Paste numbers, open a file or drop one here.'
        : parsed.ok ? `${plural(parsed.rows, 'row')} of ${plural(parsed.cols, 'value')}${parsed.skippedHeader ? ', header row skipped' : ''} (${parsed.notes.join('; ')})`
          : `${plural(parsed.problems.length, 'problem')}:`;
      listProblems(problems, messages);
      textarea.setAttribute('aria-invalid', messages.length > 0 ? 'true' : 'false');
      element.classList.toggle('invalid', messages.length > 0);
    },
  };
}

// The first rows and columns of a matrix, rows named by `rowName` + index, columns by `columnName`.
/** @param {string} title @param {number[][]} matrix @param {string} rowName @param {string} columnName */
function matrixTable(title, matrix, rowName, columnName) {
  const rows = Math.min(matrix.length, PREVIEW_ROWS);
  const cols = Math.min(matrix[0].length, PREVIEW_COLUMNS);
  const moreCols = matrix[0].length > cols;
  const head = el('tr', {}, el('th', { scope: 'col', text: '' }),
    Array.from({ length: cols }, (_, j) => el('th', { scope: 'col', text: `${columnName} ${j + 1}` })),
    moreCols ? el('th', { scope: 'col', text: '…' }) : null);
  const body = Array.from({ length: rows }, (_, i) => el('tr', {}, el('th', { scope: 'row', text: `${rowName}${i + 1}` }),
    Array.from({ length: cols }, (_, j) => el('td', { text: formatValue(matrix[i][j], 4) })), moreCols ? el('td', { text: '…' }) : null));
  const shown = matrix.length > rows || moreCols ? ` — the first ${rows} × ${cols}` : '';
  return el('table', { class: 'data-table' }, el('caption', { text: `${title}${shown}` }), el('thead', {}, head), el('tbody', {}, body,
    matrix.length > rows ? el('tr', {}, el('th', { scope: 'row', text: '…' })) : null));
}

// The dialog's frame: title, introduction, the boxes, a preview and Cancel / Apply.
/** @param {{ id: string, title: string, intro: string, fields: MatrixField[], preview: HTMLElement[], onApply: () => Promise<void> }} options */
function dialogShell({ id, title, intro, fields, preview, onApply }) {
  const apply = el('button', { type: 'button', class: 'data-apply', disabled: true, text: 'Apply' });
  const cancel = el('button', { type: 'button', text: 'Cancel' });
  const ready = el('p', { class: 'data-ready', 'aria-live': 'polite' });
  const applyError = el('p', { class: 'data-apply-error', role: 'alert' });
  const dialog = el('dialog', { id, class: 'data-dialog', 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title`, text: title }), el('p', { class: 'data-intro', text: intro }),
    el('div', { class: 'data-fields' }, fields.map((f) => f.element)),
    el('section', { class: 'data-preview', 'aria-label': 'Preview' }, el('h3', { text: 'Preview' }), preview),
    applyError, el('div', { class: 'dialog-buttons' }, ready, cancel, apply));
  // A file dropped beside the boxes would make the browser open it, leaving the page.
  dialog.addEventListener('dragover', (event) => { if (hasFiles(event)) event.preventDefault(); });
  dialog.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    applyError.textContent = `Drop the file on the ${fields.map((f) => f.key).join(' or ')} box.`;
  });
  cancel.addEventListener('click', () => dialog.close());
  apply.addEventListener('click', async () => {
    applyError.textContent = '';
    try {
      await onApply();
    } catch (error) {
      applyError.textContent = `Not applied: ${error?.message ?? error}`;
      return;
    }
    dialog.close();
  });
  document.body.append(dialog);
  return {
    dialog, applyError,
    /** @param {boolean} isReady @param {string} text */
    setReady(isReady, text) {
      apply.disabled = !isReady;
      ready.textContent = text;
    },
  };
}

// Updates on typing after a pause, at once on a paste, a file or a text read by the worker.
/** @param {(edit?: BoxEdit) => void} update @param {() => void} onEdit @returns {(edit?: BoxEdit) => void} */
function debounceEdits(update, onEdit) {
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  return (edit) => {
    onEdit();
    clearTimeout(timer);
    if (edit?.pasted || edit?.read) update(edit);
    else timer = setTimeout(() => update(edit), TYPING_DELAY);
  };
}

// What both dialogs do alike around their own preview: `preview(edit)` draws it and returns the
// valid result or null; edits are debounced into it; Apply takes the last valid result; opening
// shows the current matrices unless the user has typed since the last Apply (then their text
// stays). Returns {shell, edited (a box's edit), changed (another control's), open, close}.
// K: the boxes' keys; R: the valid result and C: the current matrices, each holding a matrix by key.
/**
 * @template {string} K
 * @template {Record<K, number[][]>} R
 * @template {Record<K, number[][]>} C
 * @param {{ title: string, idPrefix: string, intro: string, fields: (MatrixField & { key: K })[], previewElements: HTMLElement[],
 *   preview: (edit?: BoxEdit) => R | null, onApply: (result: R) => Promise<void>, restore?: (current: C) => void }} options
 */
function matrixDialog({ title, idPrefix, intro, fields, previewElements, preview, onApply, restore }) {
  const [first, second] = fields;
  let dirty = false;
  /** @type {R | null} */
  let result = null;
  /** @type {R | null} */
  let lastApplied = null;
  /** @param {BoxEdit} [edit] */
  const update = (edit) => {
    result = preview(edit);
  };
  const shell = dialogShell({ id: `${idPrefix}-${nextId++}`, title, fields, intro, preview: previewElements,
    onApply: async () => {
      update(); // Apply may come before the delayed update of the last keystroke
      if (fields.some((f) => f.pending)) throw new Error('the text is still being read: Apply when the preview shows it');
      if (!result) throw new Error('the text just changed and is not valid: see the problems listed');
      await onApply(result);
      lastApplied = result;
      dirty = false;
    } });
  return {
    shell,
    edited: debounceEdits(update, () => { dirty = true; }),
    changed() {
      dirty = true;
      update();
    },
    // current: the matrices in use (keyed by the boxes' keys), or nothing.
    /** @param {C | null} [current] */
    open(current) {
      const [a, b] = [first.key, second.key];
      const applied = lastApplied && current && sameMatrix(current[a], lastApplied[a]) && sameMatrix(current[b], lastApplied[b]);
      if (!dirty && current?.[a] && current?.[b] && !applied) {
        first.setText(matrixText(current[a]));
        second.setText(matrixText(current[b]));
        restore?.(current);
      }
      shell.applyError.textContent = '';
      update();
      shell.dialog.showModal();
      first.textarea.focus();
    },
    close: () => shell.dialog.close(),
  };
}

// The box a JSON object {X, Y} was pasted into fills the other box when that one is empty.
/** @param {MatrixField[]} fields @param {BoxEdit | undefined} edit @param {Record<string, BoxReading>} parsed */
function fillFromObject(fields, edit, parsed) {
  if (!edit?.pasted) return;
  const source = fields.find((f) => f.key === edit.key);
  for (const other of fields) {
    const part = parsed[source.key].parts?.[other.key];
    if (other === source || part === undefined) continue;
    if (other.text.trim() === '') {
      const read = matrixFromJson(part);
      other.setText(read.ok ? matrixText(read.matrix) : JSON.stringify(part)); // a bad part shows its problems there
      other.note(`filled in from the "${other.key}" of the JSON object in ${source.key}`);
      parsed[other.key] = other.parsed();
    } else {
      source.note(`the JSON object also holds "${other.key}"; the ${other.key} box already has text, so it was left as it is`);
    }
  }
}

// "Your data": X and Y with items as columns or rows, orientation, whitening.
/** @param {{ onApply: (data: DataPayload) => Promise<void> }} options */
export function createDataDialog({ onApply }) {
  const fields = [
    matrixField({ key: 'X', label: 'X — the inputs', hint: 'one row per input and one column per item (or items as rows: the preview says which it read)', onEdit: (e) => dialog.edited(e) }),
    matrixField({ key: 'Y', label: 'Y — the targets', hint: 'one row per output, the same items as X', onEdit: (e) => dialog.edited(e) }),
  ];
  const [fx, fy] = fields;
  const orientationText = el('p', { class: 'data-orientation-text' });
  const choiceBox = el('fieldset', { class: 'data-orientation', hidden: true });
  const jointProblems = el('ul', { class: 'data-problems', hidden: true });
  const tables = el('div', { class: 'data-tables' });
  const whitenBox = el('input', { type: 'checkbox', id: `data-whiten-${nextId++}` });
  const whitenHint = el('span', { class: 'field-hint' });
  const whitenSummary = el('p', { class: 'data-summary' });
  const whitenWarning = el('p', { class: 'data-warning', hidden: true });
  const whitening = el('div', { class: 'data-whitening', hidden: true }, whitenSummary, whitenWarning,
    el('label', { class: 'data-whiten' }, whitenBox, ' Whiten X (centre it, then multiply by Σxx^(-1/2))'), whitenHint);
  /** @type {{ shapes: string, id: string } | null} */
  let choice = null; // {shapes, id}: the user's reading of an ambiguous shape
  let choiceShapes = '';
  /** @type {boolean | null} */
  let whitenChoice = null; // the user's choice; null: whiten X unless it is already white

  /** @param {DataReading} c */
  const candidateId = (c) => `${c.orientation.X}/${c.orientation.Y}`;
  /** @param {DataAmbiguous} oriented @param {string} shapes */
  function showChoices(oriented, shapes) {
    if (shapes === choiceShapes) return; // keep the radios (and the focus) while the shapes stay
    choiceShapes = shapes;
    clear(choiceBox);
    const name = `orientation-${nextId++}`;
    choiceBox.append(el('legend', { text: oriented.question }), ...oriented.candidates.map((c) => {
      const radio = el('input', { type: 'radio', name, value: candidateId(c), checked: choice?.shapes === shapes && choice.id === candidateId(c) });
      radio.addEventListener('change', () => { choice = { shapes, id: candidateId(c) }; dialog.changed(); });
      return el('label', { class: 'data-choice' }, radio, ` ${c.message}`);
    }));
  }

  // Draws the preview; returns {X, Y, whiten, summary} when valid, else null.
  /** @param {BoxEdit} [edit] @returns {DataResult | null} */
  function preview(edit) {
    const parsed = { X: fx.parsed(edit), Y: fy.parsed(edit) };
    fillFromObject(fields, edit, parsed);
    /** @type {DataResult | null} */
    let result = null;
    orientationText.textContent = '';
    choiceBox.hidden = true;
    listProblems(jointProblems, []);
    clear(tables);
    whitening.hidden = true;
    /** @type {string[]} */
    let xProblems = [];
    /** @param {boolean} ready @param {string} [waiting] */
    const finish = (ready, waiting = 'Apply needs valid X and Y.') => {
      fx.show(parsed.X, xProblems);
      fy.show(parsed.Y);
      dialog.shell.setReady(ready, ready ? `Ready: ${result.summary}.` : waiting);
      return ready ? result : null;
    };
    if (parsed.X.pending || parsed.Y.pending) return finish(false, 'Reading the text…');
    if (!parsed.X.ok || !parsed.Y.ok) return finish(false);
    // Each value of Y is checked as it is read (parse.js); their sum of squares, in the loss, too.
    if (!Number.isFinite(parsed.Y.matrix.flat().reduce((sum, y) => sum + y * y, 0))) {
      listProblems(jointProblems, ['Y is too large for double precision: the sum of its squares, in the loss ½‖Y − W₂W₁X‖²/P, overflows; scale Y down']);
      return finish(false);
    }

    const oriented = orientData({ X: parsed.X.matrix, Y: parsed.Y.matrix });
    if (oriented.status === 'error') {
      listProblems(jointProblems, [oriented.message]);
      return finish(false);
    }
    /** @type {DataReading | undefined} */
    let reading;
    if (oriented.status === 'ambiguous') {
      const shapes = `${parsed.X.rows}x${parsed.X.cols}/${parsed.Y.rows}x${parsed.Y.cols}`;
      showChoices(oriented, shapes);
      choiceBox.hidden = false;
      reading = choice?.shapes === shapes ? oriented.candidates.find((c) => candidateId(c) === choice.id) : undefined;
      if (!reading) return finish(false, 'Choose how to read X and Y.');
    } else {
      reading = oriented;
      const text = `${oriented.message}${oriented.reason ? `; ${oriented.reason}` : ''}.`;
      orientationText.textContent = sentence(text);
    }
    tables.append(matrixTable(`X, ${plural(reading.inputs, 'input')} × ${plural(reading.items, 'item')}`, reading.X, 'x', 'item'),
      matrixTable(`Y, ${plural(reading.outputs, 'output')} × ${plural(reading.items, 'item')}`, reading.Y, 'y', 'item'));

    const w = analyzeWhitening(reading.X);
    whitening.hidden = false;
    whitenSummary.textContent = w.summary;
    whitenWarning.textContent = w.warning ?? '';
    whitenWarning.hidden = !w.warning;
    // Whitening is optional unless X cannot be whitened (white X: used as it is) or X Xᵀ/P overflows
    // (only whitening, which rescales X first, can use it). Not white and used as it is: the engine
    // trains on Σxx = X Xᵀ/P itself (docs/theory.md section 12).
    const asIsOverflows = !w.white && !Number.isFinite(w.whiteDeviation ?? Infinity);
    whitenBox.disabled = (w.white && !w.canWhiten) || asIsOverflows;
    whitenBox.checked = w.white ? w.canWhiten && whitenChoice === true : asIsOverflows || whitenChoice !== false;
    const whiten = whitenBox.checked;
    if (w.problem && (whiten || asIsOverflows)) xProblems = [w.problem];
    whitenHint.textContent = w.white ? (w.canWhiten ? ' Optional: X is already white.' : ' Not possible: X is used as it is.')
      : asIsOverflows ? ' Required: X Xᵀ/P overflows double precision unless X is whitened.'
        : whiten ? ' Optional: X Xᵀ/P is not the identity; unticked, X is used as it is.'
          : ' Off: X is used as it is (not white).';
    if (!w.white && !whiten) {
      whitenSummary.textContent = `X is not white (X Xᵀ/P differs from I by ${formatValue(w.whiteDeviation ?? Infinity, 3)}) and is used as it is: ` +
        'gradient descent follows W₂ᵀ(Σyx − W₂W₁Σxx) with Σxx = X Xᵀ/P, which (Σxx invertible) ends at the least-squares W = Σyx Σxx⁻¹. ' +
        'The exact curve is drawn only for weights aligned with the task (Initialization: “λ-balanced, aligned with the task”) when ' +
        'X Xᵀ/P shares the right singular vectors of Σyx; otherwise the page says, where the exact curve would be, why there is none.';
      whitenWarning.hidden = true;
    }
    if (xProblems.length) return finish(false, 'X cannot be whitened: see the problem under X.');
    const { X: ox, Y: oy } = reading.orientation;
    const read = ox === 'columns' && oy === 'columns' ? '' : `; items read as ${ox === oy ? ox : `${ox} of X and ${oy} of Y`}`;
    const how = whiten ? `X whitened (condition number ${formatValue(w.condition, 3)})`
      : w.white ? 'X used as it is (already white)' : 'X used as it is (not white)';
    result = { X: reading.X, Y: reading.Y, whiten,
      summary: `${plural(reading.items, 'item')}, ${plural(reading.inputs, 'input')}, ${plural(reading.outputs, 'output')}; ${how}${read}` };
    return finish(true);
  }
  const dialog = matrixDialog({ title: 'Your data', idPrefix: 'data-dialog', fields, preview, onApply,
    intro: 'Paste numbers or drop a text file: CSV, TSV, any whitespace, or JSON (a list of rows, or an object {"X": …, "Y": …}). ' +
      'A first row of names is skipped. X and Y need the same items.',
    previewElements: [orientationText, choiceBox, jointProblems, tables, whitening],
    // The current data come in the engine's orientation, with their whitening choice.
    /** @param {DataPayload} current */
    restore(current) {
      whitenChoice = current.whiten ?? null;
      choice = { shapes: `${current.X.length}x${current.X[0].length}/${current.Y.length}x${current.Y[0].length}`, id: 'columns/columns' };
      choiceShapes = ''; // redraw the radios with this choice
    } });
  whitenBox.addEventListener('change', () => { whitenChoice = whitenBox.checked; dialog.changed(); });

  // open(current): current is {X, Y, whiten} in the engine's orientation, or nothing.
  return { element: dialog.shell.dialog, open: dialog.open, close: dialog.close };
}

// "Your weights": W1 (Nh × Ni) and W2 (No × Nh) for the task's Ni and No; λ and balance read off.
/** @param {{ onApply: (weights: WeightsPayload) => Promise<void>, dims: WeightDims }} options */
export function createWeightsDialog({ onApply, dims: initialDims }) {
  let dims = initialDims;
  const fields = [
    matrixField({ key: 'W1', label: 'W1 — input to hidden', hint: 'Nh rows (hidden units) of Ni values', onEdit: (e) => dialog.edited(e) }),
    matrixField({ key: 'W2', label: 'W2 — hidden to output', hint: 'No rows (outputs) of Nh values', onEdit: (e) => dialog.edited(e) }),
  ];
  const [f1, f2] = fields;
  const shapeText = el('p', { class: 'data-orientation-text' });
  const balance = el('p', { class: 'data-summary' });
  const notes = el('ul', { class: 'data-notes' });
  const tables = el('div', { class: 'data-tables' });

  // Draws the preview; returns {W1, W2, lambda, balanced, summary} when valid, else null.
  /** @param {BoxEdit} [edit] @returns {WeightsResult | null} */
  function preview(edit) {
    const parsed = { W1: f1.parsed(edit), W2: f2.parsed(edit) };
    fillFromObject(fields, edit, parsed);
    /** @type {WeightsResult | null} */
    let result = null;
    shapeText.textContent = dims.input === undefined
      ? 'This task takes its shape from the weights: W1 is Nh × Ni and W2 is No × Nh (at most 32 inputs and outputs, 64 hidden units).'
      : `The task has Ni = ${dims.input} inputs and No = ${dims.output} outputs: W1 must be Nh × ${dims.input} and W2 ${dims.output} × Nh.`;
    balance.textContent = '';
    clear(notes);
    clear(tables);
    /** @type {Record<'W1' | 'W2', string[]>} */
    const problems = { W1: [], W2: [] };
    /** @param {boolean} ready @param {string} [waiting] */
    const finish = (ready, waiting = 'Apply needs valid W1 and W2.') => {
      f1.show(parsed.W1, problems.W1);
      f2.show(parsed.W2, problems.W2);
      dialog.shell.setReady(ready, ready ? `Ready: ${result.summary}.` : waiting);
      return ready ? result : null;
    };
    if (parsed.W1.pending || parsed.W2.pending) return finish(false, 'Reading the text…');
    if (!parsed.W1.ok || !parsed.W2.ok) return finish(false);
    const W1 = parsed.W1.matrix;
    const W2 = parsed.W2.matrix;
    const analysis = analyzeWeights({ W1, W2 }, dims);
    for (const p of analysis.problems) problems[p.field].push(p.message);
    if (!analysis.ok) return finish(false);
    balance.textContent = `${sentence(analysis.summary)}.`;
    balance.classList.toggle('data-warning', !analysis.balanced);
    for (const n of analysis.notes) notes.append(el('li', { text: n }));
    tables.append(matrixTable(`W1, ${W1.length} × ${W1[0].length}`, W1, 'h', 'input'), matrixTable(`W2, ${W2.length} × ${W2[0].length}`, W2, 'y', 'hidden'));
    result = { W1, W2, lambda: analysis.lambda, balanced: analysis.balanced, summary: `Nh = ${analysis.hidden}; ${analysis.summary}` };
    return finish(true);
  }
  const dialog = matrixDialog({ title: 'Your weights', idPrefix: 'weights-dialog', fields, preview, onApply,
    intro: 'Paste or drop the initial weights as CSV, TSV, whitespace or JSON (a list of rows, or {"W1": …, "W2": …}). ' +
      'λ is read off them; the exact solution needs them λ-balanced: W2ᵀW2 − W1W1ᵀ = λI.',
    previewElements: [shapeText, balance, notes, tables] });

  return {
    element: dialog.shell.dialog,
    // current: {W1, W2} or nothing; newDims: the task's {input, output, hidden?} now.
    /** @param {WeightsPayload | null} [current] @param {WeightDims} [newDims] */
    open(current, newDims = dims) {
      dims = newDims;
      dialog.open(current);
    },
    close: dialog.close,
  };
}
