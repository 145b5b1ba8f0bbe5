#!/usr/bin/env node
// The published site as a visitor meets it (not a test). After `bash scripts/build.sh`:
//   node bench/dist-bench.mjs [--quick] [--web DIR]     (--web: build from another copy of web/)
// Builds the site (scripts/build-dist.mjs) into a temporary folder under a sub-path, serves it with
// Python's http.server (a plain static server: no compression, no cache headers), and measures in
// headless Chromium (1280 × 900):
//   1. first visit, fresh browser profile: navigation start → the panels in sight drawn
//      (body[data-drawn-in-sight]) and → first full render (every panel of
//      Explore λ drawn), the requests and bytes until then (and when each file had arrived), and
//      all of the first visit's requests once the service worker has precached the site;
//   2. second visit, same profile: the time to first render and what still reaches the network.
// The requests until the first render are also listed by kind (the app's JS, Chart.js, KaTeX, the
// engine's glue and wasm, fonts, CSS). Bytes are response bodies as served (uncompressed) and what
// gzip (level 6) makes of the text files and the wasm, which is what a host that compresses (GitHub
// Pages, nginx) sends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { LAUNCH_OPTIONS } from '../tests/support/browser.mjs';
import { repoRoot, requireBuild } from '../tests/support/engine.mjs';
import { startPythonServer } from '../tests/support/python-server.mjs';

const QUICK = process.argv.includes('--quick');
const VISITS = QUICK ? 3 : 7;
const SUB_PATH = 'course/explorable/';
const COMPRESSIBLE = /\.(html|css|js|mjs|json|webmanifest|svg|txt|wasm)$/;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

// Records, in the page, when body[data-drawn-in-sight] and body[data-rendered] change (ms since
// navigation start): the result drawn in the panels in sight, then in every panel.
function renderClock() {
  window.__renders = { 'data-drawn-in-sight': [], 'data-rendered': [] };
  new MutationObserver((records) => { for (const { attributeName } of records) window.__renders[attributeName].push(performance.now()); })
    .observe(document, { attributes: true, attributeFilter: ['data-drawn-in-sight', 'data-rendered'], subtree: true });
}

