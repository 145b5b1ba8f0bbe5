// "Record a video": which animation, frame rate, duration and size; Record, then a progress bar with
// Cancel while the page plays the animation, then a preview of the video and a Download button.
// One dialog for the page (createRecordDialog() returns the same one every time).
import { el, download, slug } from '../ui/dom.js';
import { recordAnimation, videoType } from './recorder.js';
import { contentBox, frameSize } from './frame-layout.js';
import { styleKey } from './source.js';
import { webmFrameTimes } from './webm-frames.js';
/** @import { Source } from './source.js' */

/**
 * What a video can play: the time cursor, a λ sweep (advance(fraction) draws the frame at that
 * fraction of the animation; restore puts the page back).
 * @typedef {{ id: string, label: string, advance: (fraction: number) => Promise<void>, restore?: () => Promise<void> | void }} Animation
 */
/**
 * What open() is given: the title, the lines printed under it (or a function giving them at each
 * frame), the drawings to record, the animations, the file name (default: from the title) and the
 * size to offer first ('fixed:1280:720' or 'own:1920'; default: the last one chosen).
 * @typedef {{ title: string, lines?: string[] | (() => string[]), source: Source, animations: Animation[], fileName?: string, size?: string }} RecordRequest
 */

// Every file of the app starts with the app's name, once.
/** @param {string} name */
const withPrefix = (name) => (name.startsWith('lazy-to-rich') ? name : `lazy-to-rich_${name}`);

const RATES = [15, 24, 30];
const FIXED = [[640, 360], [1280, 720], [1920, 1080]];
const OWN_WIDTHS = [960, 1280, 1920];
const SECONDS = { min: 2, max: 30, initial: 8 };

/** @type {ReturnType<typeof build> | null} */
let instance = null;

export function createRecordDialog() {
  instance ??= build();
  return instance;
}

/** @param {number} bytes */
const megabytes = (bytes) => `${(bytes / 1048576).toFixed(bytes < 1048576 ? 2 : 1)} MB`;

