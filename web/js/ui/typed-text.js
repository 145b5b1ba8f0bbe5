// A field that shows a setting of the state (a number, a λ list, a shape). The page shows the state
// again whenever anything is drawn (every frame of Play, a result landing, another setting's
// edit): what the user typed and has not applied (being typed, or refused with its reason) must
// stay then; a new value of the setting (a link, the user's own valid edit), and Back or Forward
// whatever the value, replace it and its reason.

// Back and Forward counted when this module loads, before main.js's history listener restores the
// entry (a listener a field added later could run after the entry is shown): text typed before the
// latest of them is not kept.
let restores = 0;
window.addEventListener('popstate', () => { restores++; });

// `shows(inputText, text)`: the input already shows `text` (it is not rewritten then).
/**
 * @param {HTMLInputElement} input @param {() => void} clearReason
 * @param {{ shows?: (inputText: string, text: string) => boolean }} [options]
 * @returns {{ show: (text: string) => void, applied: () => void, held: () => boolean }}
 */
export function keepTypedText(input, clearReason, { shows = (inputText, text) => inputText === text } = {}) {
  let typed = false;
  let typedAt = 0; // `restores` when typed
  /** @type {string | null} */
  let shown = null;
  input.addEventListener('input', () => {
    typed = true;
    typedAt = restores;
  });
  const held = () => typed && typedAt === restores;
  return {
    // The setting as the state has it.
    show(text) {
      const same = text === shown;
      shown = text;
      if (same && held()) return;
      typed = false;
      if (!shows(input.value, text)) input.value = text;
      clearReason();
    },
    // The typed text was valid and has been handed on.
    applied() {
      typed = false;
    },
    // Typed text is in the field, not applied, and kept.
    held,
  };
}
