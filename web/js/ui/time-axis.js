// The time-axis control of the views with charts over training time (Explore, Compare, the
// paper's figures): auto, linear or logarithmic, kept in the URL as timeAxis. The control shows the
// setting (auto is a choice of its own), and auto says which axis it draws here.
import { createSelectField } from './fields.js';

/** @typedef {'auto' | 'linear' | 'log'} TimeAxisSetting */
const AXIS_NAME = { linear: 'linear', log: 'log' };

// prefix: '' for Explore (#time-axis), 'compare-', 'figure-' for the others.
/** @param {HTMLElement} container @param {{ prefix?: string, onValue: (axis: TimeAxisSetting) => void }} options */
export function createTimeAxisField(container, { prefix = '', onValue }) {
  const field = createSelectField({ id: `${prefix}time-axis`, label: 'Time axis',
    options: [['auto', 'auto'], ['linear', AXIS_NAME.linear], ['log', AXIS_NAME.log]],
    onValue: (value) => onValue(value === 'log' || value === 'linear' ? value : 'auto') });
  field.element.classList.add('time-axis-field');
  container.append(field.element);
  const autoOption = /** @type {HTMLOptionElement} */ (field.input.querySelector('option[value="auto"]'));
  return {
    element: field.element,
    // axis: the one drawn ('linear' or 'log', see timeAxisOf); setting: the state's timeAxis.
    /** @param {'linear' | 'log'} axis @param {TimeAxisSetting} [setting] */
    sync(axis, setting = axis) {
      autoOption.textContent = `auto (${AXIS_NAME[axis]})`; // short: on a phone it shares a row with Sweep λ
      field.setValue(setting === 'linear' || setting === 'log' ? setting : 'auto');
    },
  };
}
