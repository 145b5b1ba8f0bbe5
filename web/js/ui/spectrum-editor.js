// The task designed by its spectrum: one slider per mode for the singular values of Σyx, presets
// (equal, geometric, the semantic hierarchy's), and whether the singular vectors are the coordinate
// axes or random (drawn from the task seed). Edits are patches of `spectrum` / `vectors`; the list
// keeps values beyond the network's min(Ni, No) modes for when the network grows again.
import { el, clear } from './dom.js';
import { createSelectField, createSlider } from './fields.js';
import { spectrumValues } from '../state/shape.js';
/** @import { PageState } from '../state/schema.js' */
/** @import { EditOptions } from './fields.js' */

export const SPECTRUM_SLIDER = { min: 0, max: 5, step: 0.05 };

/** @param {number} v */
const round = (v) => Number(v.toPrecision(4));

// The singular values of the semantic hierarchy with one 0/1 output per tree node (depth D, 2^D
// items): level l has value √((2^(D+1−l) − 1) / 2^D), once at the root and 2^(l−1) times below.
/** @param {number} modes @returns {number[]} */
export function hierarchySpectrum(modes) {
  const depth = Math.max(1, Math.ceil(Math.log2(Math.max(modes, 2))));
  const values = [];
  for (let level = 0; values.length < modes && level <= depth; level++) {
    const value = round(Math.sqrt((2 ** (depth + 1 - level) - 1) / 2 ** depth));
    for (let i = 0; i < Math.max(1, 2 ** (level - 1)) && values.length < modes; i++) values.push(value);
  }
  while (values.length < modes) values.push(0);
  return values;
}

/** @type {Array<{ id: string, label: string, title: string, values: (modes: number) => number[] }>} */
export const PRESETS = [
  { id: 'equal', label: 'Equal', title: 'every mode 2: the modes are learned together', values: (modes) => Array(modes).fill(2) },
  { id: 'geometric', label: 'Geometric', title: '4, 2, 1, 0.5, …: each mode takes twice as long as the one before', values: (modes) => Array.from({ length: modes }, (_, i) => round(4 / 2 ** i)) },
  { id: 'hierarchy', label: 'Hierarchy', title: 'the semantic hierarchy’s values: one per level, repeated within a level', values: hierarchySpectrum },
];

/** @param {(patch: Partial<PageState>, options: EditOptions) => void} onChange */
export function createSpectrumEditor(onChange) {
  const sliders = el('div', { class: 'spectrum-sliders', role: 'group', 'aria-label': 'Singular values of Σyx, one per mode' });
  const note = el('p', { class: 'field-hint spectrum-note', 'aria-live': 'polite' });
  /** @type {PageState} */
  let state = null;
  /** @type {Array<ReturnType<typeof createSlider>>} */
  let fields = [];

  const presetButtons = PRESETS.map((preset) => el('button', { type: 'button', class: 'spectrum-preset', 'data-preset': preset.id, title: preset.title,
    text: preset.label, onclick: () => {
      const { modes } = spectrumValues(state);
      // The values beyond this network's modes stay for a wider one.
      onChange({ spectrum: [...preset.values(modes), ...state.spectrum.slice(modes)] }, { commit: true });
    } }));
  const vectors = createSelectField({ label: 'Singular vectors U, V', onValue: (value, options) => onChange({ vectors: value }, options), options: [
    ['random', 'random (from the task seed)'], ['axes', 'the coordinate axes (U = V = I)']] });

  /** @param {number} index @returns {(value: number, options: EditOptions) => void} */
  const setMode = (index) => (value, options) => {
    const { modes } = spectrumValues(state);
    const list = [...state.spectrum];
    while (list.length < modes) list.push(0);
    list[index] = value;
    onChange({ spectrum: list }, options);
  };

  const element = el('div', { class: 'spectrum-editor' },
    el('div', { class: 'spectrum-presets', role: 'group', 'aria-label': 'Spectrum presets' }, el('span', { class: 'preset-label', text: 'Presets:' }), presetButtons),
    sliders, note, vectors.element);

  return {
    element,
    /** @param {PageState} newState */
    sync(newState) {
      state = newState;
      const { modes, used, unused } = spectrumValues(state);
      if (fields.length !== modes) {
        clear(sliders);
        fields = Array.from({ length: modes }, (_, i) => {
          const slider = createSlider({ label: `s${i + 1}`, ...SPECTRUM_SLIDER, fromSlider: round, onValue: setMode(i) });
          slider.input.id = `spectrum-${i + 1}`;
          slider.element.querySelector('label').setAttribute('for', slider.input.id);
          slider.input.setAttribute('aria-label', `singular value of mode ${i + 1}`);
          sliders.append(slider.element);
          return slider;
        });
      }
      fields.forEach((field, i) => field.setValue(used[i] ?? 0));
      vectors.setValue(state.vectors);
      const kept = unused.length ? ` The values ${unused.join(', ')} beyond this network’s ${modes} modes are kept for a wider one.` : '';
      note.textContent = `Σyx = U diag(s) Vᵀ with ${modes} mode${modes > 1 ? 's' : ''} (min(Ni, No)). From small weights at λ = 0, mode i is learned ` +
        `after a plateau of about ln(sᵢ/σ)/(2sᵢ), so roughly in proportion to 1/sᵢ (the Task panel lists them).${kept}`;
    },
  };
}
