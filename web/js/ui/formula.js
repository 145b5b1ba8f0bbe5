// Typeset formulas with KaTeX (served from web/vendor). The TeX is always the page's own text.
import katex from '../../vendor/katex/katex.mjs';
import { el } from './dom.js';

export function formula(tex, { display = true } = {}) {
  const node = el(display ? 'div' : 'span', { class: display ? 'formula' : 'formula-inline' });
  katex.render(tex, node, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
  return node;
}
