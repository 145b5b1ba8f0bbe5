// What one input of a λ drag does in "Explore λ" (issue 20, a drag at 60 frames a second): the
// engine is asked for the preview before anything else of the page is touched, nothing the input
// does not change is written again (an unchanged text or attribute still costs a style update, a
// layout and a record for every chart's MutationObserver), and the rest of the page still follows:
// the λ read-out and number field, the address bar. The charts' legends, kept between updates while
// their datasets look the same, still follow the curves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loadView, waitForIdle, rendered, searchParams, setNumber, LAMBDA_SLIDER, LAMBDA_NUMBER, useSession, assertClean } from '../support/browser.mjs';

const TIMEOUT = 90_000;
const session = useSession();

// From now on, in the page: every DOM write around the view that leaves its value as it was (an
// attribute set to its old value, an element's text replaced by the same text), and, at each engine
// run posted, the writes to the settings panel made before it in the same task.
async function watchWrites(page) {
  await page.evaluate(() => {
    const around = (node) => {
      const element = node.nodeType === 1 ? node : node.parentElement;
      return element ? element === document.body || Boolean(element.closest('#controls, .view-switch, .timeline, .site-header, #full-view, #preset')) : false;
    };
    const name = (node) => {
      const element = node.nodeType === 1 ? node : node.parentElement;
      return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ')[0]}` : ''}`;
    };
    window.__unchangedWrites = [];
    window.__beforePost = [];
    window.__previewed = false; // a preview was drawn (a slow machine may refine each input in full before the next)
    new MutationObserver(() => {
      if (document.querySelector('#view-single-content .view-body')?.dataset.preview === 'true') window.__previewed = true;
    }).observe(document.querySelector('#view-single-content .view-body'), { attributes: true, attributeFilter: ['data-preview'] });
    const look = (records) => {
      for (const r of records) {
        if (!around(r.target)) continue;
        if (r.type === 'attributes' && r.oldValue === r.target.getAttribute(r.attributeName)) window.__unchangedWrites.push(`${name(r.target)} @${r.attributeName} = ${r.oldValue}`);
        if (r.type === 'childList' && r.removedNodes.length === 1 && r.addedNodes.length === 1 && r.removedNodes[0].textContent === r.addedNodes[0].textContent) {
          window.__unchangedWrites.push(`${name(r.target)} text "${r.addedNodes[0].textContent}"`);
        }
      }
    };
    const observer = new MutationObserver(look);
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeOldValue: true });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function watchedPost(message, ...rest) {
      if (message?.type === 'run') {
        const pending = observer.takeRecords();
        look(pending);
        // The slider's own input listener names its new value first (aria-valuetext): not the panel's update.
        window.__beforePost.push(pending.filter((r) => r.target.closest?.('#controls') && !(r.target.id === 'lambda-slider' && r.attributeName === 'aria-valuetext'))
          .map((r) => `${name(r.target)} ${r.type === 'attributes' ? `@${r.attributeName}` : 'text'}`));
      }
      return post.call(this, message, ...rest);
    };
  });
}

test('a drag of λ asks the engine first, rewrites nothing it leaves unchanged, and the read-outs and the address bar follow', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await loadView(session, page);
    await waitForIdle(page, 1);
    await watchWrites(page);
    await page.locator(LAMBDA_SLIDER).evaluate((input) => input.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })));
    const values = [0.3, 0.75, 1.2, 1.65, 2.1, 2.55];
    for (const value of values) {
      const count = await rendered(page);
      await page.locator(LAMBDA_SLIDER).evaluate((input, v) => {
        input.value = String(v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, value);
      // Each input's preview drawn; then its read-outs follow.
      await page.waitForFunction((n) => Number(document.body.dataset.rendered) > n, count, { timeout: 20_000 });
      await page.waitForFunction(([selector, v]) => document.querySelector(selector).value === String(v) &&
        document.querySelector('#lambda-slider').closest('.field').querySelector('.slider-value').textContent === `= ${v}`, [LAMBDA_NUMBER, value], { timeout: 5000 });
    }
    assert.ok(await page.evaluate(() => window.__previewed), 'the drag drew previews');
    const beforePost = await page.evaluate(() => window.__beforePost);
    assert.ok(beforePost.length >= values.length, `an engine run per input (${beforePost.length})`);
    assert.deepEqual(beforePost.filter((writes) => writes.length), [], 'nothing of the settings panel is written before the engine run is posted');
    const unchanged = await page.evaluate(() => window.__unchangedWrites);
    assert.deepEqual([...new Set(unchanged)], [], 'no text or attribute around the view is written again with the value it had');

    // The release (the last input may have been drawn in full already, when the pointer rested):
    // the address bar holds the final λ (within the history's replaceState throttle).
    await page.locator(LAMBDA_SLIDER).evaluate((input) => {
      input.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction(() => document.querySelector('#view-single-content .view-body')?.dataset.preview === 'false' &&
      !document.querySelector('.view-status[data-busy="true"]'), null, { timeout: 20_000 });
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lambda') === '2.55', null, { timeout: 5000 }).catch(() => {});
    assert.equal(searchParams(page).get('lambda'), '2.55', 'the URL holds the final λ');
    assert.equal(await page.getAttribute('#view-single-content .view-body', 'data-preview'), 'false', 'drawn in full after the release');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the singular values’ legend follows the number of curves and their visibility', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await loadView(session, page, '?task=random&ni=3&no=3&nh=3');
    await waitForIdle(page, 1);
    const legend = () => page.evaluate(async () => {
      const { Chart } = await import('/js/charts/setup.js');
      const chart = Chart.getChart(document.querySelector('[data-chart="singular-values"] canvas'));
      return chart.legend.legendItems.map((item) => `${item.text}${item.hidden ? ' (hidden)' : ''}`);
    });
    assert.deepEqual(await legend(), ['s1', 's2', 's3']);
    for (const [label, value] of [['Output units No', 2], ['Input units Ni', 2]]) {
      const count = await rendered(page);
      const id = await page.evaluate((text) => [...document.querySelectorAll('#controls label')].find((l) => l.textContent === text)?.htmlFor, label);
      await setNumber(page, `#${id}`, value);
      await waitForIdle(page, count + 1);
    }
    assert.deepEqual(await legend(), ['s1', 's2'], 'two singular values at 2 × 2');
    // A curve hidden from its legend entry (Chart.js's click) says so in the legend.
    await page.evaluate(async () => {
      const { Chart } = await import('/js/charts/setup.js');
      const chart = Chart.getChart(document.querySelector('[data-chart="singular-values"] canvas'));
      chart.setDatasetVisibility(0, false);
      chart.update('none');
    });
    assert.deepEqual(await legend(), ['s1 (hidden)', 's2']);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
