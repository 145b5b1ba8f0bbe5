#!/usr/bin/env node
// What a first visit waits for (not a test). After `bash scripts/build.sh`:
//   node bench/first-run.mjs [--visits N] [--js-flags=V8-FLAGS]
// Builds the site (scripts/build-dist.mjs) into a temporary folder, serves it (scripts/serve.mjs)
// and opens it N times (default 5) in headless Chromium at 1280 × 900, each with a fresh profile.
// Per visit, in ms after navigation start: the compiled wasm posted to the engine workers
// ("init"), each worker's script running ("started"), the first job's runs posted ("run"), each
// result's arrival with the engine time the worker reports for it ("ran"), the page's long tasks,
// and the panels in sight drawn (body[data-drawn-in-sight]). Then the medians.
// --js-flags passes V8 flags to Chromium to test a hypothesis (a page cannot set them), e.g.
// --js-flags=--no-wasm-lazy-compilation: every wasm function compiled before its first call.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { LAUNCH_OPTIONS } from '../tests/support/browser.mjs';
import { startServer } from '../scripts/serve.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { visits: { type: 'string', default: '5' }, 'js-flags': { type: 'string' } } });
const VISITS = Number(values.visits);

const median = (list) => {
  const sorted = list.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};

// In the page, before its scripts: the engine's messages, long tasks and the first drawing in sight.
function instrument() {
  const events = [];
  window.__firstRun = events;
  const now = () => Math.round(performance.now());
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) events.push({ what: 'long task', at: Math.round(entry.startTime), ms: Math.round(entry.duration) });
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    if (!events.some((e) => e.what === 'drawn in sight')) events.push({ what: 'drawn in sight', at: now() });
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-drawn-in-sight'] });
  const NativeWorker = window.Worker;
  let count = 0;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      const worker = ++count;
      this.addEventListener('message', ({ data }) => {
        if (data?.type === 'started') events.push({ what: 'started', worker, at: now() });
        if (data?.type === 'result') events.push({ what: 'result', worker, at: now(), ran: Math.round(data.milliseconds) });
      });
      this.__worker = worker;
    }
    postMessage(message, ...rest) {
      if (message?.type === 'init' || message?.type === 'run') events.push({ what: message.type, worker: this.__worker, at: now() });
      return super.postMessage(message, ...rest);
    }
  };
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-to-rich-first-run-'));
try {
  execFileSync('node', [path.join(repoRoot, 'scripts', 'build-dist.mjs'), '--out', root], { encoding: 'utf8' });
  const { server, url } = await startServer({ root });
  const browser = await chromium.launch({ ...LAUNCH_OPTIONS, args: [...(LAUNCH_OPTIONS.args ?? []), ...(values['js-flags'] ? [`--js-flags=${values['js-flags']}`] : [])] });
  const summary = { init: [], started: [], run: [], 'first result': [], 'last result': [], 'engine ms (slowest part)': [], 'drawn in sight': [] };
  try {
    for (let visit = 1; visit <= VISITS; visit++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(instrument);
      await page.goto(url);
      await page.waitForSelector('body[data-drawn-in-sight]', { timeout: 60_000 });
      const events = await page.evaluate(() => window.__firstRun);
      await context.close();
      const firstOf = (what) => events.find((e) => e.what === what)?.at;
      const results = events.filter((e) => e.what === 'result');
      // The first job: the results that arrived before the panels in sight were drawn.
      const drawnAt = firstOf('drawn in sight');
      const firstJob = results.filter((r) => r.at <= drawnAt);
      summary.init.push(firstOf('init'));
      summary.started.push(Math.max(...events.filter((e) => e.what === 'started').map((e) => e.at)));
      summary.run.push(firstOf('run'));
      summary['first result'].push(firstJob[0]?.at);
      summary['last result'].push(firstJob.at(-1)?.at);
      summary['engine ms (slowest part)'].push(Math.max(...firstJob.map((r) => r.ran)));
      summary['drawn in sight'].push(drawnAt);
      console.log(`visit ${visit}: ${events.map((e) => `${e.what}${e.worker ? ` ${e.worker}` : ''} @${e.at}${e.ms ? ` +${e.ms}` : ''}${e.ran !== undefined ? ` (ran ${e.ran})` : ''}`).join(', ')}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`\nChromium, ${VISITS} visits${values['js-flags'] ? `, --js-flags=${values['js-flags']}` : ''}; medians (ms after navigation start, engine time in ms):`);
  for (const [what, list] of Object.entries(summary)) console.log(`  ${what.padEnd(26)} ${median(list)}`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
