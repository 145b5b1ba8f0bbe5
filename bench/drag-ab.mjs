#!/usr/bin/env node
// Two (or more) copies of web/ dragged in turns (not a test). After `bash scripts/build.sh`:
//   MOVES=60 node bench/drag-ab.mjs BEFORE/web web
// page-bench.mjs's drag measure (a λ input of a drag → the frame showing every visible chart's new
// data painted) on each copy, one move on one page then the same move on the next, alternating
// which goes first: on a busy machine both copies then meet the same load, which runs one after
// the other cannot promise. Prints the median, p90, 10th percentile and fastest per copy.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openPage, waitForRendered, LAMBDA_SLIDER, LAUNCH_OPTIONS } from '../tests/support/browser.mjs';
import { startServer } from '../scripts/serve.mjs';

const roots = process.argv.slice(2);
if (roots.length < 2) throw new Error('usage: node bench/drag-ab.mjs DIR DIR [DIR …] (copies of web/)');
const MOVES = Number(process.env.MOVES ?? 60);
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  return sorted[lo] + (sorted[Math.ceil(position)] - sorted[lo]) * (position - lo);
};

// As in page-bench.mjs: from the input until the frame after body[data-rendered] went up is painted.
const timed = ([input, value]) => new Promise((resolve) => {
  const before = Number(document.body.dataset.rendered);
  const started = performance.now();
  const observer = new MutationObserver(() => {
    if (Number(document.body.dataset.rendered) <= before) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now() - started);
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['data-rendered'] });
  input.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
  input.value = String(value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
});

const browser = await chromium.launch(LAUNCH_OPTIONS);
const pages = [];
try {
  for (const root of roots) {
    const { server, url } = await startServer({ port: 0, root: path.resolve(root) });
    const { context, page } = await openPage({ browser, url }, { viewport: { width: 1280, height: 900 } });
    pages.push({ root, server, context, page, ms: [] });
    await page.goto(url);
    await waitForRendered(page, 1, { timeout: 60_000 });
    pages.at(-1).slider = await page.locator(LAMBDA_SLIDER).elementHandle();
  }
  for (let i = 0; i < MOVES + 2; i++) {
    const lambda = Number((-7.5 + ((i * 3.35) % 15)).toFixed(2));
    for (const p of i % 2 ? pages : [...pages].reverse()) {
      const ms = await p.page.evaluate(timed, [p.slider, lambda]);
      if (i >= 2) p.ms.push(ms);
      await p.page.waitForTimeout(30);
    }
  }
  console.log(`drag-ab: ${MOVES} λ inputs of a drag per copy, in turns (ms until the frame showing them is painted)`);
  for (const p of pages) {
    console.log(`  ${p.root.padEnd(32)} median ${quantile(p.ms, 0.5).toFixed(1)}  p90 ${quantile(p.ms, 0.9).toFixed(1)}  p10 ${quantile(p.ms, 0.1).toFixed(1)}  fastest ${Math.min(...p.ms).toFixed(1)}`);
  }
} finally {
  for (const p of pages) {
    await p.context.close();
    p.server.close();
  }
  await browser.close();
}
