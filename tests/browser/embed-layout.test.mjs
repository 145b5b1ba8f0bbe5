// Embeds in a course page from another origin (issue 18, items 1–3): every view and every figure in
// an <iframe> of a page on about:blank, at widths from 360 to 1920 px. Each must fit the frame (no
// sideways scrolling inside it), draw no chart over another (Figure 4's heatmaps overlapped at 700 px),
// keep every chart's legend inside its canvas (panel E's was cut), and fill the frame: the phase
// diagram was 300 × 192 px in every frame, and a 1920 × 1080 frame of the loss chart a 192 px strip.
// One browser context per width; each page is reused, its frame replaced for each view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useSession } from '../support/browser.mjs';
import { VIEW_CATALOG, PANEL_CATALOG } from '../../web/js/catalog.js';
import { FIGURE_MODULES } from '../../web/js/figures/index.js';

const session = useSession();
const WIDTHS = [360, 700, 999, 1280, 1920];
const frameHeight = (width) => (width >= 1920 ? 1080 : 900);

// The counter each view bumps on body when it has drawn (views/*.js): 'rendered' for Explore λ.
const counterOf = (view) => (view === 'single' ? 'rendered' : `${view.replace(/-(\w)/g, (_, c) => c.toUpperCase())}Rendered`);

// Every view by its URL, the panels of Explore λ that are off by default alone, the figures one by
// one (the figure view's default is one of them).
const EMBEDS = [
  ...VIEW_CATALOG.filter((v) => v.id !== 'figure').map((v) => ({ name: v.id, query: `view=${v.id}`, counter: counterOf(v.id) })),
  ...PANEL_CATALOG.filter((p) => p.offByDefault).map((p) => ({ name: `panel ${p.id}`, query: `panels=${p.id}`, counter: counterOf('single') })),
  ...FIGURE_MODULES.map((f) => ({ name: `figure ${f.id}`, query: `view=figure&figure=${f.id}`, counter: counterOf('figure') })),
];

// Puts a frame of `query` in the host page and waits until its view has drawn and is idle.
async function embed(host, query, counter, width) {
  await host.setContent(`<!doctype html><body style="margin:0"><iframe src="${session.url}?${query}&embed=1" ` +
    `style="border:0; display:block; width:${width}px; height:${frameHeight(width)}px"></iframe></body>`);
  const frame = await (await host.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction((name) => Number(document.body.dataset[name] ?? 0) >= 1 && !document.querySelector('.view-status[data-busy="true"]'),
    counter, { timeout: 90_000 });
  // A view may still be placing its charts (headings, legends) when it says it has drawn: the
  // layout is read once two frames in a row leave every chart where it was.
  await frame.evaluate(async () => {
    const boxes = () => JSON.stringify([...document.querySelectorAll('canvas')].map((c) => Object.values(c.getBoundingClientRect().toJSON())));
    const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    for (let i = 0, last = ''; i < 20; i++) {
      const now = boxes();
      if (now === last) return;
      last = now;
      await frames();
    }
  });
  return frame;
}

// The frame's layout: its scroll width, every visible chart's box, pairs that intersect, legends
// that leave their canvas.
function layoutOf() {
  return import('/js/charts/setup.js').then(({ Chart }) => {
    const root = document.documentElement;
    const boxes = [...document.querySelectorAll('canvas, .figure-schematic svg')].filter((e) => e.getClientRects().length)
      .map((e) => {
        const r = e.getBoundingClientRect();
        const label = e.closest('[data-chart]')?.getAttribute('data-chart') ?? e.closest('[data-panel]')?.getAttribute('data-panel') ?? e.tagName;
        return { label, left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
      }).filter((b) => b.width > 0 && b.height > 0);
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) overlaps.push(`${a.label} × ${b.label}`);
      }
    }
    const cutLegends = [];
    for (const canvas of document.querySelectorAll('canvas')) {
      const chart = Chart.getChart(canvas);
      if (!chart || !canvas.getClientRects().length || !chart.legend?.options.display) continue;
      for (const hit of chart.legend.legendHitBoxes ?? []) {
        if (hit.left < -1 || hit.left + hit.width > chart.width + 1) cutLegends.push(canvas.closest('[data-chart]')?.getAttribute('data-chart') ?? '?');
      }
    }
    // A sticky toolbar pushed over the status line under it (its offset was fixed, the bar above it not).
    const statusCovered = [...document.querySelectorAll('.view-status')].filter((status) => status.getClientRects().length).flatMap((status) => {
      const toolbar = status.closest('.view')?.querySelector('.view-toolbar');
      if (!toolbar || !toolbar.getClientRects().length || !status.textContent.trim()) return [];
      const covered = toolbar.getBoundingClientRect().bottom - status.getBoundingClientRect().top;
      return covered > 1 ? [`${status.closest('.view').id}: ${covered.toFixed(0)} px`] : [];
    });
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, boxes, overlaps, cutLegends, statusCovered };
  });
}

