#!/usr/bin/env node
// Where the time of one λ input goes (not a test). After `bash scripts/build.sh`:
//   node bench/drag-profile.mjs [--moves N] [--cpu] [--trace] [--release] [--root DIR]
// The default view at 1280 × 900, λ moved by an input event as in page-bench.mjs, one move at a
// time. Per move, from the input event: the main thread's work until the engine's messages are
// posted, the engine time the workers report (each part: exact and simulation), the messages'
// arrival and the time to read their data (structured-clone deserialization), the main thread's
// handling of the result until the charts are marked dirty, each chart's update (Chart.js) and the
// heatmaps, and the two animation frames up to the paint. --cpu adds a sampled CPU profile of the
// main thread (self time per function, the top 25). --trace adds the CPU time (thread time, which
// a busy machine inflates far less than the clock) per move of the page's main thread and of its
// engine workers, split by what Chromium reports (script, layout, paint, garbage collection, …).
// --root DIR serves another copy of web/ (e.g. an older commit's, to compare in the same conditions).
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openPage, waitForRendered, LAMBDA_SLIDER, LAUNCH_OPTIONS } from '../tests/support/browser.mjs';
import { startServer } from '../scripts/serve.mjs';

const argValue = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MOVES = argValue('--moves', 24);
const CPU = process.argv.includes('--cpu');
const TRACE = process.argv.includes('--trace');
const RELEASE = process.argv.includes('--release'); // time each move's release instead (after its preview)
const ROOT = process.argv.includes('--root') ? process.argv[process.argv.indexOf('--root') + 1] : undefined;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};

// In the page, before its scripts: the workers' messages, timed.
function instrument() {
  const log = { posts: [], messages: [] };
  window.__profile = log;
  const NativeWorker = window.Worker;
  log.workers = 0;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      log.workers++;
    }
    postMessage(message, transfer) {
      if (message?.type === 'run') log.posts.push({ at: performance.now(), part: message.configs[0].simulate === false ? 'exact' : message.configs[0].exact === false ? 'simulation' : 'whole' });
      return super.postMessage(message, transfer);
    }
    set onmessage(handler) {
      super.onmessage = (event) => {
        const arrived = performance.now();
        const data = event.data; // Chromium deserializes on first access
        const read = performance.now();
        handler(event);
        log.messages.push({ arrived, read: read - arrived, handled: performance.now() - read, type: data?.type, engine: data?.milliseconds ?? 0 });
      };
    }
    get onmessage() {
      return super.onmessage;
    }
  };
}

// After load: Chart.update and the heatmaps' drawing, timed (the page's own module instances).
async function hookCharts(page) {
  await page.evaluate(async () => {
    const { Chart } = await import('/js/charts/setup.js');
    const log = window.__profile;
    log.updates = [];
    const update = Chart.prototype.update;
    Chart.prototype.update = function timedUpdate(...args) {
      const started = performance.now();
      const out = update.apply(this, args);
      log.updates.push({ at: started, ms: performance.now() - started, id: this.canvas?.id || this.canvas?.getAttribute('aria-label')?.slice(0, 24) });
      return out;
    };
    log.heatmaps = [];
    const putImageData = CanvasRenderingContext2D.prototype.putImageData;
    const drawImage = CanvasRenderingContext2D.prototype.drawImage;
    // A heatmap draws one offscreen image (putImageData) and scales it onto its canvas (drawImage).
    CanvasRenderingContext2D.prototype.putImageData = function (...args) {
      const started = performance.now();
      putImageData.apply(this, args);
      log.heatmaps.push({ at: started, ms: performance.now() - started, kind: 'put' });
    };
    CanvasRenderingContext2D.prototype.drawImage = function (...args) {
      const started = performance.now();
      drawImage.apply(this, args);
      log.heatmaps.push({ at: started, ms: performance.now() - started, kind: 'draw' });
    };
  });
}

