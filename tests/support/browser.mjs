// Shared helpers for the browser tests and the page benchmark: the page served by
// scripts/serve.mjs, headless Debian Chromium through playwright-core (launched with the flags of
// LAUNCH_OPTIONS below: without the background-networking ones it tries hosts it cannot reach), and pages that record everything a test may want to check:
// console messages, page errors, requests, CSP violations, dialogs and inserted elements.
// LDYN_BROWSER=firefox runs the same tests in Debian's Firefox ESR instead, through puppeteer-core
// over WebDriver BiDi and an adapter with Playwright's API (tests/support/firefox.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, after } from 'node:test';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { repoRoot, wasmBinaryPath } from './engine.mjs';

// The engine of this run: 'chromium' (default) or 'firefox'.
export const BROWSER = (process.env.LDYN_BROWSER || 'chromium').toLowerCase();
if (!['chromium', 'firefox'].includes(BROWSER)) throw new Error(`LDYN_BROWSER=${process.env.LDYN_BROWSER}: use chromium or firefox`);
export const IS_FIREFOX = BROWSER === 'firefox';

// For a test that rests on a Chromium-only probe: test(name, { skip: chromiumOnly('why') }, ...)
// skips it in Firefox, and the test report prints the reason.
export const chromiumOnly = (reason) => (IS_FIREFOX ? `Chromium only: ${reason}` : false);

// For one check of a test that Firefox cannot make: true (and a diagnostic line in the test
// report naming the check and the reason) when running in Firefox.
export function skippedInFirefox(t, what, reason) {
  if (!IS_FIREFOX) return false;
  t.diagnostic(`not checked in Firefox: ${what} (${reason})`);
  return true;
}

export const CHROMIUM = '/usr/bin/chromium';
export const LAUNCH_OPTIONS = {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    // Several pages share one browser: keep animation frames and timers running in every one.
    '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
};
export const artifactsDir = IS_FIREFOX ? path.join(repoRoot, 'test-results', 'firefox') : path.join(repoRoot, 'test-results');

// The server and browser shared by the tests of one file: started before the first test, closed
// after the last. The object is filled in by the `before` hook.
export function useSession() {
  const session = {};
  before(async () => {
    Object.assign(session, await startSession());
  });
  after(async () => {
    await session.close?.();
  });
  return session;
}

// What every test ends with: nothing went wrong behind the scenes.
export async function assertClean(page, log, origin) {
  assert.deepEqual(log.pageErrors, [], 'no uncaught page errors');
  assert.deepEqual(consoleProblems(log), [], 'no console errors or warnings');
  assert.deepEqual(foreignRequests(log, origin), [], 'no request to another origin');
  assert.deepEqual(await cspViolations(page), [], 'no Content-Security-Policy violation');
  assert.deepEqual(log.dialogs, [], 'no dialog');
}

