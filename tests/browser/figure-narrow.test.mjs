// Figures in a narrow column (a course page's 480 px frame) and their whole-figure PNG (new-user
// trial F3, F12): every legend entry of every chart is drawn, with a plot of usable height under
// it; Figure 5's architecture schematics keep their colours in the PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useSession, assertClean, downloadFrom, scrollThroughCharts } from '../support/browser.mjs';

const session = useSession();
const PLOT_MIN_HEIGHT = 150; // web/js/charts/figure-chart.js
// The figures with legends and how many of their line charts have one (Figures 2 and 3 name their
// curves in the captions, without legends).
const FIGURES = { '1b': 1, 4: 1, 5: 5, continual: 1, reversal: 1, transfer: 3, specificity: 3 };

async function openFigure(id, { width, embed = false }) {
  const opened = await openPage(session, { viewport: { width, height: 900 } });
  await opened.page.goto(`${session.url}?view=figure&figure=${id}${embed ? '&embed=1' : ''}`);
  await opened.page.waitForFunction(() => Number(document.body.dataset.figureRendered ?? 0) >= 1, null, { timeout: 90_000 });
  return opened;
}

// Each figure chart's legend as drawn, once the layout has settled: the entries the legend shows
// (after its filter), their hit boxes, the legend's and the canvas's boxes and the plot's height.
async function legendsOf(page) {
  return page.evaluate(async () => {
    const { Chart } = await import('/js/charts/setup.js');
    const charts = [...document.querySelectorAll('#view-figure-content [data-chart] canvas')].map((canvas) => Chart.getChart(canvas)).filter(Boolean);
    // Two frames without a resize: a chart box that grew has been laid out again.
    for (let settled = 0; settled < 2;) {
      const before = charts.map((chart) => `${chart.width}x${chart.height}`).join();
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)));
      settled = before === charts.map((chart) => `${chart.width}x${chart.height}`).join() ? settled + 1 : 0;
    }
    return charts.filter((chart) => chart.options.plugins.legend.display && chart.config.type === 'line').map((chart) => {
      const { legend, chartArea } = chart;
      return {
        id: chart.canvas.closest('[data-chart]').dataset.chart,
        shown: legend.legendItems.map((item) => item.text),
        labelled: chart.data.datasets.filter((d) => d.label && !d.exact).length,
        hits: legend.legendHitBoxes.map(({ left, top, width, height }) => ({ left, top, width, height })),
        legend: { left: legend.left, top: legend.top, right: legend.right, bottom: legend.bottom },
        canvas: { width: chart.width, height: chart.height },
        plotHeight: chartArea.bottom - chartArea.top,
      };
    });
  });
}

for (const width of [360, 480, 720]) {
  test(`at ${width} px, embedded, every legend entry of every figure chart is drawn inside its legend, over a plot ≥ ${PLOT_MIN_HEIGHT} px tall`, { timeout: 600_000 }, async () => {
    for (const id of Object.keys(FIGURES)) {
      const { context, page, log } = await openFigure(id, { width, embed: true });
      try {
        await scrollThroughCharts(page, '#view-figure-content');
        const legends = await legendsOf(page);
        assert.equal(legends.length, FIGURES[id], `figure ${id}: its charts with a legend`);
        for (const chart of legends) {
          const where = `figure ${id}, ${chart.id} at ${width} px`;
          assert.equal(chart.shown.length, chart.labelled, `${where}: one legend entry per labelled series (${chart.shown.join(' | ')})`);
          assert.equal(chart.hits.length, chart.shown.length, `${where}: every entry is placed`);
          for (const [i, hit] of chart.hits.entries()) {
            const inside = hit.left >= chart.legend.left - 0.5 && hit.left + hit.width <= chart.legend.right + 0.5
              && hit.top >= chart.legend.top - 0.5 && hit.top + hit.height <= chart.legend.bottom + 0.5
              && hit.left >= 0 && hit.left + hit.width <= chart.canvas.width && hit.top + hit.height <= chart.canvas.height;
            assert.ok(inside, `${where}: "${chart.shown[i]}" is drawn inside the legend ${JSON.stringify(chart.legend)}: ${JSON.stringify(hit)}`);
          }
          assert.ok(chart.plotHeight >= PLOT_MIN_HEIGHT, `${where}: the plot is ${chart.plotHeight} px tall`);
        }
        await assertClean(page, log, session.origin);
      } finally {
        await context.close();
      }
    }
  });
}

test('Figure 5’s whole-figure PNG draws panel A’s schematics in their colours (light-blue links, blue layers), not black', { timeout: 180_000 }, async () => {
  const { context, page, log } = await openFigure('5', { width: 1280 });
  try {
    await scrollThroughCharts(page, '#view-figure-content');
    // Where the first schematic sits in the PNG: figure-png.js puts the grid at 8 px (×2) from the
    // left, under a header; the PNG's bottom edge is 8 px (×2) under the grid.
    const place = await page.evaluate(() => {
      const grid = document.querySelector('#view-figure-content .figure-grid');
      const box = grid.getBoundingClientRect();
      const svg = grid.querySelector('.figure-schematic svg').getBoundingClientRect();
      return { left: svg.left - box.left, top: svg.top - box.top, width: svg.width, height: svg.height, gridHeight: box.height };
    });
    const png = await downloadFrom(page, '#figure-png');
    const counts = await page.evaluate(async ({ base64, place: p }) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      const scale = 2;
      const header = bitmap.height - scale * 8 - Math.ceil(p.gridHeight * scale);
      const x0 = Math.round(scale * 8 + p.left * scale), y0 = Math.round(header + p.top * scale);
      const { data } = ctx.getImageData(x0, y0, Math.round(p.width * scale), Math.round(p.height * scale));
      let link = 0, layer = 0, black = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        if (Math.abs(r - 0xcf) < 12 && Math.abs(g - 0xe3) < 12 && Math.abs(b - 0xf2) < 12) link++;
        else if (Math.abs(r - 0x00) < 24 && Math.abs(g - 0x72) < 24 && Math.abs(b - 0xb2) < 24) layer++;
        else if (r < 40 && g < 40 && b < 40) black++;
      }
      return { link, layer, black, size: data.length / 4 };
    }, { base64: Buffer.from(png.bytes).toString('base64'), place });
    assert.ok(counts.link > counts.size * 0.1, `the schematic's light-blue links are in the PNG: ${JSON.stringify(counts)}`);
    assert.ok(counts.layer > counts.size * 0.01, `the schematic's blue layers are in the PNG: ${JSON.stringify(counts)}`);
    assert.ok(counts.black < counts.size * 0.05, `the schematic is not black in the PNG: ${JSON.stringify(counts)}`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
