#!/usr/bin/env node
// What a user feels on the page (not a test). After `bash scripts/build.sh`:
//   node bench/page-bench.mjs [--quick] [--drag-only] [--root DIR]
// 1. λ slider → every visible chart repainted: an input event on the λ slider, until the frame
//    after the page says the last visible chart has its new data (body[data-drawn-in-sight] goes up) has
//    been painted (and, as before 2026-12-07, until two animation frames after), one move at a time, 32 moves after 2 warm-up ones, at the default view. While the slider
//    is dragged Explore draws a preview (views/preview.js): this is the drag's latency. Then the
//    same with each input followed by its release, until the full trajectory is drawn.
// 2. Layout shift during a drag: the λ slider moved every 40 ms for 7 s; the sum of every
//    layout-shift entry (input or not), and the height of the header before and after.
// 3. The soak: "Sweep λ" left running (2 minutes, 20 s with --quick) in Explore, then every view of
//    the view switch opened in turn (each waits for its drawing); then live and created workers
//    (counted by wrapping the Worker constructor), the page's JS heap and, where the page reports
//    it, the wasm memory of its workers.
// --root DIR serves another copy of web/ (e.g. an older commit's, to compare in the same conditions).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { startSession, openPage, waitForRendered, LAMBDA_SLIDER, LAUNCH_OPTIONS } from '../tests/support/browser.mjs';
import { startServer } from '../scripts/serve.mjs';

const QUICK = process.argv.includes('--quick');
const DRAG_ONLY = process.argv.includes('--drag-only'); // part 1 alone (while working on it)
const ROOT = process.argv.includes('--root') ? process.argv[process.argv.indexOf('--root') + 1] : undefined;
const MOVES = QUICK ? 12 : 32;
const SOAK_SECONDS = QUICK ? 20 : 120;

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position), hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
};

// In the page, before its scripts: layout shifts and workers.
function instrument() {
  window.__bench = { shifts: [], workersCreated: 0, workersTerminated: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.shifts.push({ at: entry.startTime, value: entry.value });
  }).observe({ type: 'layout-shift', buffered: true });
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      window.__bench.workersCreated++;
    }
    terminate() {
      if (!this.__terminated) window.__bench.workersTerminated++;
      this.__terminated = true;
      super.terminate();
    }
  };
}

