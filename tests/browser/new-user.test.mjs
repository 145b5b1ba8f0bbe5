// A new user's trial of the page (fix-page): each test performs a flow that went wrong for them. A
// diverged simulation stretched the y axes to its blow-up; the (a₁, a₂) plane of "One mode up close"
// was drawn 540 × 100 px for equal ranges, and its phase line had two legend entries "λ = 0"; the
// Embed dialog of Compare λ promised a λ slider; screen readers heard a log slider's position and the
// time cursor's index; "Sweep λ" left its λ in place of the user's; CSV during a computation said
// there was nothing to download; the time-axis control said "linear" for timeAxis=auto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loadView, waitForIdle, searchParams, setSlider, useSession, assertClean, downloadFrom, LAMBDA_NUMBER, LAMBDA_SLIDER } from '../support/browser.mjs';

const TIMEOUT = 120_000;
const VIEWPORT = { width: 1280, height: 900 };
const session = useSession();

async function waitForCounter(page, counter, count = 1) {
  await page.waitForFunction(([name, n]) => Number(document.body.dataset[name] ?? 0) >= n && !document.querySelector('.view-status[data-busy="true"]'),
    [counter, count], { timeout: 90_000 });
}

// What the page's Chart.js chart in figure[data-chart=name] (under `root`) draws: its y range, the
// largest exact and simulated values, where a simulation leaves the chart and its chart area.
async function chartOf(page, root, name) {
  await page.locator(`${root} [data-chart="${name}"] canvas`).scrollIntoViewIfNeeded();
  return page.evaluate(async ([rootSel, chartName]) => {
    const { Chart } = await import('/js/charts/setup.js');
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const chart = Chart.getChart(document.querySelector(`${rootSel} [data-chart="${chartName}"] canvas`));
    const largest = (exact) => Math.max(...chart.data.datasets.filter((d) => Boolean(d.exact) === exact && d.curve !== undefined)
      .flatMap((d) => d.data.map((p) => p.y)).filter(Number.isFinite));
    const { x, y } = chart.scales;
    return { yMin: y.min, yMax: y.max, exactMax: largest(true), simulationMax: largest(false), leavesAt: chart.$leavesAt ?? null,
      divergedAt: chart.options.plugins.divergence?.time ?? null, area: { width: chart.chartArea.width, height: chart.chartArea.height },
      unitsPerPixel: [(x.max - x.min) / x.width, (y.max - y.min) / y.height], legend: chart.legend?.legendItems?.map((item) => item.text) ?? [] };
  }, [root, name]);
}

