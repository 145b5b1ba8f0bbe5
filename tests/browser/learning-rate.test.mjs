// Gradient descent against the flow (?view=learning-rate): the map over (λ, η) with the edge, a
// click that follows a cell below, the per-mode map for aligned weights, the export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useSession, assertClean, searchParams, downloadFrom } from '../support/browser.mjs';

const session = useSession();
const TIMEOUT = 180_000;
const drawn = (page) => page.evaluate(() => Number(document.body.dataset.learningRateRendered ?? 0));

test('the learning-rate map: gap, stability edge and catapults; a clicked cell is followed below; the per-mode map; the export', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${session.url}?view=learning-rate&init=aligned&lambda=1&lr=0.05`);
    await page.waitForFunction(() => Number(document.body.dataset.learningRateRendered ?? 0) >= 1, null, { timeout: 90_000 });
    const map = await page.evaluate(async () => {
      const { Chart } = await import('/js/charts/setup.js');
      const chart = Chart.getChart(document.querySelector('#view-learning-rate-content [data-chart="map"] canvas'));
      const [cells, edge, catapults] = chart.data.datasets;
      return { cells: cells.data.length, diverged: cells.data.filter((c) => c.diverged).length, edge: edge.label, edgePoints: edge.data.length,
        catapult: catapults.label, finite: cells.data.filter((c) => !c.diverged).every((c) => Number.isFinite(c.gap)) };
    });
    assert.equal(map.cells, 17 * 16);
    assert.ok(map.diverged > 0 && map.diverged < map.cells, 'some cells diverge, beyond the edge');
    assert.equal(map.edge, 'stability edge');
    assert.ok(map.edgePoints > 50);
    assert.ok(map.finite, 'every cell that did not diverge has its gap');
    assert.match(await page.textContent('#learning-rate-note'), /inside the stability edge/);
    assert.match(await page.textContent('#learning-rate-note'), /The per-mode map and the full simulation agree to \S+ of the initial loss/);

    // Click a cell: the settings take its λ and η, and the network below follows.
    const before = await drawn(page);
    const canvas = page.locator('#view-learning-rate-content [data-chart="map"] canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.7);
    await page.waitForFunction((n) => Number(document.body.dataset.learningRateRendered ?? 0) > n, before, { timeout: 90_000 });
    assert.notEqual(searchParams(page).get('lambda'), '1', 'λ taken from the cell');
    assert.notEqual(searchParams(page).get('lr'), '0.05', 'η taken from the cell');

    const csv = (await downloadFrom(page, '#export-csv')).text.split('\n').filter((l) => !l.startsWith('#'));
    assert.equal(csv[0], 'lambda,learning rate,edge learning rate,gap of W2W1 (Frobenius / ||Syx||),diverged,catapult,balance deviation at T');
    assert.ok(csv.some((l) => /^detail at lambda = .*loss \(exact\),loss \(simulation\),loss \(per-mode map\)$/.test(l)));
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('without aligned weights the page says there is no per-mode map', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${session.url}?view=learning-rate&lambda=0&lr=0.01`);
    await page.waitForFunction(() => Number(document.body.dataset.learningRateRendered ?? 0) >= 1, null, { timeout: 90_000 });
    assert.match(await page.textContent('#learning-rate-note'), /not aligned with the task, so the modes do not decouple/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
