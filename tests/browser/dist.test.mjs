// The published site (scripts/build-dist.mjs), served as a plain static host would serve it —
// Python's http.server, under a sub-path — works there, keeps working offline after one visit, and
// an open page learns of a new release without ever mixing two releases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import {
  openPage, waitForRendered, scrollThroughCharts, coloredPixelsOnVisibleCanvases, useSession, assertClean, skippedInFirefox, BROWSER,
} from '../support/browser.mjs';
import { repoRoot } from '../support/engine.mjs';
import { startPythonServer } from '../support/python-server.mjs';
import { startServer } from '../../scripts/serve.mjs';

const TIMEOUT = 120_000;
const VIEWPORT = { width: 1280, height: 900 };
const SUB_PATH = 'some/sub/path/';
const session = useSession(); // the browser; its server of web/ is not used here
const temporary = [];

// Builds the site into <a new folder>/some/sub/path/; returns {root, out, version}.
function buildSite({ web, root = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-to-rich-dist-test-')) } = {}) {
  if (!temporary.includes(root)) temporary.push(root);
  const out = path.join(root, SUB_PATH);
  execFileSync('node', [path.join(repoRoot, 'scripts', 'build-dist.mjs'), '--out', out, '--base-url', 'https://example.org/course/',
    ...(web ? ['--web', web] : [])], { encoding: 'utf8' });
  const version = /href="(v-[0-9a-f]+)\/css\/app\.css"/.exec(fs.readFileSync(path.join(out, 'index.html'), 'utf8'))[1];
  return { root, out, version };
}

let site;
before(() => {
  site = buildSite();
});
after(() => {
  for (const root of temporary) fs.rmSync(root, { recursive: true, force: true });
});

function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}

// Waits until the view's status line says it computed and nothing is busy.
async function waitForView(page, view) {
  await page.waitForFunction((id) => (document.querySelector(`#${id}-status`)?.textContent ?? '') !== ''
    && !document.querySelector('.view-status[data-busy="true"]'), view, { timeout: 60_000 });
}

async function openView(page, view) {
  await page.click(`.view-switch [data-view="${view}"]`);
  await waitForView(page, view);
  await scrollThroughCharts(page);
  const colored = await coloredPixelsOnVisibleCanvases(page);
  assert.ok(colored > 500, `${view}: a chart is drawn (${colored} coloured pixels)`);
}

// A first visit that leaves the service worker in control, which it takes once the site is
// precached.
async function firstVisit(page, url) {
  await page.goto(url);
  await waitForRendered(page, 1, { timeout: 30_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 })
    .catch(() => assert.fail('no service worker took control: web/js/main.js calls watchForUpdates (web/js/ui/updates.js)?'));
}

