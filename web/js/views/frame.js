// The frame of an experiment view: a title, a plain-language explanation with the key formula
// typeset, the view's own controls, and a progress bar with a Cancel button for long computations.
import { el } from '../ui/dom.js';
import { formula } from '../ui/formula.js';

export function createViewFrame(container, { id, title, intro, formulas = [] }) {
  const controls = el('div', { class: 'view-controls', role: 'group', 'aria-label': `${title} settings` });
  const bar = el('progress', { max: 1, value: 0, id: `${id}-progress`, 'aria-label': `${title}: progress` });
  const label = el('span', { class: 'progress-label', 'aria-live': 'polite' });
  const cancel = el('button', { type: 'button', class: 'cancel', id: `${id}-cancel`, text: 'Cancel' });
  const progress = el('div', { class: 'progress', hidden: true }, bar, label, cancel);
  const body = el('div', { class: 'view-body' });
  container.append(
    el('section', { class: 'view-intro', 'aria-labelledby': `${id}-heading` },
      el('h2', { id: `${id}-heading`, text: title }),
      ...intro.map((text) => el('p', { text })),
      ...formulas.map((tex) => formula(tex))),
    controls, progress, body);

  return {
    controls,
    body,
    onCancel(handler) {
      cancel.addEventListener('click', handler);
    },
    progress: {
      start(total, what) {
        progress.hidden = false;
        bar.max = total;
        bar.value = 0;
        label.textContent = `${what}: 0 of ${total}`;
        this.what = what;
      },
      update(done, total) {
        bar.value = done;
        label.textContent = `${this.what}: ${done} of ${total}`;
      },
      finish() {
        progress.hidden = true;
      },
    },
  };
}

// n evenly spaced values from lo to hi, rounded for display.
export function linspace(lo, hi, n) {
  if (n === 1) return [lo];
  return Array.from({ length: n }, (_, i) => Number((lo + ((hi - lo) * i) / (n - 1)).toPrecision(6)));
}
