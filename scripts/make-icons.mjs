// Draws the web app's icons (web/icons/icon-192.png, icon-512.png) from web/favicon.svg with
// headless Chromium. Run once after changing the favicon; the PNGs are committed, so a build
// needs no image tool.
//   node scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = [192, 512];
const LAUNCH_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
};

const svg = fs.readFileSync(path.join(root, 'web', 'favicon.svg'));
const source = `data:image/svg+xml;base64,${svg.toString('base64')}`;
const outDir = path.join(root, 'web', 'icons');
fs.mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch(LAUNCH_OPTIONS);
try {
  for (const size of SIZES) {
    // One CSS pixel per image pixel; the rounded corners stay transparent.
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><body style="margin:0"><img src="${source}" width="${size}" height="${size}" style="display:block"></body>`);
    await page.locator('img').evaluate((img) => img.decode());
    const file = path.join(outDir, `icon-${size}.png`);
    await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`${path.relative(root, file)}: ${size} × ${size}, ${fs.statSync(file).size} bytes`);
  }
} finally {
  await browser.close();
}
