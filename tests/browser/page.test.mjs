// The single-λ page in headless Chromium, served by scripts/serve.mjs: a clean load, the first
// render, the charts, λ edits (slider and number field) redrawing the charts and writing the URL,
// shared links, history, and URLs with hostile or inadmissible parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPage, loadView, waitForRendered, waitForIdle, rendered, canvasSummary, scrollThroughCharts, readControls, setSlider, setNumber, searchParams, saveArtifact, LAMBDA_SLIDER, LAMBDA_NUMBER, useSession, assertClean, downloadFrom,
} from '../support/browser.mjs';

const TIMEOUT = 60_000;
const VIEWPORT = { width: 1280, height: 900 };
const session = useSession();

async function fresh(options = {}) {
  return openPage(session, { viewport: VIEWPORT, ...options });
}

const chartSelector = (name) => `#view-single-content [data-chart="${name}"] canvas`;

test('the default view loads cleanly and completes its first render', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await fresh();
  try {
    const response = await page.goto(session.url);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/, 'the server sends the CSP');
    await waitForRendered(page, 1);
    assert.match(await page.textContent('#single-status'), /^Computed/, '#status says "Computed"');
    assert.equal(await page.getAttribute('#view-single-content .view-status', 'data-busy'), 'false', 'the busy marker is off once computed');
    assert.equal(await page.locator('.notice').count(), 0, 'no notices for the default view');
    const params = searchParams(page);
    assert.equal(params.get('lambda'), '0', 'the URL is normalized to the full view');
    assert.equal(params.get('v'), '1');
    // Everything the page loaded came from its own origin, and it did load the engine.
    assert.ok(log.requests.some((url) => url.endsWith('/wasm/ldyn_wasm.wasm')), 'the wasm module was fetched');
    // KaTeX comes with the first formula: this view has none.
    assert.ok(!log.requests.some((url) => url.includes('/vendor/katex/katex.mjs')), 'KaTeX is not loaded for a view without formulas');
    await page.waitForTimeout(300); // late console messages, if any
    await assertClean(page, log, session.origin);

    await scrollThroughCharts(page, '#view-single-content');
    saveArtifact('default-view.png', await page.screenshot({ fullPage: true }));
  } finally {
    await context.close();
  }
});

