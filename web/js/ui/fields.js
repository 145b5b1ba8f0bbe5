// Labelled form fields. A value the field cannot accept stays in the field, marked invalid with
// the reason next to it, and is not applied: nothing the user typed is silently lost.
import { el, setAttribute, setDisabled, setText } from './dom.js';
import { keepTypedText } from './typed-text.js';

let nextId = 1;

// What a field tells: the value, and whether it is a commit (a history entry) or a slider still
// being dragged.
/** @typedef {{ commit: boolean, dragging?: boolean }} EditOptions */

// `id`: the input's id (stable ids for the settings that tests and links to them address).
/**
 * @param {{ id?: string, label: string, min?: number, max?: number, step?: number | 'any', integer?: boolean, hint?: string,
 *   onValue: (value: number, options: EditOptions) => void }} options
 */
export function createNumberField({ id = `field-${nextId++}`, label, min = -Infinity, max = Infinity, step = 'any', integer = false, hint = '', onValue }) {
  const input = el('input', { id, type: 'number', inputmode: integer ? 'numeric' : 'decimal', step: integer ? 1 : step,
    min: Number.isFinite(min) ? min : undefined, max: Number.isFinite(max) ? max : undefined, 'aria-describedby': `${id}-message` });
  const message = el('span', { id: `${id}-message`, class: 'field-message', 'aria-live': 'polite' });
  const hintNode = el('span', { class: 'field-hint', text: hint });
  const wrapper = el('div', { class: 'field' }, el('label', { for: id, text: label }), input, hintNode, message);
  // The bounds in force, and why each is there when another setting set it ('': the field's own).
  let limits = { min, max, minWhy: '', maxWhy: '' };
  const allowed = () => (Number.isFinite(limits.max) ? `allowed: ${limits.min} to ${limits.max}` : `allowed: ${limits.min} or more`);

  const check = () => {
    const text = input.value.trim();
    if (text === '') return { error: 'enter a number' };
    const value = Number(text);
    if (!Number.isFinite(value)) return { error: 'not a number' };
    if (integer && !Number.isInteger(value)) return { error: 'must be a whole number' };
    // The bound that is broken, with its own reason, and the whole range.
    if (value < limits.min) return { error: `${limits.minWhy || `must be at least ${limits.min}`} (${allowed()})` };
    if (value > limits.max) return { error: `${limits.maxWhy || `must be at most ${limits.max}`} (${allowed()})` };
    return { value };
  };
  /** @param {string} text */
  const setError = (text) => {
    setText(message, text);
    setAttribute(input, 'aria-invalid', text ? 'true' : 'false');
    wrapper.classList.toggle('invalid', Boolean(text));
  };
  // What the user typed and has not applied stays while the page shows the same value again
  // (typed-text.js); a number equal to the value is not rewritten while it is being edited.
  const text = keepTypedText(input, () => setError(''), {
    shows: (inputText, shownText) => document.activeElement === input && Number(inputText) === Number(shownText),
  });
  let refused = false; // the typed text was refused when the user entered it
  input.addEventListener('change', () => {
    const { value, error } = check();
    setError(error ?? '');
    refused = error !== undefined;
    if (refused) return;
    text.applied();
    onValue(value, { commit: true });
  });
  // A number refused for another setting's bound (Nh below min(Ni, No), a λ not admissible for the
  // shape) is applied once the user has changed that setting so that it is allowed, as entered: its
  // reason would be untrue then, and Enter again does nothing (the text has not changed).
  const applyIfAllowedNow = () => {
    if (!refused || !text.held() || input.disabled) return;
    const { value, error } = check();
    if (error !== undefined) return setError(error); // the reason for the bounds now in force
    refused = false;
    text.applied();
    setError('');
    onValue(value, { commit: true });
  };

  return {
    element: wrapper,
    input,
    /** @param {number} value */
    setValue(value) {
      text.show(String(value));
    },
    // Range restrictions from other settings, with the reason shown when a value breaks one of them
    // (a value beyond the field's own bound gets that bound instead).
    /** @param {number} newMin @param {number} newMax @param {string} [why] */
    setLimits(newMin, newMax, why = '') {
      limits = { min: Math.max(min, newMin), max: Math.min(max, newMax), minWhy: newMin > min ? why : '', maxWhy: newMax < max ? why : '' };
      setAttribute(input, 'min', Number.isFinite(limits.min) ? String(limits.min) : '');
      setAttribute(input, 'max', Number.isFinite(limits.max) ? String(limits.max) : '');
      // (After the page's sync that set them: applying is an edit of its own.)
      if (refused && text.held()) queueMicrotask(applyIfAllowedNow);
    },
    /** @param {string} text */
    setHint(text) {
      setText(hintNode, text);
    },
    /** @param {boolean} disabled */
    setDisabled(disabled) {
      setDisabled(input, disabled);
    },
  };
}