// Starts the server and the browser; returns {browser, server, url, origin, close()}.
export async function startSession() {
  if (!fs.existsSync(wasmBinaryPath)) throw new Error('web/wasm is missing: run bash scripts/build.sh first');
  const { server, url } = await startServer({ port: 0 });
  let browser;
  try {
    browser = IS_FIREFOX ? await (await import('./firefox.mjs')).launchFirefox() : await chromium.launch(LAUNCH_OPTIONS);
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    browser,
    server,
    url,
    origin: new URL(url).origin,
    async close() {
      await browser.close().catch(() => {});
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// Runs in the page before any of its scripts: records CSP violations and every element of a
// kind that could run code or show injected markup (img, script, b, iframe, ...) that is added to
// the document, including by the HTML parser (the page's own module script is one of those).
function pageProbe() {
  window.__probe = { csp: [], inserted: [] };
  // Pixel counts of an image or canvas, read through a scratch copy so that the page's own
  // canvases are never read back (Chromium warns about repeated readbacks): `inked` pixels are not
  // (near) white, `colored` ones have a clear hue (data, not grey axes and labels), `hash`
  // fingerprints the image.
  window.__probe.pixels = (source, width, height) => {
    const scratch = document.createElement('canvas');
    scratch.width = width;
    scratch.height = height;
    const context = scratch.getContext('2d', { willReadFrequently: true });
    context.drawImage(source, 0, 0);
    const data = context.getImageData(0, 0, width, height).data;
    let inked = 0, colored = 0, hash = 2166136261;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i], g = data[i + 1], b = data[i + 2], a = data[i + 3];
      if (a > 0 && (r < 235 || g < 235 || b < 235)) inked++;
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 40) colored++;
      hash = Math.imul(hash ^ (r | (g << 8) | (b << 16) | (a << 24)), 16777619) >>> 0;
    }
    return { inked, colored, hash };
  };
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__probe.csp.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample, source: event.sourceFile });
  });
  const WATCHED = 'img, script, b, i, u, iframe, object, embed, svg, math, a[href^="javascript"], style, link, meta, base, form, video, audio, source';
  const seen = new WeakSet();
  const record = (node) => {
    if (seen.has(node)) return;
    seen.add(node);
    window.__probe.inserted.push({ tag: node.tagName.toLowerCase(), src: node.getAttribute('src') ?? node.getAttribute('href') ?? '', html: node.outerHTML.slice(0, 120) });
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches(WATCHED)) record(node);
        for (const inner of node.querySelectorAll(WATCHED)) record(inner);
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

// A fresh context and page with recorders. Options go to browser.newContext().
export async function openPage(session, options = {}) {
  const context = await session.browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const log = { console: [], pageErrors: [], requests: [], dialogs: [], workerConsole: [] };
  await page.addInitScript(pageProbe);
  page.on('console', (message) => log.console.push({ type: message.type(), text: message.text(), location: message.location() }));
  page.on('pageerror', (error) => log.pageErrors.push(String(error?.stack ?? error)));
  page.on('dialog', (dialog) => {
    log.dialogs.push({ type: dialog.type(), message: dialog.message() });
    dialog.dismiss().catch(() => {});
  });
  page.on('worker', (worker) => {
    worker.on('console', (message) => log.workerConsole.push({ type: message.type(), text: message.text() }));
  });
  context.on('request', (request) => log.requests.push(request.url()));
  return { context, page, log };
}

// Console messages that are errors or warnings (page and workers), as readable lines.
export function consoleProblems(log) {
  return [...log.console, ...log.workerConsole]
    .filter((m) => m.type === 'error' || m.type === 'warning')
    .map((m) => `${m.type}: ${m.text}${m.location?.url ? ` (${m.location.url}:${m.location.lineNumber})` : ''}`);
}

// Requests that left the page's origin (data: and blob: URLs stay inside the page).
export function foreignRequests(log, origin) {
  return log.requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__probe?.csp ?? []);
}

// Waits until body[data-rendered] reaches at least `count`; returns its value.
export async function waitForRendered(page, count = 1, { timeout = 20_000 } = {}) {
  await page.waitForFunction((n) => Number(document.body.dataset.rendered ?? 0) >= n, count, { timeout });
  return rendered(page);
}

export async function rendered(page) {
  return page.evaluate(() => Number(document.body.dataset.rendered ?? 0));
}

// Opens the page at `query` ('' or '?lambda=2&...') and waits for its first full render.
export async function loadView(session, page, query = '', { count = 1 } = {}) {
  await page.goto(`${session.url}${query}`);
  await waitForRendered(page, count);
}

// The status line of a view (its id: single, compare, hierarchy, architectures, phase, sequences).
export const statusOf = (view = 'single') => `#${view}-status`;

// Whether no view is computing (each view's status row says data-busy="true" while it does).
export function pageIsIdle() {
  return !document.querySelector('.view-status[data-busy="true"]');
}

// The settled state after an edit: waits until nothing is computing and the page has rendered at
// least `count` times.
export async function waitForIdle(page, count) {
  await page.waitForFunction((n) => Number(document.body.dataset.rendered ?? 0) >= n && !document.querySelector('.view-status[data-busy="true"]'), count, { timeout: 20_000 });
  return rendered(page);
}

