// A smoke test of every view of the view switch: opened from its button, it computes, draws,
// and leaves no error behind (page errors, console, CSP, error notices). Completion is read off
// the view's own status line, the same for every view: it says what was computed once nothing is
// busy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPage, loadView, searchParams, scrollThroughCharts, coloredPixelsOnVisibleCanvases, useSession, assertClean,
} from '../support/browser.mjs';

const VIEWPORT = { width: 1280, height: 900 };
const session = useSession();

test('every view of the view switch opens, computes and draws without an error', { timeout: 120_000 }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    const views = await page.$$eval('.view-switch [data-view]', (buttons) => buttons.map((b) => b.dataset.view));
    assert.ok(views.includes('single') && views.includes('compare'), `views: ${views.join(', ')}`);
    for (const view of [...views.filter((v) => v !== 'single'), 'single']) {
      await page.click(`.view-switch [data-view="${view}"]`);
      assert.equal(await page.getAttribute(`.view-switch [data-view="${view}"]`, 'aria-pressed'), 'true', `${view}: its button is pressed`);
      assert.equal(searchParams(page).get('view'), view, `${view}: the URL names the view`);
      await page.waitForFunction((id) => {
        const status = document.querySelector(`#${id}-status`)?.textContent ?? '';
        return status !== '' && !document.querySelector('.view-status[data-busy="true"]');
      }, view, { timeout: 60_000 });
      const errors = await page.$$eval('.notice-error', (items) => items.map((li) => li.textContent));
      assert.deepEqual(errors, [], `${view}: no error notice`);
      assert.doesNotMatch(await page.textContent(`#${view}-status`), /^Not computed/, `${view}: computed`);
      // Something is drawn: coloured pixels on the visible canvases (read through scratch copies)
      // once each has been on screen (charts off screen are drawn when they come into view).
      await scrollThroughCharts(page);
      const colored = await coloredPixelsOnVisibleCanvases(page);
      assert.ok(colored > 500, `${view}: a chart is drawn (${colored} coloured pixels)`);
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
