// Visible notices (ignored URL parameters, diverged simulations, engine errors). Messages are text
// only; each can be dismissed, and a notice with the same key replaces the previous one.
import { el } from './dom.js';

export function createNotices(container) {
  const shown = new Map();
  return {
    show(key, message, { level = 'warning' } = {}) {
      shown.get(key)?.remove();
      const dismiss = el('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss this notice', text: '×' });
      const item = el('li', { class: `notice notice-${level}`, 'data-key': key }, el('span', { text: message }), dismiss);
      dismiss.addEventListener('click', () => {
        item.remove();
        shown.delete(key);
      });
      container.append(item);
      shown.set(key, item);
    },
    clear(key) {
      shown.get(key)?.remove();
      shown.delete(key);
    },
    clearPrefix(prefix) {
      for (const key of [...shown.keys()]) if (key.startsWith(prefix)) this.clear(key);
    },
  };
}
