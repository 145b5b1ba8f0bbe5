// Visible notices (ignored URL parameters, diverged simulations, engine errors). Messages are text
// only; each can be dismissed, and a notice with the same key replaces the previous one. A notice
// about a state that can change (sync) is updated or removed as soon as its cause changes.
import { el } from './dom.js';

/** @typedef {'info' | 'warning' | 'error'} NoticeLevel */
/** @typedef {{ level?: NoticeLevel }} NoticeOptions */

/** @param {HTMLElement} container */
export function createNotices(container) {
  /** @type {Map<string, HTMLElement>} */
  const shown = new Map();
  /** @type {Map<string, string>} */
  const messages = new Map(); // key -> the message shown or dismissed last
  /** @type {Set<string>} */
  const dismissed = new Set();
  return {
    /** @param {string} key @param {string} message @param {NoticeOptions} [options] */
    show(key, message, { level = 'warning' } = {}) {
      shown.get(key)?.remove();
      messages.set(key, message);
      dismissed.delete(key);
      const dismiss = el('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss this notice', text: '×' });
      const item = el('li', { class: `notice notice-${level}`, 'data-key': key }, el('span', { text: message }), dismiss);
      dismiss.addEventListener('click', () => {
        item.remove();
        shown.delete(key);
        dismissed.add(key);
      });
      container.append(item);
      shown.set(key, item);
    },
    /** @param {string} key */
    clear(key) {
      shown.get(key)?.remove();
      shown.delete(key);
      messages.delete(key);
      dismissed.delete(key);
    },
    // The notice `key` says `message` now ('' : nothing to say). The same message stays as it is
    // (where it is, or dismissed if the user dismissed it); another one replaces it.
    /** @param {string} key @param {string} message @param {NoticeOptions} [options] */
    sync(key, message, options) {
      if (!message) return this.clear(key);
      if (messages.get(key) === message && (shown.has(key) || dismissed.has(key))) return;
      this.show(key, message, options);
    },
    /** @param {string} prefix */
    clearPrefix(prefix) {
      for (const key of [...shown.keys()]) if (key.startsWith(prefix)) this.clear(key);
    },
  };
}
