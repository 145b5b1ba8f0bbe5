// The experiment views opened from their URLs (not through the view switch): what each draws, read
// off the page (aria-labels, headings) and off the charts' data (Chart.getChart, through the page's
// own Chart.js module). The phase diagram's progress bar, its Cancel button and a click on a cell,
// which must open the single view on the same network with the same kernel distance. Every view in
// embed mode fits a 360 px wide frame. Screenshots go to test-results/experiments-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPage, canvasSummary, scrollThroughCharts, searchParams, saveArtifact, useSession, assertClean, downloadFrom,
} from '../support/browser.mjs';

const VIEWPORT = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const session = useSession();

// Runs in the page before its scripts: records every show/hide of a progress bar.
function recordProgressBars() {
  window.__progress = [];
  new MutationObserver((records) => {
    for (const r of records) if (r.target.classList?.contains('progress')) window.__progress.push(r.target.dataset.shown === 'true' ? 'shown' : 'hidden');
  }).observe(document, { attributes: true, attributeFilter: ['data-shown'], subtree: true });
}

// Opens `query` in a fresh page and waits until body[data-<counter>] ≥ 1 and nothing is busy.
async function openView(query, counter, { viewport = VIEWPORT } = {}) {
  const opened = await openPage(session, { viewport });
  await opened.page.addInitScript(recordProgressBars);
  await opened.page.goto(`${session.url}${query}`);
  await waitForCounter(opened.page, counter, 1);
  return opened;
}

async function waitForCounter(page, counter, count, timeout = 30_000) {
  await page.waitForFunction(([name, n]) => Number(document.body.dataset[name] ?? 0) >= n && !document.querySelector('.view-status[data-busy="true"]'),
    [counter, count], { timeout });
}

// The datasets of the chart on the canvas under `selector`: label, flags and points, read through
// the page's own Chart.js module (the same module instance as the app's, so getChart finds it).
async function chartData(page, selector) {
  return page.evaluate(async (sel) => {
    const { Chart } = await import('/js/charts/setup.js');
    const chart = Chart.getChart(document.querySelector(sel));
    if (!chart) return null;
    return {
      datasets: chart.data.datasets.map((d) => ({ label: d.label, exact: Boolean(d.exact), showLine: d.showLine, pointRadius: d.pointRadius,
        data: d.data.map((p) => ({ ...p })) })),
      legend: chart.legend?.legendItems?.map((item) => item.text) ?? [],
      bands: chart.options.plugins.phaseBands?.bands ?? null,
      x: { min: chart.options.scales.x.min, max: chart.options.scales.x.max },
    };
  }, selector);
}

const chartOf = (name) => `[data-chart="${name}"] canvas`;

// Checks that nothing went wrong in the page, saves a full-page screenshot and closes it.
async function finish({ context, page, log }, screenshot) {
  try {
    await scrollThroughCharts(page);
    if (screenshot) saveArtifact(`experiments-${screenshot}.png`, await page.screenshot({ fullPage: true }));
    await assertClean(page, log, session.origin);
    const errors = await page.$$eval('.notice-error', (items) => items.map((li) => li.textContent));
    assert.deepEqual(errors, [], 'no error notice');
  } finally {
    await context.close();
  }
}