// Bytes of the files behind some logged requests: as served, and gzipped where a host would.
function bytesOf(root, requests) {
  const sizes = new Map();
  let raw = 0, gzip = 0, brotli = 0;
  for (const { path: urlPath, status } of requests) {
    if (status !== 200) continue;
    const file = path.join(root, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
    if (!sizes.has(file)) {
      const content = fs.readFileSync(file);
      const gzipped = COMPRESSIBLE.test(file) ? zlib.gzipSync(content, { level: 6 }).length : content.length;
      // The release's precompressed file.br where it has one (what scripts/serve.mjs sends a browser that accepts brotli).
      sizes.set(file, { raw: content.length, gzip: gzipped, brotli: fs.existsSync(`${file}.br`) ? fs.statSync(`${file}.br`).size : gzipped });
    }
    raw += sizes.get(file).raw;
    gzip += sizes.get(file).gzip;
    brotli += sizes.get(file).brotli;
  }
  return { count: requests.length, raw, gzip, brotli };
}

// What kind of file a request fetched, for the breakdown of what loads before the first render: a
// bundle of the release (v-…/js/<name>.js) by its name, the modules of an unbundled site by group.
function kindOf(urlPath, bundled) {
  const bundle = bundled && /\/v-[0-9a-f]+\/js\/([^/]+\.m?js)$/.exec(urlPath);
  if (bundle) return `js: ${bundle[1].replace(/-[A-Z0-9]{8}\.js$/, '-<hash>.js')}`;
  if (/\.wasm$/.test(urlPath)) return 'wasm';
  if (/\.woff2?$/.test(urlPath)) return 'fonts';
  if (/\.css$/.test(urlPath)) return 'css';
  if (/\/vendor\/(chart|kurkle)/.test(urlPath)) return 'js: Chart.js';
  if (/\/vendor\/katex\//.test(urlPath)) return 'js: KaTeX';
  if (/\/wasm\/.*\.m?js$/.test(urlPath)) return 'js: engine glue';
  if (/\.m?js$/.test(urlPath)) return 'js: the app';
  return 'other (page, manifest, icons)';
}

// The requests until the first render, grouped by kind: count, as served, with gzip.
function breakdown(root, requests) {
  const kinds = new Map();
  const bundled = !requests.some((r) => /\/v-[0-9a-f]+\/js\/[^/]+\//.test(r.path)); // no module in a folder of js/
  for (const request of requests) {
    const kind = kindOf(request.path, bundled);
    kinds.set(kind, [...(kinds.get(kind) ?? []), request]);
  }
  return [...kinds].map(([kind, list]) => ({ kind, ...bytesOf(root, list) })).sort((a, b) => b.gzip - a.gzip);
}

async function firstRender(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => Number(document.body.dataset.rendered ?? 0) >= 1, null, { timeout: 60_000 });
  return page.evaluate(() => ({ inSight: window.__renders['data-drawn-in-sight'][0], all: window.__renders['data-rendered'][0] }));
}

async function visit(browser, server, url, root) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(renderClock);
    const page = await context.newPage();
    let from = server.requests.length;
    const { inSight: firstInSight, all: first } = await firstRender(page, url);
    const untilRender = server.requests.slice(from);
    // When each file had arrived (ms since navigation start): what the first render waited for.
    const arrived = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('resource')
      .map((r) => [new URL(r.name).pathname.replace(/^.*\/v-[0-9a-f]+\//, ''), r.responseEnd])));
    // The service worker registers after the page's load and precaches the site; ready = done.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.waitForTimeout(300);
    const wholeVisit = server.requests.slice(from);

    from = server.requests.length;
    const { inSight: secondInSight, all: second } = await firstRender(await context.newPage(), url);
    // Chromium checks for a new release (sw.js) a few seconds after the navigation.
    const checked = Date.now() + 10_000;
    while (!server.requests.slice(from).some((r) => r.path.endsWith('/sw.js')) && Date.now() < checked) await page.waitForTimeout(200);
    await page.waitForTimeout(500);
    const secondVisit = server.requests.slice(from);
    return { first, firstInSight, second, secondInSight, arrived, untilRender: bytesOf(root, untilRender), kinds: breakdown(root, untilRender), wholeVisit: bytesOf(root, wholeVisit), secondVisit };
  } finally {
    await context.close();
  }
}

async function main() {
  requireBuild();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-to-rich-dist-'));
  const out = path.join(root, SUB_PATH);
  const web = process.argv.indexOf('--web');
  const source = web > 0 ? ['--web', process.argv[web + 1]] : [];
  const built = execFileSync('node', [path.join(repoRoot, 'scripts', 'build-dist.mjs'), '--out', out, ...source], { encoding: 'utf8' });
  console.log(built.split('\n').find((line) => line.includes(': release')));
  const server = await startPythonServer(root);
  const browser = await chromium.launch(LAUNCH_OPTIONS);
  try {
    const url = `${server.origin}/${SUB_PATH}`;
    await visit(browser, server, url, root); // warm-up: the OS file cache, Chromium's code cache
    const runs = [];
    const started = performance.now();
    for (let i = 0; i < VISITS; i++) runs.push(await visit(browser, server, url, root));
    const last = runs.at(-1);
    const range = (key) => `${median(runs.map((r) => r[key])).toFixed(0)} ms (${Math.min(...runs.map((r) => r[key])).toFixed(0)}–${Math.max(...runs.map((r) => r[key])).toFixed(0)})`;
    console.log(`\nChromium ${browser.version()}, python3 -m http.server, ${VISITS} visits with a fresh profile (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    console.log(`first visit, navigation → the panels in sight drawn: ${range('firstInSight')}; every panel: ${range('first')}`);
    console.log(`  until then: ${last.untilRender.count} requests, ${kib(last.untilRender.raw)} as served, ${kib(last.untilRender.gzip)} with gzip, ${kib(last.untilRender.brotli)} with brotli (precompressed)`);
    for (const k of last.kinds) console.log(`    ${k.kind.padEnd(30)} ${String(k.count).padStart(3)} requests ${kib(k.raw).padStart(9)} as served ${kib(k.gzip).padStart(8)} gzip ${kib(k.brotli).padStart(8)} brotli`);
    const files = [...new Set(runs.flatMap((r) => Object.keys(r.arrived)))].filter((f) => runs.every((r) => r.arrived[f] <= r.first));
    const arrivals = files.map((f) => [f, median(runs.map((r) => r.arrived[f]))]).sort((a, b) => a[1] - b[1]);
    const shown = arrivals.length <= 12 ? arrivals : [...arrivals.slice(0, 4), ['…', NaN], ...arrivals.slice(-4)];
    console.log(`  ${arrivals.length} files arrived (median ms after navigation start): ${shown.map(([f, ms]) => (f === '…' ? f : `${f} ${ms.toFixed(0)}`)).join(', ')}`);
    console.log(`  whole first visit (with the precache): ${last.wholeVisit.count} requests, ${kib(last.wholeVisit.raw)} as served, ${kib(last.wholeVisit.gzip)} with gzip`);
    console.log(`second visit (service worker), navigation → the panels in sight drawn: ${range('secondInSight')}; every panel: ${range('second')}`);
    const lines = last.secondVisit.map((r) => `${r.method} ${r.path.slice(SUB_PATH.length + 1) || '/'} → ${r.status}`);
    console.log(`  network: ${lines.length} request${lines.length === 1 ? '' : 's'}${lines.length ? `: ${lines.join(', ')}` : ''}`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