// release: the release after the move (timed from the release until the full trajectory is drawn).
async function oneMove(page, slider, lambda, release = false) {
  return page.evaluate(([input, value, release]) => new Promise((resolve) => {
    const log = window.__profile;
    for (const key of ['posts', 'messages', 'updates', 'heatmaps']) log[key].length = 0;
    const before = Number(document.body.dataset.rendered);
    const marks = {};
    const started = performance.now();
    const observer = new MutationObserver(() => {
      if (Number(document.body.dataset.rendered) <= before) return;
      if (release && document.querySelector('#view-single-content .view-body')?.dataset.preview === 'true') return;
      observer.disconnect();
      marks.counted = performance.now();
      requestAnimationFrame(() => {
        marks.frame1 = performance.now();
        requestAnimationFrame(() => {
          marks.frame2 = performance.now();
          resolve({ started, marks, posts: [...log.posts], messages: [...log.messages], updates: [...log.updates], heatmaps: [...log.heatmaps] });
        });
      });
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ['data-rendered'] });
    if (release) {
      // A drag that rested 200 ms (a slow machine) is drawn in full already: no sample.
      if (document.querySelector('#view-single-content .view-body')?.dataset.preview !== 'true') {
        observer.disconnect();
        resolve(null);
        return;
      }
      input.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    } else {
      input.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })); // a drag
      input.value = String(value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    marks.dispatched = performance.now();
  }), [slider, lambda, release]);
}

// One move's phases (ms).
function phases(m) {
  const at = (t) => t - m.started;
  const results = m.messages.filter((x) => x.type === 'result');
  const lastArrival = Math.max(...results.map((x) => x.arrived));
  const firstUpdate = m.updates.length ? Math.min(...m.updates.map((u) => u.at)) : m.marks.counted;
  const chartMs = m.updates.reduce((s, u) => s + u.ms, 0);
  return {
    'input handler (main)': at(m.marks.dispatched),
    'input → last run posted': at(Math.max(...m.posts.map((p) => p.at))),
    'engine, exact part (worker)': results.find((_, i) => m.posts[i]?.part === 'exact')?.engine ?? NaN,
    'engine, simulation part (worker)': results.find((_, i) => m.posts[i]?.part === 'simulation')?.engine ?? NaN,
    'engine, whole (worker)': results.find((_, i) => m.posts[i]?.part === 'whole')?.engine ?? NaN,
    'input → last result arrives': at(lastArrival),
    'reading the results (deserialize)': results.reduce((s, x) => s + x.read, 0),
    'message handlers (merge)': results.reduce((s, x) => s + x.handled, 0),
    'last arrival → first chart update (panels’ data)': firstUpdate - lastArrival,
    'Chart.js updates (sum)': chartMs,
    'Chart.js updates (count)': m.updates.length,
    'heatmap images (sum)': m.heatmaps.reduce((s, h) => s + h.ms, 0),
    'input → rendered counter': at(m.marks.counted),
    'counter → first frame': m.marks.frame1 - m.marks.counted,
    'input → two frames (page-bench)': at(m.marks.frame2),
  };
}

