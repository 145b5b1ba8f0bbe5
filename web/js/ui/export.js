// Downloads of what a view shows: CSV (one row per time or per point, one named column per series)
// and JSON (what the view plots, or for one run the engine's result as `ldyn` prints it, with the
// configurations that recompute it and the link).
// Each view says what it shows through exportData(); these turn it into files.
import { el, download, slug } from './dom.js';
import { describeBytes } from '../data/files.js';
import { formatNumber } from '../charts/ticks.js';
import { Tensor } from '../../wasm/ldyn.mjs';
/** @import { ExperimentResult, Trajectory } from '../../wasm/ldyn.mjs' */
/** @import { ViewData } from '../views/index.js' */
/** @typedef {[string, (t: number) => unknown]} Column a CSV column: its name and its value at row t */

// Flattens the series of one trajectory into named columns: loss, outputs[o][p], ... (a series
// that ended early, a diverged simulation's, gives no value after its end).
/** @param {string} prefix @param {Trajectory | null | undefined} trajectory @returns {Column[]} */
function columns(prefix, trajectory) {
  /** @type {Column[]} */
  const out = [];
  if (!trajectory) return out;
  for (const [name, series] of Object.entries(trajectory)) {
    if (series instanceof Float64Array) {
      if (series.length) out.push([`${prefix}.${name}`, (t) => series[t]]);
    } else if (series instanceof Tensor && series.length) {
      // [T, K]: a vector per time; [T, R, C]: a matrix per time.
      const count = series.length, stride = series.stride, [, rows, cols] = series.shape;
      /** @param {number} t @param {number} offset */
      const at = (t, offset) => (t < count ? series.data[t * stride + offset] : undefined);
      if (series.shape.length === 2) for (let k = 0; k < rows; k++) out.push([`${prefix}.${name}[${k + 1}]`, (t) => at(t, k)]);
      else {
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) out.push([`${prefix}.${name}[${r + 1}][${c + 1}]`, (t) => at(t, r * cols + c)]);
        }
      }
    }
  }
  return out;
}

