// The bare page's first screen and a phone's (issue 18, items 7 and 8): a drawn chart on the first
// screen at 1280 × 800 (the loss chart started at y = 770) and 390 × 844 (at y = 1336); on a phone
// the view switch shows that it scrolls and brings each of its buttons fully into sight, and the
// time cursor stays on screen, under the sticky λ/σ block, while the heatmaps it drives scroll by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loadView, canvasSummary, setSlider, useSession } from '../support/browser.mjs';

const session = useSession();
// At least this much of the chart shows on the first screen.
const SHOWN = 100;

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`at ${width} × ${height} the first screen shows a drawn chart`, { timeout: 60_000 }, async () => {
    const { context, page, log } = await openPage(session, { viewport: { width, height } });
    try {
      await loadView(session, page);
      const first = await page.evaluate(() => {
        const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.getClientRects().length && c.getBoundingClientRect().height > 0);
        canvases.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
        const canvas = canvases[0];
        canvas.id ||= 'first-screen-chart';
        return { id: canvas.id, top: canvas.getBoundingClientRect().top, scrollY: window.scrollY };
      });
      assert.equal(first.scrollY, 0);
      assert.ok(first.top + SHOWN <= height, `the first chart starts at y = ${first.top}: at least ${SHOWN} px of it on the ${height} px screen`);
      const drawn = await canvasSummary(page, `#${first.id}`);
      assert.ok(drawn.colored > 300, `and it is drawn (${drawn.colored} coloured pixels)`);
      // The folded introduction opens.
      await page.click('.about > summary');
      assert.equal(await page.locator('.about .lede').isVisible(), true, '“About this explorable” shows the rest of the introduction');
      assert.equal(await page.locator('.site-header > .lede').isVisible(), true, 'and its first sentence');
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });
}

test('on a phone the view switch fades at its edge and scrolls each button fully into sight', { timeout: 60_000 }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 390, height: 844 } });
  try {
    await loadView(session, page);
    const nav = await page.evaluate(() => {
      const n = document.querySelector('.view-switch');
      return { scrollWidth: n.scrollWidth, clientWidth: n.clientWidth, mask: getComputedStyle(n).maskImage || getComputedStyle(n).webkitMaskImage || '' };
    });
    assert.ok(nav.scrollWidth > nav.clientWidth, 'the buttons do not fit: the row scrolls');
    assert.match(nav.mask, /gradient/, `the row fades at its right edge, a sign that it scrolls (mask: ${nav.mask})`);
    const count = await page.locator('.view-switch button').count();
    assert.ok(count >= 3);
    // The keyboard's way along the row: the first button, then Tab.
    await page.locator('.view-switch button').first().focus();
    for (let i = 0; i < count; i++) {
      if (i > 0) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate((index) => document.activeElement === document.querySelectorAll('.view-switch button')[index], i), true, `Tab reaches button ${i + 1}`);
      const fit = await page.evaluate((index) => {
        const n = document.querySelector('.view-switch');
        const b = n.querySelectorAll('button')[index];
        const fade = parseFloat(getComputedStyle(n).scrollPaddingRight || getComputedStyle(n).scrollPaddingInlineEnd) || 0;
        const nr = n.getBoundingClientRect(), br = b.getBoundingClientRect();
        return { left: br.left - nr.left, right: nr.right - fade - br.right, label: b.textContent };
      }, i);
      assert.ok(fit.left >= -1 && fit.right >= -1, `“${fit.label}” focused is in sight and clear of the fade (${JSON.stringify(fit)})`);
    }
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('on a phone the time cursor sticks under the λ/σ block while the heatmaps it drives scroll by', { timeout: 60_000 }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 390, height: 844 } });
  try {
    await loadView(session, page);
    for (const panel of ['representations', 'ntk']) {
      await page.evaluate((id) => window.scrollTo(0, document.querySelector(`[data-panel="${id}"] canvas`).getBoundingClientRect().top + window.scrollY - 420), panel);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const where = await page.evaluate((id) => {
        const box = (s) => document.querySelector(s).getBoundingClientRect();
        const cursor = box('#time-cursor'), settings = box('.sidebar'), toolbar = box('#view-single-content .view-toolbar');
        return { scrollY: window.scrollY, cursorTop: cursor.top, cursorBottom: cursor.bottom, settingsBottom: settings.bottom, toolbarBottom: toolbar.bottom, heatmapTop: box(`[data-panel="${id}"] canvas`).top, height: innerHeight };
      }, panel);
      assert.ok(where.scrollY > 1000, `scrolled down to the ${panel} heatmaps (${where.scrollY})`);
      assert.ok(where.cursorTop >= where.settingsBottom - 1 && where.cursorBottom <= where.height, `the time cursor is on screen, not under the λ/σ block: ${JSON.stringify(where)}`);
      assert.ok(where.toolbarBottom <= 0.4 * where.height, `the sticky λ/σ block and time cursor leave most of the screen to the charts: ${JSON.stringify(where)}`);
      assert.ok(where.heatmapTop >= where.toolbarBottom && where.heatmapTop < where.height, `the ${panel} heatmap in sight below it: ${JSON.stringify(where)}`);
    }
    // It still moves the heatmaps.
    const before = await canvasSummary(page, '[data-panel="ntk"] canvas');
    await setSlider(page, '#time-cursor', 60);
    await page.waitForFunction(() => !document.querySelector('.view-status[data-busy="true"]'));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const after = await canvasSummary(page, '[data-panel="ntk"] canvas');
    assert.notEqual(after.hash, before.hash, 'moving the sticky time cursor redraws the kernel heatmap in sight at the new time');
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});
