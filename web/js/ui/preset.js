// "Use the paper's settings": each experiment view offers the settings of the paper's figure
// instead of applying them behind the user's back. Loading them names what changes, and Undo puts
// the user's own settings back.
import { el, setAttribute, setHidden, setText } from './dom.js';
import { describeChanges } from '../state/describe.js';
/** @import { PageState } from '../state/schema.js' */
/** @import { Preset } from '../catalog.js' */

// presets: {viewId: patch}.
/**
 * @param {HTMLElement} container
 * @param {{ presets: Record<string, Preset>, onChange: (patch: Partial<PageState>, options: { commit: boolean }) => void, announce: (text: string) => void }} page
 */
export function createPresetOffer(container, { presets, onChange, announce }) {
  const load = el('button', { type: 'button', id: 'load-preset', class: 'preset-button' });
  const undo = el('button', { type: 'button', id: 'undo-preset', text: 'Undo', hidden: true });
  const note = el('span', { class: 'preset-note', 'aria-live': 'polite' });
  container.append(load, note, undo);
  /** @type {{ view: string, patch: Partial<PageState> } | null} */
  let restore = null; // the user's settings before the preset was loaded
  /** @type {{ view: string, changes: string, preset: Preset, before: PageState } | null} */
  let offer = null; // what the button loads

  load.addEventListener('click', () => {
    const { view, changes, preset, before } = offer;
    restore = { view, patch: Object.fromEntries(/** @type {(keyof PageState)[]} */ (Object.keys(preset)).map((key) => [key, structuredClone(before[key])])) };
    note.textContent = `Loaded the paper’s settings: ${changes}.`;
    undo.hidden = false;
    onChange(structuredClone(preset), { commit: true });
    announce(note.textContent);
  });
  undo.addEventListener('click', () => {
    if (!restore) return;
    const patch = restore.patch;
    restore = null;
    note.textContent = 'Your settings are back.';
    undo.hidden = true;
    onChange(patch, { commit: true });
    announce(note.textContent);
  });

  return {
    /** @param {PageState} state */
    sync(state) {
      const preset = presets[state.view];
      if (restore && restore.view !== state.view) {
        restore = null;
        setHidden(undo, true);
        setText(note, '');
      }
      const changes = preset ? describeChanges(state, preset) : '';
      // (Written only where they change: this runs after every input of a drag.)
      setHidden(container, !preset || (!changes && !restore));
      setHidden(load, !changes);
      setText(load, 'Use the paper’s settings');
      setAttribute(load, 'title', changes ? `Changes ${changes}` : '');
      setAttribute(load, 'aria-describedby', 'preset-changes');
      offer = { view: state.view, changes, preset, before: state };
      if (!restore) setText(note, changes ? `(${changes})` : '');
      setAttribute(note, 'id', 'preset-changes');
    },
  };
}