// The release a page runs: the versioned folder of its stylesheet and of every file it loaded.
const releasesLoaded = (page) => page.evaluate(() => [...new Set([...document.styleSheets].map((s) => s.href)
  .concat(performance.getEntriesByType('resource').map((r) => r.name))
  .map((url) => /\/(v-[0-9a-f]+)\//.exec(url ?? '')?.[1]).filter(Boolean))]);

test('dist/ holds the page and nothing else, in one versioned folder, with relative URLs only', () => {
  const files = listFiles(site.out);
  assert.deepEqual(files.filter((f) => !f.startsWith(`${site.version}/`)).sort(), ['index.html', 'sw.js']);
  assert.deepEqual(files.filter((f) => /\.(ttf|woff|map|cpp|hpp|md|test\.mjs)$/.test(f)), [], 'no other font formats, sources or tests');
  assert.ok(files.filter((f) => f.endsWith('.woff2')).length >= 10, 'the KaTeX fonts, as WOFF2');
  for (const needed of ['js/main.js', 'js/engine-worker.js', 'js/data-parse-worker.js', 'wasm/ldyn_wasm.wasm', 'manifest.webmanifest',
    'icons/icon-192.png', 'icons/icon-512.png']) {
    assert.ok(files.includes(`${site.version}/${needed}`), needed);
  }

  const html = fs.readFileSync(path.join(site.out, 'index.html'), 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' 'wasm-unsafe-eval'/, 'the CSP stays in the page');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  for (const [, ref] of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    if (ref.startsWith('#')) continue;
    assert.ok(ref.startsWith(`${site.version}/`), `${ref}: relative, into the release's folder`);
    assert.ok(fs.existsSync(path.join(site.out, ref)), `${ref} exists`);
  }
  assert.match(html, /<meta property="og:image" content="https:\/\/example\.org\/course\/v-[0-9a-f]+\/preview\.png">/);
  assert.ok(fs.existsSync(path.join(site.out, site.version, 'preview.png')), 'the preview image');
  for (const css of files.filter((f) => f.endsWith('.css'))) {
    const text = fs.readFileSync(path.join(site.out, css), 'utf8');
    for (const [, ref] of text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) {
      if (!ref.startsWith('data:')) assert.ok(fs.existsSync(path.join(site.out, path.dirname(css), ref)), `${css}: ${ref} exists`);
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(site.out, site.version, 'manifest.webmanifest'), 'utf8'));
  assert.equal(manifest.start_url, '../');
  // Every precached file exists.
  const sw = fs.readFileSync(path.join(site.out, 'sw.js'), 'utf8');
  const precached = JSON.parse(/const PRECACHE = (\[[^\]]*\]);/.exec(sw)[1]);
  for (const file of precached) assert.ok(fs.existsSync(path.join(site.out, file)), `precached ${file} exists`);
  assert.ok(precached.includes(`${site.version}/wasm/ldyn_wasm.wasm`));
});

// The release's scripts: its bundles (scripts/build-dist.mjs), all in js/ — the page's, a chunk per
// module loaded on demand, and each worker's.
const bundlesOf = (files) => files.filter((f) => f.startsWith(`${site.version}/`) && /\.m?js$/.test(f)).map((f) => f.slice(site.version.length + 1));

test('the release\'s scripts are minified bundles in js/, and every file they import, start or fetch is in the release', () => {
  const files = listFiles(site.out);
  const bundles = bundlesOf(files);
  assert.deepEqual(bundles.filter((f) => !/^js\/[^/]+\.js$/.test(f)), [], 'no unbundled module (web/js, web/vendor, web/wasm) is shipped');
  assert.ok(bundles.some((f) => /^js\/katex-[A-Z0-9]+\.js$/.test(f)), 'KaTeX in a chunk of its own (loaded with the first formula)');
  const html = fs.readFileSync(path.join(site.out, 'index.html'), 'utf8');
  assert.deepEqual([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]), [`${site.version}/js/main.js`], 'the page loads one script');
  for (const bundle of bundles) {
    const text = fs.readFileSync(path.join(site.out, site.version, bundle), 'utf8');
    assert.deepEqual(text.split('\n').filter((line) => /^\s*\/\/ /.test(line)), [], `${bundle} is minified: no comment lines`);
    const refs = [...text.matchAll(/(?:\bfrom|\bimport\(?)\s*"(\.{1,2}\/[^"]+)"/g), ...text.matchAll(/new URL\("([^"]+)",\s*import\.meta\.url\)/g)].map((m) => m[1]);
    for (const ref of refs) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(bundle), ref));
      assert.ok(files.includes(`${site.version}/${target}`), `${bundle} refers to ${ref}: ${target} is in the release`);
      if (/\.m?js$/.test(target)) assert.ok(bundles.includes(target), `${bundle} → ${target}: a bundle`);
    }
  }
  // The page's bundle with the chunks it imports at once (index.html preloads them).
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  assert.deepEqual(preloaded.filter((ref) => !/^v-[0-9a-f]+\/js\/chunk-[A-Z0-9]+\.js$/.test(ref)), [], 'only chunks are preloaded');
  const main = ['js/main.js', ...preloaded.map((ref) => ref.slice(site.version.length + 1))].map((f) => fs.readFileSync(path.join(site.out, site.version, f), 'utf8')).join('\n');
  assert.match(main, /new URL\("engine-worker\.js",\s*import\.meta\.url\)/, 'the page starts the engine worker\'s bundle');
  assert.match(main, /new URL\("\.\.\/wasm\/ldyn_wasm\.wasm",\s*import\.meta\.url\)/, 'and fetches the wasm from the release');
  const sw = fs.readFileSync(path.join(site.out, 'sw.js'), 'utf8');
  const precached = JSON.parse(/const PRECACHE = (\[[^\]]*\]);/.exec(sw)[1]);
  for (const bundle of bundles) assert.ok(precached.includes(`${site.version}/${bundle}`), `${bundle} is precached`);
});

