// The figures that are not in the paper but come from its authors' experiments (issue 16, item 11):
// each opens from its URL, draws, says it is not the paper's, marks whether it has converged, and
// exports a PNG and a CSV whose headers say what each column is; "Change the settings" opens it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, scrollThroughCharts, searchParams, pngSize, useSession, assertClean, downloadFrom } from '../support/browser.mjs';

const VIEWPORT = { width: 1280, height: 900 };
const session = useSession();

async function openFigure(id, { viewport = VIEWPORT, embed = false } = {}) {
  const opened = await openPage(session, { viewport });
  await opened.page.goto(`${session.url}?view=figure&figure=${id}${embed ? '&embed=1' : ''}`);
  await opened.page.waitForFunction(() => Number(document.body.dataset.figureRendered ?? 0) >= 1, null, { timeout: 60_000 });
  return opened;
}


// The drawn chart under a figure panel, read through the page's own Chart.js module.
async function chartOf(page, id) {
  return page.evaluate(async (chartId) => {
    const { Chart } = await import('/js/charts/setup.js');
    const chart = Chart.getChart(document.querySelector(`[data-chart="${chartId}"] canvas`));
    return chart && { yMin: chart.scales.y.min, yMax: chart.scales.y.max, title: document.querySelector(`[data-chart="${chartId}"] figcaption`)?.textContent ?? '',
      datasets: chart.data.datasets.map((d) => ({ label: d.label, n: d.data.length, exact: Boolean(d.exact), reference: Boolean(d.reference), ys: d.data.map((p) => p.y) })) };
  }, id);
}