test('the first formula brings KaTeX, and formulas are typeset', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await fresh();
  try {
    await page.goto(`${session.url}?view=hierarchy`);
    await page.waitForSelector('#view-hierarchy-content .formula[data-typeset="done"] .katex', { timeout: 20_000 });
    assert.ok(log.requests.some((url) => url.includes('/vendor/katex/katex.mjs')));
    assert.equal(await page.locator('.formula[data-typeset="failed"]').count(), 0);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('every chart of the default view is drawn', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page);
    // The panels shown by default (those off by default, such as Balance, are hidden and not drawn).
    const names = await page.$$eval('#view-single-content .panel:not([hidden]) [data-chart]', (figures) => figures.map((f) => f.dataset.chart));
    assert.ok(names.length >= 10, `the default panels hold their charts (${names.join(', ')})`);
    // Charts on screen are drawn at once; the others when they scroll into view.
    for (const name of ['loss', 'singular-values']) {
      const summary = await canvasSummary(page, chartSelector(name));
      assert.ok(summary.colored > 500, `${name} is drawn on first render: ${JSON.stringify(summary)}`);
    }
    await scrollThroughCharts(page, '#view-single-content');
    for (const name of names) {
      const summary = await canvasSummary(page, chartSelector(name));
      assert.ok(summary.width > 50 && summary.height > 50, `${name} has a size: ${JSON.stringify(summary)}`);
      assert.ok(summary.colored > 500, `${name} shows data: ${JSON.stringify(summary)}`);
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// Before the fix: the heatmap canvases are taller than wide and the four
// representation heatmaps differ in height (e.g. 213x352, 213x352, 213x287, 213x213 at a 1280 px
// viewport), so their cells are stretched and a simulation/exact pair is not drawn alike.
test('heatmaps are square and each simulation/exact pair has the same size', { timeout: TIMEOUT }, async () => {
  const { context, page } = await fresh();
  try {
    await loadView(session, page);
    await scrollThroughCharts(page, '#view-single-content');
    const sizes = await page.$$eval('#view-single-content .chart-square canvas', (canvases) => Object.fromEntries(canvases.map((c) => {
      const box = c.getBoundingClientRect();
      return [c.closest('[data-chart]').dataset.chart, { width: Math.round(box.width), height: Math.round(box.height) }];
    })));
    assert.ok(Object.keys(sizes).length >= 6, JSON.stringify(sizes));
    for (const [name, { width, height }] of Object.entries(sizes)) {
      assert.ok(Math.abs(width - height) <= 2, `${name} is square: ${width}x${height} (all: ${JSON.stringify(sizes)})`);
    }
    for (const [a, b] of [['input-heatmap-simulation', 'input-heatmap-exact'], ['output-heatmap-simulation', 'output-heatmap-exact'], ['ntk-simulation', 'ntk-exact']]) {
      assert.deepEqual(sizes[a], sizes[b], `${a} and ${b} have the same size`);
    }
  } finally {
    await context.close();
  }
});

test('moving the λ slider redraws the charts and writes lambda to the URL', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page);
    const before = await canvasSummary(page, chartSelector('loss'));
    const count = await rendered(page);
    await setSlider(page, LAMBDA_SLIDER, 3);
    const after = await waitForIdle(page, count + 1);
    assert.ok(after > count, 'data-rendered increments');
    assert.equal(searchParams(page).get('lambda'), '3', 'the URL holds the new λ');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '3', 'the number field follows the slider');
    assert.match(await page.textContent('#single-status'), /^Computed/);
    const redrawn = await canvasSummary(page, chartSelector('loss'));
    assert.notEqual(redrawn.hash, before.hash, 'the loss chart changed');
    assert.ok(redrawn.colored > 500, 'and still shows a curve');
    const singular = await canvasSummary(page, chartSelector('singular-values'));
    assert.ok(singular.colored > 500);

    // A drag (input events only) then the release.
    for (const value of [2.5, 2, 1.5]) await setSlider(page, LAMBDA_SLIDER, value, { release: false });
    await setSlider(page, LAMBDA_SLIDER, -1.25);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lambda') === '-1.25');
    await waitForIdle(page, after + 1);
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '-1.25');
    assert.notEqual((await canvasSummary(page, chartSelector('loss'))).hash, redrawn.hash, 'redrawn again');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('typing λ in the number field redraws the charts and writes lambda to the URL', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page);
    const before = await canvasSummary(page, chartSelector('loss'));
    const count = await rendered(page);
    await setNumber(page, LAMBDA_NUMBER, 12.5); // beyond the slider's range: the field takes any admissible value
    await waitForIdle(page, count + 1);
    assert.equal(searchParams(page).get('lambda'), '12.5');
    assert.equal(await page.inputValue(LAMBDA_SLIDER), '8', 'the slider sits at its end');
    assert.notEqual((await canvasSummary(page, chartSelector('loss'))).hash, before.hash, 'the loss chart changed');
    // No notice but, perhaps, that all the learning happens early on this linear axis (true at λ = 12.5: by t ≈ 0.4).
    assert.deepEqual(await page.$$eval('.notice', (items) => items.map((li) => li.dataset.key).filter((key) => key !== 'result:early')), []);

    // A value the field cannot take is marked, explained, and not applied.
    const settled = await rendered(page);
    await setNumber(page, LAMBDA_NUMBER, 20000);
    assert.equal(await page.locator(LAMBDA_NUMBER).getAttribute('aria-invalid'), 'true');
    await page.waitForTimeout(300);
    assert.equal(searchParams(page).get('lambda'), '12.5', 'the URL keeps the last good λ');
    assert.equal(await rendered(page), settled, 'nothing recomputed');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a field beyond a bound names that bound and the whole range', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page);
    await page.evaluate(() => { document.querySelector('details.more-settings').open = true; });
    const message = () => page.textContent('#nh-number-message');
    await setNumber(page, '#nh-number', 120); // beyond the field's own limit
    assert.equal(await page.locator('#nh-number').getAttribute('aria-invalid'), 'true');
    assert.equal(await message(), 'must be at most 64 (allowed: 3 to 64)');
    await setNumber(page, '#nh-number', 2); // below the bound another setting sets (Ni = No = 3)
    assert.match(await message(), /^at least min\(Ni, No\) = 3: a narrower hidden layer is a bottleneck \(allowed: 3 to 64\)$/);
    await setNumber(page, '#nh-number', 5);
    assert.equal(await message(), '');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a shared URL with non-default parameters restores the view exactly', { timeout: TIMEOUT }, async () => {
  // The page's own full URL for the default view, with some parameters changed.
  const { context, page, log } = await fresh();
  let shared;
  try {
    await loadView(session, page);
    const params = searchParams(page);
    const changes = { lambda: '-1.5', sigma: '0.2', init: 'aligned', seed: '7', items: '8', taskSeed: '5', lr: '0.02', T: '15', t: '7.5', panels: 'loss,singular,outputs' };
    for (const [key, value] of Object.entries(changes)) {
      assert.ok(params.has(key), `the page writes ${key}`);
      params.set(key, value);
    }
    shared = `?${params.toString().replaceAll('%2C', ',')}`;
  } finally {
    await context.close();
  }

  const first = await fresh();
  const second = await fresh();
  try {
    await loadView(session, first.page, shared);
    assert.equal(new URL(first.page.url()).search, shared, 'the URL round-trips unchanged');
    assert.equal(await first.page.locator('.notice').count(), 0, 'no notices');
    const controls = await readControls(first.page);
    assert.equal(controls['λ (any admissible value)'], '-1.5');
    assert.equal(controls['λ — relative scale (slider)'], '-1.5');
    assert.equal(controls['σ'], '0.2');
    assert.equal(controls.Initialization, 'aligned');
    assert.equal(controls['Initialization seed'], '7');
    assert.equal(controls['Items P'], '8');
    assert.equal(controls['Task seed'], '5');
    assert.equal(controls['Learning rate η'], '0.02');
    assert.equal(controls['Training time'], '15');
    assert.equal(await first.page.textContent('#time-readout'), 't = 7.500 of 15', 'the time cursor readout');
    assert.equal(await first.page.inputValue('#time-cursor'), '150', 'the cursor sits at the middle of 301 points');
    const shown = await first.page.$$eval('#view-single-content [data-panel]', (panels) => panels.filter((p) => !p.hidden).map((p) => p.dataset.panel));
    assert.deepEqual(shown, ['loss', 'singular', 'outputs']);
    for (const id of ['loss', 'singular', 'outputs']) assert.ok(await first.page.isChecked(`#show-${id}`));
    assert.equal(await first.page.isChecked('#show-ntk'), false);

    // Opened again elsewhere, the same link draws the very same pixels.
    await loadView(session, second.page, shared);
    for (const name of ['loss', 'singular-values']) {
      const a = await canvasSummary(first.page, chartSelector(name));
      const b = await canvasSummary(second.page, chartSelector(name));
      assert.equal(a.hash, b.hash, `${name} is drawn identically from the same link`);
    }
    await assertClean(first.page, first.log, session.origin);
  } finally {
    await first.context.close();
    await second.context.close();
  }
});

