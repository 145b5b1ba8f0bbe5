// The charts' text follows the page's type: presenter mode enlarges the page's root font (app.css,
// 137.5 %), and the Chart.js charts' tick labels, titles and legends grow with it (at 11 px they
// were unreadable on a projector beside the enlarged text).
import { Chart } from './setup.js';

const BASE_SIZE = Chart.defaults.font.size; // at the browser's default 16 px root font

// Sets the charts' font size from the root font size now, and redraws the charts if it changed.
export function matchChartFonts() {
  const root = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const size = Math.round((BASE_SIZE * root) / 16);
  if (Chart.defaults.font.size === size) return;
  Chart.defaults.font.size = size;
  for (const chart of Object.values(Chart.instances)) chart.update('none');
}
