// Presenting (issue 18, item 6): presenter mode (present=1) sets bigger type and keeps only the λ
// slider and the time cursor, with a way to leave it; at 200 % zoom (a 1280 px screen is 640 CSS px
// wide) the sticky λ/σ block folds to one button (aria-expanded, keyboard), and stays folded while
// the page is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loadView, waitForIdle, searchParams, LAMBDA_SLIDER, useSession, assertClean } from '../support/browser.mjs';

const TIMEOUT = 60_000;
const session = useSession();

// What a reader sees: the root font size, and which controls are on screen.
function seen() {
  const shown = (node) => node && node.getClientRects().length > 0 && getComputedStyle(node).visibility !== 'hidden';
  const controls = [...document.querySelectorAll('input, select, button, textarea')].filter((node) => shown(node) && !node.closest('dialog'));
  return {
    fontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
    controls: controls.length,
    lambda: shown(document.querySelector('#lambda-slider')),
    time: shown(document.querySelector('#time-cursor')),
    sigma: shown(document.querySelector('#sigma-number')) || shown(document.querySelectorAll('.settings-init .field-slider')[1]),
    viewSwitch: shown(document.querySelector('.view-switch')),
    exports: shown(document.querySelector('#export-csv')),
    leave: shown(document.querySelector('.leave-present')),
    sidebar: document.querySelector('.sidebar').getBoundingClientRect().height,
  };
}

