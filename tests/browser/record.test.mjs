// Videos for slides (web/js/record/): the recorder makes a WebM of the loss chart while the time
// cursor moves, with the title and settings in every frame, and the video plays (its duration,
// two frames that differ where the cursor moved); Cancel rejects with an AbortError and makes no
// video; the "Record a video" dialog records, previews and downloads, and a card's "Video" button
// hands over the card's drawings. The views do not offer the dialog yet: the tests drive the
// modules from the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openPage, loadView, saveArtifact, useSession, assertClean, IS_FIREFOX } from '../support/browser.mjs';

const TIMEOUT = 90_000;
const VIEWPORT = { width: 1280, height: 900 };
const session = useSession();

// In the page: the loss chart as a source, and an animation that moves the time cursor.
function installHelpers() {
  window.__record = (async () => {
    const [{ recordAnimation }, { whenDrawn }, { webmFrameTimes }] = await Promise.all([import('/js/record/recorder.js'), import('/js/charts/setup.js'),
      import('/js/record/webm-frames.js')]);
    const slider = document.querySelector('#time-cursor');
    const canvas = document.querySelector('[data-chart="loss"] canvas');
    const source = () => {
      const box = canvas.getBoundingClientRect();
      return [{ canvas, x: 0, y: 0, width: box.width, height: box.height }];
    };
    const start = slider.value;
    const cursor = {
      id: 'time', label: 'play the time cursor',
      async advance(fraction) {
        slider.value = String(Math.round(fraction * Number(slider.max)));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await whenDrawn();
      },
      restore() {
        slider.value = start;
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      },
    };
    const base64 = async (blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    };
    return { recordAnimation, source, cursor, base64, webmFrameTimes };
  })();
}

// Plays a WebM (base64) in a page of its own (the explorable's CSP would need media-src blob:):
// its size, its duration, and two frames (played) as PNGs with how many pixels differ between them.
async function inspectVideo(context, base64) {
  const page = await context.newPage();
  try {
    await page.setContent('<!doctype html><title>video</title>');
    return await page.evaluate(async (data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }));
      await new Promise((resolve, reject) => {
        video.addEventListener('loadeddata', resolve, { once: true });
        video.addEventListener('error', () => reject(new Error(`the video does not load: ${video.error?.message}`)), { once: true });
      });
      const seek = (time) => new Promise((resolve) => {
        video.addEventListener('seeked', resolve, { once: true });
        video.currentTime = time;
      });
      // The duration the file says, before it has been read to its end (MediaRecorder writes
      // none: Infinity, unless record/webm-duration.js wrote it).
      const durationAtLoad = video.duration;
      await seek(1e6);
      const duration = video.duration;
      const { videoWidth: width, videoHeight: height } = video;
      // The first frames at or after 0.2 s and 1.5 s, taken while the video plays (not by seeking): a
      // WebM that Firefox records has one keyframe and no cues, and Firefox's own player cannot
      // seek into its later clusters (it keeps showing the frame it had), while it plays it through.
      await seek(0);
      document.body.append(video);
      const grab = () => {
        const canvas = document.createElement('canvas');
        Object.assign(canvas, { width, height });
        const context = canvas.getContext('2d', { willReadFrequently: true });
        context.drawImage(video, 0, 0);
        return { pixels: context.getImageData(0, 0, width, height).data, png: canvas.toDataURL('image/png').split(',')[1] };
      };
      const wanted = [0.2, 1.5], shots = [];
      await new Promise((resolve, reject) => {
        const onFrame = (_now, { mediaTime }) => {
          if (mediaTime >= wanted[shots.length] - 1e-3) shots.push(grab());
          if (shots.length < wanted.length) video.requestVideoFrameCallback(onFrame);
          else resolve(video.pause());
        };
        video.requestVideoFrameCallback(onFrame);
        video.addEventListener('ended', () => reject(new Error(`the video ended before ${wanted[shots.length]} s`)), { once: true });
        video.play().catch(reject);
      });
      const [early, late] = shots;
      let differ = 0, headerInk = 0;
      for (let i = 0; i < early.pixels.length; i += 4) {
        const delta = Math.max(...[0, 1, 2].map((k) => Math.abs(early.pixels[i + k] - late.pixels[i + k])));
        if (delta > 40) differ++;
        // Dark pixels in the header (the top 50 px): the title and the parameter line.
        if (i / 4 < width * 50 && early.pixels[i] < 120 && early.pixels[i + 1] < 120 && early.pixels[i + 2] < 120) headerInk++;
      }
      return { width, height, duration, durationAtLoad, differ, headerInk, early: early.png, late: late.png };
    }, base64);
  } finally {
    await page.close();
  }
}