test('hierarchy from its URL: the task heatmaps, one learned column per λ, sensitivity line and Monte Carlo points', { timeout: 60_000 }, async () => {
  const opened = await openView('?view=hierarchy&depth=2&T=100&lambda=1', 'hierarchyRendered');
  const { page } = opened;
  try {
    await scrollThroughCharts(page);
    for (const key of ['u', 's', 'v', 'inputRsm', 'outputRsm']) {
      const summary = await canvasSummary(page, chartOf(`task-${key}`));
      assert.ok(summary.colored > 100, `task heatmap ${key} is drawn (${summary.colored} coloured pixels)`);
    }
    const heads = await page.$$eval('#panel-hierarchy-learned .multiples-head', (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(heads, ['λ = 1 (chosen)', 'λ = -2', 'λ = 0', 'λ = 2', 'random large weights (Gaussian, σ = 1; not balanced)'],
      'the chosen λ, the compared λ and random large weights');
    // Four rows of heatmaps per column, but no theory rows for the unbalanced weights: a note instead.
    assert.equal(await page.locator('#panel-hierarchy-learned canvas').count(), 4 * heads.length - 2);
    assert.equal(await page.locator('#panel-hierarchy-learned .multiples-note').count(), 2);
    const learned = await canvasSummary(page, '#panel-hierarchy-learned [data-chart="inputRepresentation-exact-0"] canvas');
    assert.ok(learned.colored > 100, `a learned representation is drawn (${learned.colored})`);

    for (const kind of ['input', 'parameter']) {
      const { datasets } = await chartData(page, chartOf(`sensitivity-${kind}`));
      // The λ not converged by T are datasets of their own (dashed line, hollow points): the curve is both.
      const byLabel = (pattern) => datasets.filter((d) => pattern.test(d.label));
      const [line] = byLabel(/^closed form \(theory\)$/);
      const [points] = byLabel(/^Monte Carlo \(simulation\)$/);
      assert.ok(line && points, datasets.map((d) => d.label).join(', '));
      assert.equal(line.data.length, 41, `${kind}: the closed form is a curve over λ`);
      assert.equal(line.pointRadius, 0);
      assert.equal(points.showLine, false, `${kind}: Monte Carlo estimates are points`);
      const closedForm = new Map(byLabel(/^closed form/).flatMap((d) => d.data).filter((p) => Number.isFinite(p.y)).map((p) => [p.x, p.y]));
      const estimates = byLabel(/^Monte Carlo/).flatMap((d) => d.data);
      assert.equal(estimates.length, 9);
      assert.equal(closedForm.size, 41);
      assert.deepEqual([line.data[0].x, line.data.at(-1).x], [-6, 6]);
      for (const p of estimates) {
        const theory = closedForm.get(p.x);
        assert.ok(Math.abs(p.y - theory) < 0.1 * theory, `${kind}: Monte Carlo ${p.y} near the closed form ${theory} at λ = ${p.x}`);
      }
      const ys = [...closedForm].sort((a, b) => a[0] - b[0]).map(([, y]) => y);
      if (kind === 'parameter') assert.ok(ys[0] > ys[20] && ys[40] > ys[20], `parameter-noise sensitivity grows with |λ| (${ys[0]}, ${ys[20]}, ${ys[40]})`);
    }
  } finally {
    await finish(opened, 'hierarchy');
  }
});

test('architectures from its URL: three schematics of the shapes, sweeps over each shape’s admissible λ', { timeout: 60_000 }, async () => {
  const opened = await openView('?view=architectures&shapes=4-3-2,3-3-3,2-3-4', 'architecturesRendered');
  const { page } = opened;
  try {
    const labels = await page.$$eval('#view-architectures-content svg.schematic', (nodes) => nodes.map((n) => n.getAttribute('aria-label')));
    assert.deepEqual(labels, ['4 inputs, 3 hidden units, 2 outputs', '3 inputs, 3 hidden units, 3 outputs', '2 inputs, 3 hidden units, 4 outputs']);
    const inputs = await page.$$eval('#view-architectures-content input[id^="architecture-shape-"]', (nodes) => nodes.map((n) => n.value));
    assert.deepEqual(inputs, ['4-3-2', '3-3-3', '2-3-4']);

    const { datasets } = await chartData(page, chartOf('kernel-distance-vs-lambda'));
    assert.deepEqual(datasets.map((d) => d.label.replace(/ \(.*\)$/, '')),
      ['Funnel 4–3–2, converged', 'Funnel 4–3–2 at t = 20', 'Funnel, gradient descent at t = 20', 'Square 3–3–3, converged', 'Square 3–3–3 at t = 20',
        'Square, gradient descent at t = 20', 'Inverted funnel 2–3–4, converged', 'Inverted funnel 2–3–4 at t = 20', 'Inverted funnel, gradient descent at t = 20']);
    const xs = (d) => d.data.map((p) => p.x);
    const [funnel, , funnelSim, square, , , inverted, , invertedSim] = datasets;
    assert.ok([...xs(funnel), ...xs(funnelSim)].every((x) => x <= 0), `4-3-2 is swept over λ ≤ 0 only (${Math.min(...xs(funnel))} … ${Math.max(...xs(funnel))})`);
    assert.ok([...xs(inverted), ...xs(invertedSim)].every((x) => x >= 0), `2-3-4 is swept over λ ≥ 0 only (${Math.min(...xs(inverted))} … ${Math.max(...xs(inverted))})`);
    assert.deepEqual([Math.min(...xs(square)), Math.max(...xs(square))], [-6, 6]);
    assert.equal(funnel.data.length, 41);
    for (const d of datasets) assert.ok(d.data.every((p) => Number.isFinite(p.y) && p.y >= 0 && p.y <= 1), `${d.label}: kernel distances in [0, 1]`);

    // Over training: only the compared λ that each shape admits.
    const curveLabels = async (s) => (await chartData(page, chartOf(`kernel-distance-${s}`))).datasets.filter((d) => !d.exact).map((d) => d.label);
    assert.deepEqual(await curveLabels(0), ['λ = -2', 'λ = 0']);
    assert.deepEqual(await curveLabels(1), ['λ = -2', 'λ = 0', 'λ = 2']);
    assert.deepEqual(await curveLabels(2), ['λ = 0', 'λ = 2']);
  } finally {
    await finish(opened, 'architectures');
  }
});

test('architectures: the sweep shows the kernel distance at convergence (funnel 0.61 at λ = −6), marks what has not converged at T, and the CSV says so', { timeout: 90_000 }, async () => {
  const opened = await openView('?view=architectures', 'architecturesRendered');
  const { page } = opened;
  try {
    const { datasets } = await chartData(page, chartOf('kernel-distance-vs-lambda'));
    const at = (label, lambda) => datasets.find((d) => d.label.startsWith(label)).data.find((p) => p.x === lambda).y;
    assert.ok(Math.abs(at('Funnel 6–3–3, converged', -6) - 0.61) < 0.005, `funnel converged at λ = −6: ${at('Funnel 6–3–3, converged', -6)}`);
    assert.ok(Math.abs(at('Inverted funnel 3–3–6, converged', 6) - 0.55) < 0.005, `inverted funnel converged at λ = 6: ${at('Inverted funnel 3–3–6, converged', 6)}`);
    assert.ok(Math.abs(at('Funnel 6–3–3 at t = 20', -6) - 0.20) < 0.005, 'the value at T = 20 is still drawn, dashed');
    assert.match(datasets.find((d) => d.label.startsWith('Funnel 6–3–3 at t = 20')).label, /\([1-9]\d* of 41 not converged\)/);
    assert.match(await page.textContent('#architectures-convergence'), /Funnel: converged at every λ by t = 10000; at t = 20 not yet converged/);
    const lines = (await downloadFrom(page, '#export-csv')).text.split('\n').filter((l) => l && !l.startsWith('#'));
    assert.equal(lines[0], 'shape,lambda,trajectory,t,kernel distance,converged (loss gap <= 1e-8),loss gap');
    const row = (start) => lines.find((l) => l.startsWith(start))?.split(',');
    const converged = row('Funnel 6-3-3,-6,exact,10000,'), atT = row('Funnel 6-3-3,-6,exact,20,');
    assert.ok(converged && converged[5] === 'true' && Math.abs(Number(converged[4]) - 0.61) < 0.005, `converged row: ${converged}`);
    assert.ok(atT && atT[5] === 'false' && Number(atT[6]) > 0.1, `the row at T = 20 is marked not converged, with its gap: ${atT}`);
  } finally {
    await finish(opened, 'architectures');
  }
});

test('phase diagram from its URL: the grid of cells, the progress bar, Cancel, and a cell opening the single view', { timeout: 60_000 }, async () => {
  const opened = await openView('?view=phase&grid=8', 'phaseRendered');
  const { page } = opened;
  try {
    // A grid this small is done before the progress bar would appear (after 300 ms): it never shows.
    // (Only when it was quick here: a loaded machine may take longer, and then the bar is right to show.)
    const progress = await page.evaluate(() => window.__progress);
    const seconds = Number(await page.evaluate(() => document.body.dataset.phaseSeconds));
    if (seconds < 0.25) assert.ok(!progress.includes('shown'), `no progress bar for a quick job (${progress}, ${seconds} s)`);
    assert.equal(await page.locator('#view-phase-content .progress').isHidden(), true, 'and is hidden once done');
    const { datasets: [cells] } = await chartData(page, '#view-phase-content canvas');
    const lambdas = [...new Set(cells.data.map((c) => c.lambda))], sigmas = [...new Set(cells.data.map((c) => c.sigma))];
    assert.deepEqual([lambdas.length, sigmas.length], [9, 8], 'a 9 × 8 grid (one more column, for λ = 0)');
    assert.equal(cells.data.length, 72);
    assert.ok(lambdas.includes(0));
    assert.ok(cells.data.every((c) => Number.isFinite(c.kd) && Number.isFinite(c.loss)));
    await scrollThroughCharts(page);
    const diagram = await canvasSummary(page, '#view-phase-content canvas');
    assert.ok(diagram.colored > 5000, `the cells are drawn (${diagram.colored})`);

    // Click the cell at λ = -3 and the fourth σ: the single view opens on it.
    const index = cells.data.findIndex((c) => c.lambda === -3 && c.r === 3);
    const cell = cells.data[index];
    const canvas = page.locator('#view-phase-content canvas');
    await canvas.scrollIntoViewIfNeeded();
    const point = await page.evaluate(async (i) => {
      const { Chart } = await import('/js/charts/setup.js');
      const element = Chart.getChart(document.querySelector('#view-phase-content canvas')).getDatasetMeta(0).data[i];
      return element.getCenterPoint(); // a matrix element's x, y is its top-left corner
    }, index);
    const box = await canvas.boundingBox();
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await waitForCounter(page, 'rendered', 1);
    const params = searchParams(page);
    assert.equal(params.get('view'), 'single');
    assert.equal(Number(params.get('lambda')), cell.lambda);
    assert.equal(Number(params.get('sigma')), cell.sigma);
    await page.locator(chartOf('kernel-distance')).scrollIntoViewIfNeeded();
    const single = await chartData(page, chartOf('kernel-distance'));
    const exact = single.datasets.find((d) => d.exact).data.at(-1);
    assert.equal(exact.x, Number(params.get('T')));
    assert.ok(Math.abs(exact.y - cell.kd) <= 1e-10 * Math.abs(cell.kd), `the single view's exact kernel distance at T ${exact.y} equals the cell's ${cell.kd}`);
    saveArtifact('experiments-phase-opened-cell.png', await page.screenshot());
  } finally {
    await finish(opened, null);
  }
  // A fresh page for the phase diagram's screenshot (the one above has moved on to the single view).
  const again = await openView('?view=phase&grid=8', 'phaseRendered');
  await finish(again, 'phase');
});

test('phase diagram: Cancel stops a large grid mid-way and leaves nothing half drawn', { timeout: 60_000 }, async () => {
  const opened = await openPage(session, { viewport: VIEWPORT });
  const { page } = opened;
  try {
    await page.goto(`${session.url}?view=phase&grid=100`);
    await page.waitForFunction(() => Number(document.querySelector('#phase-progress')?.value) > 0, null, { timeout: 30_000 });
    const label = await page.textContent('#view-phase-content .progress-label');
    assert.match(label, /^Solving cells: \d+ of 10100$/);
    await page.click('#phase-cancel');
    await page.waitForFunction(() => !document.querySelector('.view-status[data-busy="true"]'), null, { timeout: 10_000 });
    const at = await page.evaluate(() => ({ value: document.querySelector('#phase-progress').value, max: document.querySelector('#phase-progress').max }));
    assert.ok(at.value > 0 && at.value < at.max, `cancelled mid-way (${at.value} of ${at.max})`);
    assert.equal(await page.textContent('#phase-status'), 'Phase diagram cancelled.');
    assert.equal(await page.locator('#view-phase-content .progress').isHidden(), true);
    await page.waitForTimeout(500); // nothing arrives late
    assert.equal(await page.evaluate(() => document.body.dataset.phaseRendered), undefined, 'no diagram was drawn');
    assert.equal((await chartData(page, '#view-phase-content canvas')).datasets[0].data.length, 0);
  } finally {
    await finish(opened, null);
  }
});

const SEQUENCES = [
  { query: 'scenario=reversal', name: 'reversal', phases: 2, curves: ['task A', 'reversed A'], bands: ['task A', 'reversed A'], summaries: 2 },
  { query: 'scenario=continual&ntasks=3', name: 'continual', phases: 4, curves: ['task A', 'task B', 'task C'], bands: ['task A', 'task B', 'task C', 'A again'], summaries: 3 },
  { query: 'scenario=transfer&similarity=0.8', name: 'transfer', phases: 2, curves: ['task A (pretraining)', 'task B (ρ = 0.8)'], bands: ['task A (pretraining)', 'task B (ρ = 0.8)'], summaries: 3 },
];

for (const scenario of SEQUENCES) {
  test(`sequences from its URL, ${scenario.name}: a timeline per λ, switches at multiples of the phase time, tasks in the legend`, { timeout: 60_000 }, async () => {
    const opened = await openView(`?view=sequences&${scenario.query}&phaseT=8`, 'sequencesRendered');
    const { page } = opened;
    try {
      await scrollThroughCharts(page);
      const figures = page.locator('#panel-sequences-timelines figure.sequence-figure:not([hidden])');
      assert.equal(await figures.count(), 3, 'one timeline per compared λ (-2, 0, 2)');
      const captions = await figures.locator('figcaption').allTextContents();
      assert.deepEqual(captions, [-2, 0, 2].map((l) => `λ = ${l}`)); // the card title says what they show
      for (let j = 0; j < 3; j++) {
        const data = await chartData(page, chartOf(`timeline-${j}`));
        assert.deepEqual(data.bands.map((b) => b.start), Array.from({ length: scenario.phases }, (_, k) => 8 * k), 'switches at multiples of the phase time');
        assert.deepEqual(data.bands.map((b) => b.label), scenario.bands);
        assert.deepEqual(data.x, { min: 0, max: 8 * scenario.phases });
        assert.deepEqual(data.datasets.filter((d) => !d.exact).map((d) => d.label), scenario.curves);
        assert.deepEqual(data.datasets.filter((d) => d.exact).map((d) => d.label), scenario.curves.map((c) => `${c} (exact)`));
        assert.deepEqual(data.legend, scenario.curves, 'the legend names the tasks');
        assert.equal(data.datasets[0].data.at(-1).x, 8 * scenario.phases);
        const drawn = await canvasSummary(page, chartOf(`timeline-${j}`));
        assert.ok(drawn.colored > 500, `timeline ${j} is drawn (${drawn.colored})`);
      }
      assert.equal(await page.locator('#panel-sequences-summary figure:not([hidden])').count(), scenario.summaries);
    } finally {
      await finish(opened, `sequences-${scenario.name}`);
    }
  });
}

test('every experiment view in embed mode fits a 360 px frame', { timeout: 60_000 }, async () => {
  const views = [
    ['hierarchy', '?view=hierarchy&depth=2&T=50&samples=200', 'hierarchyRendered'],
    ['architectures', '?view=architectures', 'architecturesRendered'],
    ['phase', '?view=phase&grid=12', 'phaseRendered'],
    ['sequences', '?view=sequences&scenario=transfer', 'sequencesRendered'],
  ];
  for (const [name, query, counter] of views) {
    const opened = await openView(`${query}&embed=1`, counter, { viewport: PHONE });
    try {
      await scrollThroughCharts(opened.page);
      const overflow = await opened.page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')].filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className?.baseVal ?? e.className} (${Math.round(e.getBoundingClientRect().right)})`);
        return { width, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 5) };
      });
      assert.ok(overflow.scrollWidth <= overflow.width, `${name}: no horizontal overflow at 360 px (${overflow.scrollWidth} > ${overflow.width}: ${overflow.wide.join(', ')})`);
      assert.ok(await opened.page.evaluate(() => document.body.classList.contains('embed')));
    } finally {
      await finish(opened, `${name}-embed-360`);
    }
  }
});
