// A view's engine work as a small state machine: what is drawn (shownKey), what is being computed
// (pendingKey), the running job, and whether the view is parked. A newer job of the view supersedes
// an older one (nothing of it is drawn); hiding the view parks its work in the page's scheduler and
// showing it resumes it. The frame (frame.js) owns the layout; this module only reports, through
// `ui`, what the status row, the stale note and the notices should say.
import { Superseded, Cancelled } from '../engine/scheduler.js';
import { bumpCounter } from '../ui/dom.js';
import { pageMessage } from '../engine/messages.js';
/** @import { ExperimentConfig } from '../../wasm/ldyn.mjs' */
/** @import { JobOutcome, ResultCallback, ProgressCallback, Scheduler } from '../engine/scheduler.js' */

/** @typedef {(fraction: number, done?: number, total?: number) => void} JobProgress moves the view's progress bar */
/**
 * Submits engine configurations as the view's job (see runJob).
 * @typedef {(configs: ExperimentConfig[], options?: { batch?: number, onResult?: ResultCallback, onProgress?: ProgressCallback }) => Promise<JobOutcome>} JobSubmit
 */
/**
 * A view's computation for one setting of its controls (see runJob).
 * @typedef {object} ViewJob
 * @property {string} key the settings it computes
 * @property {string} [what] the status while it runs (default "Computing")
 * @property {(progress: JobProgress, submit: JobSubmit) => Promise<any>} work
 * @property {(result: any, seconds: number) => string} onDone draws, and returns the status line
 * @property {string} [counter] body[data-<counter>] goes up once drawn (for tests)
 * @property {string} failure the notice's start when the engine refuses
 * @property {string} [cancelled] the status after Cancel
 * @property {string} [staleNote] what the charts show meanwhile, once the work takes long (default: the previous settings)
 */
/**
 * What the job machine tells the frame.
 * @typedef {object} JobUi
 * @property {{ start(what: string): void, update(fraction: number, done: number, total: number, what: string): void, finish(): void, setText(text: string): void }} status
 * @property {(text: string | null) => void} setStale the charts show older settings (null: current)
 * @property {(message: string) => void} showError
 * @property {() => void} clearError
 * @property {(hidden: boolean) => void} hideBody nothing was ever drawn: no empty axes
 */

// Work that takes longer than this shows its progress bar, Cancel button and stale note.
export const PROGRESS_AFTER_MS = 300;

// The user's data or weights are asked for but not at hand (a link whose data could not be read):
// said in the page's words instead of asking the engine.
class MissingInput extends Error {}
/** @param {ExperimentConfig[]} configs @returns {string} what is missing ('' : nothing) */
function missingInput(configs) {
  for (const config of configs) {
    const tasks = 'phases' in config ? config.phases.map((p) => p.task) : [config.task];
    if (tasks.some((task) => task?.kind === 'custom' && !task.X)) {
      return 'No data to train on: the data this view needs are not loaded (see the notice at the top of the page). Enter them with “Your data…” (settings, Task).';
    }
    if (config.init?.kind === 'explicit' && !config.init.W1) {
      return 'No initial weights: the weights this view needs are not loaded (see the notice at the top of the page). Enter them with “Your weights…” (settings, Initialization).';
    }
  }
  return '';
}

/**
 * @param {{ owner: string, scheduler: Scheduler, ui: JobUi }} options owner: the view's id
 */
