// A text field that shows a setting of the state (a λ list, a shape). The page shows the state
// again whenever anything is drawn (every frame of Play, a result landing, another setting's
// edit): what the user typed and has not applied (being typed, or refused with its reason) must
// stay then; a new value of the setting (a link, the user's own valid edit), and Back or Forward
// whatever the value, replace it and its reason. The same rule as createNumberField's (fields.js).
import { restoreCount } from './fields.js';

/** @param {HTMLInputElement} input @param {() => void} clearReason @returns {{ show: (text: string) => void, applied: () => void }} */
export function keepTypedText(input, clearReason) {
  let typed = false;
  let typedAt = 0; // restoreCount() when typed
  /** @type {string | null} */
  let shown = null;
  input.addEventListener('input', () => {
    typed = true;
    typedAt = restoreCount();
  });
  return {
    // The setting as the state has it.
    show(text) {
      const same = text === shown;
      shown = text;
      if (same && typed && typedAt === restoreCount()) return;
      typed = false;
      if (input.value !== text) input.value = text;
      clearReason();
    },
    // The typed text was valid and has been handed on.
    applied() {
      typed = false;
    },
  };
}
