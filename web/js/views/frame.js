// The frame every view lives in: a title, a plain-language explanation with the key formula
// typeset, the view's own tools and settings, a status row (what was computed, a progress bar and a
// Cancel button for anything that takes long), the view's own notices, and its charts.
// runJob runs the view's engine work through the page's scheduler, as the view's own job: a newer
// job of the view replaces an older one, hiding the view parks its work and showing it resumes it.
import { Superseded, Cancelled } from '../engine/scheduler.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import { createNumberField } from '../ui/fields.js';
import { createNotices } from '../ui/notices.js';
import { el, bumpCounter } from '../ui/dom.js';
import { formula } from '../ui/formula.js';
import { pageMessage } from '../ui/messages.js';
/** @import { ExperimentConfig } from '../../wasm/ldyn.mjs' */
/** @import { JobOutcome, ResultCallback, ProgressCallback } from '../engine/scheduler.js' */

/** @typedef {(fraction: number, done?: number, total?: number) => void} JobProgress moves the view's progress bar */
/**
 * Submits engine configurations as the view's job (see runJob).
 * @typedef {(configs: ExperimentConfig[], options?: { batch?: number, onResult?: ResultCallback, onProgress?: ProgressCallback }) => Promise<JobOutcome>} JobSubmit
 */
/**
 * A view's computation for one setting of its controls (see runJob).
 * @typedef {object} Job
 * @property {string} key the settings it computes
 * @property {string} [what] the status while it runs (default "Computing")
 * @property {(progress: JobProgress, submit: JobSubmit) => Promise<any>} work
 * @property {(result: any, seconds: number) => string} onDone draws, and returns the status line
 * @property {string} [counter] body[data-<counter>] goes up once drawn (for tests)
 * @property {string} failure the notice's start when the engine refuses
 * @property {string} [cancelled] the status after Cancel
 */

// Work that takes longer than this shows its progress bar and Cancel button.
const PROGRESS_AFTER_MS = 300;

// The user's data or weights are asked for but not at hand (a link whose data could not be read):
// said in the page's words instead of asking the engine.
class MissingInput extends Error {}
function missingInput(configs) {
  for (const config of configs) {
    const tasks = config.phases ? config.phases.map((p) => p.task) : [config.task];
    if (tasks.some((task) => task?.kind === 'custom' && !task.X)) {
      return 'No data to train on: the data this view needs are not loaded (see the notice at the top of the page). Enter them with “Your data…” (settings, Task).';
    }
    if (config.init?.kind === 'explicit' && !config.init.W1) {
      return 'No initial weights: the weights this view needs are not loaded (see the notice at the top of the page). Enter them with “Your weights…” (settings, Initialization).';
    }
  }
  return '';
}

// The status row: a busy mark, the status text, and (for long work) a progress bar with Cancel.
// Everything keeps its place when it appears: visibility, not display, so nothing shifts.
function createStatusRow(id, title) {
  const busy = el('span', { class: 'view-busy', 'aria-hidden': 'true' });
  const text = el('span', { class: 'view-status-text', id: `${id}-status`, role: 'status' });
  const bar = el('progress', { max: 1, value: 0, id: `${id}-progress`, 'aria-label': `${title}: progress` });
  const label = el('span', { class: 'progress-label' });
  const cancel = el('button', { type: 'button', class: 'cancel', id: `${id}-cancel`, text: 'Cancel' });
  const progress = el('span', { class: 'progress', 'data-shown': 'false' }, bar, label, cancel);
  const element = el('div', { class: 'view-status', 'data-busy': 'false' }, busy, text, progress);
  let timer = null;
  return {
    element,
    cancel,
    setText(value) {
      text.textContent = value;
    },
    start(what) {
      element.dataset.busy = 'true';
      bar.value = 0;
      label.textContent = what;
      clearTimeout(timer);
      timer = setTimeout(() => {
        progress.dataset.shown = 'true';
      }, PROGRESS_AFTER_MS);
    },
    update(fraction, done, total, what) {
      bar.value = fraction;
      label.textContent = total > 1 ? `${what}: ${done} of ${total}` : `${what}: ${Math.round(100 * fraction)} %`;
    },
    finish() {
      clearTimeout(timer);
      element.dataset.busy = 'false';
      progress.dataset.shown = 'false';
    },
  };
}

