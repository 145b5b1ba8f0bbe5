// Typeset formulas with KaTeX (served from web/vendor). The TeX is always the page's own text.
// KaTeX (about 270 KB) and its stylesheet (which names its fonts) are fetched the first time a
// formula is shown, not with the page: the view a link opens most often, Explore λ, has none.
// Until it is typeset the formula's box is empty; if KaTeX cannot be loaded (offline before it was
// ever cached), the TeX itself is shown.
import { el } from './dom.js';

/** @returns {Promise<void>} once KaTeX's stylesheet applies */
function loadStylesheet() {
  return new Promise((resolve, reject) => {
    const link = el('link', { rel: 'stylesheet', href: new URL('../../vendor/katex/katex.min.css', import.meta.url).href });
    link.addEventListener('load', () => resolve());
    link.addEventListener('error', () => reject(new Error('katex.min.css could not be loaded')));
    // Before the page's own stylesheet, as it was when the page linked it: the page's rules win.
    const first = document.head.querySelector('link[rel="stylesheet"]');
    if (first) first.before(link);
    else document.head.append(link);
  });
}

/** @type {Promise<any> | null} */
let katex = null;
const loadKatex = () => (katex ??= Promise.all([import('../../vendor/katex/katex.mjs'), loadStylesheet()]).then(([m]) => m.default));

/** @param {string} tex @param {{ display?: boolean }} [options] */
export function formula(tex, { display = true } = {}) {
  const node = el(display ? 'div' : 'span', { class: display ? 'formula' : 'formula-inline', 'data-typeset': 'pending' });
  loadKatex().then((k) => {
    k.render(tex, node, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
    node.dataset.typeset = 'done';
  }, () => {
    node.textContent = tex;
    node.dataset.typeset = 'failed';
  });
  return node;
}
