// The compare view, the "Sweep λ" animation, and keyboard operation of the λ slider and Play.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPage, loadView, waitForIdle, rendered, canvasSummary, scrollThroughCharts, searchParams, LAMBDA_SLIDER, LAMBDA_NUMBER, useSession, assertClean,
} from '../support/browser.mjs';

const TIMEOUT = 60_000;
const VIEWPORT = { width: 1280, height: 900 };
const session = useSession();

test('the compare view renders small multiples for each λ', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.goto(`${session.url}?view=compare&lambdas=-2,0,2`);
    await page.waitForFunction(() => Number(document.body.dataset.compareRendered ?? 0) >= 1, null, { timeout: 30_000 });
    assert.equal(await page.locator('#view-compare-content').isVisible(), true);
    assert.equal(await page.locator('#view-single-content').isVisible(), false, 'the single view is hidden');
    assert.equal(await page.getAttribute('#view-compare', 'aria-pressed'), 'true');
    assert.match(await page.textContent('#compare-status'), /^Computed/);
    assert.deepEqual(await page.$$eval('#view-compare-content .multiples-head', (heads) => heads.map((h) => h.textContent)), ['λ = -2', 'λ = 0', 'λ = 2']);
    assert.equal(await page.inputValue('#compare-lambdas'), '-2, 0, 2');
    const charts = await page.$$eval('#view-compare-content .multiples [data-chart]', (figures) => figures.map((f) => f.dataset.chart));
    assert.equal(charts.length, 15, `5 rows x 3 columns: ${charts.join(', ')}`);
    for (const lambda of [-2, 0, 2]) assert.ok(charts.includes(`loss_lambda${lambda}`), `a loss chart for λ = ${lambda}`);

    await scrollThroughCharts(page, '#view-compare-content');
    for (const name of [...charts, 'family']) {
      const summary = await canvasSummary(page, `#view-compare-content [data-chart="${name}"] canvas`);
      assert.ok(summary.colored > 100, `${name} is drawn: ${JSON.stringify(summary)}`);
    }
    // λ = 0 learns differently from λ = ±2.
    const loss0 = await canvasSummary(page, '#view-compare-content [data-chart="loss_lambda0"] canvas');
    const loss2 = await canvasSummary(page, '#view-compare-content [data-chart="loss_lambda2"] canvas');
    assert.notEqual(loss0.hash, loss2.hash);

    // Editing the list redraws with the new columns (a second render of the grid).
    // Before the fix: the grid's old charts are destroyed, and the chart plugin in
    // web/js/charts/setup.js calls observer.unobserve(chart.canvas) in afterDestroy, when Chart.js
    // has already set chart.canvas to null: "Failed to execute 'unobserve' on
    // 'IntersectionObserver': parameter 1 is not of type 'Element'", shown as a compare:error notice.
    const count = await page.evaluate(() => Number(document.body.dataset.compareRendered));
    await page.fill('#compare-lambdas', '-1, 1');
    await page.dispatchEvent('#compare-lambdas', 'change');
    await page.waitForFunction((n) => Number(document.body.dataset.compareRendered) > n || document.querySelector('#view-compare-content .notice-error'),
      count, { timeout: 30_000 });
    const errors = await page.$$eval('#view-compare-content .notice-error', (items) => items.map((li) => li.textContent));
    assert.deepEqual(errors, [], 'the comparison is computed again without an error');
    assert.deepEqual(await page.$$eval('#view-compare-content .multiples-head', (heads) => heads.map((h) => h.textContent)), ['λ = -1', 'λ = 1']);
    assert.equal(searchParams(page).get('lambdas'), '-1,1');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('"Sweep λ" moves λ over time, redrawing, and stops when pressed again, putting the user’s λ back (with "Keep λ = …")', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    const start = await rendered(page);
    await page.click('#sweep-button');
    assert.equal(await page.getAttribute('#sweep-button', 'aria-pressed'), 'true');
    assert.equal(await page.textContent('#sweep-button'), 'Stop sweep');
    // λ goes up from 0 (a pass over [-8, 8] takes 10 s) and the charts follow.
    await page.waitForFunction((n) => Number(document.body.dataset.rendered) >= n + 3, start, { timeout: 15_000 });
    const seen = new Set();
    for (let i = 0; i < 5; i++) {
      seen.add(await page.inputValue(LAMBDA_NUMBER));
      await page.waitForTimeout(200);
    }
    assert.ok(seen.size >= 3, `λ keeps changing during the sweep: ${[...seen].join(', ')}`);
    assert.ok([...seen].every((v) => Number(v) > 0), 'upwards from 0 first');

    await page.click('#sweep-button');
    assert.equal(await page.getAttribute('#sweep-button', 'aria-pressed'), 'false');
    assert.equal(await page.textContent('#sweep-button'), 'Sweep λ');
    await page.waitForFunction(() => !document.querySelector('.view-status[data-busy="true"]'));
    // Stop puts the user's λ back, and offers the one where the sweep stopped.
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '0', 'the user’s λ is back');
    const stopped = (await page.textContent('#sweep-keep')).match(/^Keep λ = (\S+)$/)?.[1];
    assert.ok(Number(stopped) > 0, `the offer names where the sweep stopped: ${stopped}`);
    await page.waitForTimeout(700);
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '0', 'λ stays put once stopped');
    const settled = await waitForIdle(page, 0);
    await page.waitForTimeout(300);
    assert.equal(await rendered(page), settled, 'no more recomputations');
    assert.equal(searchParams(page).get('lambda') ?? '0', '0', 'the URL holds the user’s λ');
    await page.click('#sweep-keep');
    await waitForIdle(page, settled + 1);
    assert.equal(searchParams(page).get('lambda'), stopped, 'Keep: the URL holds the λ where the sweep stopped');
    assert.equal(await page.inputValue(LAMBDA_SLIDER), stopped);
    assert.equal(await page.isVisible('#sweep-keep'), false, 'the offer is gone once taken');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the λ slider responds to the arrow keys', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    const count = await rendered(page);
    const before = await canvasSummary(page, '[data-chart="loss"] canvas');
    await page.focus(LAMBDA_SLIDER);
    await page.keyboard.press('ArrowRight');
    await waitForIdle(page, count + 1);
    assert.equal(await page.inputValue(LAMBDA_SLIDER), '0.05', 'one step of 0.05');
    assert.equal(searchParams(page).get('lambda'), '0.05');
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '0.05');
    assert.notEqual((await canvasSummary(page, '[data-chart="loss"] canvas')).hash, before.hash, 'the charts redraw');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lambda') === '-0.1');
    await waitForIdle(page, count + 2);
    assert.equal(await page.inputValue(LAMBDA_NUMBER), '-0.1');
    assert.equal(await page.evaluate(() => document.activeElement?.type), 'range', 'focus stays on the slider');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// Before the fix: a key press on the slider fires 'input' and then 'change' with the