test('a visit loads only the release\'s bundles and files, and nothing from outside dist/: Explore, a view with formulas, a large paste read by the worker', { timeout: TIMEOUT }, async () => {
  const server = await startPythonServer(site.root);
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.goto(`${server.origin}/${SUB_PATH}?panels=loss`);
    await waitForRendered(page, 1, { timeout: 30_000 });
    assert.deepEqual(server.requests.filter((r) => /katex/i.test(r.path)), [], 'nothing of KaTeX (script, stylesheet, fonts) for a view without formulas');
    // Explore λ: the page's bundle and the chunks it imports at once (index.html preloads them);
    // the other views, the dialogs and the recorder (js/on-demand-*.js) only when first opened.
    const html = fs.readFileSync(path.join(site.out, 'index.html'), 'utf8');
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
    const pageScripts = server.requests.map((r) => r.path.slice(SUB_PATH.length + 1)).filter((p) => p.endsWith('.js') && p !== 'sw.js' && !p.endsWith('-worker.js'));
    assert.deepEqual([...new Set(pageScripts)].sort(), [`${site.version}/js/main.js`, ...preloaded].sort(), 'the page\'s bundle and the chunks it preloads');
    const onDemand = bundlesOf(listFiles(site.out)).filter((f) => /^js\/on-demand-[A-Z0-9]+\.js$/.test(f));
    assert.equal(onDemand.length, 1, 'the views but Explore λ, the dialogs and the recorder: one chunk');
    const phaseIntro = 'Each cell of the diagram is one network';
    assert.ok(fs.readFileSync(path.join(site.out, site.version, onDemand[0]), 'utf8').includes(phaseIntro), 'the phase diagram\'s view is in it');
    for (const script of pageScripts) assert.ok(!fs.readFileSync(path.join(site.out, script), 'utf8').includes(phaseIntro), `${script}: not the phase diagram's view`);
    // Your data, pasted large enough to be read off the page's thread (web/js/data/parse-client.js).
    await page.evaluate(() => { document.querySelector('details.more-settings').open = true; });
    await page.selectOption('#task-select', { label: 'Your data…' });
    await page.locator('dialog.data-dialog[open]').waitFor();
    await page.evaluate(() => {
      const x = document.querySelectorAll('dialog[open] textarea')[0];
      x.value = Array.from({ length: 4 }, (_, row) => Array.from({ length: 5000 }, (_, i) => ((i * 7 + row * 3) % 11) / 10).join(',')).join('\n');
      x.dispatchEvent(new Event('paste'));
      x.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => /4 rows of 5000 values/.test(document.querySelector('dialog[open] .data-status')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.goto(`${server.origin}/${SUB_PATH}?view=phase`);
    await waitForView(page, 'phase');
    await page.waitForSelector('#view-phase-content .formula[data-typeset="done"] .katex', { timeout: 10_000 });

    const release = new Set(listFiles(site.out).map((f) => `/${SUB_PATH}${f}`));
    const bundles = new Set(bundlesOf(listFiles(site.out)).map((f) => `/${SUB_PATH}${site.version}/${f}`));
    const paths = server.requests.map((r) => r.path);
    assert.deepEqual(paths.filter((p) => p !== `/${SUB_PATH}` && !release.has(p)), [], 'every request is for a file of dist/');
    assert.deepEqual(paths.filter((p) => /\.m?js$/.test(p) && !p.endsWith('/sw.js') && !bundles.has(p)), [], 'every script is a bundle of the release');
    for (const needed of ['js/main.js', 'js/engine-worker.js', 'js/data-parse-worker.js']) assert.ok(paths.includes(`/${SUB_PATH}${site.version}/${needed}`), `${needed} loaded`);
    assert.ok(paths.some((p) => /\/js\/katex-[A-Z0-9]+\.js$/.test(p)), 'KaTeX\'s chunk loaded with the formulas');
    assert.ok(paths.some((p) => /\/js\/on-demand-[A-Z0-9]+\.js$/.test(p)), 'the on-demand chunk loaded with the data dialog and the phase diagram');
    assert.deepEqual(server.requests.filter((r) => r.status >= 400), [], 'no request failed');
    await assertClean(page, log, server.origin);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('under a sub-path of a plain static server, Explore λ and an experiment view draw, with KaTeX', { timeout: TIMEOUT }, async () => {
  const server = await startPythonServer(site.root);
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.goto(`${server.origin}/${SUB_PATH}`);
    await waitForRendered(page, 1, { timeout: 30_000 });
    await scrollThroughCharts(page);
    assert.ok(await coloredPixelsOnVisibleCanvases(page) > 500, 'Explore λ draws');
    await openView(page, 'phase');
    // KaTeX: formulas typeset, with its own fonts.
    await page.waitForSelector('#view-phase-content .formula[data-typeset="done"] .katex', { timeout: 10_000 }); // formulas are typeset (KaTeX loads with the first one)
    await page.waitForFunction(() => document.fonts.check('16px KaTeX_Main'), null, { timeout: 10_000 });
    const katexFonts = await page.evaluate(() => [...document.fonts].filter((f) => f.family.startsWith('KaTeX') && f.status === 'loaded').length);
    assert.ok(katexFonts >= 2, `KaTeX fonts loaded (${katexFonts})`);
    assert.deepEqual(await releasesLoaded(page), [site.version]);
    assert.deepEqual(server.requests.filter((r) => !r.path.startsWith(`/${SUB_PATH}`) || r.status >= 400), [], 'every request stays under the sub-path and succeeds');
    await assertClean(page, log, server.origin);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('after one visit, the site works with the network off: reload, then two views', { timeout: TIMEOUT }, async (t) => {
  const server = await startPythonServer(site.root);
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await firstVisit(page, `${server.origin}/${SUB_PATH}?lambda=1`);
    // Installable: the manifest parses, and Chromium names no reason but the test's private window.
    if (!skippedInFirefox(t, 'the manifest and installability', 'read through CDP (Page.getAppManifest, Page.getInstallabilityErrors), Chromium only')) {
      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send('Page.getAppManifest');
      assert.deepEqual(manifest.errors, [], 'the manifest has no error');
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), [], 'installable');
    }
    // Offline, and the server gone too.
    await context.setOffline(true);
    await server.stop();
    const requestsBefore = server.requests.length;
    await page.reload();
    await waitForRendered(page, 1, { timeout: 30_000 });
    await scrollThroughCharts(page);
    assert.ok(await coloredPixelsOnVisibleCanvases(page) > 500, 'Explore λ draws offline');
    assert.equal(new URL(page.url()).searchParams.get('lambda'), '1', 'the view from the URL');
    await openView(page, 'hierarchy');
    await openView(page, 'figure');
    assert.equal(server.requests.length, requestsBefore);
    assert.deepEqual(await releasesLoaded(page), [site.version]);
    await assertClean(page, log, server.origin);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('a new release shows "A new version is available — Reload"; the open page keeps its own until then', { timeout: TIMEOUT }, async () => {
  const first = buildSite();
  const server = await startPythonServer(first.root);
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await firstVisit(page, `${server.origin}/${SUB_PATH}`);

    // Release 2, with a changed stylesheet, replaces release 1 on the server.
    const web = path.join(first.root, 'web-changed');
    fs.cpSync(path.join(repoRoot, 'web'), web, { recursive: true });
    // (A rule, not a comment: the build minifies the stylesheets.)
    fs.appendFileSync(path.join(web, 'css', 'app.css'), '\n:root { --release: 2; }\n');
    const second = buildSite({ web, root: first.root });
    assert.notEqual(second.version, first.version, 'a changed file makes a new release');
    assert.equal(fs.existsSync(path.join(second.out, first.version)), false, 'release 1 is gone from the server');

    // The page looks for a release when it is shown again (and every hour).
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const notice = page.locator('#notices [data-key="update"]');
    await notice.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await notice.textContent(), /A new version is available — Reload/);

    // Until the user reloads, the page keeps release 1 (from its cache: the server has only 2).
    await openView(page, 'architectures');
    assert.deepEqual(await releasesLoaded(page), [first.version], 'nothing of release 2 in the old page');
    const unusedFont = `${first.version}/vendor/katex/fonts/KaTeX_Typewriter-Regular.woff2`;
    assert.equal(await page.evaluate((url) => fetch(url).then((r) => r.status), unusedFont), 200, 'a file of release 1 it had not loaded yet');

    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), notice.getByRole('button', { name: 'Reload' }).click()]);
    await waitForView(page, 'architectures');
    assert.deepEqual(await releasesLoaded(page), [second.version], 'after Reload, release 2 only');
    const css = await page.evaluate(async () => (await fetch([...document.styleSheets].find((s) => s.href?.endsWith('css/app.css')).href)).text());
    assert.match(css, /--release: ?2/);
    assert.equal(await page.locator('#notices [data-key="update"]').count(), 0, 'no notice after the update');
    assert.deepEqual(server.requests.filter((r) => r.status >= 400), [], 'no request failed');
    await assertClean(page, log, server.origin);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('the Embed dialog: a frame as tall as the view needs, and the auto-resizing variant sizes it to its content, up to the window', { timeout: TIMEOUT }, async () => {
  const server = await startPythonServer(site.root);
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  const host = await openPage(session, { viewport: { width: 800, height: 900 } });
  try {
    await page.goto(`${server.origin}/${SUB_PATH}?view=figure&figure=2`);
    await waitForView(page, 'figure');
    await page.click('#embed-button');
    await page.waitForSelector('#embed-dialog[open]');
    const plain = await page.inputValue('#embed-snippet');
    // Figure 2 is taller than a screen: the plain frame stops at 900 px and scrolls inside.
    assert.match(plain, /^<iframe src="[^"]+" title="[^"]+" width="100%" height="900" [^>]*><\/iframe>$/, plain);
    await page.check('#embed-auto-height');
    const snippet = await page.inputValue('#embed-snippet');
    assert.match(snippet, /^<iframe src="[^"]+" id="lazy-to-rich-[a-z0-9]+" [^>]*><\/iframe>\n<script>\n[\s\S]*<\/script>$/);
    assert.match(snippet, new RegExp(`event\\.origin !== "${server.origin}"`), 'the script accepts only messages from this site');
    await assertClean(page, log, server.origin);

    // Pasted into a course page: the frame grows or shrinks to the embed's content, up to the course
    // page's window height (900 px here; a taller view scrolls inside with its controls sticky).
    await host.page.setContent(`<!doctype html><body style="margin:0"><p>Course text.</p>${snippet}</body>`);
    const frameElement = await host.page.waitForSelector('iframe');
    const frame = await frameElement.contentFrame();
    await frame.waitForFunction(() => (document.querySelector('#figure-status')?.textContent ?? '') !== '', null, { timeout: 30_000 });
    // (The frame is of another origin than the course page: its sizes are read inside it.)
    const hostHeight = await host.page.evaluate(() => window.innerHeight);
    await frame.waitForFunction((cap) => Math.abs(window.innerHeight - Math.min(cap, document.documentElement.getBoundingClientRect().height)) <= 1, hostHeight, { timeout: 10_000 })
      .catch(() => {}); // the assertion below says what it was
    const sizes = await frame.evaluate(() => ({ content: Math.ceil(document.documentElement.getBoundingClientRect().height), view: window.innerHeight }));
    assert.ok(sizes.content > hostHeight, `Figure 2 is taller than the course page's window (${sizes.content} px)`);
    assert.ok(Math.abs(sizes.view - Math.min(sizes.content, hostHeight)) <= 1,
      `the frame is as tall as its content, up to the window (${sizes.view} px for ${sizes.content} px in a ${hostHeight} px window; web/js/main.js calls postHeightToParent?)`);
    assert.deepEqual(host.log.pageErrors, []);
  } finally {
    await host.context.close();
    await context.close();
    await server.stop();
  }
});

test('the release ships file.br beside its text files and wasm; scripts/serve.mjs sends them to a browser that accepts brotli, and the page draws', { timeout: TIMEOUT }, async () => {
  const files = listFiles(site.out);
  for (const file of [`${site.version}/wasm/ldyn_wasm.wasm`, `${site.version}/js/main.js`, `${site.version}/css/app.css`]) {
    assert.ok(files.includes(`${file}.br`), `${file}.br`);
    assert.deepEqual(zlib.brotliDecompressSync(fs.readFileSync(path.join(site.out, `${file}.br`))), fs.readFileSync(path.join(site.out, file)), `${file}.br is ${file}`);
  }
  const sw = fs.readFileSync(path.join(site.out, 'sw.js'), 'utf8');
  assert.doesNotMatch(/const PRECACHE = (\[[^\]]*\]);/.exec(sw)[1], /\.br"/, 'the precache lists the files, not their compressed copies');
  const { server, url } = await startServer({ root: site.root });
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    // What the browser asked for (Chromium accepts brotli on http://127.0.0.1; Firefox only over https).
    const accepted = new Map();
    server.on('request', (request) => accepted.set(new URL(request.url, url).pathname.split('/').pop(), String(request.headers['accept-encoding'] ?? '')));
    await page.goto(`${url}${SUB_PATH}`);
    await waitForRendered(page, 1, { timeout: 60_000 });
    await scrollThroughCharts(page);
    assert.ok(await coloredPixelsOnVisibleCanvases(page) > 500, 'Explore λ is drawn');
    // The bytes that crossed the network against the file's: brotli's where the browser accepted it.
    const sizes = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/js/main.js'))
      .map((r) => ({ encoded: r.encodedBodySize, decoded: r.decodedBodySize }))[0]);
    const brotliAccepted = /\bbr\b/.test(accepted.get('main.js') ?? '');
    if (BROWSER === 'chromium') assert.ok(brotliAccepted, `Chromium accepts brotli: ${accepted.get('main.js')}`);
    if (brotliAccepted) assert.ok(sizes.encoded < 0.5 * sizes.decoded, `main.js arrived compressed: ${JSON.stringify(sizes)}`);
    else assert.equal(sizes.encoded, sizes.decoded);
    // A client that does not accept brotli gets the file itself.
    const plain = await fetch(`${url}${SUB_PATH}${site.version}/js/main.js`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(Buffer.from(await plain.arrayBuffer()).length, fs.statSync(path.join(site.out, site.version, 'js', 'main.js')).size);
    await assertClean(page, log, new URL(url).origin);
  } finally {
    await context.close();
    server.close();
  }
});
