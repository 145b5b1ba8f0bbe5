// The frame every view lives in: a title, a plain-language explanation with the key formula
// typeset, the view's own tools and settings, a status row (what was computed, a progress bar and a
// Cancel button for anything that takes long), the view's own notices, and its charts. The view's
// engine work runs through its job machine (view-jobs.js), which this frame shows.
import { PARAM_BY_KEY } from '../state/schema.js';
import { createNumberField } from '../ui/fields.js';
import { createNotices } from '../ui/notices.js';
import { trackStickySettingsHeight } from '../ui/sticky-offset.js';
import { el, setAttribute, setText } from '../ui/dom.js';
import { formula } from '../ui/formula.js';
import { createViewJobs, PROGRESS_AFTER_MS } from './view-jobs.js';
import { viewEntry } from '../catalog.js';
import { createCard } from '../ui/card.js';
import { createTrajectoryChart } from '../charts/trajectory-chart.js';
/** @import { ViewJob } from './view-jobs.js' */
/** @import { ViewContext } from './index.js' */
/** @import { PageState, ViewId } from '../state/schema.js' */
/** @typedef {Omit<Parameters<typeof createCard>[1], 'exportName' | 'describe'>} CardOptions a card's id, title, caption (and record) */
/** @typedef {NonNullable<Parameters<typeof createTrajectoryChart>[1]>} TrajectoryChartOptions */
/** @typedef {ReturnType<typeof createNumberField>} NumberField */

// What a notice may say to an embed, whose settings panel is out of reach.
const OPEN_FULL = '(Open the full explorable ↗ to change the settings.)';

// The status row: a busy mark, the status text, and (for long work) a progress bar with Cancel.
// Everything keeps its place when it appears: visibility, not display, so nothing shifts.
/** @param {string} id @param {string} title */
function createStatusRow(id, title) {
  const busy = el('span', { class: 'view-busy', 'aria-hidden': 'true' });
  const text = el('span', { class: 'view-status-text', id: `${id}-status`, role: 'status' });
  const bar = el('progress', { max: 1, value: 0, id: `${id}-progress`, 'aria-label': `${title}: progress` });
  const label = el('span', { class: 'progress-label' });
  const cancel = el('button', { type: 'button', class: 'cancel', id: `${id}-cancel`, text: 'Cancel' });
  const progress = el('span', { class: 'progress', 'data-shown': 'false' }, bar, label, cancel);
  const element = el('div', { class: 'view-status', 'data-busy': 'false' }, busy, text, progress);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return {
    element,
    cancel,
    /** @param {string} value */
    setText(value) {
      setText(text, value);
    },
    /** @param {string} what */
    start(what) {
      setAttribute(element, 'data-busy', 'true');
      if (bar.value !== 0) bar.value = 0;
      setText(label, what);
      clearTimeout(timer);
      timer = setTimeout(() => {
        progress.dataset.shown = 'true';
      }, PROGRESS_AFTER_MS);
    },
    /** @param {number} fraction @param {number} done @param {number} total @param {string} what */
    update(fraction, done, total, what) {
      bar.value = fraction;
      setText(label, total > 1 ? `${what}: ${done} of ${total}` : `${what}: ${Math.round(100 * fraction)} %`);
    },
    finish() {
      clearTimeout(timer);
      setAttribute(element, 'data-busy', 'false');
      setAttribute(progress, 'data-shown', 'false');
    },
  };
}

// The heading is the view's one name (catalog.js); intro: paragraphs, formulas: TeX.
/**
 * @param {HTMLElement} container
 * @param {{ id: ViewId, intro?: string[], formulas?: string[], context: ViewContext }} options
 */