for (const width of WIDTHS) {
  test(`embedded cross-origin in a ${width} px frame, every view and figure fits, no chart covers another, charts fill the frame`, { timeout: 900_000 }, async () => {
    const { context, page, log } = await openPage(session, { viewport: { width, height: frameHeight(width) } });
    try {
      for (const { name, query, counter } of EMBEDS) {
        const frame = await embed(page, query, counter, width);
        const layout = await frame.evaluate(layoutOf);
        assert.ok(layout.scrollWidth <= layout.clientWidth, `${name} at ${width} px: no sideways scrolling in the frame (scrollWidth ${layout.scrollWidth} > ${layout.clientWidth})`);
        assert.ok(layout.boxes.length > 0, `${name} at ${width} px: something is drawn`);
        assert.deepEqual(layout.overlaps, [], `${name} at ${width} px: no chart overlaps another`);
        assert.deepEqual(layout.cutLegends, [], `${name} at ${width} px: every legend inside its chart`);
        assert.deepEqual(layout.statusCovered, [], `${name} at ${width} px: the toolbar leaves the status line under it readable`);
        for (const box of layout.boxes) {
          assert.ok(box.left >= -1 && box.right <= layout.clientWidth + 1, `${name} at ${width} px: ${box.label} inside the frame (${box.left}–${box.right})`);
          assert.ok(box.height <= frameHeight(width), `${name} at ${width} px: ${box.label} no taller than the frame (${box.height})`);
        }
        if (name === 'phase') {
          const phase = layout.boxes.find((b) => b.label === 'phase-diagram');
          assert.ok(phase.width >= 0.8 * width, `the phase diagram fills the ${width} px frame's width: ${phase.width} px`);
          assert.ok(phase.height >= 0.4 * frameHeight(width) || phase.height >= 0.8 * width, `and a good part of its height: ${phase.height} px`);
        }
      }
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });
}

test('chart heights follow the frame\'s: one panel uses most of a 1920 × 1080 frame, two share it, a short frame keeps them readable', { timeout: 120_000 }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 1920, height: 1080 } });
  const heightsOf = (frame) => frame.evaluate(() => [...document.querySelectorAll('#view-single-content .panel:not([hidden]) canvas')]
    .filter((c) => c.getClientRects().length).map((c) => c.getBoundingClientRect().height));
  try {
    const projector = await embed(page, 'panels=loss', 'rendered', 1920);
    const [loss] = await heightsOf(projector);
    assert.ok(loss >= 0.5 * 1080 && loss <= 1080, `the loss chart uses most of a 1080 px frame: ${loss} px (was 192)`);
    const content = await projector.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(content <= 1080 + 2, `and the frame needs no scrolling for it: ${content} px of content`);

    const two = await heightsOf(await embed(page, 'panels=loss,singular', 'rendered', 1920));
    assert.equal(two.length, 2);
    for (const h of two) assert.ok(h >= 0.25 * 1080 && h < loss, `two panels share the frame: ${two}`);

    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
  // A short frame (a slide's strip): 1280 × 400.
  const shortHost = await openPage(session, { viewport: { width: 1280, height: 500 } });
  try {
    await shortHost.page.setContent(`<!doctype html><body style="margin:0"><iframe src="${session.url}?panels=loss&embed=1" ` +
      'style="border:0; display:block; width:1280px; height:400px"></iframe></body>');
    const frame = await (await shortHost.page.waitForSelector('iframe')).contentFrame();
    await frame.waitForFunction(() => Number(document.body.dataset.rendered ?? 0) >= 1);
    const [small] = await heightsOf(frame);
    assert.ok(small >= 180 && small <= 400, `a 400 px frame still gets a readable chart, no taller than the frame: ${small} px`);
    assert.deepEqual(shortHost.log.pageErrors, []);
  } finally {
    await shortHost.context.close();
  }
});

// A new user's trial (fix-page): presenter mode's larger type in a 360 px frame overflowed it
// (394 px of content) and cut the time read-out to "t = 20.00 of 2"; a long σ read-out
// (σ = 0.000001) widened the settings column, cutting λ's "= 0" to "= C" and the inputs.
test('present=1 in a 360 px frame fits it, its time read-out whole; σ = 0.000001 leaves the settings column its width', { timeout: 120_000 }, async () => {
  const { context, page, log } = await openPage(session, { viewport: { width: 360, height: 900 } });
  try {
    const frame = await embed(page, 'present=1', 'rendered', 360);
    const fit = await frame.evaluate(() => {
      const readout = document.querySelector('#time-readout');
      const row = readout.closest('.timeline').getBoundingClientRect(), box = readout.getBoundingClientRect();
      return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, text: readout.textContent,
        inside: box.left >= row.left - 0.5 && box.right <= row.right + 0.5, whole: readout.scrollWidth <= readout.clientWidth };
    });
    assert.ok(fit.scrollWidth <= fit.clientWidth, `no sideways scrolling: ${fit.scrollWidth} > ${fit.clientWidth}`);
    assert.equal(fit.text, 't = 20.00 of 20');
    assert.equal(fit.inside && fit.whole, true, 'the read-out is whole, inside the time cursor’s row');
  } finally {
    await context.close();
  }
  const wide = await openPage(session, { viewport: { width: 1280, height: 800 } });
  try {
    await wide.page.goto(`${session.url}?sigma=0.000001`);
    await wide.page.waitForFunction(() => Number(document.body.dataset.rendered ?? 0) >= 1);
    const column = await wide.page.evaluate(() => {
      const sidebar = document.querySelector('.sidebar'), right = sidebar.getBoundingClientRect().right;
      const outside = [...sidebar.querySelectorAll('input, select, output')].filter((n) => n.getClientRects().length && n.getBoundingClientRect().right > right + 0.5)
        .map((n) => n.id || n.textContent);
      return { scrollWidth: sidebar.scrollWidth, clientWidth: sidebar.clientWidth, outside, readouts: [...sidebar.querySelectorAll('.slider-value')].map((o) => o.textContent) };
    });
    assert.ok(column.scrollWidth <= column.clientWidth, `the settings column does not scroll sideways: ${column.scrollWidth} > ${column.clientWidth}`);
    assert.deepEqual(column.outside, [], 'every input and read-out inside the column');
    assert.deepEqual(column.readouts.slice(0, 2), ['= 0', '= 0.000001']);
    assert.deepEqual(wide.log.pageErrors, []);
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await wide.context.close();
  }
});