test('a recording of the loss chart while the time cursor moves is a WebM that plays, with its title, and shows the cursor moving', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    await page.evaluate(installHelpers);
    const made = await page.evaluate(async () => {
      const { recordAnimation, source, cursor, base64, webmFrameTimes } = await window.__record;
      const progress = [];
      const started = performance.now();
      const blob = await recordAnimation({ source, title: 'Loss over training time', lines: ['λ = 0 · σ = 0.05 · a 3–3–3 network (test)'],
        fps: 15, seconds: 2, width: 640, height: 360, advance: cursor.advance, onProgress: (done, total) => progress.push([done, total]) });
      cursor.restore();
      const frames = webmFrameTimes(new Uint8Array(await blob.arrayBuffer()));
      return { type: blob.type, size: blob.size, progress, seconds: (performance.now() - started) / 1000, frames, base64: await base64(blob) };
    }).catch((error) => ({ error: String(error) }));
    assert.equal(made.error, undefined, made.error);
    assert.match(made.type, /^video\/webm/, 'the recording is a WebM');
    assert.ok(made.size > 0, 'the video is not empty');
    assert.equal(made.progress.length, 30, '15 fps × 2 s = 30 frames, each reported');
    assert.deepEqual(made.progress.at(-1), [30, 30]);
    assert.ok(made.seconds >= 2, `recording takes at least the video's duration in real time (${made.seconds.toFixed(2)} s)`);
    assert.equal(made.frames.length, 30, `every frame is in the video (timestamps: ${made.frames.join(' ')})`);
    assert.ok(made.frames.at(-1) > 1500 && made.frames.at(-1) < 2500, `the 30th frame is at about 29/15 s (${made.frames.at(-1)} ms)`);
    saveArtifact('record-loss.webm', Buffer.from(made.base64, 'base64'));

    const video = await inspectVideo(context, made.base64);
    saveArtifact('record-loss-0.2s.png', Buffer.from(video.early, 'base64'));
    saveArtifact('record-loss-1.5s.png', Buffer.from(video.late, 'base64'));
    assert.deepEqual([video.width, video.height], [640, 360], 'the chosen size');
    assert.ok(video.duration > 1 && video.duration < 3, `the video lasts about 2 s (${video.duration} s)`);
    assert.ok(video.durationAtLoad > 1.8 && video.durationAtLoad < 2.3, `the file says its duration, ~2 s, when it loads (${video.durationAtLoad} s)`);
    assert.ok(video.headerInk > 300, `the title and settings are drawn above the chart (${video.headerInk} dark pixels)`);
    assert.ok(video.differ > 50, `the frames at 0.2 s and 1.5 s differ: the cursor moved (${video.differ} pixels)`);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('Cancel stops a recording: it rejects with an AbortError and gives no video', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    await page.evaluate(installHelpers);
    const outcome = await page.evaluate(async () => {
      const { recordAnimation, source, cursor } = await window.__record;
      const controller = new AbortController();
      let abortedAt = 0, frames = 0;
      const run = recordAnimation({ source, title: 'Loss', lines: [], fps: 15, seconds: 4, width: 640, advance: cursor.advance, signal: controller.signal,
        onProgress(done) {
          frames = done;
          if (done === 5) {
            abortedAt = performance.now();
            controller.abort();
          }
        } });
      const settled = await run.then((blob) => ({ blob: blob?.size ?? null }), (error) => ({ name: error?.name, message: error?.message }));
      cursor.restore();
      // Already cancelled: refused at once.
      const before = await recordAnimation({ source, fps: 15, seconds: 2, advance: cursor.advance, signal: AbortSignal.abort() })
        .then(() => 'resolved', (error) => error.name);
      return { ...settled, framesAfterAbort: frames - 5, lag: performance.now() - abortedAt, before };
    });
    assert.equal(outcome.blob, undefined, 'no video');
    assert.equal(outcome.name, 'AbortError', JSON.stringify(outcome));
    assert.ok(outcome.framesAfterAbort <= 1, `recording stops at once (${outcome.framesAfterAbort} frames after Cancel)`);
    assert.equal(outcome.before, 'AbortError', 'an aborted signal is refused before anything is recorded');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('every Video button is named after its panel ("Record a video of Loss"), so a screen reader tells them apart', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    // The panels shown (one off by default, such as Balance, is hidden: no button to name).
    const titles = await page.$$eval('.panel:not([hidden]):has(.video-button) h2', (hs) => hs.map((h) => h.textContent));
    assert.ok(titles.length >= 5, `${titles.length} panels with a Video button`);
    for (const title of titles) {
      assert.equal(await page.getByRole('button', { name: `Record a video of ${title}`, exact: true }).count(), 1, title);
    }
    assert.equal(await page.getByRole('button', { name: 'Video', exact: true }).count(), 0, 'no button is named "Video" alone');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('the "Record a video" dialog records, shows the video and downloads it; Cancel and a card\'s Video button', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    await page.evaluate(installHelpers);
    // A card with a record callback gets a "Video" button that hands over the card's drawings.
    const card = await page.evaluate(async () => {
      const { createCard } = await import('/js/ui/card.js');
      const { sourceOf } = await import('/js/record/source.js');
      let given = null;
      const plain = createCard(document.createElement('div'), { id: 'plain-test', title: 'Plain', caption: '' });
      const host = document.querySelector('#panel-loss').parentElement;
      const withVideo = createCard(host, { id: 'video-test', title: 'Video test', caption: '', record: (args) => { given = args; } });
      withVideo.addChart('copy', 'A copy of the loss chart');
      withVideo.section.querySelector('#video-test-video').click();
      const items = await given.source();
      const lossItems = await sourceOf(document.querySelector('#panel-loss .panel-body'))();
      withVideo.section.remove();
      return {
        plainButton: Boolean(plain.section.querySelector('.video-button')),
        title: given.title, items: items.map((i) => (i.canvas ? 'canvas' : i.text)),
        loss: lossItems.map((i) => (i.canvas ? 'canvas' : i.text)),
      };
    });
    assert.equal(card.plainButton, false, 'no Video button without a record callback');
    assert.equal(card.title, 'Video test');
    assert.deepEqual(card.items, ['A copy of the loss chart', 'canvas'], 'the source holds the chart title and its canvas');
    assert.deepEqual(card.loss, ['Loss over training time', 'canvas']);

    await page.evaluate(async () => {
      const { createRecordDialog } = await import('/js/record/record-dialog.js');
      const { sourceOf } = await import('/js/record/source.js');
      const { cursor } = await window.__record;
      await createRecordDialog().open({ title: 'Loss', lines: ['λ = 0 · σ = 0.05'], source: sourceOf(document.querySelector('#panel-loss .panel-body')), animations: [cursor] });
    });
    const dialog = page.locator('#record-dialog');
    assert.ok(await dialog.isVisible(), 'the dialog opens');
    assert.equal(await page.locator('input[name="record-animation"]:checked').getAttribute('value'), 'time');
    assert.match(await page.locator('#record-size option[value="own:1280"]').textContent(), /^this chart’s shape, 1280 × \d+$/);
    await page.selectOption('#record-fps', '15');
    await page.fill('#record-seconds', '2');
    await page.selectOption('#record-size', 'fixed:640:360');
    await page.click('#record-start');
    assert.ok(await page.locator('#record-progress').isVisible(), 'a progress bar while recording');
    assert.ok(await page.locator('#record-cancel').isVisible(), 'and a Cancel button');
    await page.locator('#record-download').waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await page.textContent('#record-status'), /^Recorded/);
    assert.match(await page.textContent('.record-info'), /^lazy-to-rich_Loss\.webm: [\d.]+ MB, 2 s at 15 frames per second\.$/);
    const preview = await page.locator('#record-video').evaluate((video) => new Promise((resolve) => {
      if (video.readyState >= 2) resolve({ ok: true, width: video.videoWidth });
      video.addEventListener('loadeddata', () => resolve({ ok: true, width: video.videoWidth }), { once: true });
      video.addEventListener('error', () => resolve({ ok: false, error: video.error?.message }), { once: true });
      setTimeout(() => resolve({ ok: false, error: 'timeout' }), 5000);
    }));
    assert.deepEqual(preview, { ok: true, width: 640 }, "the preview plays (the page's CSP must allow media-src blob:)");
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#record-download')]);
    assert.equal(download.suggestedFilename(), 'lazy-to-rich_Loss.webm');

    // Record again and cancel: no video, the cursor is put back, the dialog can record again.
    const cursorBefore = await page.inputValue('#time-cursor');
    await page.fill('#record-seconds', '10');
    await page.click('#record-start');
    await page.waitForFunction(() => Number(document.querySelector('#record-progress').value) > 0.05);
    await page.click('#record-cancel');
    await page.waitForFunction(() => /^Cancelled/.test(document.querySelector('#record-status').textContent));
    assert.equal(await page.locator('#record-download').isVisible(), false, 'no Download after Cancel');
    assert.equal(await page.locator('#record-progress').isVisible(), false);
    assert.equal(await page.inputValue('#time-cursor'), cursorBefore, 'the time cursor is back where it was');
    assert.equal(await page.locator('#record-start').isEnabled(), true);
    await page.click('#record-close');
    assert.equal(await dialog.isVisible(), false);
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

test('every frame of a video carries the title, the whole settings line and the solid/dotted key, even when the line grows after the first frame', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    await page.evaluate(installHelpers);
    const key = 'solid: simulation (gradient descent) · dotted: exact solution';
    const made = await page.evaluate(async (key) => {
      const { recordAnimation, source, cursor } = await window.__record;
      // Every text drawn on any canvas while recording, frame by frame (a frame starts at its title).
      const title = 'Loss over training time';
      const frames = [];
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        if (text === title) frames.push([]);
        frames.at(-1)?.push(String(text));
        return fillText.call(this, text, ...rest);
      };
      let frame = 0;
      const settings = () => (frame === 0 ? 'λ = 0 · σ = 0.05' : `λ = ${(frame / 7).toFixed(12)} · σ = 0.05 · a 3–3–3 network, learning rate 0.0125, hidden width 64, initialisation from a large random matrix, t = ${frame * 12.5}`);
      try {
        await recordAnimation({ source, title, lines: () => [settings(), key], fps: 10, seconds: 1, width: 640, height: 360,
          advance: async (fraction) => { frame = Math.round(fraction * 9); await cursor.advance(fraction); } });
      } finally {
        CanvasRenderingContext2D.prototype.fillText = fillText;
        cursor.restore();
      }
      return frames.map((texts) => texts.join(' '));
    }, key);
    assert.equal(made.length, 10, 'ten frames drawn');
    const words = (text) => text.split(/\s+/).filter(Boolean);
    made.forEach((text, i) => {
      assert.ok(text.startsWith('Loss over training time'), `frame ${i} has the title`);
      assert.ok(!text.includes('…'), `frame ${i} is not cut: ${text}`);
      assert.ok(text.includes(key), `frame ${i} has the key: ${text}`);
      if (i > 0) assert.ok(words(text).includes(`t = ${i * 12.5}`.split(' ')[2]) && text.includes('initialisation from a large random matrix'), `frame ${i} has the whole settings line: ${text}`);
    });
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});

// A file Firefox 128 recorded (this recorder before its duration was written): its Info has a
// Duration of 0, which Chromium takes for "unknown" (Infinity, no seek bar).
test('a Firefox-made WebM gets a finite duration: the Info\'s Duration of 0 is overwritten with the frames\' end', { timeout: TIMEOUT }, async () => {
  const { context, page, log } = await openPage(session, { viewport: VIEWPORT });
  try {
    await loadView(session, page);
    const raw = fs.readFileSync(new URL('./fixtures/firefox-recording.webm', import.meta.url)).toString('base64');
    const patched = await page.evaluate(async (data) => {
      const [{ withDuration, durationOf }, { webmFrameTimes }] = await Promise.all([import('/js/record/webm-duration.js'), import('/js/record/webm-frames.js')]);
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const out = withDuration(bytes, durationOf(webmFrameTimes(bytes), 15));
      let text = '';
      for (let i = 0; i < out.length; i += 0x8000) text += String.fromCharCode(...out.subarray(i, i + 0x8000));
      return btoa(text);
    }, raw);
    const before = await inspectVideo(context, raw);
    const after = await inspectVideo(context, patched);
    if (!IS_FIREFOX) assert.equal(before.durationAtLoad, Infinity, 'Chromium reads the file as it was recorded as of unknown duration');
    assert.ok(after.durationAtLoad > 1.8 && after.durationAtLoad < 2.3, `the patched file says ~2 s when it loads (${after.durationAtLoad} s; before: ${before.durationAtLoad})`);
    assert.ok(after.differ > 50 && after.headerInk > 300, 'the patched file still plays its frames');
    await assertClean(page, log, session.origin);
  } finally {
    await context.close();
  }
});
