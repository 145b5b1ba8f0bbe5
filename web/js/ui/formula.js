// Typeset formulas with KaTeX (served from web/vendor). The TeX is always the page's own text.
// KaTeX (about 270 KB) is fetched the first time a formula is shown, not with the page: the view a
// link opens most often, Explore λ, has none. Until it is typeset the formula's box is empty; if
// KaTeX cannot be loaded (offline before it was ever cached), the TeX itself is shown.
import { el } from './dom.js';

/** @type {Promise<any> | null} */
let katex = null;
const loadKatex = () => (katex ??= import('../../vendor/katex/katex.mjs').then((m) => m.default));

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