test('a diverged simulation (σ = 10, η = 0.1) does not stretch the y axes: they are the exact curves’, a marker shows where it leaves the chart (Explore and Compare)', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page, '?sigma=10&lr=0.1');
    await waitForIdle(page, 1);
    assert.match(await page.textContent('#view-single-content .view-notices'), /Gradient descent diverged at t = .*the y axes are scaled to the exact curves \(a triangle marks where the simulation leaves a chart\)/);
    for (const name of ['loss', 'singular-values', 'outputs']) {
      const c = await chartOf(page, '#view-single-content', name);
      assert.ok(c.simulationMax > 1e6 * c.exactMax, `${name}: the simulation blows up (${c.simulationMax} against ${c.exactMax})`);
      assert.ok(c.yMax >= c.exactMax && c.yMax < 3 * c.exactMax, `${name}: the y axis ends at ${c.yMax}, by the exact curves’ ${c.exactMax}`);
      assert.ok(c.leavesAt > 0 && c.leavesAt <= c.divergedAt, `${name}: the simulation leaves the chart at t = ${c.leavesAt} (diverged at ${c.divergedAt})`);
    }
    // Compare λ, each chart on its own scale (a shared row already left diverged runs out).
    await page.goto(`${session.url}?view=compare&sigma=10&lr=0.1&lambdas=0,1&yScale=own`);
    await waitForCounter(page, 'compareRendered');
    assert.match(await page.textContent('#view-compare-content .view-notices'), /a triangle marks where one leaves a chart scaled to the exact curves/);
    const name = await page.evaluate(() => document.querySelector('#view-compare-content [data-chart^="loss_"]').dataset.chart);
    const c = await chartOf(page, '#view-compare-content', name);
    assert.ok(c.simulationMax > 1e6 * c.exactMax && c.yMax < 3 * c.exactMax, `Compare ${name}: y axis to ${c.yMax}, exact ${c.exactMax}, simulation ${c.simulationMax}`);
    assert.ok(c.leavesAt > 0, `Compare ${name}: the marker (t = ${c.leavesAt})`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('One mode up close: the (a₁, a₂) plane has a square chart area with equal units; the phase line names its curves apart', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.goto(`${session.url}?view=mode`);
    await waitForCounter(page, 'modeRendered');
    await page.locator('[data-chart="plane"] canvas').scrollIntoViewIfNeeded();
    // The square is made by one more layout, after the first.
    await page.waitForFunction(async () => {
      const { Chart } = await import('/js/charts/setup.js');
      const { width, height } = Chart.getChart(document.querySelector('[data-chart="plane"] canvas')).chartArea;
      return Math.abs(width - height) <= 1;
    }, null, { timeout: 10_000 });
    const plane = await chartOf(page, '#view-mode-content', 'plane');
    assert.ok(plane.area.width >= 250, `a plane large enough to read (${plane.area.width} px)`);
    assert.ok(Math.abs(plane.unitsPerPixel[0] / plane.unitsPerPixel[1] - 1) < 0.01, `equal units: ${plane.unitsPerPixel}`);
    const atZero = await chartOf(page, '#view-mode-content', 'phase-line');
    const curves = atZero.legend.filter((text) => text.startsWith('λ'));
    assert.deepEqual(curves, ['λ = 0'], 'at λ = 0 one curve, once in the legend');
    await page.goto(`${session.url}?view=mode&lambda=2`);
    await waitForCounter(page, 'modeRendered');
    const atTwo = await chartOf(page, '#view-mode-content', 'phase-line');
    assert.deepEqual(atTwo.legend.filter((text) => text.startsWith('λ')), ['λ = 2', 'λ = 0 (for comparison)']);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the Embed dialog says what the frame of each view shows: no λ slider for Compare λ (its embed has none), the λ slider for Explore λ', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    for (const [view, counter, slider] of [['compare', 'compareRendered', false], ['single', 'rendered', true]]) {
      await page.goto(`${session.url}?view=${view}`);
      await waitForCounter(page, counter);
      await page.click('#embed-button');
      await page.waitForSelector('#embed-dialog[open]');
      const text = await page.textContent('#embed-explanation');
      assert.equal(/λ slider/.test(text), slider, `${view}: "${text}"`);
      if (view === 'compare') assert.match(text, /the compared λ .* with the time cursor/);
      await page.click('#embed-dialog .dialog-buttons button:last-child');
      // The frame itself.
      await page.goto(`${session.url}?view=${view}&embed=1`);
      await waitForCounter(page, counter);
      assert.equal(await page.isVisible('#lambda-slider'), slider, `${view}: the embed ${slider ? 'has' : 'has no'} λ slider`);
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('screen readers hear σ and t, not slider positions (aria-valuetext), and the shape note only where the shape settings are', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    const sigmaSlider = '#sigma-slider';
    assert.equal(await page.getAttribute(sigmaSlider, 'aria-valuetext'), `σ = ${await page.inputValue('#sigma-number')}`);
    await setSlider(page, sigmaSlider, -1.35);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('sigma') === '0.0447');
    assert.equal(await page.getAttribute(sigmaSlider, 'aria-valuetext'), 'σ = 0.0447');
    assert.equal(await page.getAttribute(LAMBDA_SLIDER, 'aria-valuetext'), 'λ = 0');
    const n = await waitForIdle(page, 1);
    assert.equal(await page.getAttribute('#time-cursor', 'aria-valuetext'), 't = 20 of 20');
    await setSlider(page, '#time-cursor', 185); // of 300 even times over [0, 20]
    await page.waitForFunction(() => new URLSearchParams(location.search).get('t') === '12.3333');
    assert.equal(await page.getAttribute('#time-cursor', 'aria-valuetext'), 't = 12.33 of 20');
    assert.ok(n >= 1);
    assert.equal(await page.textContent('#shape-note'), 'Any λ is admissible for this shape.');
    // A figure page hides the settings: the live region is silent there.
    await page.click('.view-switch [data-view="figure"]');
    await waitForCounter(page, 'figureRendered');
    assert.equal(await page.textContent('#shape-note'), '');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('"Sweep λ" then Stop gives the user’s λ = 0.5 back (field and URL) and offers "Keep λ = …" where it stopped', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page, '?lambda=0.5');
    await waitForIdle(page, 1);
    await page.click('#sweep-button');
    await page.waitForFunction((field) => Number(document.querySelector(field).value) >= 1, LAMBDA_NUMBER, { timeout: 30_000 });
    await page.click('#sweep-button');
    const n = await waitForIdle(page, 1);
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '0.5', 'the field has the user’s λ');
    assert.equal(await page.inputValue(LAMBDA_SLIDER), '0.5');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lambda') === '0.5', null, { timeout: 5000 }).catch(() => {});
    assert.equal(searchParams(page).get('lambda'), '0.5', 'and the link');
    const reached = (await page.textContent('#sweep-keep')).match(/^Keep λ = (\S+)$/)?.[1];
    assert.ok(Number(reached) >= 1, `the offer names where the sweep stopped (${reached})`);
    assert.equal(await page.textContent('#sweep-back'), `Sweep stopped at λ = ${reached}; λ is back to your 0.5.`);
    await page.click('#sweep-keep');
    await waitForIdle(page, n + 1);
    // The address bar follows within the history's replaceState throttle, not necessarily by the draw.
    await page.waitForFunction((want) => new URLSearchParams(location.search).get('lambda') === want, reached, { timeout: 5000 }).catch(() => {});
    assert.equal(searchParams(page).get('lambda'), reached, 'Keep: the λ where the sweep stopped');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), reached);
    await page.goBack();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lambda') === '0.5');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('CSV while a figure is still computing says so, and downloads the file once it is done', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.goto(`${session.url}?view=figure&figure=phase`);
    await page.waitForSelector('#view-figure-content .view-status[data-busy="true"]', { timeout: 30_000 });
    // Every text the notices show, as they change.
    await page.evaluate(() => {
      window.__noticeTexts = [];
      new MutationObserver(() => window.__noticeTexts.push(document.querySelector('#notices').textContent))
        .observe(document.querySelector('#notices'), { subtree: true, childList: true, characterData: true });
    });
    // The click is made in the page while it is computing (checked in the same task).
    const [download, busy] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.evaluate(() => {
      const computing = Boolean(document.querySelector('#view-figure-content .view-status[data-busy="true"]'));
      document.querySelector('#export-csv').click();
      return computing;
    })]);
    assert.equal(busy, true, 'clicked while the figure computed');
    const texts = await page.evaluate(() => window.__noticeTexts);
    assert.ok(texts.some((text) => text.includes('Still computing this view: the CSV file downloads as soon as it is done.')), `the notices said: ${texts.join(' | ')}`);
    assert.match(download.suggestedFilename(), /\.csv$/);
    assert.equal(await page.evaluate(() => !document.querySelector('.view-status[data-busy="true"]')), true, 'after the computation');
    assert.match(await page.textContent('#notices'), /Done: the CSV file of this view was downloaded\./);
    assert.doesNotMatch(await page.textContent('#notices'), /Nothing to download/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the time-axis control shows timeAxis=auto as "auto (linear)", and each setting as it is in the link', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page, '?timeAxis=auto');
    const shown = () => page.$eval('#time-axis', (select) => [select.value, select.selectedOptions[0].textContent]);
    assert.deepEqual(await shown(), ['auto', 'auto (linear)']);
    let n = await waitForIdle(page, 1);
    await page.selectOption('#time-axis', 'log');
    n = await waitForIdle(page, n + 1);
    assert.equal(searchParams(page).get('timeAxis'), 'log');
    assert.deepEqual(await shown(), ['log', 'log']);
    await page.selectOption('#time-axis', 'auto');
    await waitForIdle(page, n + 1);
    assert.equal(searchParams(page).get('timeAxis') ?? 'auto', 'auto');
    assert.deepEqual(await shown(), ['auto', 'auto (linear)']);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('T = 1000 on a linear time axis: a notice says all the learning happens in its first 1.3 %, and Time axis → log resolves it (notice gone)', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page, '?T=1000');
    let n = await waitForIdle(page, 1);
    const early = page.locator('#view-single-content [data-key="result:early"]');
    assert.equal(await early.count(), 1, 'the notice is shown');
    assert.match(await early.textContent(), /All the learning happens by t = 13\.3 \(99 % of the loss's fall\), the first 1\.33 % of T = 1000: on this linear time axis it takes 5 of the 301 recorded points/);
    await page.selectOption('#time-axis', 'log');
    n = await waitForIdle(page, n + 1);
    assert.equal(await early.count(), 0, 'no notice on the log axis');
    await page.selectOption('#time-axis', 'auto');
    await page.fill('#training-time', '20');
    await page.locator('#training-time').press('Enter');
    await waitForIdle(page, n + 1);
    assert.equal(await page.inputValue('#training-time'), '20');
    assert.equal(await early.count(), 0, 'T = 20: the learning takes two thirds of the axis, no notice');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the Task panel’s table gives, beside the aligned law, when the curves on screen half learn each mode: far later from the default random weights, at the law from aligned ones', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    const table = async () => {
      const rows = await page.$$eval('.mode-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      return rows.map((r) => ({ law: Number(r[4].replace('t ≈ ', '')), onScreen: Number(r[5].replace('t = ', '')) }));
    };
    await loadView(session, page, '');
    await waitForIdle(page, 1);
    assert.doesNotMatch(await page.textContent('.mode-table caption'), /about then/);
    const random = await table();
    // λ-balanced random weights at λ = 0: mode 1 starts with ũ₁ᵀW(0)ṽ₁ < 0 and crosses zero first, half learned at t ≈ 8, not at the law's 1.4.
    assert.ok(random[0].onScreen > 4 * random[0].law, `mode 1 on screen ${random[0].onScreen}, law ${random[0].law}`);
    await loadView(session, page, '?init=aligned', { count: 1 });
    await waitForIdle(page, 1);
    for (const [i, { law, onScreen }] of (await table()).entries()) {
      assert.ok(Math.abs(onScreen - law) <= 20 / 300 + 0.02 * law, `mode ${i + 1}: on screen ${onScreen}, law ${law} (aligned weights: within a recorded time step)`);
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a designed spectrum with a zero (3, 0, 0) at λ = 0: no "saddle, never learned" notice on any seed (det Σyx = 0 has no sign)', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    for (const seed of [1, 2, 3]) {
      await loadView(session, page, `?task=spectrum&spectrum=3,0,0&seed=${seed}`);
      await waitForIdle(page, 1);
      assert.match(await page.textContent('#single-status'), /^Computed/);
      assert.equal(await page.locator('#view-single-content [data-key^="result:saddle"]').count(), 0, `seed ${seed}: no saddle notice`);
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the CSV header names the network each view trains: the hierarchy’s task and width, One mode’s s and a(0) — not the settings’ 3–3–3 random task', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.goto(`${session.url}?view=hierarchy`);
    await page.waitForFunction(() => Number(document.body.dataset.hierarchyRendered ?? 0) >= 1 && !document.querySelector('.view-status[data-busy="true"]'), null, { timeout: 90_000 });
    let header = (await downloadFrom(page, '#export-csv')).text.split('\n')[1];
    assert.match(header, /^# λ = 0, σ = 0\.05 · hierarchy task \(depth 3, 8 items, one feature per node\), hidden layer 8 wide · η = 0\.01, T = 20, seed 1 · λ compared: /);
    assert.doesNotMatch(header, /random task|3–3–3/);
    await page.goto(`${session.url}?view=mode&s=3&a0=0.02`);
    await page.waitForFunction(() => !document.querySelector('.view-status[data-busy="true"]') && document.querySelector('#view-mode-content canvas'), null, { timeout: 90_000 });
    header = (await downloadFrom(page, '#export-csv')).text.split('\n')[1];
    assert.match(header, /^# one mode: task singular value s = 3, strength a\(0\) = 0\.02, λ = 0 · η = 0\.01, T = 20$/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a shape that admits only λ = 0 (3–6–3): the disabled λ slider’s thumb is at 0 in its middle, and “Sweep λ” is disabled with the reason beside it', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page, '?ni=3&nh=6&no=3');
    let n = await waitForIdle(page, 1);
    const slider = () => page.$eval('#lambda-slider', (input) => ({ disabled: input.disabled, fraction: (Number(input.value) - Number(input.min)) / (Number(input.max) - Number(input.min)) }));
    assert.deepEqual(await slider(), { disabled: true, fraction: 0.5 });
    assert.equal(await page.isDisabled('#sweep-button'), true);
    assert.equal(await page.textContent('#sweep-back'), 'Nothing to sweep: only λ = 0 is admissible for this shape.');
    await page.evaluate(() => { document.querySelector('details.more-settings').open = true; });
    await page.fill('#nh-number', '3');
    await page.locator('#nh-number').press('Enter');
    await waitForIdle(page, n + 1);
    assert.equal(await page.isDisabled('#sweep-button'), false, 'a square network: λ can be swept');
    assert.equal(await page.textContent('#sweep-back'), '');
    assert.equal((await slider()).disabled, false);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a large result (32–64–32): pointing at "Download data" says the files are large instead of writing both to weigh them; JSON still downloads', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page, '?ni=32&nh=64&no=32&items=64&lr=0.001&T=20');
    await waitForIdle(page, 1);
    // Reaching the buttons (pointer or focus) wrote both 111 MB files to weigh them: seconds of the page's thread.
    await page.evaluate(() => document.querySelector('#export-csv').focus());
    assert.match(await page.textContent('#export-sizes'), /^ Large files: the result holds [\d.]+ million numbers$/);
    const { text } = await downloadFrom(page, '#export-json');
    assert.equal(JSON.parse(text).config.dims.hidden, 64);
    const { context: small, page: smallPage } = await openPage(session, { viewport: VIEWPORT });
    try {
      await loadView(session, smallPage, '');
      await waitForIdle(smallPage, 1);
      await smallPage.evaluate(() => document.querySelector('#export-csv').focus());
      assert.match(await smallPage.textContent('#export-sizes'), /^ CSV [\d.]+ [KM]B · JSON [\d.]+ [KM]B$/, 'a small result says its sizes');
    } finally {
      await small.close();
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
