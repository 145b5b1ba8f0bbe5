// Explore's panels out of sight: a result is drawn first in the panels in sight (a first visit:
// loss and singular values), counted by body[data-drawn-in-sight]; the panels below follow in idle
// time, and body[data-rendered] counts the result once every panel shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loadView, useSession, assertClean } from '../support/browser.mjs';
import { loadEngine } from '../support/engine.mjs';
import { parseUrl } from '../../web/js/state/url.js';
import { experimentConfig } from '../../web/js/state/config.js';

const TIMEOUT = 90_000;
const session = useSession();
const { engine } = await loadEngine();

// When (ms since navigation) the counters changed and the task panel's heatmaps (the last panel,
// far below the first screen) were given their matrices, which rewrites their text alternatives.
function drawingClock() {
  window.__clock = { inSight: [], rendered: [], task: [] };
  new MutationObserver((records) => {
    for (const { target, attributeName } of records) {
      if (attributeName === 'data-drawn-in-sight') window.__clock.inSight.push(performance.now());
      else if (attributeName === 'data-rendered') window.__clock.rendered.push(performance.now());
      else if (target instanceof HTMLCanvasElement && target.closest('#panel-task')) window.__clock.task.push(performance.now());
    }
  }).observe(document, { attributes: true, attributeFilter: ['data-drawn-in-sight', 'data-rendered', 'aria-label'], subtree: true });
}

test('a first visit draws the panels in sight first, then every panel below with the same result', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await page.addInitScript(drawingClock);
    await loadView(session, page, '?lambda=0.5');
    const clock = await page.evaluate(() => window.__clock);
    assert.equal(clock.inSight.length, 1, 'the result was drawn in sight once');
    assert.ok(clock.task.length > 0, 'the task panel was drawn');
    assert.ok(clock.inSight[0] < Math.min(...clock.task), `in sight (${clock.inSight[0].toFixed(0)} ms) before the task panel below (${Math.min(...clock.task).toFixed(0)} ms)`);
    assert.ok(Math.max(...clock.task) <= clock.rendered[0], 'and body[data-rendered] once the task panel was drawn too');

    // Every panel holds the result without being scrolled to: the kernel distance, below the first
    // screen, is the engine's for λ = 0.5.
    const drawn = await page.evaluate(async () => {
      const { Chart } = await import('/js/charts/setup.js');
      const chart = Chart.getChart(document.querySelector('#panel-ntk [data-chart="kernel-distance"] canvas'));
      return chart.data.datasets.find((d) => d.exact)?.data.map((p) => p.y) ?? null;
    });
    const { state } = parseUrl(new URL(page.url()).search);
    const expected = Array.from(engine.run(experimentConfig(state, ['kernelDistance'])).exact.kernelDistance);
    assert.ok(drawn, 'the kernel distance holds its exact curve');
    assert.equal(drawn.length, expected.length);
    const scale = Math.max(...expected.map(Math.abs));
    drawn.forEach((y, i) => assert.ok(Math.abs(y - expected[i]) <= 1e-12 * scale, `point ${i}: ${y}, the engine's ${expected[i]}`));
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