export function createViewFrame(container, { id, intro = [], formulas = [], context }) {
  trackStickySettingsHeight(); // its toolbar sticks under the settings' block
  const title = viewEntry(id).label;
  const heading = el('h2', { id: `${id}-heading`, text: title });
  // The first paragraph and the formulas stay in sight; further paragraphs fold under "About this
  // view", so that the first screen shows a chart (issue 18, item 7).
  const [lead, ...more] = intro.map((text) => el('p', { text }));
  const introBox = el('div', { class: 'view-intro-text' }, ...(lead ? [lead] : []), ...formulas.map((tex) => formula(tex)),
    ...(more.length ? [el('details', { class: 'view-about' }, el('summary', { text: 'About this view' }), ...more)] : []));
  const toolbar = el('div', { class: 'view-toolbar', role: 'group', 'aria-label': `${title}: tools` });
  const controls = el('div', { class: 'view-controls', role: 'group', 'aria-label': `${title} settings`, hidden: true });
  const statusRow = createStatusRow(id, title);
  const noticeList = el('ul', { class: 'notices view-notices', 'aria-live': 'polite', 'aria-label': `${title}: notices` });
  const stale = el('p', { class: 'stale-note', role: 'note', hidden: true });
  const body = el('div', { class: 'view-body' });
  container.append(el('section', { class: 'view-intro', 'aria-labelledby': `${id}-heading` }, heading, introBox),
    toolbar, controls, statusRow.element, noticeList, stale, body);
  const list = createNotices(noticeList);
  // A notice that asks the user to change a setting ({asksToChange: true}) says, in an embed, where
  // the settings are.
  const notices = {
    ...list,
    /** @param {string} key @param {string} message @param {{ level?: 'info' | 'warning' | 'error', asksToChange?: boolean }} [options] */
    show(key, message, { asksToChange = false, ...options } = {}) {
      list.show(key, asksToChange && context.isEmbed?.() ? `${message} ${OPEN_FULL}` : message, options);
    },
  };
  /** @param {string | null} text */
  const setStale = (text) => {
    setText(stale, text ?? '');
    if (stale.hidden !== !text) stale.hidden = !text;
    body.classList.toggle('is-stale', Boolean(text));
  };
  const jobs = createViewJobs({ owner: id, scheduler: context.scheduler, ui: {
    status: statusRow,
    setStale,
    // An engine refusal is always about the settings.
    showError: (message) => notices.show('job:error', message, { level: 'error', asksToChange: true }),
    clearError: () => notices.clear('job:error'),
    hideBody: (hidden) => {
      body.hidden = hidden;
    },
  } });
  statusRow.cancel.addEventListener('click', () => jobs.cancel());
  /** @param {CardOptions} options */
  const addCard = (options) => createCard(body, { exportName: context.exportName, describe: context.describe, ...options });

  return {
    id,
    toolbar,
    controls,
    body,
    notices,
    /** @param {string} text */
    status: (text) => statusRow.setText(text),
    // The charts show an older computation than the settings (null: they are current).
    setStale,

    // Adds the view's settings (fields, or elements) in order, then a hint on where the others are.
    /** @param {Array<HTMLElement | { element: HTMLElement }>} items @param {string} hint */
    addControls(items, hint) {
      controls.hidden = false;
      controls.append(...items.map((item) => ('element' in item ? item.element : item)), el('p', { class: 'field-hint view-hint', text: hint }));
    },

    // A card in the view's body, its PNGs named and captioned with the view's settings (ui/card.js).
    addCard,
    // Such a card holding one line chart (charts/trajectory-chart.js): {card, chart}.
    /** @param {CardOptions} options @param {{ name: string, label: string } & TrajectoryChartOptions} chart */
    addChartCard(options, { name, label, ...chartOptions }) {
      const card = addCard(options);
      return { card, chart: createTrajectoryChart(card.addChart(name, label), chartOptions) };
    },

    // Number fields for settings of the URL schema, with its limits: {key: label} -> {key: field}.
    /** @template {keyof PageState} K @param {Record<K, string>} labels @returns {Record<K, NumberField>} */
    numberFields(labels) {
      return /** @type {Record<K, NumberField>} */ (Object.fromEntries(Object.entries(labels).map(([key, label]) => {
        const p = PARAM_BY_KEY[key];
        return [key, createNumberField({ label, min: p.min, max: p.max, integer: p.kind === 'int',
          onValue: (value, options) => context.onChange({ [key]: value }, options) })];
      })));
    },

    // The view's engine work (view-jobs.js).
    isShown: jobs.isShown,
    isCurrent: jobs.isCurrent,
    abandon: jobs.abandon,
    get busy() {
      return jobs.busy;
    },
    /** @param {ViewJob} job */
    runJob: (job) => jobs.runJob(job),
    runConfigs: jobs.runConfigs,
    hide: jobs.hide,
    show: jobs.show,
  };
}

/** @typedef {ReturnType<typeof createViewFrame>} ViewFrame */