function build() {
  const subject = el('p', { class: 'record-subject' });
  const animationList = el('div', { class: 'record-animations' });
  const rate = el('select', { id: 'record-fps' }, RATES.map((fps) => el('option', { value: fps, text: `${fps} frames per second`, selected: fps === 24 })));
  const seconds = el('input', { type: 'number', id: 'record-seconds', min: SECONDS.min, max: SECONDS.max, step: 1, value: SECONDS.initial, inputmode: 'numeric' });
  const size = el('select', { id: 'record-size' });
  const settings = el('fieldset', { class: 'record-settings' }, el('legend', { text: 'What to record' }), animationList,
    el('label', {}, 'Frame rate ', rate), el('label', {}, 'Duration (2–30 s) ', seconds), el('label', {}, 'Size ', size));
  const hint = el('p', { class: 'field-hint', text: 'The page plays the animation while it records, frame by frame: keep this tab in front. ' +
    'Frames the engine is slow to compute take longer to record, never longer in the video. The video is WebM, with the title and the settings above the charts.' });
  const bar = el('progress', { id: 'record-progress', max: 1, value: 0, 'aria-label': 'Recording progress' });
  const barLabel = el('span', { class: 'progress-label' });
  const cancel = el('button', { type: 'button', id: 'record-cancel', text: 'Cancel' });
  const progress = el('div', { class: 'progress record-progress', hidden: true }, bar, barLabel, cancel);
  const status = el('p', { id: 'record-status', class: 'record-status', role: 'status' });
  const video = el('video', { id: 'record-video', controls: true, loop: true, muted: true, playsinline: true });
  const info = el('p', { class: 'field-hint record-info' });
  const result = el('div', { class: 'record-result', hidden: true }, video, info);
  const record = el('button', { type: 'button', id: 'record-start', text: 'Record' });
  const save = el('button', { type: 'button', id: 'record-download', text: 'Download', hidden: true });
  const close = el('button', { type: 'button', id: 'record-close', text: 'Close' });
  const dialog = el('dialog', { id: 'record-dialog', class: 'record-dialog', 'aria-labelledby': 'record-title' },
    el('h2', { id: 'record-title', text: 'Record a video' }), subject, settings, hint, progress, status, result,
    el('div', { class: 'dialog-buttons' }, record, save, close));
  document.body.append(dialog);

  /** @type {{ title: string, source: Source, animations: Animation[], lines: string[] | (() => string[]), fileName: string } | null} */
  let request = null; // what open() was given
  /** @type {AbortController | null} */
  let controller = null; // the recording under way
  /** @type {{ blob: Blob, url: string, name: string } | null} */
  let made = null;

  const discard = () => {
    if (!made) return;
    video.pause();
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(made.url);
    made = null;
    result.hidden = true;
    save.hidden = true;
  };
  /** @param {boolean} busy */
  const setBusy = (busy) => {
    settings.disabled = busy;
    record.disabled = busy || !videoType() || !request?.animations.length;
    progress.hidden = !busy;
  };
  const sizeChoice = () => {
    const [kind, a, b] = size.value.split(':');
    return kind === 'own' ? { width: Number(a) } : { width: Number(a), height: Number(b) };
  };

  // The size list, with the chart's own shape measured now (the source as it is on screen).
  /** @param {string[]} lines */
  const fillSizes = async (lines) => {
    const box = contentBox(await request.source());
    const keep = size.value || 'fixed:1280:720';
    size.replaceChildren(...FIXED.map(([w, h]) => el('option', { value: `fixed:${w}:${h}`, text: `${w} × ${h}` })),
      ...OWN_WIDTHS.map((w) => {
        const { height } = frameSize({ width: w, box, lines });
        return el('option', { value: `own:${w}`, text: `this chart’s shape, ${w} × ${height}` });
      }));
    size.value = keep;
  };

  record.addEventListener('click', async () => {
    if (!request || controller) return;
    const animation = request.animations.find((a) => a.id === /** @type {HTMLInputElement | null} */ (dialog.querySelector('input[name="record-animation"]:checked'))?.value) ?? request.animations[0];
    const duration = Math.min(SECONDS.max, Math.max(SECONDS.min, Math.round(Number(seconds.value) || SECONDS.initial)));
    seconds.value = String(duration);
    discard();
    controller = new AbortController();
    const current = controller;
    setBusy(true);
    bar.value = 0;
    barLabel.textContent = '';
    status.textContent = `Recording: ${animation.label}…`;
    try {
      const blob = await recordAnimation({ source: request.source, title: request.title, lines: request.lines, fps: Number(rate.value),
        seconds: duration, ...sizeChoice(), advance: animation.advance, signal: current.signal,
        onProgress(done, total) {
          bar.value = done / total;
          barLabel.textContent = `frame ${done} of ${total}`;
        } });
      if (current.signal.aborted) return;
      made = { blob, url: URL.createObjectURL(blob), name: `${request.fileName}.webm` };
      video.src = made.url;
      result.hidden = false;
      save.hidden = false;
      const fps = Number(rate.value), total = Math.max(2, Math.round(fps * duration));
      const kept = webmFrameTimes(new Uint8Array(await blob.arrayBuffer())).length;
      info.textContent = `${made.name}: ${megabytes(blob.size)}, ${duration} s at ${fps} frames per second.`;
      status.textContent = kept >= total * 0.95 || kept === 0 ? 'Recorded. Play it below, or download it.'
        : `Recorded, but the browser’s video encoder kept only ${kept} of ${total} frames (it could not keep up): ` +
          'a smaller size or a lower frame rate will play more smoothly.';
    } catch (error) {
      status.textContent = error?.name === 'AbortError' ? 'Cancelled: no video was made.' : `The video could not be recorded: ${error?.message ?? error}.`;
    } finally {
      try {
        await animation.restore?.();
      } finally {
        if (controller === current) controller = null;
        setBusy(false);
      }
    }
  });
  cancel.addEventListener('click', () => controller?.abort());
  save.addEventListener('click', () => { if (made) download(made.blob, made.name); });
  close.addEventListener('click', () => dialog.close());
  // Closing (also with Escape) cancels a recording under way and drops the video.
  dialog.addEventListener('close', () => {
    controller?.abort();
    discard();
  });

  return {
    element: dialog,
    /** @param {RecordRequest} options */
    async open({ title, lines = [], source, animations, fileName, size: preferred }) {
      if (dialog.open) return;
      discard();
      const key = styleKey(await source());
      const own = () => (typeof lines === 'function' ? lines() : lines);
      const all = () => [...own(), ...(key ? [key] : [])];
      request = { title, source, animations, lines: typeof lines === 'function' ? all : all(), fileName: withPrefix(slug(fileName ?? title)) };
      subject.textContent = title;
      animationList.replaceChildren(...animations.map((a, i) => el('label', { class: 'record-animation' },
        el('input', { type: 'radio', name: 'record-animation', value: a.id, checked: i === 0 }), ` ${a.label}`)));
      await fillSizes(all());
      if (preferred && [...size.options].some((option) => option.value === preferred)) size.value = preferred;
      status.textContent = videoType() ? '' : 'This browser cannot record a video of the page (it has no WebM MediaRecorder).';
      setBusy(false);
      dialog.showModal();
    },
  };
}
