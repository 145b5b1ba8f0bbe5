// "Change the settings" from a paper figure replaces settings of the explorable with the figure's:
// a notice at the top of the page names each change (old → new), with Undo to put the user's own
// back, as "Use the paper's settings" does (ui/preset.js). Text only, never HTML.
import { el } from './dom.js';
import { describeChanges } from '../state/describe.js';
/** @import { PageState } from '../state/schema.js' */

// list: the page's notice list (#notices); getState: the page state now; onChange: applies a patch of it.
/**
 * @param {HTMLElement} list
 * @param {{ getState: () => PageState, onChange: (patch: Partial<PageState>, options: { commit: boolean }) => void }} page
 */
export function createChangeNotice(list, { getState, onChange }) {
  /** @type {HTMLLIElement | null} */
  let item = null;
  const remove = () => {
    item?.remove();
    item = null;
  };
  return {
    // before: the state the user had; patch: what was applied (its view is named by `where`).
    // differs: what of the source the settings cannot carry over (said, so that nothing is lost silently).
    /** @param {PageState} before @param {Partial<PageState>} patch @param {{ what: string, where: string, differs?: string }} names */
    show(before, patch, { what, where, differs }) {
      remove();
      const settings = Object.fromEntries(Object.entries(patch).filter(([key]) => key !== 'view'));
      const changes = describeChanges(before, settings);
      // The time cursor is kept where it was, unless the new training time moved it.
      const restore = Object.fromEntries(/** @type {(keyof PageState)[]} */ ([...Object.keys(settings), 't']).map((key) => [key, structuredClone(before[key])]));
      const opened = changes ? `${where} with ${what}’s settings, which changed yours: ${changes}.` : `${where} with ${what}’s settings, which were already yours.`;
      const text = el('span', { class: 'change-notice-text', text: differs ? `${opened} Not carried over: ${differs}.` : opened });
      const undo = el('button', { type: 'button', class: 'change-undo', id: 'change-undo', text: 'Undo' });
      const dismiss = el('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss this notice', text: '×' });
      item = el('li', { class: 'notice notice-info change-notice', 'data-key': 'changed-settings' }, text, ...(changes ? [undo] : []), dismiss);
      undo.addEventListener('click', () => {
        const back = describeChanges(getState(), restore);
        undo.remove();
        onChange(restore, { commit: true });
        text.textContent = back ? `Your settings are back: ${back}.` : 'Your settings are back.';
      });
      dismiss.addEventListener('click', remove);
      list.append(item);
    },
    remove,
  };
}