// release: each move is a drag's last input, then (its preview drawn) the release, timed from the
// release until the full trajectory is drawn (view-body[data-preview] is false again).
async function dragLatency(session, { release = false } = {}) {
  const { context, page } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  await page.addInitScript(instrument);
  await page.goto(session.url);
  await waitForRendered(page, 1, { timeout: 60_000 });
  const slider = await page.locator(LAMBDA_SLIDER).elementHandle();
  const samples = [];
  for (let i = 0; i < MOVES + 2; i++) {
    const lambda = Number((-7.5 + ((i * 3.35) % 15)).toFixed(2));
    // From the input (or the release) until body[data-drawn-in-sight] has gone up (the panels in
    // sight drawn; those below follow in idle time; with `full`, for the
    // full trajectory): `painted`, when the next frame — the first to show the new charts — has been
    // rendered (a task queued from its requestAnimationFrame callback runs after that frame's style,
    // layout and paint), and `twoFrames`, at the second animation frame after it (the measure before
    // 2026-12-07, which always adds at least one idle frame: 16.7 ms at 60 Hz).
    const timed = ([input, value, full]) => new Promise((resolve) => {
      const before = Number(document.body.dataset.drawnInSight);
      const started = performance.now();
      const observer = new MutationObserver(() => {
        if (Number(document.body.dataset.drawnInSight) <= before) return;
        if (full && document.querySelector('#view-single-content .view-body')?.dataset.preview === 'true') return;
        observer.disconnect();
        requestAnimationFrame(() => {
          // (On a busy machine the message may come after the second frame: the sample waits for both.)
          let painted = NaN, twoFrames = NaN;
          const done = () => {
            if (Number.isFinite(painted) && Number.isFinite(twoFrames)) resolve({ painted, twoFrames });
          };
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            painted = performance.now() - started;
            done();
          };
          channel.port2.postMessage(null);
          requestAnimationFrame(() => {
            twoFrames = performance.now() - started;
            done();
          });
        });
      });
      observer.observe(document.body, { attributes: true, attributeFilter: ['data-drawn-in-sight'] });
      if (full) {
        // A drag that rested REFINE_AFTER_MS (a slow machine) is drawn in full already: no sample.
        if (document.querySelector('#view-single-content .view-body')?.dataset.preview !== 'true') {
          observer.disconnect();
          resolve(null);
          return;
        }
        input.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
        return;
      }
      // The pointer holds the slider: a drag.
      input.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      input.value = String(value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    let ms = await page.evaluate(timed, [slider, lambda, false]);
    // (The preview drawn, the release follows at once, as a hand lets go.)
    if (release) ms = await page.evaluate(timed, [slider, lambda, true]);
    if (i >= 2 && ms !== null) samples.push(ms);
    await page.waitForTimeout(30);
  }
  await context.close();
  return samples;
}

async function dragShift(session) {
  const { context, page } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  await page.addInitScript(instrument);
  await page.goto(session.url);
  await waitForRendered(page, 1, { timeout: 60_000 });
  await page.waitForTimeout(500);
  const header = () => page.evaluate(() => document.querySelector('header')?.getBoundingClientRect().height ?? 0);
  const headerBefore = await header();
  const sliderTop = () => page.locator(LAMBDA_SLIDER).evaluate((el) => el.getBoundingClientRect().top);
  const topBefore = await sliderTop();
  const shiftsBefore = await page.evaluate(() => window.__bench.shifts.length);
  let maxHeader = headerBefore, maxJump = 0;
  await page.locator(LAMBDA_SLIDER).evaluate((input) => input.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })));
  const started = performance.now();
  for (let i = 0; performance.now() - started < 7000; i++) {
    const lambda = Number((-6 + 12 * Math.abs(((i / 60) % 2) - 1)).toFixed(2));
    await page.locator(LAMBDA_SLIDER).evaluate((input, v) => {
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, lambda);
    if (i % 5 === 0) {
      maxHeader = Math.max(maxHeader, await header());
      maxJump = Math.max(maxJump, Math.abs((await sliderTop()) - topBefore));
    }
    await page.waitForTimeout(40);
  }
  await page.locator(LAMBDA_SLIDER).evaluate((input) => {
    input.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.waitForTimeout(1000);
  const cls = await page.evaluate((from) => window.__bench.shifts.slice(from).reduce((sum, s) => sum + s.value, 0), shiftsBefore);
  await context.close();
  return { cls, headerBefore, maxHeader, maxJump };
}

async function soak(session) {
  const { context, page } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  await page.addInitScript(instrument);
  await page.goto(session.url);
  await waitForRendered(page, 1, { timeout: 60_000 });
  await page.click('#sweep-button');
  await page.waitForTimeout(SOAK_SECONDS * 1000);
  // The heap is read after a full garbage collection: what the page still holds, not what the
  // collector has not yet reclaimed.
  const cdp = await context.newCDPSession(page);
  const collect = () => cdp.send('HeapProfiler.collectGarbage');
  await collect();
  const during = await page.evaluate(() => ({ ...window.__bench, shifts: undefined, stats: window.__ldynStats?.(), heap: performance.memory?.usedJSHeapSize }));
  const views = await page.$$eval('.view-switch [data-view]', (buttons) => buttons.map((b) => b.dataset.view));
  const drawn = [];
  for (const view of [...views.filter((v) => v !== 'single'), 'single']) {
    const startedAt = performance.now();
    await page.click(`.view-switch [data-view="${view}"]`);
    // Each view says it has drawn through a counter of its own (data-<view>Rendered, or data-rendered);
    // a view whose drawing is still current (nothing changed since it was left) is done when idle.
    const ok = await page.waitForFunction((id) => {
      const key = { single: 'rendered', compare: 'compareRendered' }[id] ?? `${id}Rendered`;
      const counter = Number(document.body.dataset[key] ?? 0);
      const row = document.querySelector(`#view-${id}-content .view-status`);
      const idle = row ? row.dataset.busy === 'false' : !document.body.classList.contains('busy');
      return counter > Number(window.__benchSeen?.[key] ?? 0) || (counter > 0 && idle && row);
    }, view, { timeout: 120_000 }).then(() => true, () => false);
    drawn.push(`${view} ${ok ? `${((performance.now() - startedAt) / 1000).toFixed(1)} s` : 'never drew (2 min)'}`);
    await page.evaluate(() => {
      window.__benchSeen = { ...document.body.dataset };
    });
  }
  await page.waitForTimeout(15000);
  await collect();
  const after = await page.evaluate(() => ({
    created: window.__bench.workersCreated, terminated: window.__bench.workersTerminated,
    heap: performance.memory?.usedJSHeapSize, wasm: window.__ldynStats?.()?.wasmBytes, live: window.__ldynStats?.()?.workers,
  }));
  await context.close();
  return { during, drawn, after };
}

/** A browser and a server of `root` (a session of tests/support/browser.mjs otherwise). */
async function rootSession(root) {
  const { server, url } = await startServer({ port: 0, root: path.resolve(root) });
  const browser = await chromium.launch(LAUNCH_OPTIONS);
  return { browser, url, origin: new URL(url).origin, async close() { await browser.close(); server.close(); } };
}
const session = ROOT ? await rootSession(ROOT) : await startSession();
async function main() {
  console.log(`page-bench: headless Chromium ${session.browser.version()}, 1280x900${QUICK ? ', --quick' : ''}${ROOT ? `, web/ from ${ROOT}` : ''}\n`);
  const report = (samples) => {
    for (const [key, what] of [['painted', 'until the frame showing them is painted'], ['twoFrames', 'two frames after the last update (the older measure)']]) {
      const ms = samples.map((sample) => sample[key]);
      console.log(`  ${what}: median ${quantile(ms, 0.5).toFixed(1)} ms, p90 ${quantile(ms, 0.9).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`);
    }
    console.log('');
  };
  const samples = await dragLatency(session);
  console.log(`λ input (a drag) → every visible chart repainted, ${samples.length} moves:`);
  report(samples);
  const full = await dragLatency(session, { release: true });
  console.log(`release after a drag → every visible chart repainted with the full trajectory, ${full.length} drags:`);
  if (full.length) report(full);
  else console.log('  none measured (no preview was drawn: a page without previews draws in full at each input)\n');
  if (DRAG_ONLY) return;
  const shift = await dragShift(session);
  console.log('Layout during a 7 s drag (an input every 40 ms):');
  console.log(`  cumulative layout shift ${shift.cls.toFixed(4)}; header ${shift.headerBefore.toFixed(0)} px, at most ${shift.maxHeader.toFixed(0)} px; λ slider moved by up to ${shift.maxJump.toFixed(0)} px\n`);
  const s = await soak(session);
  console.log(`Soak: "Sweep λ" for ${SOAK_SECONDS} s in Explore, then every view in turn:`);
  console.log(`  after the sweep: ${s.during.workersCreated} workers created, ${s.during.workersCreated - s.during.workersTerminated} alive` +
    (s.during.stats ? ` (wasm memory ${(s.during.stats.wasmBytes / 2 ** 20).toFixed(1)} MiB)` : '') + `; JS heap ${(s.during.heap / 2 ** 20).toFixed(1)} MiB`);
  console.log(`  views: ${s.drawn.join('; ')}`);
  const live = s.after.live ?? s.after.created - s.after.terminated;
  console.log(`  15 s after the last view: ${s.after.created} workers created in all, ${live} alive; JS heap ${(s.after.heap / 2 ** 20).toFixed(1)} MiB` +
    (s.after.wasm !== undefined ? `; wasm memory of the workers ${(s.after.wasm / 2 ** 20).toFixed(1)} MiB` : ''));
}
try {
  await main();
} finally {
  await session.close();
}
