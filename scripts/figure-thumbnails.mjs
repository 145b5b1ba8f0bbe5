#!/usr/bin/env node
// Makes docs/web-app.md's thumbnails of the paper's figures (docs/figures/<id>.png, 480 px wide) from
// the page in headless Chromium. After a build: node scripts/figure-thumbnails.mjs [id …] (all figures without ids)
import fs from 'node:fs';
import path from 'node:path';
import { startSession, openPage, scrollThroughCharts } from '../tests/support/browser.mjs';
import { repoRoot } from '../tests/support/engine.mjs';
import { FIGURES } from '../web/js/state/schema.js';

const WIDTH = 480;
const out = path.join(repoRoot, 'docs', 'figures');
fs.mkdirSync(out, { recursive: true });
const session = await startSession();
try {
  const ids = process.argv.slice(2);
  for (const id of ids.length ? ids.filter((id) => FIGURES.includes(id)) : FIGURES) {
    const { context, page } = await openPage(session, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${session.url}?view=figure&figure=${id}`);
    await page.waitForFunction(() => Number(document.body.dataset.figureRendered ?? 0) >= 1, null, { timeout: 60_000 });
    await scrollThroughCharts(page, '#view-figure-content');
    // The view's sticky toolbar would cover the top of the figure in the screenshot.
    await page.evaluate(() => document.querySelector('#view-figure-content .view-toolbar').style.setProperty('position', 'static'));
    const shot = await page.locator('.figure-grid').screenshot();
    // Scaled down in the page itself (no image library needed).
    const base64 = await page.evaluate(async ([data, width]) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = Math.round((image.naturalHeight * width) / image.naturalWidth);
      const ctx = canvas.getContext('2d');
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL('image/png').split(',')[1];
    }, [shot.toString('base64'), WIDTH]);
    fs.writeFileSync(path.join(out, `${id}.png`), Buffer.from(base64, 'base64'));
    console.log(`docs/figures/${id}.png`);
    await context.close();
  }
} finally {
  await session.close();
}