// context: the page's {scheduler, onChange, exportName, isEmbed}.
export function createViewFrame(container, { id, title, intro = [], formulas = [], context }) {
  const heading = el('h2', { id: `${id}-heading`, text: title });
  const introBox = el('div', { class: 'view-intro-text' }, ...intro.map((text) => el('p', { text })), ...formulas.map((tex) => formula(tex)));
  const toolbar = el('div', { class: 'view-toolbar', role: 'group', 'aria-label': `${title}: tools` });
  const controls = el('div', { class: 'view-controls', role: 'group', 'aria-label': `${title} settings`, hidden: true });
  const statusRow = createStatusRow(id, title);
  const noticeList = el('ul', { class: 'notices view-notices', 'aria-live': 'polite', 'aria-label': `${title}: notices` });
  const stale = el('p', { class: 'stale-note', role: 'note', hidden: true });
  const body = el('div', { class: 'view-body' });
  container.append(el('section', { class: 'view-intro', 'aria-labelledby': `${id}-heading` }, heading, introBox),
    toolbar, controls, statusRow.element, noticeList, stale, body);
  const list = createNotices(noticeList);
  // In an embed the settings panel is out of reach: a notice that asks to change a setting says where.
  const notices = {
    ...list,
    show(key, message, options) {
      const advice = context.isEmbed?.() && /\b(raise|lower|shorten|change|use a smaller)\b/i.test(message);
      list.show(key, advice ? `${message} (Open the full explorable ↗ to change the settings.)` : message, options);
    },
  };

  let runs = 0;
  let shownKey = ''; // the settings of what is drawn
  let pendingKey = ''; // the settings being computed: asking again does not restart the work
  let current = null; // the running job: {cancel}
  let shownStatus = ''; // the status line of what is drawn
  let visible = true;
  let parkedNote = '';

  statusRow.cancel.addEventListener('click', () => current?.cancel());

  return {
    id,
    toolbar,
    controls,
    body,
    notices,
    status: (text) => statusRow.setText(text),

    // The charts show an older computation than the settings (null: they are current).
    setStale(text) {
      stale.textContent = text ?? '';
      stale.hidden = !text;
      body.classList.toggle('is-stale', Boolean(text));
    },

    // Adds the view's settings (fields, or elements) in order, then a hint on where the others are.
    addControls(items, hint) {
      controls.hidden = false;
      controls.append(...items.map((item) => item.element ?? item), el('p', { class: 'field-hint view-hint', text: hint }));
    },

    // Number fields for settings of the URL schema, with its limits: {key: label} -> {key: field}.
    numberFields(labels) {
      return Object.fromEntries(Object.entries(labels).map(([key, label]) => {
        const p = PARAM_BY_KEY[key];
        return [key, createNumberField({ label, min: p.min, max: p.max, integer: p.kind === 'int',
          onValue: (value, options) => context.onChange({ [key]: value }, options) })];
      }));
    },

    isShown: (key) => key === shownKey,
    // Whether the settings `key` need no new work: they are being computed, or they are drawn — and
    // then a job still running for other settings (the user went back) is dropped, not drawn later.
    isCurrent(key) {
      if (key === pendingKey) return true;
      if (key !== shownKey) return false;
      if (current) this.abandon();
      return true;
    },
    // Drops the running job: nothing of it is drawn, and the status says what the charts show.
    abandon() {
      if (!current) return;
      runs++;
      current.cancel('superseded');
      current = null;
      pendingKey = '';
      statusRow.finish();
      statusRow.setText(shownStatus);
      this.setStale(null);
    },
    get busy() {
      return current !== null;
    },

    // Runs `work(progress, run)` for the settings `key`: `run(configs, {batch, onResult})` submits
    // engine configurations as this view's job, `progress(fraction, done, total)` moves the bar. A
    // newer runJob of the view supersedes this one (nothing of it is shown). On success
    // onDone(result, seconds) draws and returns the status line, and body[data-<counter>] goes up.
    /** @param {Job} job @returns {Promise<boolean>} true when drawn */
    async runJob({ key, what = 'Computing', work, onDone, counter, failure, cancelled = 'Cancelled: the charts show the last computed settings.' }) {
      const mine = ++runs;
      pendingKey = key;
      current = { cancel: () => {} };
      statusRow.start(what);
      // Long work: say that the charts still show the previous settings meanwhile.
      const staleTimer = setTimeout(() => {
        if (mine === runs && shownKey) this.setStale('Computing the new settings: the charts show the previous ones until then.');
      }, PROGRESS_AFTER_MS);
      const started = performance.now();
      /** @type {JobProgress} */
      const progress = (fraction, done = 0, total = 1) => statusRow.update(fraction, done, total, what);
      // Submits configurations as this view's job, unless a newer runJob has taken over.
      /** @type {JobSubmit} */
      const submit = (configs, { batch = 1, onResult, onProgress } = {}) => {
        if (mine !== runs) return Promise.reject(new Superseded());
        const missing = missingInput(configs);
        if (missing) return Promise.reject(new MissingInput(missing));
        const job = context.scheduler.submit({ owner: id, configs, batch, onResult, onProgress });
        current.cancel = (message) => job.cancel(message);
        return job.promise;
      };
      try {
        const result = await work(progress, submit);
        if (mine !== runs) return false;
        shownKey = key;
        pendingKey = '';
        notices.clear('job:error');
        body.hidden = false;
        shownStatus = onDone(result, (performance.now() - started) / 1000);
        statusRow.setText(shownStatus);
        this.setStale(null);
        if (counter) bumpCounter(counter);
        return true;
      } catch (error) {
        if (mine !== runs || error instanceof Superseded) return false;
        pendingKey = '';
        if (error instanceof Cancelled) {
          statusRow.setText(cancelled);
          if (shownKey) this.setStale('These charts show the settings computed before; the current ones were not computed (cancelled). Change a setting to compute again.');
        } else {
          notices.show('job:error', error instanceof MissingInput ? error.message : `${failure}: ${pageMessage(error)}`, { level: 'error' });
          statusRow.setText('Not computed (see the notice above).');
          if (shownKey) this.setStale('These charts show the settings computed before; the current ones could not be computed.');
          // Nothing was ever drawn: no empty axes that look like a result.
          else body.hidden = true;
        }
        return false;
      } finally {
        clearTimeout(staleTimer);
        if (mine === runs) {
          current = null;
          statusRow.finish();
        }
      }
    },

    // runJob for one list of engine configurations: onDone gets their results, in order.
    /** @param {ExperimentConfig[]} configs @param {Omit<Job, 'work'> & { batch?: number, onResult?: ResultCallback }} options */
    runConfigs(configs, { batch = 1, onResult, ...options }) {
      return this.runJob({ ...options, work: async (progress, submit) => (await submit(configs, { batch, onResult, onProgress: progress })).results });
    },

    // Leaving the view parks its work; coming back resumes it and says so.
    hide() {
      if (!visible) return;
      visible = false;
      if (context.scheduler.pending(id)) {
        context.scheduler.park(id);
        parkedNote = 'Paused while you were in another view; resumed.';
      }
    },
    show() {
      if (visible) return;
      visible = true;
      if (parkedNote && context.scheduler.pending(id)) {
        context.scheduler.resume(id);
        statusRow.setText(parkedNote);
      }
      parkedNote = '';
    },
  };
}
