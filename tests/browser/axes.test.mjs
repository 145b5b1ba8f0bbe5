// Honest axes (issue 16, items 4, 9, 10): the rows of "Compare λ" share one y scale (with a
// labelled opt-out, yScale=own); a logarithmic time axis (timeAxis=log) in Explore, Compare and
// the figures, with recorded times that resolve its early part and a time cursor that still works;
// "Change the settings" from a figure names what it changed, with Undo, and keeps the figure's
// time axis. Axes are read off the page's own Chart.js charts (Chart.getChart via its module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, scrollThroughCharts, searchParams, setSlider, useSession, assertClean } from '../support/browser.mjs';

const VIEWPORT = { width: 1280, height: 900 };
const session = useSession();

async function waitForCounter(page, counter, count, timeout = 60_000) {
  await page.waitForFunction(([name, n]) => Number(document.body.dataset[name] ?? 0) >= n && !document.querySelector('.view-status[data-busy="true"]'),
    [counter, count], { timeout });
}
const counterOf = (page, counter) => page.evaluate((name) => Number(document.body.dataset[name] ?? 0), counter);

async function open(query, counter) {
  const opened = await openPage(session, { viewport: VIEWPORT });
  await opened.page.goto(`${session.url}${query}`);
  await waitForCounter(opened.page, counter, 1);
  await scrollThroughCharts(opened.page);
  return opened;
}

// The axes of every chart drawn under `root` whose data-chart name matches `pattern`: name, the
// x axis's type and range, the y axis's range, the first x drawn and how many x fall below `early`.
async function axes(page, root, pattern, early = 0.5) {
  return page.evaluate(async ([rootSel, source, earlyT]) => {
    const { Chart } = await import('/js/charts/setup.js');
    const re = new RegExp(source);
    return [...document.querySelectorAll(`${rootSel} [data-chart]`)].filter((f) => re.test(f.dataset.chart)).map((figure) => {
      const chart = Chart.getChart(figure.querySelector('canvas'));
      const xs = chart.data.datasets.flatMap((d) => d.data.map((p) => p.x));
      return { name: figure.dataset.chart, xType: chart.scales.x.type, xMin: chart.scales.x.min, xMax: chart.scales.x.max,
        yMin: chart.scales.y.min, yMax: chart.scales.y.max, xTitle: chart.options.scales.x.title.text,
        firstX: Math.min(...xs), early: new Set(xs.filter((x) => x < earlyT)).size, cursor: chart.options.plugins.timeCursor?.time };
    });
  }, [root, pattern.source, early]);
}

async function choose(page, selector, value, counter) {
  const before = await counterOf(page, counter);
  await page.selectOption(selector, value);
  await waitForCounter(page, counter, before + 1);
  await scrollThroughCharts(page);
}

