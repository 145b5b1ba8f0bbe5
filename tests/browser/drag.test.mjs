// Dragging the λ slider in "Explore λ": while it moves the charts show a preview (every 5th time
// point, each computed), and once the drag ends — at the release, or when the pointer rests — every
// chart shows the full trajectory of the final λ: all its time points, the engine's numbers for
// that λ, nothing of an earlier λ or of the preview drawn after it, and the URL holds that λ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, loadView, waitForIdle, rendered, searchParams, LAMBDA_SLIDER, useSession, assertClean } from '../support/browser.mjs';
import { loadEngine } from '../support/engine.mjs';
import { parseUrl } from '../../web/js/state/url.js';
import { experimentConfig } from '../../web/js/state/config.js';
import { TIME_POINTS } from '../../web/js/state/schema.js';

const TIMEOUT = 90_000;
const session = useSession();
const { engine } = await loadEngine();

// Every update of a chart over training time, as it was drawn: its name, its datasets' lengths and,
// for the loss chart, the values drawn (window.__drawn, from now on).
async function recordDraws(page) {
  await page.evaluate(async () => {
    const { Chart } = await import('/js/charts/setup.js');
    window.__drawn = [];
    const update = Chart.prototype.update;
    Chart.prototype.update = function recordedUpdate(...args) {
      const out = update.apply(this, args);
      if (this.$xName === 't') {
        const name = this.canvas.closest('[data-chart]')?.dataset.chart ?? '';
        window.__drawn.push({ name, lengths: this.data.datasets.filter((d) => d.curve !== undefined).map((d) => d.data.length),
          values: name === 'loss' ? this.data.datasets.map((d) => ({ exact: Boolean(d.exact), x: d.data.map((p) => p.x), y: d.data.map((p) => p.value ?? p.y) })) : null });
      }
      return out;
    };
  });
}
const takeDraws = (page) => page.evaluate(() => window.__drawn.splice(0));

