// The field of a view's list of compared λ values (the URL's `lambdas`): comma-separated numbers,
// repeats dropped, a value the field cannot take marked and explained, nothing applied until valid.
import { PARAM_BY_KEY } from '../state/schema.js';
import { el } from './dom.js';
import { keepTypedText } from './typed-text.js';

// Returns {element, sync(lambdas)}; onLambdas(values) gets a valid list.
/** @param {{ id: string, label: string, onLambdas: (values: number[]) => void }} options */
export function createLambdaListField({ id, label, onLambdas }) {
  const p = PARAM_BY_KEY.lambdas;
  const input = el('input', { id, type: 'text', inputmode: 'decimal', 'aria-describedby': `${id}-message` });
  const message = el('span', { id: `${id}-message`, class: 'field-message', 'aria-live': 'polite' });
  const text = keepTypedText(input, () => {
    message.textContent = '';
    input.setAttribute('aria-invalid', 'false');
  });
  input.addEventListener('change', () => {
    const values = [...new Set(input.value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number))];
    const bad = values.length === 0 || values.length > p.maxLength || values.some((v) => !Number.isFinite(v) || v < p.min || v > p.max);
    message.textContent = bad ? `enter 1 to ${p.maxLength} different numbers between ${p.min} and ${p.max}, separated by commas` : '';
    input.setAttribute('aria-invalid', String(bad));
    if (bad) return;
    text.applied();
    onLambdas(values);
  });
  return {
    element: el('div', { class: 'field lambda-list-field' }, el('label', { for: id, text: label }), input, message),
    /** @param {number[]} lambdas */
    sync(lambdas) {
      text.show(lambdas.join(', '));
    },
  };
}
