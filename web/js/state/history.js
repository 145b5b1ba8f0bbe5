// Keeps the address bar in step with the state. A burst of edits (dragging a slider) makes one
// history entry: the first edit pushes, the following ones replace (at most every 250 ms, since
// replaceState is slow), the release ends the burst. Back and forward restore earlier views.
import { serializeState } from './url.js';

const REPLACE_INTERVAL_MS = 250;

export function createHistorySync({ onRestore }) {
  let inBurst = false;
  let timer = null;
  let latest = null;
  const urlOf = (state) => `${location.pathname}?${serializeState(state)}${location.hash}`;
  const replaceLatest = () => {
    timer = null;
    if (latest !== null && latest !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', latest);
    latest = null;
  };
  window.addEventListener('popstate', () => {
    clearTimeout(timer);
    timer = null;
    latest = null;
    inBurst = false;
    onRestore(location.search);
  });
  return {
    write(state, { commit }) {
      const url = urlOf(state);
      if (!inBurst) {
        if (url !== `${location.pathname}${location.search}${location.hash}`) history.pushState(null, '', url);
        inBurst = !commit;
        return;
      }
      latest = url;
      if (commit) {
        clearTimeout(timer);
        replaceLatest();
        inBurst = false;
      } else if (timer === null) {
        timer = setTimeout(replaceLatest, REPLACE_INTERVAL_MS);
      }
    },
    // Records the normalized URL of the view as it was opened, without a new entry.
    replace(state) {
      history.replaceState(null, '', urlOf(state));
    },
  };
}
