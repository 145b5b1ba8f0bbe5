// The frame of an experiment view: a title, a plain-language explanation with the key formula
// typeset, the view's own controls, and a progress bar with a Cancel button for long computations.
// runJob runs a view's engine work with that bar, the page's busy indicator and its status line.
import { Cancelled } from '../engine/pool.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import { createNumberField } from '../ui/fields.js';
import { el, bumpCounter } from '../ui/dom.js';
import { formula } from '../ui/formula.js';

function createProgress(id, title) {
  const bar = el('progress', { max: 1, value: 0, id: `${id}-progress`, 'aria-label': `${title}: progress` });
  const label = el('span', { class: 'progress-label', 'aria-live': 'polite' });
  const cancel = el('button', { type: 'button', class: 'cancel', id: `${id}-cancel`, text: 'Cancel' });
  const element = el('div', { class: 'progress', hidden: true }, bar, label, cancel);
  let what = '';
  return {
    element,
    cancel,
    start(total, text) {
      element.hidden = false;
      bar.max = total;
      bar.value = 0;
      what = text;
      label.textContent = `${what}: 0 of ${total}`;
    },
    update(done, total) {
      bar.value = done;
      label.textContent = `${what}: ${done} of ${total}`;
    },
    finish() {
      element.hidden = true;
    },
  };
}

// context: the page's {notices, setStatus, setBusy, onChange}.
export function createViewFrame(container, { id, title, intro, formulas = [], context }) {
  const controls = el('div', { class: 'view-controls', role: 'group', 'aria-label': `${title} settings` });
  const progress = createProgress(id, title);
  const body = el('div', { class: 'view-body' });
  container.append(
    el('section', { class: 'view-intro', 'aria-labelledby': `${id}-heading` },
      el('h2', { id: `${id}-heading`, text: title }),
      ...intro.map((text) => el('p', { text })),
      ...formulas.map((tex) => formula(tex))),
    controls, progress.element, body);
  let runs = 0;
  let shownKey = ''; // the settings of what is drawn
  let pendingKey = ''; // the settings being computed: asking again does not restart the runs

  return {
    controls,
    body,
    progress,
    onCancel(handler) {
      progress.cancel.addEventListener('click', handler);
    },

    // Adds the view's settings (fields, or elements) in order, then a hint on where the others are.
    addControls(items, hint) {
      controls.append(...items.map((item) => item.element ?? item), el('p', { class: 'field-hint', text: hint }));
    },

    // Number fields for settings of the URL schema, with its limits: {key: label} -> {key: field}.
    // An edit is a committed change of that setting.
    numberFields(labels) {
      return Object.fromEntries(Object.entries(labels).map(([key, label]) => {
        const p = PARAM_BY_KEY[key];
        return [key, createNumberField({ label, min: p.min, max: p.max, integer: p.kind === 'int',
          onValue: (value, options) => context.onChange({ [key]: value }, options) })];
      }));
    },

    // Whether the settings `key` are drawn already or being computed.
    isShown: (key) => key === shownKey,
    isCurrent: (key) => key === shownKey || key === pendingKey,

    // Runs `work(progress)` (which reports done-out-of-`total` through progress(done)) for the
    // settings `key`, with the progress bar and the busy indicator. A newer job supersedes this
    // one: then nothing of this one is shown. On success onDone(result, seconds) draws and returns
    // the status line, and the counter body[data-<counter>] goes up; a cancelled job says
    // `cancelled` on the status line, a failed one shows `${failure}: why` as an error notice.
    async runJob({ key, total, what = 'Training networks', work, onDone, counter, failure, cancelled = 'Cancelled.' }) {
      const run = ++runs;
      pendingKey = key;
      progress.start(total, what);
      context.setBusy(true);
      const started = performance.now();
      try {
        const result = await work((done) => progress.update(done, total));
        shownKey = key;
        pendingKey = '';
        context.setStatus(onDone(result, (performance.now() - started) / 1000));
        bumpCounter(counter);
      } catch (error) {
        if (run !== runs) return; // superseded by a newer request, which owns the progress bar
        pendingKey = '';
        if (error instanceof Cancelled) context.setStatus(cancelled);
        else context.notices.show(`${id}:error`, `${failure}: ${error.message}`, { level: 'error' });
      } finally {
        if (run === runs) {
          progress.finish();
          context.setBusy(false);
        }
      }
    },

    // runJob for one batch of engine configurations on the pool.
    runConfigs(pool, configs, { batch = 4, ...options }) {
      return this.runJob({ total: configs.length, work: (onProgress) => pool.run(configs, { onProgress, batch }), ...options });
    },
  };
}
