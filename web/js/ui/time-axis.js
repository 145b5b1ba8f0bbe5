// The time-axis control of the views with charts over training time (Explore, Compare, the
// paper's figures): linear or logarithmic, kept in the URL as timeAxis.
import { createSelectField } from './fields.js';

// prefix: '' for Explore (#time-axis), 'compare-', 'figure-' for the others.
/** @param {HTMLElement} container @param {{ prefix?: string, onValue: (axis: 'linear' | 'log') => void }} options */
export function createTimeAxisField(container, { prefix = '', onValue }) {
  const field = createSelectField({ id: `${prefix}time-axis`, label: 'Time axis',
    options: [['linear', 'linear'], ['log', 'logarithmic']], onValue: (value) => onValue(value === 'log' ? 'log' : 'linear') });
  field.element.classList.add('time-axis-field');
  container.append(field.element);
  return {
    element: field.element,
    // axis: the one drawn ('linear' or 'log', see timeAxisOf).
    /** @param {'linear' | 'log'} axis */
    sync(axis) {
      field.setValue(axis);
    },
  };
}