/**
 * options: [value, text] of each choice; onValue gets one of the values.
 * @template {string} V
 * @param {{ id?: string, label: string, options: Array<[V, string]>, onValue: (value: V, options: EditOptions) => void }} options
 */
export function createSelectField({ id = `field-${nextId++}`, label, options, onValue }) {
  const select = el('select', { id }, options.map(([value, text]) => el('option', { value, text })));
  select.addEventListener('change', () => onValue(/** @type {V} */ (select.value), { commit: true }));
  return {
    element: el('div', { class: 'field' }, el('label', { for: id, text: label }), select),
    input: select,
    /** @param {V} value */
    setValue(value) {
      select.value = value;
    },
  };
}

// A slider with a numeric read-out; `toSlider`/`fromSlider` map values to slider positions
// (e.g. log10 for σ). Input events are not commits; the release (change) is. Inputs while the
// pointer holds the slider are a drag (a view may draw a preview of them); the keyboard's steps are
// not (each is an input and its change at once). A screen reader hears the value, not the slider's
// position (a log slider's -1.35 is σ = 0.0447): aria-valuetext names it, by the label's first word.
/**
 * @param {{ id?: string, label: string, min: number, max: number, step: number, toSlider?: (value: number) => number,
 *   fromSlider?: (position: number) => number, onValue: (value: number, options: EditOptions) => void }} options
 */
export function createSlider({ id = `field-${nextId++}`, label, min, max, step, toSlider = (v) => v, fromSlider = (s) => s, onValue }) {
  const input = el('input', { id, type: 'range', min, max, step });
  const readout = el('output', { for: id, class: 'slider-value' });
  const name = label.split(' — ')[0];
  /** @param {number} value */
  const announce = (value) => setAttribute(input, 'aria-valuetext', `${name} = ${value}`);
  let held = false;
  input.addEventListener('pointerdown', () => { held = true; });
  for (const type of ['pointerup', 'pointercancel', 'change', 'blur']) input.addEventListener(type, () => { held = false; });
  input.addEventListener('input', () => {
    announce(fromSlider(Number(input.value)));
    onValue(fromSlider(Number(input.value)), { commit: false, dragging: held });
  });
  input.addEventListener('change', () => onValue(fromSlider(Number(input.value)), { commit: true }));
  return {
    element: el('div', { class: 'field field-slider' }, el('label', { for: id }, el('span', { class: 'slider-label', text: label }), readout), input),
    input,
    /** @param {number} value */
    setValue(value) {
      setText(readout, `= ${value}`);
      announce(value);
      const position = String(Math.min(Number(input.max), Math.max(Number(input.min), toSlider(value))));
      if (input.value !== position) input.value = position;
    },
    /** @param {number} newMin @param {number} newMax */
    setRange(newMin, newMax) {
      setAttribute(input, 'min', String(newMin));
      setAttribute(input, 'max', String(newMax));
      input.disabled = newMin === newMax;
    },
  };
}