// The pointer takes the slider, then input events along it (a drag), waiting now and then until a
// preview has been drawn.
async function drag(page, values) {
  await page.locator(LAMBDA_SLIDER).evaluate((input) => input.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })));
  for (const [i, value] of values.entries()) {
    const count = await rendered(page);
    await page.locator(LAMBDA_SLIDER).evaluate((input, v) => {
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
    if (i % 8 === 7) await page.waitForFunction((n) => Number(document.body.dataset.rendered) > n, count, { timeout: 20_000 });
  }
}

// The loss as the engine computes it for the page's settings (the loss does not depend on which
// other series are recorded).
function engineLoss(search) {
  const { state } = parseUrl(search);
  const result = engine.run(experimentConfig(state, ['loss']));
  return { times: Array.from(result.times), simulation: Array.from(result.simulation.loss), exact: Array.from(result.exact.loss) };
}

function assertFullLoss(drawn, expected, lambda) {
  assert.equal(drawn.length, 2, 'simulation and exact solution');
  for (const dataset of drawn) {
    const want = dataset.exact ? expected.exact : expected.simulation;
    assert.equal(dataset.y.length, TIME_POINTS, `${dataset.exact ? 'exact' : 'simulation'}: all ${TIME_POINTS} time points`);
    assert.deepEqual(dataset.x, expected.times, 'at the engine\'s times');
    dataset.y.forEach((y, i) => assert.ok(Math.abs(y - want[i]) <= 1e-12 * Math.abs(want[i]),
      `${dataset.exact ? 'exact' : 'simulation'} loss at t = ${expected.times[i]}: drawn ${y}, the engine's for λ = ${lambda} ${want[i]}`));
  }
}

const DRAG = Array.from({ length: 40 }, (_, i) => Number((0.05 * (i + 1)).toFixed(2))); // 0.05 … 2

test('a drag of λ previews, and its release draws the full trajectory of the final λ and nothing else', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await loadView(session, page);
    await recordDraws(page);
    await drag(page, DRAG.slice(0, -1));
    const during = await takeDraws(page);
    assert.ok(during.some((d) => d.name === 'loss' && d.lengths.every((n) => n === (TIME_POINTS - 1) / 5 + 1)),
      `the drag drew previews of ${(TIME_POINTS - 1) / 5 + 1} time points (drawn: ${[...new Set(during.map((d) => d.lengths[0]))]})`);

    // The last move and the release (a preview still on its way would be drawn before it).
    const count = await rendered(page);
    await page.locator(LAMBDA_SLIDER).evaluate((input) => {
      window.__drawn.length = 0; // from the release on
      input.value = '2';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitForIdle(page, count + 1);
    // The address bar follows within the history's replaceState throttle (REPLACE_INTERVAL_MS: browsers
    // refuse more than about 100 calls in 10 s), not necessarily by the time the charts are drawn.
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lambda') === '2', null, { timeout: 5000 }).catch(() => {});
    assert.equal(searchParams(page).get('lambda'), '2', 'the URL holds the final λ');
    assert.equal(await page.getAttribute('#view-single-content .view-body', 'data-preview'), 'false');
    assert.match(await page.textContent('#single-status'), new RegExp(`^Computed .*${TIME_POINTS} time points`));

    // After the release: only full trajectories of λ = 2, on every chart drawn.
    const after = await takeDraws(page);
    const expected = engineLoss(new URL(page.url()).search);
    assert.ok(after.some((d) => d.name === 'loss'), 'the loss chart was drawn after the release');
    for (const draw of after) {
      assert.ok(draw.lengths.every((n) => n === TIME_POINTS), `${draw.name}: every curve drawn with ${TIME_POINTS} points (${draw.lengths})`);
      if (draw.values) assertFullLoss(draw.values, expected, 2);
    }
    // Every chart over time holds the full trajectory, also those off screen (drawn as they scroll
    // into view), which a preview leaves as they were.
    const held = await page.evaluate(async () => {
      const { Chart } = await import('/js/charts/setup.js');
      return [...document.querySelectorAll('#view-single-content [data-chart] canvas')].map((canvas) => Chart.getChart(canvas))
        .filter((chart) => chart?.$xName === 't' && !chart.canvas.closest('[hidden]'))
        .map((chart) => {
          const curves = chart.data.datasets.filter((d) => d.curve !== undefined);
          return { name: chart.canvas.closest('[data-chart]').dataset.chart, lengths: curves.map((d) => d.data.length),
            exact: curves.find((d) => d.exact)?.data.map((p) => p.y) };
        });
    });
    assert.ok(held.length >= 6, `the charts over time: ${held.map((c) => c.name)}`);
    for (const chart of held) assert.ok(chart.lengths.every((n) => n === TIME_POINTS), `${chart.name} holds ${TIME_POINTS} points per curve (${chart.lengths})`);
    // The kernel distance (a panel below the first screen, left behind by the previews) is λ = 2's.
    const { state } = parseUrl(new URL(page.url()).search);
    const distance = Array.from(engine.run(experimentConfig(state, ['kernelDistance'])).exact.kernelDistance);
    const drawnDistance = held.find((c) => c.name === 'kernel-distance')?.exact;
    assert.ok(drawnDistance, 'the kernel distance chart holds the exact curve');
    const scale = Math.max(...distance.map(Math.abs));
    drawnDistance.forEach((y, i) => assert.ok(Math.abs(y - distance[i]) <= 1e-12 * scale, `kernel distance at point ${i}: drawn ${y}, the engine's for λ = 2 ${distance[i]}`));
    // And nothing later: a stale preview would arrive now, if at all.
    await page.waitForTimeout(500);
    assert.deepEqual(await takeDraws(page), [], 'nothing drawn after the full trajectory');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a drag that rests without a release is drawn in full too', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  try {
    await loadView(session, page);
    await recordDraws(page);
    await drag(page, DRAG.map((v) => -v));
    // No change event: the pointer rests on the slider.
    await page.waitForFunction(() => document.querySelector('#view-single-content .view-body')?.dataset.preview === 'false' &&
      !document.querySelector('.view-status[data-busy="true"]'), null, { timeout: 20_000 });
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lambda') === '-2', null, { timeout: 20_000 });
    const draws = await takeDraws(page);
    const last = draws.findLast((d) => d.name === 'loss');
    assertFullLoss(last.values, engineLoss(new URL(page.url()).search), -2);
    assert.match(await page.textContent('#single-status'), new RegExp(`^Computed .*${TIME_POINTS} time points`));
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
