// The paper's figures in the page: each opens from its URL (view=figure&figure=ID), draws every
// panel, shows the paper's caption and how it was made, and exports one PNG of the whole figure and
// a CSV of every plotted series; "Change the settings" opens its configuration in the explorable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openPage, scrollThroughCharts, searchParams, saveArtifact, pngSize, useSession, assertClean } from '../support/browser.mjs';

const VIEWPORT = { width: 1280, height: 900 };
const FIGURES = ['1b', '1c', '2', '3', '4', '5', 'continual', 'reversal'];
const session = useSession();

async function openFigure(id, { viewport = VIEWPORT, embed = false } = {}) {
  const opened = await openPage(session, { viewport });
  await opened.page.goto(`${session.url}?view=figure&figure=${id}${embed ? '&embed=1' : ''}`);
  await opened.page.waitForFunction(() => Number(document.body.dataset.figureRendered ?? 0) >= 1, null, { timeout: 60_000 });
  return opened;
}

async function downloadFrom(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

for (const id of FIGURES) {
  test(`figure ${id} opens from its URL and draws every panel`, { timeout: 90_000 }, async () => {
    const { context, page, log } = await openFigure(id);
    try {
      assert.equal(await page.getAttribute('#view-figure', 'aria-pressed'), 'true');
      assert.ok((await page.textContent('.figure-caption')).length > 40, 'the paper’s caption');
      assert.ok((await page.textContent('.figure-made')).length > 80, 'how it was made');
      assert.equal(await page.locator('.notice-error').count(), 0, 'no error notice');
      await scrollThroughCharts(page, '#view-figure-content');
      const drawings = await page.evaluate(() => [...document.querySelectorAll('#view-figure-content .figure-grid canvas')].map((canvas) => ({
        chart: canvas.closest('[data-chart]')?.dataset.chart, colored: window.__probe.pixels(canvas, canvas.width, canvas.height).colored })));
      assert.ok(drawings.length > 0, 'the figure has panels');
      for (const d of drawings) assert.ok(d.colored > 100, `panel ${d.chart} is drawn (${d.colored} coloured pixels)`);
      saveArtifact(`figure-${id}.png`, await page.locator('#panel-figure-panels').screenshot());
      await assertClean(page, log, session.origin);
    } finally {
      await context.close();
    }
  });
}

test('a figure exports one PNG of the whole figure and a CSV of every plotted series', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('2');
  try {
    await scrollThroughCharts(page, '#view-figure-content');
    const grid = await page.$eval('.figure-grid', (g) => ({ width: g.getBoundingClientRect().width, height: g.getBoundingClientRect().height }));
    const png = await downloadFrom(page, '#figure-png');
    const size = pngSize(png.bytes);
    assert.ok(size.width >= 2 * grid.width && size.height >= 2 * grid.height, `the whole figure at 2× (${JSON.stringify(size)} for ${JSON.stringify(grid)})`);
    const csv = await downloadFrom(page, '#export-csv');
    const lines = csv.bytes.toString('utf8').split('\n');
    assert.match(lines[0], /^# From lazy to rich: http/, 'the link first');
    const header = lines.find((line) => !line.startsWith('#'));
    for (const wanted of ['Loss λ=-2: loss (simulation) value', 'Loss λ=0: loss (exact) value', 'W₂W₂ᵀ λ=2: [1,1] (simulation) value']) {
      assert.ok(header.includes(wanted), `the CSV has "${wanted}"`);
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('"Change the settings" opens the figure’s configuration in the explorable, and Back returns', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('4');
  try {
    await page.click('#figure-change');
    await page.waitForFunction(() => Number(document.body.dataset.hierarchyRendered ?? 0) >= 1, null, { timeout: 60_000 });
    const params = searchParams(page);
    assert.equal(params.get('view'), 'hierarchy');
    assert.equal(params.get('features'), 'contrasts');
    assert.equal(params.get('scaleOf'), 'factors');
    assert.equal(params.get('sigma'), '0.000594604');
    await page.goBack();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('view') === 'figure');
    assert.equal(await page.isVisible('#view-figure-content'), true);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a figure embeds alone at 800 px: the figure first, no site chrome', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('3', { viewport: { width: 800, height: 720 }, embed: true });
  try {
    const header = await page.$eval('.site-header', (h) => h.getBoundingClientRect());
    assert.ok(header.width <= 1 && header.height <= 1, 'the site header is out of sight (kept for screen readers)');
    const top = await page.$eval('.figure-grid', (g) => g.getBoundingClientRect().top);
    assert.ok(top < 400, `the figure starts near the top (${top} px)`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
