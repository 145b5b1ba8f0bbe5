// Embed mode, the Embed snippet, "Copy link", and the CSV / JSON / PNG downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openPage, loadView, waitForIdle, rendered, canvasSummary, scrollThroughCharts, setSlider, searchParams, saveArtifact, pngSize, pngColoredPixels, LAMBDA_SLIDER, useSession, assertClean, downloadFrom,
} from '../support/browser.mjs';
import { loadEngine } from '../support/engine.mjs';

const TIMEOUT = 60_000;
const VIEWPORT = { width: 1280, height: 900 };
const session = useSession();


const isVisible = (page, selector) => page.evaluate((sel) => [...document.querySelectorAll(sel)]
  .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden').length, selector);

test('embed mode shows only the λ slider, the time cursor and the chosen panels, and fits 360 px', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 360, height: 740 } });
  try {
    await loadView(session, page, '?embed=1&panels=loss,outputs');
    assert.equal(await page.evaluate(() => document.body.classList.contains('embed')), true);
    for (const hidden of ['.site-footer', '.view-switch', '#share', '#sweep', '.legend-key']) {
      assert.equal(await isVisible(page, hidden), 0, `${hidden} is hidden`);
    }
    // The site header stays for screen readers (its h1), out of sight: 1 px.
    const header = await page.$eval('.site-header', (h) => h.getBoundingClientRect());
    assert.ok(header.width <= 1 && header.height <= 1, `the site header is out of sight (${header.width} × ${header.height})`);
    // The settings form shows the λ slider and nothing else.
    const controls = await page.evaluate(() => [...document.querySelectorAll('#controls input, #controls select, #controls textarea, #controls button')]
      .filter((e) => e.getClientRects().length > 0).map((e) => `${e.tagName.toLowerCase()}[${e.type}]`));
    assert.deepEqual(controls, ['input[range]'], 'only one control is visible in the settings');
    assert.equal(await page.locator(LAMBDA_SLIDER).isVisible(), true, 'and it is the λ slider');
    assert.equal(await page.locator('#time-cursor').isVisible(), true, 'the time cursor stays');
    assert.equal(await page.locator('#play').isVisible(), true);
    assert.equal(await page.locator('#full-view').isVisible(), true, 'a link to the full explorable');
    const fullView = new URL(await page.getAttribute('#full-view', 'href'), page.url());
    assert.equal(fullView.searchParams.get('embed'), '0');
    assert.equal(fullView.searchParams.get('panels'), 'loss,outputs');

    const shown = await page.evaluate(() => [...document.querySelectorAll('#view-single-content [data-panel]')]
      .filter((p) => p.getClientRects().length > 0).map((p) => p.dataset.panel));
    assert.deepEqual(shown, ['loss', 'outputs'], 'only the chosen panels');

    const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
    assert.ok(widths.document <= 360, `no horizontal scrolling: scrollWidth ${widths.document}`);
    assert.ok(widths.body <= 360, `body fits: ${widths.body}`);
    const loss = await canvasSummary(page, '[data-chart="loss"] canvas');
    assert.ok(loss.colored > 300, 'the loss chart is drawn');
    assert.ok(loss.width <= 360 * 2, 'the chart fits the frame');

    // The slider works in embed mode.
    const count = await rendered(page);
    await setSlider(page, LAMBDA_SLIDER, 4);
    await waitForIdle(page, count + 1);
    assert.equal(searchParams(page).get('lambda'), '4');
    assert.equal(searchParams(page).get('embed'), '1', 'the URL stays in embed mode');
    assert.notEqual((await canvasSummary(page, '[data-chart="loss"] canvas')).hash, loss.hash, 'the loss chart redrew');
    await setSlider(page, LAMBDA_SLIDER, 0);
    await waitForIdle(page, count + 2);

    await scrollThroughCharts(page);
    saveArtifact('embed-view.png', await page.screenshot({ fullPage: true }));
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the Embed button gives an iframe snippet of this view in embed mode, which works', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page, '?lambda=1.5&panels=loss,singular');
    await page.click('#embed-button');
    await page.waitForSelector('#embed-dialog[open]');
    assert.equal(await page.locator('#embed-snippet').isVisible(), true);
    const snippet = await page.inputValue('#embed-snippet');
    assert.match(snippet, /^<iframe src="[^"]+"[^>]*><\/iframe>$/, snippet);
    const src = /src="([^"]*)"/.exec(snippet)[1].replaceAll('&amp;', '&');
    const url = new URL(src);
    assert.equal(url.origin, session.origin, 'the frame shows this site');
    assert.equal(url.searchParams.get('embed'), '1', 'src has embed=1');
    assert.equal(url.searchParams.get('lambda'), '1.5', 'src holds this view');
    assert.equal(url.searchParams.get('panels'), 'loss,singular');
    for (const [key, value] of searchParams(page)) if (key !== 'embed') assert.equal(url.searchParams.get(key), value, `src keeps ${key}`);
    await assertClean(page, log, session.origin);

    // The snippet, pasted into a 360 px wide course page, shows the view.
    const host = await openPage(session, { viewport: { width: 360, height: 800 } });
    try {
      await host.page.setContent(`<!doctype html><body style="margin:0">${snippet}</body>`);
      const frame = await (await host.page.waitForSelector('iframe')).contentFrame();
      await frame.waitForFunction(() => Number(document.body.dataset.rendered ?? 0) >= 1, null, { timeout: 20_000 });
      assert.equal(await frame.evaluate(() => document.body.classList.contains('embed')), true);
      assert.ok(await frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no horizontal scrolling in the frame');
      assert.deepEqual(host.log.pageErrors, []);
    } finally {
      await host.context.close();
    }
  } finally {
    await context.close();
  }
});