// same value; main.js applyPatch() renders (and runs the engine) on both, so every arrow-key press
// and every slider release computes the same configuration twice (body[data-rendered] += 2).
test('one λ edit runs the engine once (no recomputation of an unchanged view)', { timeout: TIMEOUT }, async () => {
  const { context, page } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.addInitScript(() => {
      // Engine jobs, not messages: one job may run on two workers (the exact solution and the
      // simulation of one configuration at once, web/js/engine/scheduler.js).
      const jobs = new Set();
      Object.defineProperty(window, '__engineRequests', { get: () => jobs.size });
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (...args) {
        if (args[0]?.type === 'run') jobs.add(args[0].job);
        return post.apply(this, args);
      };
    });
    await loadView(session, page);
    await page.waitForTimeout(300);
    const count = await rendered(page);
    const requests = await page.evaluate(() => window.__engineRequests);
    await page.focus(LAMBDA_SLIDER);
    await page.keyboard.press('ArrowRight');
    await waitForIdle(page, count + 1);
    await page.waitForTimeout(500);
    assert.equal(searchParams(page).get('lambda'), '0.05');
    assert.equal(await page.evaluate(() => window.__engineRequests) - requests, 1, 'one engine request for one key press');
    assert.equal(await rendered(page) - count, 1, 'one render for one key press');
  } finally {
    await context.close();
  }
});

test('the Play button toggles with Enter and Space and moves the time cursor', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    assert.equal(await page.inputValue('#time-cursor'), '300', 'the cursor starts at the end (t = T)');
    await page.focus('#play');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true', 'Enter starts playing');
    assert.equal(await page.textContent('#play'), 'Pause');
    // Playing from the end starts over from t = 0 and moves forward (the whole run takes 8 s).
    await page.waitForFunction(() => {
      const v = Number(document.querySelector('#time-cursor').value);
      return v > 5 && v < 300;
    }, null, { timeout: 10_000 });
    const during = Number(await page.inputValue('#time-cursor'));
    await page.waitForTimeout(300);
    assert.ok(Number(await page.inputValue('#time-cursor')) > during, 'the cursor advances');
    assert.match(await page.textContent('#time-readout'), /^t = [\d.]+ of 20$/);

    await page.keyboard.press('Space');
    assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false', 'Space pauses');
    assert.equal(await page.textContent('#play'), 'Play');
    const paused = await page.inputValue('#time-cursor');
    await page.waitForTimeout(400);
    assert.equal(await page.inputValue('#time-cursor'), paused, 'the cursor stays put while paused');
    const t = Number(searchParams(page).get('t'));
    const times = Array.from({ length: 301 }, (_, i) => (20 * i) / 300);
    // (The page writes t to 6 significant digits: web/js/ui/timeline.js.)
    assert.ok(Math.abs(t - times[Number(paused)]) <= 5e-6 * times[Number(paused)], `the URL holds the paused time (t = ${t}, cursor ${paused})`);

    await page.keyboard.press('Space');
    assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true', 'Space plays again');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false', 'Enter pauses');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a phase-diagram cell opened with Enter opens "Explore λ" at its top, with the focus on its heading', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(`${session.url}?view=phase&grid=8`);
    await page.waitForFunction(() => Number(document.body.dataset.phaseRendered ?? 0) >= 1, null, { timeout: 30_000 });
    const canvas = page.locator('#view-phase-content canvas[tabindex="0"]').first();
    await canvas.scrollIntoViewIfNeeded();
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === 'single');
    await page.waitForFunction(() => Number(document.body.dataset.rendered ?? 0) >= 1, null, { timeout: 20_000 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'single-heading', 'the focus is on the view opened, not on <body>');
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the view opens at its top');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