test('present=1: bigger type, only the λ slider and the time cursor (and the fold), and "Leave presenter mode" goes back to the full page', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 800 } });
  try {
    await loadView(session, page);
    await waitForIdle(page, 1);
    const normal = await page.evaluate(seen);
    await loadView(session, page, '?present=1');
    await waitForIdle(page, 1);
    const present = await page.evaluate(seen);
    assert.ok(present.fontSize >= 1.3 * normal.fontSize, `bigger type (${present.fontSize} px, was ${normal.fontSize} px)`);
    assert.equal(present.lambda && present.time, true, 'the λ slider and the time cursor are there');
    assert.equal(present.sigma || present.viewSwitch || present.exports, false, 'no σ, no view switch, no downloads');
    // λ, the fold, Play, the time cursor, and the output unit of the output panel.
    assert.ok(present.controls <= 5 && present.controls < normal.controls / 5, `fewer controls: ${present.controls} (was ${normal.controls})`);
    assert.equal(normal.leave, false, 'no "Leave presenter mode" outside it');
    assert.equal(present.leave, true);
    assert.equal(searchParams(page).get('present'), '1', 'the link keeps presenter mode');
    await page.click('.leave-present');
    // A link: the page loads again, without presenter mode.
    await page.waitForFunction(() => new URLSearchParams(location.search).get('present') === '0' && !document.body.classList.contains('present')
      && Number(document.body.dataset.rendered ?? 0) >= 1, null, { timeout: 20_000 });
    await waitForIdle(page, 1);
    const left = await page.evaluate(seen);
    assert.equal(searchParams(page).get('present'), '0');
    assert.equal(left.fontSize, normal.fontSize);
    assert.equal(left.viewSwitch && left.exports && left.sigma, true, 'the full page is back');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('at 200 % zoom the sticky λ/σ block folds to one button by the keyboard (aria-expanded), stays folded across a view change, and unfolds', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 640, height: 450 } });
  try {
    await loadView(session, page);
    const open = await page.evaluate(seen);
    assert.equal(open.lambda, true);
    assert.equal(await page.getAttribute('.settings-collapse', 'aria-expanded'), 'true');
    assert.equal(await page.getAttribute('.settings-collapse', 'aria-controls'), 'controls');
    await page.focus('.settings-collapse');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('.settings-collapse', 'aria-expanded'), 'false');
    const folded = await page.evaluate(seen);
    assert.equal(folded.lambda, false, 'the sliders are folded away');
    assert.ok(folded.sidebar < open.sidebar / 2, `the sticky block is ${folded.sidebar} px tall (was ${open.sidebar} px of ${450})`);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('settings-collapse')), true, 'the focus stays on the button');
    // Another view and back: the block stays folded while the page is open.
    await page.click('.view-switch [data-view="compare"]');
    await page.waitForFunction(() => document.body.dataset.currentView === 'compare');
    assert.equal(await page.getAttribute('.settings-collapse', 'aria-expanded'), 'false', 'still folded in another view');
    await page.focus('.settings-collapse');
    await page.keyboard.press(' ');
    assert.equal(await page.getAttribute('.settings-collapse', 'aria-expanded'), 'true');
    assert.equal((await page.evaluate(seen)).lambda, true, 'the λ slider is back');
    assert.ok(await page.isVisible(LAMBDA_SLIDER));
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// A new user's trial (fix-page): on a 1920 × 1080 projector the text was enlarged but the charts'
// tick labels stayed at 11 px.
test('present=1 at 1920 × 1080: the charts’ tick labels and legends grow with the text', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1920, height: 1080 } });
  const fonts = () => page.evaluate(async () => {
    const { Chart } = await import('/js/charts/setup.js');
    const chart = Chart.getChart(document.querySelector('[data-chart="loss"] canvas'));
    // The tick labels' font as the x scale resolves it (Chart.js's own method, not in its public types).
    return { root: parseFloat(getComputedStyle(document.documentElement).fontSize),
      resolved: chart.scales.x._resolveTickFontOptions?.(0)?.size ?? Chart.defaults.font.size, legend: chart.legend?.options.labels.font?.size ?? Chart.defaults.font.size };
  });
  try {
    await loadView(session, page);
    await waitForIdle(page, 1);
    const normal = await fonts();
    await loadView(session, page, '?present=1');
    await waitForIdle(page, 1);
    const present = await fonts();
    const ratio = present.root / normal.root;
    assert.ok(ratio >= 1.3, `presenter mode enlarges the text (${normal.root} → ${present.root} px)`);
    assert.ok(present.resolved >= 0.9 * ratio * normal.resolved, `tick labels grow with it: ${normal.resolved} → ${present.resolved} px`);
    assert.ok(present.legend >= 0.9 * ratio * normal.legend, `legends too: ${normal.legend} → ${present.legend} px`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// Before: at 1920 × 1080 (a projector) Explore's grid had three columns, so that loss and singular
// values filled two thirds of their row and the task panel sat alone in a third of its own.
test('present=1 at 1920 × 1080 and a wide screen: Explore’s compact panels fill their rows, two by two', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1920, height: 1080 } });
  // Each panel's left and right edges, as fractions of the grid's width.
  const rows = () => page.evaluate(() => {
    const grid = document.querySelector('#view-single-content .view-body').getBoundingClientRect();
    return Object.fromEntries([...document.querySelectorAll('#view-single-content .panel')].filter((p) => p.getClientRects().length)
      .map((p) => { const box = p.getBoundingClientRect(); return [p.dataset.panel, [(box.left - grid.left) / grid.width, (box.right - grid.left) / grid.width, Math.round(box.top)]]; }));
  });
  try {
    for (const query of ['?present=1&panels=loss,singular,outputs,task,balance', '?panels=loss,singular,outputs,task,balance']) {
      await loadView(session, page, query);
      await waitForIdle(page, 1);
      const at = await rows();
      for (const [left, right] of [['loss', 'singular'], ['task', 'balance']]) {
        assert.equal(at[left][2], at[right][2], `${query}: ${left} and ${right} share a row`);
        assert.ok(at[left][0] < 0.01 && at[right][1] > 0.99, `${query}: ${left} and ${right} fill their row (${JSON.stringify([at[left], at[right]])})`);
      }
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// Before: in presenter mode at 1024 × 768 Figure 2's third column title took three lines, which
// pushed its charts down: the loss of λ = 2 stood lower and shorter than those of λ = −2 and 0.
test('present=1 at 1024 × 768: Figure 2’s charts of a row line up although column C’s title wraps', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1024, height: 768 } });
  try {
    await page.goto(`${session.url}?view=figure&figure=2&present=1`);
    await page.waitForFunction(() => Number(document.body.dataset.figureRendered ?? 0) >= 1, null, { timeout: 60_000 });
    const rows = await page.evaluate(() => {
      const byRow = {};
      for (const cell of document.querySelectorAll('.figure-grid .figure-cell')) {
        const box = cell.querySelector('.chart-box')?.getBoundingClientRect();
        const title = cell.querySelector('figcaption')?.getBoundingClientRect();
        if (box) (byRow[cell.style.gridRowStart] ??= []).push({ top: Math.round(box.top), height: Math.round(box.height), titleHeight: Math.round(title?.height ?? 0) });
      }
      return byRow;
    });
    const first = rows['1'];
    assert.ok(Math.max(...first.map((c) => c.titleHeight)) > 1.5 * Math.min(...first.map((c) => c.titleHeight)), `the titles differ in height here (${JSON.stringify(first)})`);
    for (const [row, cells] of Object.entries(rows)) {
      assert.ok(Math.max(...cells.map((c) => c.top)) - Math.min(...cells.map((c) => c.top)) <= 1, `row ${row}: the charts start at one height (${JSON.stringify(cells)})`);
      assert.ok(Math.max(...cells.map((c) => c.height)) - Math.min(...cells.map((c) => c.height)) <= 1, `row ${row}: and are as tall`);
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('present=1 on a view that does not use the settings’ λ (Compare λ, Architectures) shows no greyed λ slider; Explore λ keeps it', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1366, height: 768 } });
  try {
    await page.goto(`${session.url}?present=1&view=compare`);
    await page.waitForFunction(() => Number(document.body.dataset.compareRendered ?? 0) >= 1, null, { timeout: 60_000 });
    assert.equal(await page.isVisible(LAMBDA_SLIDER), false, 'Compare λ: the λ slider is not shown');
    assert.equal(await page.isVisible('.leave-present'), true);
    await loadView(session, page, '?present=1');
    assert.equal(await page.isVisible(LAMBDA_SLIDER), true, 'Explore λ: the λ slider is shown');
    assert.equal(await page.isDisabled(LAMBDA_SLIDER), false);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