/** @param {unknown} v */
const cell = (v) => (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v)) ? '' : String(v));
/** @param {string} name */
const quote = (name) => (/[",\n]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name);

// A CSV table from a header and rows of values (missing values left empty).
/** @param {string[]} header @param {unknown[][]} rows */
export function tableToCsv(header, rows) {
  return `${[header.map(quote).join(','), ...rows.map((row) => row.map(cell).join(','))].join('\n')}\n`;
}

// One result: a row per recorded time; a simulation that diverged leaves its later cells empty.
/** @param {ExperimentResult} result */
export function resultToCsv(result) {
  return runsToCsv([{ label: '', result }]);
}

// Several results on the same times: a column per (run, trajectory, series), e.g. "λ=-2 exact.loss".
/** @param {Array<{ label: string, result: ExperimentResult }>} runs */
export function runsToCsv(runs) {
  const times = runs[0]?.result.times ?? new Float64Array(0);
  /** @type {Array<[string, (t: number) => unknown]>} */
  const cols = [['t', (t) => times[t]]];
  for (const { label, result } of runs) {
    const prefix = label ? `${label} ` : '';
    cols.push(...columns(`${prefix}simulation`, result.simulation), ...columns(`${prefix}exact`, result.exact));
  }
  return tableToCsv(cols.map(([name]) => name), Array.from(times, (_, t) => cols.map(([, get]) => get(t))));
}

// Beyond this many numbers the files are not written just to show their sizes (about 20 bytes each).
const LARGE_FILE = 250_000;

// How many numbers a result holds (its typed arrays and Tensors), without copying any.
/** @param {unknown} value @returns {number} */
export function countNumbers(value) {
  if (ArrayBuffer.isView(value)) return /** @type {Float64Array} */ (value).length;
  if (value instanceof Tensor) return value.data.length;
  if (Array.isArray(value)) return value.reduce((sum, v) => sum + countNumbers(v), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((sum, v) => sum + countNumbers(v), 0);
  return typeof value === 'number' ? 1 : 0;
}

// The "Download data" buttons of the toolbar: they ask the view on screen for its data, and say
// the files' sizes beside them once the pointer or the focus reaches them ("CSV 120.0 KB · JSON
// 310.2 KB"), and in the announcement of the download.
// getData() -> {csv(), json()} | null (nothing computed yet).
// describe(): the settings in one line; tell(text): a visible notice; isBusy(): whether the view on
// screen is still computing (a click then downloads once it is done: its data are not there yet).
/**
 * @param {HTMLElement} toolbar
 * @param {{ getData: () => ViewData | null, exportName: () => string, describe: () => string, announce: (text: string) => void, tell: (text: string) => void,
 *   isBusy?: () => boolean }} page
 */
export function createExport(toolbar, { getData, exportName, describe, announce, tell, isBusy = () => false }) {
  const csv = el('button', { type: 'button', id: 'export-csv', text: 'CSV' });
  const json = el('button', { type: 'button', id: 'export-json', text: 'JSON' });
  // The files' sizes, after the buttons (which must not move under the pointer on their way).
  const sizes = el('span', { class: 'export-sizes', id: 'export-sizes' });
  const tools = el('span', { class: 'export-tools' }, el('span', { class: 'toolbar-label', text: 'Download data:' }), csv, ' ', json, sizes);
  toolbar.append(tools);
  // The file of the view on screen, or null.
  /** @param {'csv' | 'json'} kind */
  const fileOf = (kind) => {
    const data = getData();
    if (!data) return null;
    // The link and the settings first, as comment lines (read_csv(..., comment='#') skips them).
    return kind === 'csv'
      ? new Blob([`# From lazy to rich: ${location.href}\n# ${describe()}\n${data.csv()}`], { type: 'text/csv' })
      : new Blob([JSON.stringify({ settings: describe(), ...data.json() })], { type: 'application/json' });
  };
  // Sizes are read when they are about to be used (the view may have changed since), and go
  // when the pointer and the focus have left.
  const showSizes = () => {
    // Writing both files only to weigh them froze the page for seconds on a large network (a
    // 32–64–32 network's are 111 MB each): beyond LARGE_FILE numbers their size is said in numbers.
    const values = getData()?.values ?? 0;
    if (values > LARGE_FILE) {
      sizes.textContent = ` Large files: the result holds ${formatNumber(values / 1e6)} million numbers`;
      return;
    }
    const [csvFile, jsonFile] = [fileOf('csv'), fileOf('json')];
    sizes.textContent = csvFile && jsonFile ? ` CSV ${describeBytes(csvFile.size)} · JSON ${describeBytes(jsonFile.size)}` : '';
  };
  const plain = () => { sizes.textContent = ''; };
  /** @param {EventTarget | null} node */
  const inside = (node) => node instanceof Node && tools.contains(node);
  tools.addEventListener('pointerenter', showSizes);
  tools.addEventListener('focusin', (event) => { if (!inside(event.relatedTarget)) showSizes(); });
  tools.addEventListener('pointerleave', () => { if (!inside(document.activeElement)) plain(); });
  tools.addEventListener('focusout', (event) => { if (!inside(event.relatedTarget) && !tools.matches(':hover')) plain(); });
  // A click while the view computes: the file of the settings clicked for, once the work is done
  // (each view's status row says data-busy while it computes); none if the settings changed.
  /** @type {MutationObserver | null} */
  let waiting = null;
  /** @param {'csv' | 'json'} kind */
  const saveWhenDone = (kind) => {
    waiting?.disconnect();
    const name = exportName();
    const text = `Still computing this view: the ${kind.toUpperCase()} file downloads as soon as it is done.`;
    announce(text);
    tell(text);
    waiting = new MutationObserver(() => {
      if (isBusy()) return;
      waiting?.disconnect();
      waiting = null;
      if (exportName() !== name) {
        tell(`The settings changed while this view computed: click ${kind.toUpperCase()} again for the file of the new ones.`);
        return;
      }
      if (save(kind)) tell(`Done: the ${kind.toUpperCase()} file of this view was downloaded.`);
    });
    waiting.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-busy'] });
  };
  // Whether it downloaded a file now.
  /** @param {'csv' | 'json'} kind @returns {boolean} */
  const save = (kind) => {
    if (isBusy()) {
      saveWhenDone(kind);
      return false;
    }
    const blob = fileOf(kind);
    if (!blob) {
      const text = 'Nothing to download: this view has nothing computed for its current settings.';
      announce(text);
      tell(text);
      return false;
    }
    download(blob, `${slug(exportName())}.${kind}`);
    announce(`Downloaded ${slug(exportName())}.${kind} (${describeBytes(blob.size)}).`);
    return true;
  };
  csv.addEventListener('click', () => save('csv'));
  json.addEventListener('click', () => save('json'));
}
