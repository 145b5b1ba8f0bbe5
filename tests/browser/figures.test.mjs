// The paper's figures in the page: each opens from its URL (view=figure&figure=ID), draws every
// panel, shows the paper's caption and how it was made, and exports one PNG of the whole figure and
// a CSV of every plotted series; "Change the settings" opens its configuration in the explorable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, scrollThroughCharts, searchParams, saveArtifact, pngSize, useSession, assertClean, downloadFrom } from '../support/browser.mjs';
import { FIGURE_CATALOG } from '../../web/js/catalog.js';

const VIEWPORT = { width: 1280, height: 900 };
// Every figure of the catalog.
const FIGURES = FIGURE_CATALOG.map((f) => f.id);
const session = useSession();

async function openFigure(id, { viewport = VIEWPORT, embed = false } = {}) {
  const opened = await openPage(session, { viewport });
  await opened.page.goto(`${session.url}?view=figure&figure=${id}${embed ? '&embed=1' : ''}`);
  await opened.page.waitForFunction(() => Number(document.body.dataset.figureRendered ?? 0) >= 1, null, { timeout: 60_000 });
  return opened;
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

test('Figure 5’s CSV names the exact sweep exact and gradient descent simulation (the line style does not leak into the header), and B is at convergence', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('5');
  try {
    const csv = await downloadFrom(page, '#export-csv');
    const header = csv.bytes.toString('utf8').split('\n').find((line) => !line.startsWith('#'));
    for (const shape of ['Funnel 6–3–3', 'Square 3–3–3', 'Inverted funnel 3–3–6']) {
      assert.ok(header.includes(`: ${shape}, converged (t = 10000) (exact) value`), `the converged exact sweep of the ${shape} says exact`);
      assert.match(header, new RegExp(`: ${shape} at t = 20 \\(not converged at \\d+ of 41 λ\\) \\(exact\\) value`), `the exact sweep at T of the ${shape} says exact and not converged`);
      assert.ok(!header.includes(`${shape} (simulation)`), `the exact sweep of the ${shape} does not say simulation`);
    }
    for (const shape of ['Funnel', 'Square', 'Inverted funnel']) assert.match(header, new RegExp(`: ${shape}, gradient descent at t = 20 \\(not converged at \\d+ of 7 λ\\) \\(simulation\\) value`), `gradient descent on the ${shape} says simulation`);
    // Panel B is at convergence, and the page says what has not converged at t = 20.
    assert.match(await page.textContent('.figure-notes'), /Funnel: converged at every λ by t = 10000; at t = 20 not yet converged/);
    assert.match(await page.textContent('.figure-made'), /0\.61 converged/);
    assert.ok(!/\((exact|simulation)\) \((exact|simulation)\)/.test(header), 'each header names its source once');
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

// Issue 16, items 5–8: what a reader of the figures takes away is true.

// The drawn chart under a figure panel, read through the page's own Chart.js module.
async function chartOf(page, id) {
  return page.evaluate(async (chartId) => {
    const { Chart } = await import('/js/charts/setup.js');
    const chart = Chart.getChart(document.querySelector(`[data-chart="${chartId}"] canvas`));
    if (!chart) return null;
    return { yMin: chart.scales.y.min, yMax: chart.scales.y.max, title: document.querySelector(`[data-chart="${chartId}"] figcaption`)?.textContent ?? '',
      datasets: chart.data.datasets.map((d) => ({ label: d.label, color: d.borderColor, width: d.borderWidth, dash: d.borderDash ?? [], exact: Boolean(d.exact), order: d.order })) };
  }, id);
}

test('figure 4E: both sensitivity axes start at 0, and the page says the conversion assumes the authors fed X = I₈', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('4');
  try {
    // Panel E sits below the first screen: charts off screen are drawn when they come into view.
    await scrollThroughCharts(page);
    for (const id of ['sensitivity-input', 'sensitivity-parameter']) {
      const chart = await chartOf(page, id);
      assert.equal(chart.yMin, 0, `${id}: the y axis starts at 0`);
    }
    const input = await chartOf(page, 'sensitivity-input');
    assert.ok(input.yMax < 1, `the input axis is not stretched (${input.yMax})`);
    const made = await page.textContent('.figure-made');
    assert.match(made, /All of these conversions assume that the authors fed the items as X = I₈/);
    assert.match(made, /noise 0\.282843 = √8 × 0\.1 on the inputs and 0\.0594604 = 0\.1 \/ 8\^¼ on the weights/);
    assert.match(made, /the authors’ own λ-balanced weights default to σ = 1 per layer/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('figures 1B, 2 and 3 say that λ and −λ give the same curves, where they do; Figure 4 does not', { timeout: 180_000 }, async () => {
  for (const [id, chartId, title] of [['1b', 'outputs', /λ = ±1, ±2, ±3: the same curve/], ['2', 'row1-lambda2', /C\. λ = 2 \(loss, network function W₂W₁ and NTK: as for λ = −2\)/],
    ['3', 'lambda2', /the same curves as λ = −2/]]) {
    const { context, page, log } = await openFigure(id);
    try {
      assert.match(await page.textContent('.figure-notes'), /In this square network λ and −λ give the same/, `figure ${id}: the note`);
      assert.match((await chartOf(page, chartId)).title, title, `figure ${id}: on the chart`);
      if (id === '2') assert.match(await page.textContent('.figure-notes'), /W₁ᵀW₁ and W₂W₂ᵀ do differ between λ = −2 and 2/);
      await assertClean(page, log, session.origin);
    } finally {
      await context.close();
    }
  }
  const { context, page } = await openFigure('4');
  try {
    assert.doesNotMatch(await page.textContent('.figure-notes'), /λ and −λ give the same/);
  } finally {
    await context.close();
  }
});

test('the coloured simulation shows under the black dotted exact curve: wider, drawn first, never black', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('2');
  try {
    const chart = await chartOf(page, 'row2-lambda0');
    const sim = chart.datasets.filter((d) => !d.exact), exact = chart.datasets.filter((d) => d.exact);
    assert.equal(sim.length, 9);
    assert.equal(exact.length, 9);
    for (const d of exact) assert.ok(d.dash.length === 2 && d.dash[1] >= d.dash[0], `${d.label}: dotted with gaps as long as the dots`);
    const thickestExact = Math.max(...exact.map((d) => d.width));
    for (const d of sim) {
      assert.ok(d.width >= 2 * thickestExact, `${d.label}: ${d.width} px wide under ${thickestExact} px dots`);
      assert.notEqual(String(d.color).toLowerCase(), '#000000', `${d.label}: not black`);
      assert.ok(d.order > exact[0].order, 'drawn before (under) the exact curves');
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('figure 1C: the authors’ 40–120–200 network, and the text says what holds (entrywise, not spectrally)', { timeout: 90_000 }, async () => {
  const { context, page, log } = await openFigure('1c');
  try {
    const authors = await page.textContent('[data-chart="balance-authors"] figcaption');
    assert.match(authors, /The authors’ network 40–120–200: λ̂ = 0\.\d+ \(expected 0\.667\), spectral distance from λ̂I \d/);
    assert.match(await page.textContent('[data-chart="balance-5"] figcaption'), /not admissible.*120 zero eigenvalues/);
    const spectrum = await chartOf(page, 'spectrum');
    assert.ok(spectrum.datasets.some((d) => d.label === '40–120–200 eigenvalues'));
    const made = await page.textContent('.figure-made');
    assert.match(made, /What holds as the width grows is entrywise/);
    assert.match(made, /Its spectrum does not shrink/);
    assert.match(made, /So the weights are not λ-balanced in the infinite-width limit/);
    assert.match(made, /cell 9 of their notebook lecun_init_balanced\.ipynb/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the hierarchy and phase views explain what is true for the task on screen', { timeout: 90_000 }, async () => {
  const opened = await openPage(session, { viewport: VIEWPORT });
  try {
    await opened.page.goto(`${session.url}?view=hierarchy`);
    await opened.page.waitForSelector('#view-hierarchy-content .view-intro-text');
    const hierarchy = await opened.page.textContent('#view-hierarchy-content .view-intro-text');
    assert.match(hierarchy, /the default: 8 items, 8 hidden units, 15 outputs, an inverted funnel/);
    assert.match(hierarchy, /a positive λ is the richest/);
    await opened.page.goto(`${session.url}?view=phase`);
    await opened.page.waitForSelector('#view-phase-content .view-intro-text');
    const phase = await opened.page.textContent('#view-phase-content .view-intro-text');
    assert.match(phase, /what counts is \|λ\| compared with the task’s singular values s/);
    assert.match(phase, /yoonsoonam119\/linear_first, not this paper’s authors/);
    await assertClean(opened.page, opened.log, session.origin);
  } finally {
    await opened.context.close();
  }
});
