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

// A short, file-name-safe stamp describing the view: "lambda-2_sigma-0.05".
/** @param {unknown} text */
export function slug(text) {
  return String(text).replace(/[^a-zA-Z0-9.+-]+/g, '_').slice(0, 80);
}
