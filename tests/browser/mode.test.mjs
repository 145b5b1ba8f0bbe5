// One mode up close (?view=mode): its three charts draw from the engine, dragging λ moves the mode
// between logistic and exponential learning and says that ±λ coincide (measured), the link keeps
// s, λ and a(0), the export names exact and simulation, and it embeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useSession, assertClean, setSlider, searchParams, scrollThroughCharts, coloredPixelsOnVisibleCanvases, downloadFrom } from '../support/browser.mjs';

const session = useSession();
const TIMEOUT = 120_000;
const drawn = (page) => page.evaluate(() => Number(document.body.dataset.modeRendered ?? 0));


test('one mode up close: three charts, λ dragged from rich to lazy, ±λ said to coincide, the export and the link', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${session.url}?view=mode&s=2&a0=0.01&lambda=0`);
    await page.waitForFunction(() => Number(document.body.dataset.modeRendered ?? 0) >= 1, null, { timeout: 30_000 });
    await scrollThroughCharts(page, '#view-mode-content');
    assert.ok((await coloredPixelsOnVisibleCanvases(page)) > 1000, 'the charts are drawn');
    // The three charts hold the engine's curves.
    const datasets = await page.evaluate(async () => {
      const { Chart } = await import('/js/charts/setup.js');
      return ['plane', 'phase-line', 'strength'].map((name) => Chart.getChart(document.querySelector(`#view-mode-content [data-chart="${name}"] canvas`))
        .data.datasets.map((d) => ({ label: d.label, points: d.data.length })));
    });
    assert.ok(datasets[0].some((d) => /^trajectory at λ = 0$/.test(d.label) && d.points > 100), 'the trajectory in the plane');
    assert.ok(datasets[1].some((d) => d.label === 'λ = 0' && d.points > 100), 'the phase line');
    assert.ok(datasets[2].some((d) => d.label === 'logistic limit (λ = 0)'), 'the logistic limit beside a(t)');
    assert.match(await page.textContent('#mode-note'), /At λ = 0 the two weights are equal/);

    // Drag λ: the mode learns at once (lazy), the note says ±λ coincide and by how much.
    const before = await drawn(page);
    await setSlider(page, '#mode-lambda-slider', 4);
    await page.waitForFunction((n) => Number(document.body.dataset.modeRendered ?? 0) > n, before, { timeout: 20_000 });
    assert.equal(searchParams(page).get('lambda'), '4');
    assert.match(await page.textContent('#mode-note'), /λ = 4 and λ = -4 give the same a\(t\): the exact curves (are identical to the last bit|differ by at most \S+ of s \(rounding\))/);
    assert.match(await page.textContent('#mode-note'), /Half learned at t = [\d.]+ \(closed form/);
    const exponential = await page.evaluate(async () => {
      const { Chart } = await import('/js/charts/setup.js');
      return Chart.getChart(document.querySelector('#view-mode-content [data-chart="strength"] canvas')).data.datasets.some((d) => d.label === 'exponential limit (|λ| ≫ a)');
    });
    assert.ok(exponential, 'the exponential limit is drawn for λ ≠ 0');

    // The export names each trajectory exact or simulation, at λ and −λ.
    const csv = (await downloadFrom(page, '#export-csv')).text;
    const lines = csv.trim().split('\n').filter((l) => !l.startsWith('#')); // after the settings lines
    assert.equal(lines[0], 'lambda,trajectory,t,a = a1 a2,a1 (input weight),a2 (output weight)');
    assert.deepEqual([...new Set(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')))].sort(), ['-4,exact', '-4,simulation', '4,exact', '4,simulation']);

    // The link keeps s, λ and a(0): a fresh page shows the same.
    const link = page.url();
    const again = await openPage(session, { viewport: { width: 1280, height: 900 } });
    try {
      await again.page.goto(link);
      await again.page.waitForFunction(() => Number(document.body.dataset.modeRendered ?? 0) >= 1, null, { timeout: 30_000 });
      assert.equal(await again.page.inputValue('#view-mode-content .view-controls input[type="number"]'), '4');
      assert.equal(await again.page.textContent('#mode-note'), await page.textContent('#mode-note'));
    } finally {
      await again.context.close();
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('one mode up close embeds in a 360 px frame without scrolling sideways', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 360, height: 740 } });
  try {
    await page.goto(`${session.url}?view=mode&embed=1&lambda=1`);
    await page.waitForFunction(() => Number(document.body.dataset.modeRendered ?? 0) >= 1, null, { timeout: 30_000 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no horizontal scrolling');
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.sidebar')).display), 'none', 'no settings panel in the embed');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
