// parseMatrix for the dialogs: small texts at once, large ones in a module worker (parse-worker.js)
// so that typing and drawing go on while megabytes are read. Over-limit text is refused at once,
// before anything splits it (parse.js checks its length first).
import { parseMatrix, MAX_TEXT_LENGTH } from './parse.js';
/** @import { ParseResult } from './parse.js' */

// Above this many characters (about 4000 values) a text is read in the worker.
export const LARGE_TEXT = 64 * 1024;

// True when parseMatrix(text) would be slow enough to read off the page's thread.
/** @param {string} text */
export const readsOffThread = (text) => text.length > LARGE_TEXT && text.length <= MAX_TEXT_LENGTH;

// Starts reading `text`; onProgress(fraction) while it is read. Returns {promise, cancel}: the
// promise resolves to parseMatrix's result (null once cancelled), cancel() stops the worker (a
// newer text replaces it).
/** @param {string} text @param {{ key?: string | null, onProgress?: (fraction: number) => void }} [options] */
export function parseInBackground(text, { key = null, onProgress = () => {} } = {}) {
  if (!readsOffThread(text)) return { promise: Promise.resolve(parseMatrix(text, { key })), cancel() {} };
  const worker = new Worker(new URL('./parse-worker.js', import.meta.url), { type: 'module' });
  /** @type {(value: ParseResult | null) => void} */
  let settle = () => {};
  /** @type {Promise<ParseResult | null>} */
  const promise = new Promise((resolve, reject) => {
    settle = resolve;
    worker.addEventListener('message', (event) => {
      if ('progress' in event.data) return onProgress(event.data.progress);
      worker.terminate();
      resolve(event.data.result);
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      event.preventDefault();
      reject(new Error(`the text could not be read (${event.message || 'the reading worker failed'})`));
    });
  });
  worker.postMessage({ text, key });
  return { promise, cancel() { worker.terminate(); settle(null); } };
}