// Self thread time (ms) per thread kind and event name, from a Chromium trace of the moves.
function threadTimes(trace) {
  const events = JSON.parse(trace.toString()).traceEvents;
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || e.tdur === undefined) continue;
    const name = names.get(`${e.pid}:${e.tid}`) ?? '';
    const kind = name === 'CrRendererMain' ? 'main' : /DedicatedWorker/.test(name) ? 'worker' : null;
    if (!kind) continue;
    const key = `${kind}:${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const out = { main: new Map(), worker: new Map() };
  for (const [key, list] of byThread) {
    const totals = out[key.split(':')[0]];
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    const close = (until) => {
      while (stack.length && stack.at(-1).end <= until) {
        const done = stack.pop();
        const label = done.e.name === 'ThreadControllerImpl::RunTask' || done.e.name === 'RunTask' ? '(task, other)' : done.e.name;
        totals.set(label, (totals.get(label) ?? 0) + (done.e.tdur - done.children) / 1000);
        if (stack.length) stack.at(-1).children += done.e.tdur;
      }
    };
    for (const e of list) {
      close(e.ts);
      stack.push({ e, end: e.ts + e.dur, children: 0 });
    }
    close(Infinity);
  }
  return out;
}

const { server, url } = await startServer({ port: 0, ...(ROOT ? { root: path.resolve(ROOT) } : {}) });
const browser = await chromium.launch(LAUNCH_OPTIONS);
const session = { browser, url };
try {
  const { context, page } = await openPage(session, { viewport: { width: 1280, height: 900 } });
  await page.addInitScript(instrument);
  await page.goto(session.url);
  await waitForRendered(page, 1, { timeout: 60_000 });
  await hookCharts(page);
  const slider = await page.locator(LAMBDA_SLIDER).elementHandle();
  let cdp = null;
  const rows = [];
  const perChart = new Map();
  for (let i = 0; i < MOVES + 2; i++) {
    if (i === 2 && TRACE) {
      await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'v8.execute'] });
    }
    if (i === 2 && CPU) {
      cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const lambda = Number((-7.5 + ((i * 3.35) % 15)).toFixed(2));
    let m = await oneMove(page, slider, lambda);
    if (RELEASE) m = await oneMove(page, slider, lambda, true);
    if (i >= 2 && m) {
      rows.push(phases(m));
      for (const u of m.updates) perChart.set(u.id, [...(perChart.get(u.id) ?? []), u.ms]);
    }
    await page.waitForTimeout(30);
  }
  const workers = await page.evaluate(() => window.__profile.workers);
  console.log(`drag-profile: ${MOVES} λ inputs at the default view, 1280x900; median and 10th percentile (ms, the latter what a busy machine disturbs least); ${workers} workers created in all`);
  for (const key of Object.keys(rows[0])) {
    const values = rows.map((r) => r[key]).filter(Number.isFinite).sort((a, b) => a - b);
    console.log(`  ${key.padEnd(50)} ${median(values).toFixed(2).padStart(7)} ${(values[Math.floor(0.1 * (values.length - 1))] ?? NaN).toFixed(2).padStart(7)}`);
  }
  // (The fastest is what a busy machine disturbs least.)
  console.log('  each Chart.js update (median ms, fastest, updates per move):');
  for (const [id, ms] of perChart) console.log(`    ${String(id).padEnd(48)} ${median(ms).toFixed(2)}  ${Math.min(...ms).toFixed(2)}  ×${(ms.length / MOVES).toFixed(1)}`);
  if (TRACE) {
    const times = threadTimes(await browser.stopTracing());
    for (const [kind, totals] of Object.entries(times)) {
      const all = [...totals.values()].reduce((a, b) => a + b, 0);
      console.log(`  ${kind === 'main' ? 'main thread' : 'engine workers (all)'}: CPU ${(all / MOVES).toFixed(2)} ms per move; self time by event (top 14):`);
      for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`    ${(ms / MOVES).toFixed(2).padStart(7)}  ${name}`);
    }
  }
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas;
    profile.samples.forEach((id, k) => {
      const node = byId.get(id);
      const { functionName, url, lineNumber } = node.callFrame;
      const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
      self.set(name, (self.get(name) ?? 0) + (dt[k] ?? 0) / 1000);
    });
    console.log(`  main-thread CPU, self time per move (ms), top 25:`);
    for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${(ms / MOVES).toFixed(2).padStart(7)}  ${name}`);
    // Inclusive (total) time of the page's own functions: each sample counted once for every
    // distinct function on its stack.
    const parent = new Map();
    for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
    const total = new Map();
    profile.samples.forEach((id, k) => {
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const { functionName, url, lineNumber } = byId.get(at).callFrame;
        if (!/\/js\//.test(url)) continue;
        seen.add(`${functionName || '(anonymous)'} ${url.split('/js/').at(-1)}:${lineNumber + 1}`);
      }
      for (const name of seen) total.set(name, (total.get(name) ?? 0) + (dt[k] ?? 0) / 1000);
    });
    console.log(`  the page's functions, total time per move (ms), top 30:`);
    for (const [name, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`    ${(ms / MOVES).toFixed(2).padStart(7)}  ${name}`);
  }
  await context.close();
} finally {
  await browser.close();
  server.close();
}
