// Tiny DOM helpers. Text always goes in through textContent: nothing is ever parsed as HTML.

/** @typedef {Node | string | number | null | undefined | false} Child what el() appends (null, undefined and false: nothing) */
/**
 * An element with attributes ("class", "text": its text, "on<event>": a listener, true: present,
 * null, undefined or false: absent) and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Text and attributes written only when they change: an element's unchanged text written again is
// still a new text node (a layout, and a record for every MutationObserver of the document, which
// Chart.js keeps one of per chart), and an unchanged attribute still a style invalidation; the
// page writes them on every input of a drag.
/** @param {Node} node @param {string} text */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
/** @param {Element} element @param {string} name @param {string} value */
export function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}
/** @param {HTMLElement} element @param {boolean} hidden */
export function setHidden(element, hidden) {
  if (element.hidden !== hidden) element.hidden = hidden;
}
/** @param {HTMLInputElement | HTMLSelectElement | HTMLButtonElement} element @param {boolean} disabled */
export function setDisabled(element, disabled) {
  if (element.disabled !== disabled) element.disabled = disabled;
}

/** @param {Node} node */
export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

// Downloads a Blob under a file name (a temporary object URL, never a request).
/** @param {Blob} blob @param {string} filename */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Adds 1 to the counter body[data-<name>]: the tests and the benchmarks wait on these to know
// that a view has drawn its latest result.
/** @param {string} name */
export function bumpCounter(name) {
  document.body.dataset[name] = String(Number(document.body.dataset[name] ?? 0) + 1);
}

// Runs `callback` when the page's thread is idle (at the latest IDLE_WAIT_MS later; without
// requestIdleCallback, as in Safari, after a short timeout): for work that can wait for what the
// reader sees first.
const IDLE_WAIT_MS = 500;
/** @param {() => void} callback */
export function whenIdle(callback) {
  if ('requestIdleCallback' in window) requestIdleCallback(callback, { timeout: IDLE_WAIT_MS });
  else setTimeout(callback, 10);
}

// A short, file-name-safe stamp describing the view: "lambda-2_sigma-0.05".
/** @param {unknown} text */
export function slug(text) {
  return String(text).replace(/[^a-zA-Z0-9.+-]+/g, '_').slice(0, 80);
}