test('task specificity: the converged scores against λ with their closed form, the identity’s score for scale, and the effective rank', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('specificity');
  try {
    assert.equal(await page.textContent('#panel-figure-panels h2'), 'Task specificity of the representations against λ');
    assert.equal(await page.locator('.figure-caption-label').first().textContent(), 'Caption (this figure is not in the paper):');
    assert.match(await page.textContent('.figure-notes'), /^Converged: at t = 1000 the loss is within 1\.0e-12 of the lowest possible loss for every λ/);
    assert.match(await page.textContent('.figure-made'), /illustrative_example\.ipynb/);
    await scrollThroughCharts(page, '#view-figure-content');
    const score = await chartOf(page, 'specificity');
    assert.match(score.title, /black dotted: closed form; grey: the identity’s score/);
    const points = score.datasets.filter((d) => !d.exact);
    assert.deepEqual(points.map((d) => d.n), [49, 49], 'W₁ᵀW₁ and W₂W₂ᵀ at 49 λ');
    assert.equal(score.datasets.filter((d) => d.exact && !d.reference).length, 2, 'two closed-form curves');
    const identity = score.datasets.find((d) => d.reference);
    assert.match(identity.label, /the identity \(task-agnostic\): 0\.957/);
    // Every score lies between the identity's and 1, on the drawn scale.
    for (const d of points) for (const y of d.ys) assert.ok(y >= identity.ys[0] - 1e-9 && y <= 1 + 1e-12 && y >= score.yMin && y <= score.yMax, `${d.label}: ${y}`);
    const rank = await chartOf(page, 'rank');
    assert.equal(rank.yMin, 0, 'the rank axis starts at 0');
    const png = await downloadFrom(page, '#figure-png');
    assert.match(png.name, /^lazy-to-rich_figure_specificity\.png$/);
    assert.ok(pngSize(png.bytes).width > 1000);
    const csv = (await downloadFrom(page, '#export-csv')).text.split('\n');
    const header = csv.find((line) => !line.startsWith('#'));
    for (const wanted of ['task specificity: W₁ᵀW₁ (input side), exact flow at t = 1000 (exact) value', 'task specificity: W₁ᵀW₁, closed form (converged) (exact) value',
      'effective rank: W₂W₁, exact flow at t = 1000 (exact) value']) assert.ok(header.includes(wanted), `the CSV has "${wanted}"`);
    assert.ok(!header.includes('simulation'), 'nothing here is gradient descent, and no header says so');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('task specificity: "Change the settings" opens the authors’ hierarchy task in the hierarchy view', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('specificity');
  try {
    await page.click('#figure-change');
    await page.waitForFunction(() => Number(document.body.dataset.hierarchyRendered ?? 0) >= 1, null, { timeout: 60_000 });
    const params = searchParams(page);
    assert.equal(params.get('view'), 'hierarchy');
    assert.equal(params.get('features'), 'contrasts');
    assert.equal(params.get('T'), '1000');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('task specificity embeds alone at 800 px', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('specificity', { viewport: { width: 800, height: 720 }, embed: true });
  try {
    const top = await page.$eval('.figure-grid', (g) => g.getBoundingClientRect().top);
    assert.ok(top < 400, `the figure starts near the top (${top} px)`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('phase diagram: the converged kernel distance over (λ, σ) with its rows, a PNG, a CSV of every cell, and its settings in the phase view', { timeout: 120_000 }, async () => {
  const { context, page, log } = await openFigure('phase');
  try {
    assert.equal(await page.locator('.figure-caption-label').first().textContent(), 'Caption (this figure is not in the paper):');
    assert.match(await page.textContent('.figure-notes'), /^Converged: at T = 100 every cell’s loss is within 1\.0e-9 of the lowest possible loss/);
    assert.match(await page.textContent('.figure-made'), /“large σ is lazy” does not hold here/);
    await scrollThroughCharts(page, '#view-figure-content');
    const cells = await page.evaluate(async () => {
      const { Chart } = await import('/js/charts/setup.js');
      return Chart.getChart(document.querySelector('[data-chart="diagram"] canvas')).data.datasets[0].data.length;
    });
    assert.equal(cells, 41 * 40, 'every cell drawn');
    const slices = await chartOf(page, 'slices');
    assert.equal(slices.yMin, 0, 'the rows on one scale from 0');
    assert.deepEqual(slices.datasets.map((d) => d.label), ['σ = 0.001', 'σ = 0.113', 'σ = 10']);
    const png = await downloadFrom(page, '#figure-png');
    assert.ok(pngSize(png.bytes).width > 1000, 'a PNG of the whole figure');
    const csv = (await downloadFrom(page, '#export-csv')).text.split('\n');
    const header = csv.find((line) => !line.startsWith('#'));
    assert.ok(header.includes('kernel distance S(T): σ of the cell') && header.includes('kernel distance S(T) (exact) value'), header.slice(0, 300));
    assert.ok(csv.filter((line) => line && !line.startsWith('#')).length >= 41 * 40 + 1, 'a row per cell');
    await page.click('#figure-change');
    await page.waitForFunction(() => Number(document.body.dataset.phaseRendered ?? 0) >= 1, null, { timeout: 60_000 });
    assert.equal(searchParams(page).get('view'), 'phase');
    assert.equal(searchParams(page).get('T'), '100');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('fine-tuning: the loss on the changed hierarchy over fine-tuning, the time to fit it and the zero-shot loss against λ, with what transfers said', { timeout: 120_000 }, async () => {
  const { context, page, log } = await openFigure('transfer');
  try {
    assert.equal(await page.locator('.figure-caption-label').first().textContent(), 'Caption (this figure is not in the paper):');
    assert.match(await page.textContent('.figure-made'), /the zero-shot loss is 0\.5 for every λ/);
    assert.match(await page.textContent('.figure-notes'), /Pretraining converged/);
    assert.match(await page.textContent('.figure-notes'), /stable manifold of a saddle/);
    await scrollThroughCharts(page, '#view-figure-content');
    const curves = await chartOf(page, 'finetune');
    assert.equal(curves.datasets.filter((d) => d.exact).length, 5, 'an exact curve per λ');
    assert.equal(curves.datasets.filter((d) => !d.exact).length, 5, 'a simulated curve per λ');
    const fit = await chartOf(page, 'fit-time');
    assert.match(fit.title, /λ = 0: never/);
    assert.deepEqual(fit.datasets.map((d) => d.label), ['exact solution, λ < 0', 'exact solution, λ > 0', 'gradient descent']);
    const zero = await chartOf(page, 'zero-shot');
    assert.equal(zero.yMin, 0, 'the zero-shot axis starts at 0: a flat line reads as flat');
    const csv = (await downloadFrom(page, '#export-csv')).text.split('\n');
    const header = csv.find((line) => !line.startsWith('#'));
    for (const wanted of ['loss on B: λ = 2 (simulation) value', 'loss on B: λ = 2 (exact) value', 'time to fit B: gradient descent (simulation) value', 'time to fit B: exact solution, λ > 0 (exact) value']) {
      assert.ok(header.includes(wanted), `the CSV has "${wanted}"`);
    }
    const png = await downloadFrom(page, '#figure-png');
    assert.ok(pngSize(png.bytes).width > 1000);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
