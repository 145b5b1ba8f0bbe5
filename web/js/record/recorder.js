// Videos of an animation (the time cursor playing, λ sweeping) for slides, made by the browser
// itself: every frame is drawn on a canvas that is not in the document — the title and the
// parameter lines above the recorded charts — and handed to a MediaRecorder through
// canvas.captureStream(0) and requestFrame(), so the video holds exactly the frames drawn.
//
// Timing. MediaRecorder stamps each frame with the wall clock, so frames are paced in real time:
// the recorder runs for 1/fps s after each frame is requested, and is paused in between, while
// advance() moves the animation and waits for the charts (a λ sweep waits for the engine). Paused
// time is left out of the video, so however slow a frame is to compute the video plays at the
// chosen rate and lasts about `seconds` (a timer that fires late is made up for by the next
// frames). The pauses also let the browser's (software) encoder catch up: Chromium drops frames
// it cannot encode in time, which record/webm-frames.js counts afterwards. Recording takes at
// least `seconds` of real time, more when frames are slow; a background tab throttles timers,
// which would stretch frames, so the tab should stay in front. Under a heavy load the pause and
// resume calls reach the encoder late, and a frame may then be shown for a frame's time more or
// less than it should (the total stays right).
import { Chart, flush } from '../charts/setup.js';
import { contentBox, createLayout, drawFrame, frameSize } from './frame-layout.js';
import { durationOf, withDuration } from './webm-duration.js';
import { webmFrameTimes } from './webm-frames.js';
/** @import { SourceItem } from './source.js' */
// requestFrame(): on the canvas capture's track (the standard, Chromium), on its stream (Firefox,
// an earlier draft); the DOM library types neither.
/** @typedef {MediaStreamTrack & { requestFrame?: () => void }} CaptureTrack */
/** @typedef {MediaStream & { requestFrame?: () => void }} CaptureStream */

const TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];
const MAX_CHART_RATIO = 4;

