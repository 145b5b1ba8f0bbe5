// The time to converge, against λ, in the architectures view and Figure 5 (panel D): drawn for each
// shape, far longer on the rich side, and exported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useSession, assertClean, downloadFrom } from '../support/browser.mjs';

const session = useSession();
const TIMEOUT = 180_000;

async function chartPoints(page, selector) {
  return page.evaluate(async (sel) => {
    const { Chart } = await import('/js/charts/setup.js');
    return Chart.getChart(document.querySelector(sel)).data.datasets.map((d) => ({ label: d.label, points: d.data.map((p) => [p.x, p.y]) }));
  }, selector);
}

test('architectures: the time to converge against λ, per shape, much longer on the rich side, and in the CSV', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${session.url}?view=architectures`);
    await page.waitForFunction(() => Number(document.body.dataset.architecturesRendered ?? 0) >= 1, null, { timeout: 120_000 });
    const curves = await chartPoints(page, '#view-architectures-content [data-chart="time-to-converge"] canvas');
    assert.deepEqual(curves.map((c) => c.label), ['Funnel 6–3–3', 'Square 3–3–3', 'Inverted funnel 3–3–6']);
    const at = (curve, lambda) => curve.points.find(([x]) => x === lambda)[1];
    assert.ok(at(curves[0], -6) > 100 * at(curves[0], 6), 'the funnel takes far longer at λ = −6 (rich) than at λ = 6');
    assert.ok(at(curves[2], 6) > 100 * at(curves[2], -6), 'the inverted funnel the reverse');
    assert.ok(Math.abs(at(curves[1], 4.2) - at(curves[1], -4.2)) < 1e-3 * at(curves[1], 4.2), 'the square network is the same at ±λ');
    const csv = (await downloadFrom(page, '#export-csv')).text;
    assert.match(csv, /\nshape,lambda,time to converge \(exact; loss gap <= 1e-8; Infinity: not by t = 10000\)\n/);
    assert.match(csv, /\nFunnel 6-3-3,-6,\d+(\.\d+)?\n/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('Figure 5 has a panel D: the time to converge against λ', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${session.url}?view=figure&figure=5`);
    await page.waitForFunction(() => Number(document.body.dataset.figureRendered ?? 0) >= 1, null, { timeout: 120_000 });
    const curves = await chartPoints(page, '#view-figure-content [data-chart="convergence-time"] canvas');
    assert.equal(curves.length, 3);
    assert.ok(curves.every((c) => c.points.length === 41 && c.points.every(([, y]) => y > 0 && Number.isFinite(y))));
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