// A summary of a canvas's pixels: `inked` counts pixels that are not (near) white, `colored`
// those with a clear hue (data: the curves and heatmaps are coloured, while axes, grid lines and
// labels are grey), and `hash` fingerprints the image. An empty chart has colored = 0.
export async function canvasSummary(page, selector) {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    if (!canvas) return null;
    const { width, height } = canvas;
    if (!width || !height) return { width, height, inked: 0, colored: 0, hash: 0 };
    return { width, height, ...window.__probe.pixels(canvas, width, height) };
  }, selector);
}

// Coloured pixels over every visible canvas of the page (as canvasSummary counts them).
export async function coloredPixelsOnVisibleCanvases(page) {
  return page.evaluate(() => {
    let count = 0;
    for (const canvas of document.querySelectorAll('canvas')) {
      if (!canvas.getClientRects().length || !canvas.width || !canvas.height) continue;
      count += window.__probe.pixels(canvas, canvas.width, canvas.height).colored;
    }
    return count;
  });
}

// Scrolls every chart of the page into view once (charts off screen are drawn when they come
// into view), then back to the top.
export async function scrollThroughCharts(page, root = 'body') {
  const count = await page.locator(`${root} canvas`).count();
  for (let i = 0; i < count; i++) {
    const canvas = page.locator(`${root} canvas`).nth(i);
    if (await canvas.isVisible()) await canvas.scrollIntoViewIfNeeded();
  }
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.evaluate(() => window.scrollTo(0, 0));
}

// Label text -> value for every field of the settings form (sliders without their read-out).
export async function readControls(page) {
  return page.evaluate(() => {
    const out = {};
    for (const field of document.querySelectorAll('#controls .field')) {
      const label = field.querySelector('label');
      const input = field.querySelector('input, select');
      if (!label || !input) continue;
      const copy = label.cloneNode(true);
      for (const readout of copy.querySelectorAll('output')) readout.remove();
      out[copy.textContent.trim()] = input.value;
    }
    return out;
  });
}

// The λ slider and the λ number field of the settings (ids given in web/js/ui/controls.js).
export const LAMBDA_SLIDER = '#lambda-slider';
export const LAMBDA_NUMBER = '#lambda-number';

// Sets a range input the way dragging it does: value, then 'input' (and 'change' on release).
export async function setSlider(page, selector, value, { release = true } = {}) {
  await page.locator(selector).evaluate((input, [v, commit]) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    if (commit) input.dispatchEvent(new Event('change', { bubbles: true }));
  }, [value, release]);
}

// Types a value into a number field and commits it (change event), as a user pressing Tab does.
export async function setNumber(page, selector, value) {
  const input = page.locator(selector);
  await input.fill(String(value));
  await input.dispatchEvent('change');
}

export function searchParams(page) {
  return new URL(page.url()).searchParams;
}

// Waits until the address bar's `key` is `value`.
export const waitForParam = (page, key, value, timeout = 10_000) => page.waitForFunction(([k, v]) => new URLSearchParams(location.search).get(k) === v,
  [key, String(value)], { timeout });

// Opens the folded "More settings" (shape, task, training, panels) if they are closed, as a user does.
export async function openMoreSettings(page) {
  if (!(await page.$eval('#controls details.more-settings', (d) => d.open))) await page.click('#controls details.more-settings > summary');
  await page.waitForFunction(() => document.querySelector('#controls details.more-settings').open);
}

// Clicks `selector` and returns the download it starts: its file name, bytes and text (UTF-8).
export async function downloadFrom(page, selector, { timeout = 30_000 } = {}) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), page.click(selector)]);
  const bytes = fs.readFileSync(await download.path());
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

export function saveArtifact(name, data) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, name);
  fs.writeFileSync(file, data);
  return file;
}

// Width and height of a PNG from its IHDR chunk; null if the bytes are not a PNG.
export function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// Decodes a PNG in the page and counts its pixels with a clear hue (as canvasSummary does).
export async function pngColoredPixels(page, bytes) {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    return window.__probe.pixels(image, image.naturalWidth, image.naturalHeight).colored;
  }, Buffer.from(bytes).toString('base64'));
}
