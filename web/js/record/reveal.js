// "Draw the curves": an animation for charts that have no time cursor of their own (the paper's
// figures). Every line chart inside an element shows its curves from the left of its plot up to
// an edge that moves to the right (each dataset clipped, the data untouched, so the axes stay as
// they are), with the time cursor's line at the edge where the chart has one. Heatmaps and
// schematics stay as they are.
import { Chart, refresh, whenDrawn } from '../charts/setup.js';
/** @import { ChartConfiguration } from 'chart.js' */


/** @param {HTMLElement} element @param {{ id?: string, label?: string }} [options] */
export function revealAnimation(element, { id = 'reveal', label = 'draw the curves from left to right' } = {}) {
  /** @type {Map<import('chart.js').Chart, { clips: unknown[], cursor: number | undefined }> | null} */
  let saved = null; // what restore() puts back
  const charts = () => [...element.querySelectorAll('canvas')].map((canvas) => Chart.getChart(canvas))
    .filter((chart) => /** @type {ChartConfiguration} */ (chart?.config)?.type === 'line');

  return {
    id,
    label,
    /** @param {number} fraction */
    async advance(fraction) {
      saved ??= new Map();
      for (const chart of charts()) {
        const cursor = chart.options.plugins.timeCursor;
        if (!saved.has(chart)) saved.set(chart, { clips: chart.data.datasets.map((d) => d.clip), cursor: cursor?.time });
        const area = chart.chartArea;
        if (!area) continue;
        const hidden = Math.round((1 - fraction) * (area.right - area.left));
        // A side given as false is not clipped (Chart.js's documented per-side clip; its types allow numbers only).
        for (const dataset of chart.data.datasets) dataset.clip = /** @type {any} */ ({ left: false, top: false, bottom: false, right: -hidden });
        if (cursor) cursor.time = fraction < 1 ? chart.scales.x.getValueForPixel(area.right - hidden) : saved.get(chart).cursor;
        refresh(chart);
      }
      await whenDrawn();
    },
    restore() {
      for (const [chart, { clips, cursor }] of saved ?? []) {
        if (!chart.canvas) continue; // destroyed meanwhile
        chart.data.datasets.forEach((dataset, i) => {
          if (clips[i] === undefined) delete dataset.clip;
          else dataset.clip = clips[i];
        });
        if (chart.options.plugins.timeCursor) chart.options.plugins.timeCursor.time = cursor;
        refresh(chart);
      }
      saved = null;
    },
  };
}