// The WebM type this browser records (VP9, else VP8), or null if it cannot record a canvas.
export function videoType() {
  if (typeof MediaRecorder === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') return null;
  return TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? null;
}

export const abortError = () => new DOMException('The recording was cancelled.', 'AbortError');

// About 0.1 bit per pixel and frame: charts are mostly flat colour, which VP8/VP9 compress well.
/** @param {number} width @param {number} height @param {number} fps */
const bitRate = (width, height, fps) => Math.round(Math.min(16e6, Math.max(1e6, 0.1 * width * height * fps)));

// Chart.js charts are drawn at the video's resolution while recording (as png.js does for PNGs),
// so that scaling them up does not blur them; returns what puts them back.
/** @param {SourceItem[]} items @param {number} ratio */
function sharpen(items, ratio) {
  const charts = items.map((item) => item.canvas && Chart.getChart(item.canvas)).filter((chart) => chart !== undefined);
  /** @type {Array<[Chart, number]>} */
  const saved = charts.map((chart) => [chart, chart.options.devicePixelRatio]);
  /** @param {Chart} chart @param {number} value */
  const apply = (chart, value) => {
    chart.options.devicePixelRatio = value;
    chart.resize();
    chart.update('none');
  };
  const target = Math.min(MAX_CHART_RATIO, Math.max(window.devicePixelRatio || 1, ratio));
  for (const chart of charts) apply(chart, target);
  return () => {
    for (const [chart, value] of saved) if (chart.canvas) apply(chart, value);
  };
}

// The source's items with every chart among them up to date (charts off screen are otherwise
// drawn only when they scroll into view).
/** @param {() => Promise<SourceItem[]> | SourceItem[]} source */
async function currentItems(source) {
  const items = await source();
  for (const item of items) {
    const chart = item.canvas && Chart.getChart(item.canvas);
    if (chart) flush(chart);
  }
  return items;
}

// Records fps × seconds frames. source(): the rectangles to draw, [{canvas | image | text, x, y,
// width, height, fontSize?, color?}] in CSS px relative to the recorded area (record/source.js
// makes them from an element); read at every frame. lines: strings, or a function returning them
// at each frame (e.g. "λ = 1.25" while λ sweeps; it should keep its length: the header's height
// is set by the first frame). width, height: the video's size (height omitted: the content's own
// shape). advance(fraction): moves the animation to fraction ∈ [0, 1] and resolves once the
// charts are drawn. signal: an AbortSignal (Cancel) — the promise then rejects with an AbortError.
// onProgress(done, total) after each frame. Resolves with the video as a Blob.
/**
 * @param {{ source: () => Promise<SourceItem[]> | SourceItem[], title?: string, lines?: string[] | (() => string[]), fps?: number, seconds?: number,
 *   width?: number, height?: number, advance: (fraction: number) => Promise<void>, signal?: AbortSignal,
 *   onProgress?: (done: number, total: number) => void, mimeType?: string }} options
 * @returns {Promise<Blob>}
 */
export async function recordAnimation({ source, title = '', lines = [], fps = 24, seconds = 5, width = 1280, height, advance, signal, onProgress, mimeType = videoType() }) {
  if (!mimeType) throw new Error('this browser cannot record a WebM video of a canvas (MediaRecorder with VP8 or VP9)');
  if (signal?.aborted) throw abortError();
  const linesNow = () => (typeof lines === 'function' ? lines() : lines);
  const total = Math.max(2, Math.round(fps * seconds));

  // Stops everything at Cancel or a recorder error: every wait below races with this.
  /** @type {(error: unknown) => void} */
  let fail;
  const failed = new Promise((_resolve, reject) => { fail = reject; });
  failed.catch(() => {});
  const onAbort = () => fail(abortError());
  signal?.addEventListener('abort', onAbort, { once: true });
  /** @template T @param {Promise<T>} promise @returns {Promise<T>} */
  const race = (promise) => Promise.race([promise, failed]);
  /** @param {number} ms */
  const sleep = (ms) => race(new Promise((resolve) => setTimeout(resolve, ms)));

  /** @type {MediaRecorder | null} */
  let recorder = null;
  /** @type {CaptureStream | null} */
  let stream = null;
  let unsharpen = () => {};
  try {
    await race(advance(0));
    let items = await race(currentItems(source));
    const box = contentBox(items);
    const size = frameSize({ width, height, box, lines: linesNow() });
    const layout = createLayout({ ...size, box, lines: linesNow() });
    unsharpen = sharpen(items, layout.scale);

    const canvas = document.createElement('canvas');
    Object.assign(canvas, size);
    const context = canvas.getContext('2d');
    stream = canvas.captureStream(0);
    const [track] = /** @type {CaptureTrack[]} */ (stream.getVideoTracks());
    // The standard puts requestFrame() on the track (Chromium); Firefox has it on the stream
    // (CanvasCaptureMediaStream), as an earlier draft did.
    const requestFrame = typeof track?.requestFrame === 'function' ? () => track.requestFrame()
      : typeof stream.requestFrame === 'function' ? () => stream.requestFrame() : null;
    if (!requestFrame) throw new Error('this browser cannot send single frames of a canvas to a recorder');
    // When a frame is handed over. Chromium drops a frame that reaches a paused recorder: the
    // recorder is resumed, then the frame requested. Firefox (its requestFrame on the stream) keeps
    // the latest frame while paused and, when resumed, writes the frame it holds: resumed first, it
    // would write the previous frame again for the few ms until the new one is captured (a stale
    // frame in the video, and one frame too many). There the frame is requested while paused, and
    // the recorder resumed once the canvas has been captured (two animation frames later).
    const captureWhilePaused = typeof track?.requestFrame !== 'function';
    const nextAnimationFrame = () => race(new Promise((resolve) => requestAnimationFrame(resolve)));
    recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: bitRate(size.width, size.height, fps) });
    /** @type {Blob[]} */
    const chunks = [];
    recorder.addEventListener('dataavailable', (event) => { if (event.data.size) chunks.push(event.data); });
    recorder.addEventListener('error', (event) => fail(event.error ?? new Error('the video encoder failed')));
    const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve, { once: true }));
    recorder.start();
    recorder.pause();

    // The time the recorder has run: a frame whose timer fired late is made up for by the next
    // ones, so that the video lasts fps × seconds frames' worth.
    let running = 0;
    const period = 1000 / fps;
    for (let i = 0; i < total; i++) {
      if (i > 0) {
        await race(advance(i / (total - 1)));
        items = await race(currentItems(source));
      }
      drawFrame(context, layout, { title, lines: linesNow(), items });
      if (captureWhilePaused) {
        requestFrame();
        await nextAnimationFrame();
        await nextAnimationFrame();
      }
      const resumed = performance.now();
      recorder.resume();
      if (!captureWhilePaused) requestFrame();
      await sleep(Math.max(period / 4, (i + 1) * period - running));
      if (i < total - 1) {
        // Paused once the recorder says so: Firefox applies pause() only when the page's thread
        // is free, so the next frame's drawing would otherwise run on the video's clock (every
        // frame longer by the time the charts take to draw, a video a quarter too long).
        const paused = new Promise((resolve) => recorder?.addEventListener('pause', resolve, { once: true }));
        recorder.pause();
        await race(paused);
      }
      running += performance.now() - resumed;
      onProgress?.(i + 1, total);
    }
    recorder.stop();
    await race(stopped);
    // The duration written into the file: MediaRecorder leaves it out (players show Infinity).
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    return new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (withDuration(bytes, durationOf(webmFrameTimes(bytes), fps)))], { type: recorder.mimeType || mimeType });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (recorder && recorder.state !== 'inactive') recorder.stop();
    for (const track of stream?.getTracks() ?? []) track.stop();
    unsharpen();
  }
}