export function createViewJobs({ owner, scheduler, ui }) {
  let runs = 0;
  let shownKey = ''; // the settings of what is drawn
  let pendingKey = ''; // the settings being computed: asking again does not restart the work
  /** @type {{ cancel: (message?: string) => void } | null} */
  let current = null; // the running job
  let shownStatus = ''; // the status line of what is drawn
  let visible = true;
  let parkedNote = '';

  const jobs = {
    cancel: () => current?.cancel(),
    /** @param {string} key */
    isShown: (key) => key === shownKey,
    // Whether the settings `key` need no new work: they are being computed, or they are drawn — and
    // then a job still running for other settings (the user went back) is dropped, not drawn later.
    /** @param {string} key */
    isCurrent(key) {
      if (key === pendingKey) return true;
      if (key !== shownKey) return false;
      if (current) jobs.abandon();
      return true;
    },
    // Drops the running job: nothing of it is drawn, and the status says what the charts show.
    abandon() {
      if (!current) return;
      runs++;
      current.cancel('superseded');
      current = null;
      pendingKey = '';
      ui.status.finish();
      ui.status.setText(shownStatus);
      ui.setStale(null);
    },
    get busy() {
      return current !== null;
    },

    // Runs `work(progress, submit)` for the settings `key`: `submit(configs, {batch, onResult})`
    // submits engine configurations as this view's job, `progress(fraction, done, total)` moves the
    // bar. A newer runJob of the view supersedes this one (nothing of it is shown). On success
    // onDone(result, seconds) draws and returns the status line, and body[data-<counter>] goes up.
    /** @param {ViewJob} job @returns {Promise<boolean>} true when drawn */
    async runJob({ key, what = 'Computing', work, onDone, counter, failure, cancelled = 'Cancelled: the charts show the last computed settings.',
      staleNote = 'Computing the new settings: the charts show the previous ones until then.' }) {
      const mine = ++runs;
      pendingKey = key;
      current = { cancel: () => {} };
      ui.status.start(what);
      // Long work: say that the charts still show the previous settings meanwhile.
      const staleTimer = setTimeout(() => {
        if (mine === runs && shownKey) ui.setStale(staleNote);
      }, PROGRESS_AFTER_MS);
      const started = performance.now();
      /** @type {JobProgress} */
      const progress = (fraction, done = 0, total = 1) => ui.status.update(fraction, done, total, what);
      // Submits configurations as this view's job, unless a newer runJob has taken over.
      /** @type {JobSubmit} */
      const submit = (configs, { batch = 1, onResult, onProgress } = {}) => {
        if (mine !== runs) return Promise.reject(new Superseded());
        const missing = missingInput(configs);
        if (missing) return Promise.reject(new MissingInput(missing));
        const job = scheduler.submit({ owner, configs, batch, onResult, onProgress });
        current.cancel = (message) => job.cancel(message);
        return job.promise;
      };
      try {
        const result = await work(progress, submit);
        if (mine !== runs) return false;
        shownKey = key;
        pendingKey = '';
        ui.clearError();
        ui.hideBody(false);
        shownStatus = onDone(result, (performance.now() - started) / 1000);
        ui.status.setText(shownStatus);
        ui.setStale(null);
        if (counter) bumpCounter(counter);
        return true;
      } catch (error) {
        if (mine !== runs || error instanceof Superseded) return false;
        pendingKey = '';
        if (error instanceof Cancelled) {
          ui.status.setText(cancelled);
          if (shownKey) ui.setStale('These charts show the settings computed before; the current ones were not computed (cancelled). Change a setting to compute again.');
        } else {
          ui.showError(error instanceof MissingInput ? error.message : `${failure}: ${pageMessage(error)}`);
          ui.status.setText('Not computed (see the notice above).');
          if (shownKey) ui.setStale('These charts show the settings computed before; the current ones could not be computed.');
          // Nothing was ever drawn: no empty axes that look like a result.
          else ui.hideBody(true);
        }
        return false;
      } finally {
        clearTimeout(staleTimer);
        if (mine === runs) {
          current = null;
          ui.status.finish();
        }
      }
    },

    // runJob for one list of engine configurations: onDone gets their results, in order.
    /** @param {ExperimentConfig[]} configs @param {Omit<ViewJob, 'work'> & { batch?: number, onResult?: ResultCallback }} options */
    runConfigs(configs, { batch = 1, onResult, ...options }) {
      return jobs.runJob({ ...options, work: async (progress, submit) => (await submit(configs, { batch, onResult, onProgress: progress })).results });
    },

    // Leaving the view parks its work; coming back resumes it and says so.
    hide() {
      if (!visible) return;
      visible = false;
      if (scheduler.pending(owner)) {
        scheduler.park(owner);
        parkedNote = 'Paused while you were in another view; resumed.';
      }
    },
    show() {
      if (visible) return;
      visible = true;
      if (parkedNote && scheduler.pending(owner)) {
        scheduler.resume(owner);
        ui.status.setText(parkedNote);
      }
      parkedNote = '';
    },
  };
  return jobs;
}