test('Compare λ at λ = −2, 0, 2: every row shares one y scale; "each chart its own scale" (yScale=own) opts out', { timeout: 120_000 }, async () => {
  const { context, page, log } = await open('?view=compare&lambdas=-2,0,2', 'compareRendered');
  try {
    const rows = ['loss', 'outputs', 'input', 'output', 'kernel'];
    const shared = await axes(page, '#view-compare-content', /_lambda/);
    for (const row of rows) {
      const charts = shared.filter((c) => c.name.startsWith(`${row}_`));
      assert.equal(charts.length, 3, `${row}: one chart per λ`);
      for (const c of charts) {
        assert.equal(c.yMin, charts[0].yMin, `${row}: ${c.name} has the row's y minimum`);
        assert.equal(c.yMax, charts[0].yMax, `${row}: ${c.name} has the row's y maximum`);
      }
    }
    // The lesson: the kernel moves far at λ = 0 (rich) and hardly at all at λ = ±2 (lazy), on one axis.
    const kernel = shared.filter((c) => c.name.startsWith('kernel_'));
    assert.ok(kernel[0].yMax >= 0.2, `the kernel-distance row's axis reaches λ = 0's ${kernel[0].yMax}`);
    assert.match(await page.textContent('#panel-compare-grid'), /Every chart of a row has the same y axis/);

    assert.equal(await page.textContent('label[for="compare-y-scale"]'), 'y axes of each row');
    await choose(page, '#compare-y-scale', 'own', 'compareRendered');
    assert.equal(searchParams(page).get('yScale'), 'own', 'the choice is in the URL');
    const own = (await axes(page, '#view-compare-content', /^kernel_/));
    const byLambda = Object.fromEntries(own.map((c) => [c.name.replace('kernel_lambda', ''), c]));
    assert.ok(byLambda['-2'].yMax < 0.01 && byLambda['2'].yMax < 0.01, `own scales at λ = ±2 (${byLambda['-2'].yMax}, ${byLambda['2'].yMax})`);
    assert.ok(byLambda['0'].yMax > 0.1, `own scale at λ = 0 (${byLambda['0'].yMax})`);
    assert.match(await page.textContent('#panel-compare-grid'), /Each chart has its own y axis/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('?lambda=8&timeAxis=log: Explore draws a log time axis from the first step, resolves the early part, and its time cursor works', { timeout: 120_000 }, async () => {
  const { context, page, log } = await open('?lambda=8&timeAxis=log', 'rendered');
  try {
    const [loss] = await axes(page, '#view-single-content', /^loss$/);
    assert.equal(loss.xType, 'logarithmic');
    assert.equal(loss.firstX, 0.01, 't = 0 is left out: the axis starts at the first step');
    assert.equal(loss.xMin, 0.01);
    assert.match(loss.xTitle, /log scale, from the first step t = 0\.01/);
    // Geometric recorded times: every step (η = 0.01) before t = 0.5 but one or two, where a grid of 301
    // even times has 7.
    assert.ok(loss.early >= 40, `${loss.early} recorded times before t = 0.5`);
    assert.equal(await page.inputValue('#time-axis'), 'log');

    // The time cursor steps through the recorded times: index 40 of the geometric grid is early.
    await setSlider(page, '#time-cursor', 40);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('t') !== '20');
    const t = Number(searchParams(page).get('t'));
    assert.ok(t > 0 && t < 0.5, `the cursor moved to an early time (${t})`);
    assert.match(await page.textContent('#time-readout'), new RegExp(`^t = ${t.toPrecision(4)} of 20`));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const [moved] = await axes(page, '#view-single-content', /^loss$/);
    assert.equal(moved.cursor, t, 'the charts draw the cursor at that time');
    await setSlider(page, '#time-cursor', 0);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('t') === '0');
    assert.match(await page.textContent('#time-readout'), /t = 0 is left of the log time axis/);

    await choose(page, '#time-axis', 'linear', 'rendered');
    assert.equal(searchParams(page).get('timeAxis'), 'linear', 'the control updates the URL');
    const [linear] = await axes(page, '#view-single-content', /^loss$/);
    assert.equal(linear.xType, 'linear');
    assert.equal(linear.firstX, 0, 'a linear axis starts at t = 0');
    assert.ok(linear.early <= 10, `even recorded times (${linear.early} before t = 0.5)`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('?timeAxis=log in Compare λ: every chart over time has a log time axis; the control toggles it and the URL', { timeout: 120_000 }, async () => {
  const { context, page, log } = await open('?view=compare&lambdas=-2,0,2&timeAxis=log', 'compareRendered');
  try {
    const charts = await axes(page, '#view-compare-content', /_lambda|^family$/);
    assert.equal(charts.length, 16);
    for (const c of charts) {
      assert.equal(c.xType, 'logarithmic', `${c.name}: log time axis`);
      assert.equal(c.firstX, 0.01, `${c.name}: from the first step`);
    }
    assert.match(await page.textContent('#panel-compare-grid'), /log axis from the first step t = 0\.01 \(t = 0 cannot be on it\)/);
    assert.equal(await page.inputValue('#compare-time-axis'), 'log');
    await choose(page, '#compare-time-axis', 'linear', 'compareRendered');
    assert.equal(searchParams(page).get('timeAxis'), 'linear');
    for (const c of await axes(page, '#view-compare-content', /_lambda|^family$/)) assert.equal(c.xType, 'linear', `${c.name}: linear again`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('?timeAxis=log in a figure: Figure 1B on a log time axis; the control toggles it and the URL; Figure 2 is log by default', { timeout: 120_000 }, async () => {
  const { context, page, log } = await open('?view=figure&figure=1b&timeAxis=log', 'figureRendered');
  try {
    const [outputs] = await axes(page, '#view-figure-content', /^outputs$/);
    assert.equal(outputs.xType, 'logarithmic');
    assert.equal(outputs.firstX, 0.01);
    assert.ok(outputs.early >= 40, `geometric recorded times (${outputs.early} before t = 0.5)`);
    assert.match(await page.textContent('.figure-notes'), /logarithmic, from the first recorded step t = 0\.01: t = 0 cannot be on them/);
    await choose(page, '#figure-time-axis', 'linear', 'figureRendered');
    assert.equal(searchParams(page).get('timeAxis'), 'linear');
    assert.equal((await axes(page, '#view-figure-content', /^outputs$/))[0].xType, 'linear');

    // The paper's own log axis (auto): Figure 2, its control saying so.
    await page.goto(`${session.url}?view=figure&figure=2`);
    await waitForCounter(page, 'figureRendered', 1);
    await scrollThroughCharts(page);
    assert.equal(await page.inputValue('#figure-time-axis'), 'auto', 'the control shows the setting: auto');
    assert.equal(await page.$eval('#figure-time-axis', (select) => select.selectedOptions[0].textContent), 'auto (log)');
    for (const c of await axes(page, '#view-figure-content', /^row/)) assert.equal(c.xType, 'logarithmic', `${c.name}: the paper's log axis`);
    // A figure without a time axis has no control.
    await page.selectOption('#view-figure-content select:not(#figure-time-axis)', '4');
    await waitForCounter(page, 'figureRendered', 2);
    assert.equal(await page.isVisible('#figure-time-axis'), false, 'Figure 4 has no time axis');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('"Change the settings" from Figure 2 names each setting it changed (old → new), keeps the log time axis, and Undo gives the user’s back', { timeout: 120_000 }, async () => {
  const { context, page, log } = await open('?view=figure&figure=2&sigma=0.3&lr=0.02&T=15&items=7&lambdas=1,3', 'figureRendered');
  try {
    await page.click('#figure-change');
    await waitForCounter(page, 'compareRendered', 1);
    const notice = await page.textContent('#notices .change-notice');
    assert.match(notice, /^Opened “Compare λ” with Figure 2’s settings, which changed yours: /);
    for (const change of ['absolute scale σ 0.3 → 1', 'learning rate η 0.02 → 0.0002', 'training time 15 → 10', 'items P 7 → 10',
      'what σ scales product → factors', 'λ values compared 1, 3 → -2, 0, 2', 'time axis auto → log']) {
      assert.ok(notice.includes(change), `the notice names "${change}": ${notice}`);
    }
    const params = searchParams(page);
    assert.deepEqual(['sigma', 'lr', 'T', 'items', 'timeAxis', 'view'].map((k) => params.get(k)), ['1', '0.0002', '10', '10', 'log', 'compare']);
    await scrollThroughCharts(page);
    assert.equal((await axes(page, '#view-compare-content', /^loss_/))[0].xType, 'logarithmic', 'the figure’s log time axis is kept');

    const before = await counterOf(page, 'compareRendered');
    await page.click('#change-undo');
    await waitForCounter(page, 'compareRendered', before + 1);
    const back = searchParams(page);
    assert.deepEqual(['sigma', 'lr', 'T', 't', 'items', 'scaleOf', 'lambdas', 'timeAxis'].map((k) => back.get(k)), ['0.3', '0.02', '15', '15', '7', 'product', '1,3', 'auto']);
    assert.equal(back.get('view'), 'compare', 'Undo keeps the view');
    const undone = await page.textContent('#notices .change-notice');
    assert.match(undone, /^Your settings are back: /);
    for (const change of ['absolute scale σ 1 → 0.3', 'training time 10 → 15', 'time axis log → auto']) assert.ok(undone.includes(change), `"${change}": ${undone}`);
    assert.equal(await page.locator('#change-undo').count(), 0, 'no second Undo');
    assert.equal(await page.inputValue('#sigma-number'), '0.3', 'the settings panel shows the user’s σ again');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