test('interacting inside an embed adds no entry to the course page\'s history: Back leaves the course page', { timeout: TIMEOUT }, async () => {
  const host = await openPage(session, { viewport: { width: 700, height: 900 } });
  try {
    // The course page (about:blank: another origin than the explorable's) with the embed in it.
    await host.page.setContent(`<!doctype html><body style="margin:0"><iframe src="${session.url}?embed=1&panels=loss" width="100%" height="800"></iframe></body>`);
    const frame = await (await host.page.waitForSelector('iframe')).contentFrame();
    await frame.waitForFunction(() => Number(document.body.dataset.rendered ?? 0) >= 1, null, { timeout: 20_000 });
    const before = await host.page.evaluate(() => history.length);
    for (const value of ['1', '2', '-1.5']) {
      const drawn = await frame.evaluate(() => Number(document.body.dataset.rendered ?? 0));
      // A drag of the embed's λ slider: input events, then the release.
      await frame.evaluate((v) => {
        const input = document.querySelector('#lambda-slider');
        input.value = v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, value);
      await frame.waitForFunction((n) => Number(document.body.dataset.rendered ?? 0) > n, drawn, { timeout: 20_000 });
    }
    // The frame's address follows its state (written at most every 250 ms).
    await frame.waitForFunction(() => new URL(location.href).searchParams.get('lambda') === '-1.5', null, { timeout: 5000 });
    assert.equal(await host.page.evaluate(() => history.length), before, 'no history entry added to the course page');
    assert.deepEqual(host.log.pageErrors, []);
  } finally {
    await host.context.close();
  }
});

test('"Copy link" copies the page URL to the clipboard', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.origin });
    await loadView(session, page, '?lambda=2.5');
    await page.click('#copy-link');
    await page.waitForFunction(() => document.querySelector('#announcer').textContent !== '');
    assert.equal(await page.textContent('#announcer'), 'Link copied.');
    // Seen, not only announced: the confirmation stands next to the button.
    assert.equal(await page.isVisible('#copy-confirmation'), true);
    assert.equal(await page.textContent('#copy-confirmation'), 'Link copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
    assert.match(page.url(), /lambda=2\.5/);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('"Copy link" without clipboard access shows the link selected for copying', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    });
    await loadView(session, page, '?lambda=-3');
    await page.click('#copy-link');
    await page.waitForFunction(() => document.querySelector('#announcer').textContent !== '');
    assert.equal(await page.textContent('#announcer'), 'Select the link and copy it.');
    const fallback = page.locator('#share input.link-fallback');
    assert.equal(await fallback.isVisible(), true, 'the link is shown');
    assert.equal(await fallback.inputValue(), page.url());
    assert.ok(await fallback.evaluate((input) => document.activeElement === input && input.selectionStart === 0 && input.selectionEnd === input.value.length), 'and selected');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('CSV and JSON downloads hold the trajectories the engine computes for this view', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page, '?lambda=1.25&sigma=0.1');

    const json = await downloadFrom(page, '#export-json');
    assert.match(json.name, /\.json$/);
    const exported = JSON.parse(json.bytes.toString('utf8'));
    assert.ok(exported.config && exported.result, 'has config and result');
    assert.equal(exported.config.init.lambda, 1.25, 'the config holds the page\'s λ');
    assert.equal(exported.config.init.sigma, 0.1);
    assert.equal(exported.result.lambda, 1.25, 'the result is for the page\'s λ');
    assert.equal(exported.link, page.url(), 'the link reproduces the view');
    assert.equal(exported.result.times.length, 301);

    const csv = await downloadFrom(page, '#export-csv');
    assert.match(csv.name, /\.csv$/);
    const text = csv.bytes.toString('utf8');
    assert.match(text, /^# From lazy to rich: http.*\n# λ = /, 'the link and the settings first');
    const lines = text.trimEnd().split('\n').filter((line) => !line.startsWith('#'));
    assert.equal(lines.length, 302, '301 rows + header');
    const header = lines[0].split(',');
    assert.equal(header[0], 't', 'the first column is t');
    const rows = lines.slice(1).map((line) => line.split(','));
    for (const row of rows) assert.equal(row.length, header.length, 'every row has every column');
    const column = (name) => {
      const index = header.indexOf(name);
      assert.ok(index >= 0, `column ${name} in ${header.slice(0, 8).join(',')}…`);
      return rows.map((row) => Number(row[index]));
    };

    // The same configuration through the engine in Node: the numbers are the same, bit for bit.
    const { engine } = await loadEngine();
    const expected = engine.run(exported.config);
    assert.deepEqual(column('t'), Array.from(expected.times));
    for (const which of ['simulation', 'exact']) {
      const loss = column(`${which}.loss`);
      for (const v of loss) assert.ok(Number.isFinite(v) && v > 0, `${which}.loss is numeric`);
      assert.deepEqual(loss, Array.from(expected[which].loss), `${which}.loss equals the engine's`);
      assert.deepEqual(loss, exported.result[which].loss, `${which}.loss equals the JSON export`);
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('a chart\'s PNG button downloads the chart at twice its size with a title, also for a chart off screen', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    for (const name of ['loss', 'ntk-exact']) {
      const size = await page.$eval(`[data-chart="${name}"] canvas`, (c) => ({ width: c.clientWidth, height: c.clientHeight }));
      const png = await downloadFrom(page, `[data-chart="${name}"] .png-button`);
      assert.match(png.name, new RegExp(`_${name}\\.png$`));
      assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
      // Twice the chart's size, with an 8 px margin on each side and the title and settings above it.
      const image = pngSize(png.bytes);
      assert.equal(image.width, 2 * (size.width + 16), `${name}: twice the chart's width (${JSON.stringify(image)} for ${JSON.stringify(size)})`);
      assert.ok(image.height > 2 * size.height + 60, `${name}: twice the chart's height and a header (${JSON.stringify(image)} for ${JSON.stringify(size)})`);
      const colored = await pngColoredPixels(page, png.bytes);
      assert.ok(colored > 500, `${name}: the image shows the data (${colored} coloured pixels)`);
    }
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the Embed dialog\'s panel picker (Explore) and figure picker change the snippet and its live preview frame', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  const srcOf = async () => {
    const snippet = await page.inputValue('#embed-snippet');
    return new URL(/src="([^"]*)"/.exec(snippet)[1].replaceAll('&amp;', '&'));
  };
  const previewSrc = async () => new URL(await page.getAttribute('#embed-preview', 'src'));
  try {
    await loadView(session, page, '?panels=loss,singular');
    await page.click('#embed-button');
    await page.waitForSelector('#embed-dialog[open]');
    assert.deepEqual(await page.$$eval('#embed-panels input:checked', (boxes) => boxes.map((b) => b.value)), ['loss', 'singular'], 'the picker starts from the page\'s panels');
    assert.equal(await page.locator('#embed-figure').isVisible(), false, 'no figure picker in Explore');
    assert.equal((await previewSrc()).searchParams.get('panels'), 'loss,singular');
    // (clicks: the boxes toggle as a user's clicks do)
    await page.click('#embed-panels input[value="ntk"]');
    await page.click('#embed-panels input[value="singular"]');
    assert.equal((await srcOf()).searchParams.get('panels'), 'loss,ntk', 'the snippet shows the panels picked');
    const preview = await previewSrc();
    assert.equal(preview.searchParams.get('panels'), 'loss,ntk', 'the preview shows the panels picked');
    assert.equal(preview.searchParams.get('embed'), '1');
    // The preview is the frame itself, running in the dialog.
    const frame = await (await page.waitForSelector('#embed-preview')).contentFrame();
    await frame.waitForFunction(() => Number(document.body.dataset.rendered ?? 0) >= 1, null, { timeout: 30_000 });
    assert.equal(await frame.evaluate(() => document.body.classList.contains('embed')), true);
    const shown = (id) => frame.evaluate((id) => document.getElementById(id).getClientRects().length > 0, id);
    assert.equal(await shown('panel-ntk'), true, 'the preview shows the NTK panel');
    assert.equal(await shown('panel-singular'), false, 'and not the singular values');
    // The last panel cannot be unticked: a frame shows at least one.
    await page.click('#embed-panels input[value="ntk"]');
    assert.equal(await page.isDisabled('#embed-panels input[value="loss"]'), true);
    assert.equal((await srcOf()).searchParams.get('panels'), 'loss');
    assert.equal(page.url().includes('ntk'), false, 'the page\'s own panels are left as they were');
    await page.click('#embed-dialog .dialog-buttons button:last-child'); // Close
    await assertClean(page, log, session.origin);

    await loadView(session, page, '?view=figure&figure=2', { count: 0 });
    await page.click('#embed-button');
    await page.waitForSelector('#embed-dialog[open]');
    assert.equal(await page.locator('#embed-panels').isVisible(), false, 'no panel picker for a figure');
    assert.equal(await page.inputValue('#embed-figure'), '2');
    await page.selectOption('#embed-figure', '3');
    assert.equal((await srcOf()).searchParams.get('figure'), '3', 'the snippet shows the figure picked');
    assert.equal((await previewSrc()).searchParams.get('figure'), '3', 'and so does the preview');
    assert.equal(new URL(page.url()).searchParams.get('figure'), '2', 'the page keeps its figure');
  } finally {
    await context.close();
  }
});

