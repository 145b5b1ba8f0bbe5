// Keeps the address bar in step with the state. A burst of edits (dragging a slider) makes one
// history entry: the first edit pushes, the following ones replace, the release ends the burst.
// Back and forward restore earlier views through onRestore.
import { serializeState } from './url.js';

export function createHistorySync({ onRestore }) {
  let inBurst = false;
  window.addEventListener('popstate', () => {
    inBurst = false;
    onRestore(location.search);
  });
  return {
    write(state, { commit }) {
      const url = `${location.pathname}?${serializeState(state)}${location.hash}`;
      if (url === `${location.pathname}${location.search}${location.hash}`) {
        if (commit) inBurst = false;
        return;
      }
      if (inBurst) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
      inBurst = !commit;
    },
    // Records the normalized URL of the view as it was opened, without a new entry.
    replace(state) {
      history.replaceState(null, '', `${location.pathname}?${serializeState(state)}${location.hash}`);
    },
  };
}