test('back and forward restore an earlier λ', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page);
    let count = await rendered(page);
    for (const lambda of [2, 3]) {
      await setNumber(page, LAMBDA_NUMBER, lambda);
      count = await waitForIdle(page, count + 1);
      assert.equal(searchParams(page).get('lambda'), String(lambda));
    }
    const lossAt3 = await canvasSummary(page, chartSelector('loss'));

    await page.goBack();
    count = await waitForIdle(page, count + 1);
    assert.equal(searchParams(page).get('lambda'), '2');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '2');
    assert.equal(await page.inputValue(LAMBDA_SLIDER), '2');
    assert.notEqual((await canvasSummary(page, chartSelector('loss'))).hash, lossAt3.hash, 'the charts show λ = 2 again');

    await page.goBack();
    count = await waitForIdle(page, count + 1);
    assert.equal(searchParams(page).get('lambda'), '0');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '0');

    await page.goForward();
    count = await waitForIdle(page, count + 1);
    await page.goForward();
    await waitForIdle(page, count + 1);
    assert.equal(searchParams(page).get('lambda'), '3');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '3');
    assert.equal((await canvasSummary(page, chartSelector('loss'))).hash, lossAt3.hash, 'the λ = 3 charts come back identical');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a hostile URL gives notices naming each bad parameter, inserts nothing and still renders', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await fresh();
  try {
    const hostile = {
      lambda: '<img src=x onerror=alert(1)>',
      sigma: 'javascript:alert(1)',
      task: '<script>alert(1)</script>',
      foo: '<b>x</b>',
    };
    // Raw, the way such a link is pasted (the browser percent-encodes what it must).
    const raw = `?${Object.entries(hostile).map(([k, v]) => `${k}=${v}`).join('&')}&seed=5`;
    await page.goto(`${session.url}${raw}`);
    await waitForRendered(page, 1);
    assert.match(await page.textContent('#single-status'), /^Computed/, 'the page still renders');

    const notices = await page.$$eval('#notices li', (items) => items.map((li) => ({ key: li.dataset.key, text: li.textContent, visible: li.offsetParent !== null })));
    for (const param of Object.keys(hostile)) {
      const notice = notices.find((n) => n.text.includes(`"${param}"`));
      assert.ok(notice, `a notice names "${param}": ${JSON.stringify(notices)}`);
      assert.ok(notice.visible, `the notice about ${param} is visible`);
    }
    assert.equal(notices.length, 4, `one notice per bad parameter: ${JSON.stringify(notices)}`);
    // The hostile text is shown as text.
    assert.ok(notices.some((n) => n.text.includes('<img src=x onerror=alert(1)>')), 'the value is shown literally');

    // Only the bad parameters fall back to their defaults.
    const controls = await readControls(page);
    assert.equal(controls['λ (any admissible value)'], '0');
    assert.equal(controls['σ'], '0.05');
    assert.equal(controls.Task, 'random');
    assert.equal(controls['Initialization seed'], '5', 'the good parameter is kept');
    const params = searchParams(page);
    assert.equal(params.get('seed'), '5');
    assert.equal(params.get('lambda'), '0');
    assert.equal(params.has('foo'), false, 'the unknown parameter is dropped from the URL');
    assert.doesNotMatch(decodeURIComponent(page.url()), /[<>]|javascript:/, 'nothing hostile is written back');

    // Nothing from the URL became an element, and nothing ran: the page inserted exactly the
    // elements (of the kinds that could carry markup or code) that a default load inserts.
    const inserted = await page.evaluate(() => window.__probe.inserted);
    const fromUrl = inserted;
    for (const tag of ['img', 'b', 'iframe', 'object', 'embed']) {
      assert.ok(!fromUrl.some((e) => e.tag === tag), `no <${tag}> was inserted: ${JSON.stringify(fromUrl.filter((e) => e.tag === tag))}`);
    }
    const scripts = inserted.filter((e) => e.tag === 'script');
    assert.deepEqual(scripts.map((e) => e.src), ['js/main.js'], 'the only script is the page\'s own');
    const reference = await fresh();
    try {
      await loadView(session, reference.page);
      const expected = await reference.page.evaluate(() => window.__probe.inserted);
      assert.deepEqual(inserted.map((e) => e.html), expected.map((e) => e.html), 'the same elements as a default load');
    } finally {
      await reference.context.close();
    }
    assert.equal(await page.locator('img').count(), 0, 'no <img> in the document');
    assert.equal(await page.locator('b').count(), 0, 'no <b> in the document');
    assert.equal(await page.locator('script').count(), 1, 'only the page\'s own module script');
    await page.waitForTimeout(300);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('an inadmissible λ for the shape gives a notice naming lambda and falls back', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await fresh();
  try {
    await loadView(session, page, '?ni=2&nh=3&no=4&lambda=-1');
    // (The compared λ values, -2,0,2 by default, get a notice of their own for this shape.)
    const notices = await page.$$eval('#notices li', (items) => items.map((li) => ({ key: li.dataset.key, text: li.textContent })));
    const notice = notices.find((n) => n.text.includes('"lambda" = -1'));
    assert.ok(notice, `a notice names lambda: ${JSON.stringify(notices)}`);
    assert.match(notice.text, /not admissible/);
    assert.match(notice.text, /using 0/);
    assert.equal(await page.isVisible(`#notices li[data-key="${notice.key}"]`), true);
    const controls = await readControls(page);
    assert.equal(controls['Input units Ni'], '2');
    assert.equal(controls['Hidden units Nh'], '3');
    assert.equal(controls['Output units No'], '4');
    assert.equal(controls['λ (any admissible value)'], '0');
    assert.equal(searchParams(page).get('lambda'), '0');
    assert.equal(searchParams(page).get('nh'), '3');
    assert.match(await page.textContent('#single-status'), /^Computed/);
    assert.match(await page.textContent('#shape-note'), /λ ≥ 0/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// The Balance panel (panels/balance.js), off by default: ticked under "Panels shown", it draws the
// simulation's drift from λ-balance on a log axis, with no exact curve (the flow keeps it at 0);
// the CSV has its column; the drift stays within about η times the loss lost (as its caption
// says); an embed of it alone draws it.
test('the Balance panel: off by default, ticked it draws the drift of gradient descent, exports it, and embeds alone', { timeout: 120_000 }, async () => {
  const { context, page, log } = await fresh();
  const { PARAM_BY_KEY } = await import('../../web/js/state/schema.js');
  const eta = /** @type {number} */ (PARAM_BY_KEY.lr.default);
  // The drawn datasets of the balance chart, read through the page's Chart.js.
  const balanceChart = (where) => where.evaluate(() => import('/js/charts/setup.js').then(({ Chart }) => {
    const chart = Chart.getChart(document.querySelector('[data-chart="balance"] canvas'));
    return { yType: chart.options.scales.y.type, datasets: chart.data.datasets.map((d) => ({ label: d.label, exact: Boolean(d.exact), y: d.data.map((p) => p.y) })) };
  }));
  try {
    await loadView(session, page);
    assert.equal(await page.isHidden('#panel-balance'), true, 'not shown by default');
    assert.equal(await page.isChecked('#show-balance'), false);
    await page.evaluate(() => { document.querySelector('#show-balance').closest('details').open = true; });
    const count = await rendered(page);
    await page.click('#show-balance');
    await waitForIdle(page, count + 1);
    assert.equal(await page.isVisible('#panel-balance'), true, 'ticked, it is shown');
    assert.deepEqual(searchParams(page).get('panels').split(','), ['loss', 'singular', 'outputs', 'representations', 'ntk', 'task', 'balance']);
    assert.match(await page.textContent('#panel-balance .caption'), /no curve here/);

    const { yType, datasets } = await balanceChart(page);
    assert.equal(yType, 'logarithmic');
    assert.deepEqual(datasets.map((d) => [d.label, d.exact]), [['gradient descent', false]], 'the simulation only: no exact curve is drawn');
    const drift = datasets[0].y;
    assert.ok(!(drift[0] > 1e-12), `balanced weights start balanced, to rounding: ${drift[0]}`);
    assert.ok(drift.at(-1) > 1e-6, `gradient descent drifts: ${drift.at(-1)}`);

    const lines = (await downloadFrom(page, '#export-csv')).text.split('\n').filter((l) => l && !l.startsWith('#'));
    const header = lines[0].split(',');
    assert.ok(header.includes('simulation.balanceDeviation') && !header.includes('exact.balanceDeviation'), header.join(','));
    const column = (name) => lines.slice(1).map((l) => Number(l.split(',')[header.indexOf(name)]));
    const [deviation, loss] = [column('simulation.balanceDeviation'), column('simulation.loss')];
    assert.equal(deviation.at(-1), drift.at(-1), 'the CSV holds what is drawn');
    assert.ok(deviation.at(-1) <= eta * (loss[0] - loss.at(-1)), `within η times the loss lost: ${deviation.at(-1)} ≤ ${eta} × ${loss[0] - loss.at(-1)}`);
    await assertClean(page, log, session.origin);

    // An embed of the panel alone, at twice the learning rate: drawn, and drifting further.
    await page.goto(`${session.url}?embed=1&panels=balance&lr=${2 * eta}`);
    await waitForRendered(page);
    await scrollThroughCharts(page);
    const shown = await page.$$eval('#view-single-content [data-panel]', (panels) => panels.filter((p) => !p.hidden).map((p) => p.dataset.panel));
    assert.deepEqual(shown, ['balance']);
    assert.ok((await canvasSummary(page, chartSelector('balance'))).colored > 500, 'the embed draws it');
    const faster = (await balanceChart(page)).datasets[0].y;
    assert.ok(faster.at(-1) > drift.at(-1), `a larger η drifts more: ${faster.at(-1)} > ${drift.at(-1)}`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
