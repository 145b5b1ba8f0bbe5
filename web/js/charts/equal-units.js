// Equal units on both axes, for a plane where a slope of 1 must look like one (the (a₁, a₂) plane
// of "One mode up close"): the chart area is made square by padding the longer side of the canvas.
// The padding is found after each layout (only then are the legend's and the tick labels' sizes
// known) and applied by one more update; the axes' ranges are the caller's (equal on both axes).
import { Chart } from './setup.js';
/** @import { Plugin } from '../../vendor/chart.js/chart.js' */

/** @type {Plugin} */
const equalUnits = {
  id: 'equalUnits',
  afterLayout(chart) {
    if (!chart.$equalUnits) return;
    const { width, height } = chart.chartArea;
    const before = chart.$squarePad ?? 0;
    // Positive: padding left and right; negative: top and bottom (a tall canvas).
    const pad = before + (width - height) / 2;
    if (!Number.isFinite(pad) || Math.abs(pad - before) < 0.5) return;
    chart.$squarePad = pad;
    chart.options.layout = { ...chart.options.layout, padding: pad >= 0 ? { left: pad, right: pad, top: 0, bottom: 0 } : { left: 0, right: 0, top: -pad, bottom: -pad } };
    requestAnimationFrame(() => chart.update('none'));
  },
};
Chart.register(equalUnits);

// From its next layout on, `chart` draws its two axes with equal units over its chart area.
/** @param {Chart} chart */
export function keepEqualUnits(chart) {
  chart.$equalUnits = true;
}