// A course page with the auto-resizing snippet of `query`, in a window `height` px tall.
async function autoSizedEmbed(page, query, height) {
  await loadView(session, page, query);
  await page.click('#embed-button');
  await page.check('#embed-auto-height');
  const snippet = await page.inputValue('#embed-snippet');
  const host = await openPage(session, { viewport: { width: 800, height } });
  await host.page.setContent(`<!doctype html><body style="margin:0"><p>Course text.</p>${snippet}</body>`);
  const frame = await (await host.page.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction(() => Number(document.body.dataset.rendered ?? 0) >= 1, null, { timeout: 30_000 });
  return { host, frame };
}

test('"Resize the frame to its content" fits the content with no scroll inside the frame; a view taller than the window gets the window\'s height, its λ slider in sight', { timeout: TIMEOUT }, async () => {
  const { context, page } = await openPage(session, { viewport: VIEWPORT });
  try {
    // Two panels: shorter than the window, so the frame takes the content's height.
    let { host, frame } = await autoSizedEmbed(page, '?panels=loss,outputs', 2000);
    try {
      // Sized once the frame is as tall as its content (the height the page posts).
      await host.page.waitForFunction(() => document.querySelector('iframe').style.height !== '', null, { timeout: 20_000 });
      await frame.waitForFunction(() => Math.abs(innerHeight - Math.ceil(document.documentElement.getBoundingClientRect().height)) < 1, null, { timeout: 20_000 }).catch(async (error) => {
        throw new Error(`${error.message}: ${await frame.evaluate(() => JSON.stringify({ inner: innerHeight, root: document.documentElement.getBoundingClientRect().height, scroll: document.documentElement.scrollHeight }))}, frame ${await host.page.evaluate(() => document.querySelector('iframe').style.height)}`);
      });
      const inside = await frame.evaluate(() => ({ scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }));
      assert.ok(inside.scroll <= inside.client, `no scroll bar inside the frame: content ${inside.scroll} px in ${inside.client} px (was 10 px short)`);
      assert.deepEqual(host.log.pageErrors, []);
    } finally {
      await host.context.close();
    }
    // Every panel of Explore, about 2,450 px: the frame is as tall as the 700 px window, and at the
    // bottom of its content the λ slider and the time cursor are still in the frame's view.
    ({ host, frame } = await autoSizedEmbed(page, '', 700));
    try {
      await host.page.waitForFunction(() => document.querySelector('iframe').style.height !== '', null, { timeout: 20_000 });
      assert.equal(await host.page.evaluate(() => document.querySelector('iframe').style.height), '700px', 'at most the window\'s height');
      await frame.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      for (const selector of ['input[type="range"]', '#time-cursor']) {
        const box = await frame.evaluate((s) => { const r = document.querySelector(s).getBoundingClientRect(); return { top: r.top, bottom: r.bottom, height: innerHeight }; }, selector);
        assert.ok(box.top >= 0 && box.bottom <= box.height, `${selector} in sight at the frame's bottom (${JSON.stringify(box)})`);
      }
    } finally {
      await host.context.close();
    }
  } finally {
    await context.close();
  }
});
