// Keeps the address bar in step with the state, with one history entry per gesture:
// - a gesture is a series of uncommitted writes (a slider drag, the λ sweep, playing) ended by a
//   commit (the release); its first write pushes an entry, the rest replace it;
// - a run of gestures on the same parameters, each starting within RUN_INTERVAL_MS of the end of
//   the previous one, stays in that entry: an arrow key on a focused slider is a gesture of its
//   own (an input, then a change), so holding or tapping it makes one entry, not one per step;
// - any other commit (a typed value, a select) pushes, and a change of view always pushes;
// - in an embed nothing pushes: the frame's history is the course page's, whose Back must leave
//   the course page, not step through what a student did inside the embed.
// Back then restores the state before the gesture. replaceState is throttled, since browsers
// refuse (Safari throws) more than about 100 calls in 10 s; pushState is never delayed.
import { serializeState } from './url.js';
/** @import { PageState } from './schema.js' */

export const RUN_INTERVAL_MS = 1000;
export const REPLACE_INTERVAL_MS = 250;
const RETRY_MS = 1000; // after a refused replaceState

// The parameters whose values differ between two URLs.
/** @param {string} a @param {string} b @returns {string[]} */
function changedParams(a, b) {
  const query = (/** @type {string} */ url) => new URLSearchParams(url.split('#')[0].split('?')[1] ?? '');
  const qa = query(a), qb = query(b);
  const keys = new Set([...qa.keys(), ...qb.keys()]);
  return [...keys].filter((key) => qa.getAll(key).join('&') !== qb.getAll(key).join('&')).sort();
}

/** @type {(a: string[], b: string[]) => boolean} */
const sameParams = (a, b) => a.length === b.length && a.every((key, i) => key === b[i]);
/** @type {(a: string[], b: string[]) => boolean} */
const overlap = (a, b) => a.some((key) => b.includes(key));

/**
 * The browser objects and the clock it uses (tests give their own).
 * @typedef {object} HistorySyncOptions
 * @property {(search: string) => void} onRestore called with the query string when Back or Forward restores an entry
 * @property {Pick<History, 'pushState' | 'replaceState'>} [history]
 * @property {Pick<Location, 'pathname' | 'search' | 'hash'>} [location]
 * @property {Pick<Window, 'addEventListener'>} [window]
 * @property {() => number} [now] milliseconds
 * @property {(run: () => void, ms: number) => unknown} [setTimer]
 * @property {(id: any) => void} [clearTimer]
 */
/**
 * @typedef {object} HistorySync
 * @property {(state: PageState, options?: { commit?: boolean, step?: boolean }) => void} write
 * @property {(state: PageState) => void} replace
 */

// The browser objects and the clock are parameters so that tests can run this without a page.
/** @param {HistorySyncOptions} options @returns {HistorySync} */
export function createHistorySync({
  onRestore,
  history = globalThis.history,
  location = globalThis.location,
  window = globalThis.window,
  now = () => performance.now(),
  setTimer = (run, ms) => globalThis.setTimeout(run, ms),
  clearTimer = (id) => globalThis.clearTimeout(id),
}) {
  const here = () => `${location.pathname}${location.search}${location.hash}`;
  const urlOf = (/** @type {PageState} */ state) => `${location.pathname}?${serializeState(state)}${location.hash}`;
  let entry = here(); // the current entry's URL, once a pending replace is written
  /** @type {string | null} */
  let pending = null; // a URL waiting for replaceState
  /** @type {unknown} */
  let timer = null;
  let lastReplaceAt = -Infinity;
  // The gesture or run the current entry records, or null: {params changed by its first step,
  // open (a gesture awaiting its commit), endedAt}.
  /** @type {{ params: string[], open: boolean, endedAt: number } | null} */
  let run = null;

  const cancel = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
  };
  const flush = () => {
    cancel();
    if (pending === null) return;
    try {
      history.replaceState(null, '', pending);
      pending = null;
      lastReplaceAt = now();
    } catch {
      timer = setTimer(flush, RETRY_MS); // rate-limited: try again shortly
    }
  };
  const replace = (/** @type {string} */ url) => {
    entry = pending = url;
    if (timer !== null) return;
    const wait = lastReplaceAt + REPLACE_INTERVAL_MS - now();
    if (wait <= 0) flush();
    else timer = setTimer(flush, wait);
  };
  const push = (/** @type {string} */ url) => {
    flush(); // the entry being left keeps its last state
    try {
      history.pushState(null, '', url);
      entry = url;
    } catch {
      replace(url); // refused (rate limit): at least keep the address bar right
    }
  };

  window.addEventListener('popstate', () => {
    cancel();
    pending = null;
    run = null;
    entry = here();
    onRestore(location.search);
  });
  // A replace still waiting when the page goes away is written first.
  window.addEventListener('pagehide', flush);

  return {
    // commit: false for the intermediate values of a gesture, true for its end and for single
    // edits. step: true marks a single commit that may join a run like a gesture (e.g. a
    // number field's spin button), when the caller knows it is one.
    write(state, { commit = true, step = false } = {}) {
      const url = urlOf(state);
      const time = now();
      if (url === entry) {
        if (commit && run?.open) Object.assign(run, { open: false, endedAt: time });
        return;
      }
      if (state.embed) {
        replace(url);
        run = null;
        return;
      }
      const params = changedParams(entry, url);
      // Play moves the time cursor every frame, under another gesture too (arrow keys on the λ
      // slider while it plays): its writes of t alone stay in that gesture's entry instead of
      // ending it, so that the gesture still makes one entry (it made one per step, Play's frames
      // pushing in between).
      if (run !== null && !params.includes('view') && sameParams(params, ['t']) && !sameParams(run.params, ['t'])
        && (run.open || (!commit && time - run.endedAt <= RUN_INTERVAL_MS))) {
        replace(url);
        if (commit) Object.assign(run, { open: false, endedAt: time });
        return;
      }
      const gestureLike = !commit || step;
      let join = false;
      if (run !== null && !params.includes('view')) {
        join = run.open
          ? overlap(params, run.params) // a drag may change a dependent parameter too (T, then t)
          : gestureLike && sameParams(params, run.params) && time - run.endedAt <= RUN_INTERVAL_MS;
      }
      if (join) {
        replace(url);
        Object.assign(run, { open: !commit, endedAt: time });
        return;
      }
      push(url);
      run = gestureLike && !params.includes('view') ? { params, open: !commit, endedAt: time } : null;
    },
    // Records the normalized URL of the view as it was opened, without a new entry.
    replace(state) {
      cancel();
      pending = urlOf(state);
      run = null;
      entry = pending;
      flush();
    },
  };
}
