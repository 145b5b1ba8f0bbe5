// The time cursor: a slider over the recorded time points with play / pause. Playing advances the
// cursor in real time (the whole run in about eight seconds) without recomputing anything.
import { el, setAttribute, setText } from './dom.js';
import { trackStickySettingsHeight } from './sticky-offset.js';

const PLAY_SECONDS = 8;

// prefix: '' for the explorer's time cursor (#time-cursor, #play), 'compare-' etc. for others.
/** @param {HTMLElement} container @param {{ onTime: (time: number, options: { commit: boolean }) => void, prefix?: string }} options */
export function createTimeline(container, { onTime, prefix = '' }) {
  trackStickySettingsHeight();
  const slider = el('input', { type: 'range', id: `${prefix}time-cursor`, min: 0, max: 1, step: 1, value: 0, 'aria-describedby': `${prefix}time-readout` });
  const play = el('button', { type: 'button', id: `${prefix}play`, class: 'play', 'aria-pressed': 'false', text: 'Play' });
  const readout = el('output', { id: `${prefix}time-readout`, for: `${prefix}time-cursor` });
  container.append(el('div', { class: 'timeline', role: 'group', 'aria-label': 'Time cursor' },
    play, el('label', { for: `${prefix}time-cursor`, class: 'visually-hidden', text: 'Time cursor' }), slider, readout));

  let times = [0];
  let logAxis = false; // the charts' time axis is logarithmic: t = 0 is not on it
  /** @type {number | null} */
  let frame = null;
  /** @param {number} index */
  const show = (index) => {
    const off = logAxis && !(times[index] > 0) ? ' (t = 0 is left of the log time axis)' : '';
    setText(readout, `t = ${times[index].toPrecision(4)} of ${times[times.length - 1]}${off}`);
    // A screen reader hears the time, not the index of the time point.
    setAttribute(slider, 'aria-valuetext', `t = ${Number(times[index].toPrecision(4))} of ${times[times.length - 1]}`);
  };
  const stop = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  };
  /** @param {number} index @param {boolean} commit */
  const setIndex = (index, commit) => {
    slider.value = String(index);
    show(index);
    // 6 significant digits are enough to find the time point again: no 5.866666666666666 in the URL.
    onTime(Number(times[index].toPrecision(6)), { commit });
  };

  slider.addEventListener('input', () => {
    stop();
    setIndex(Number(slider.value), false);
  });
  slider.addEventListener('change', () => setIndex(Number(slider.value), true));
  play.addEventListener('click', () => {
    if (frame !== null) {
      stop();
      setIndex(Number(slider.value), true);
      return;
    }
    let index = Number(slider.value);
    if (index >= times.length - 1) index = 0;
    const startIndex = index;
    /** @type {number | null} */
    let started = null; // the first frame's timestamp: frame times can precede the click's
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    /** @param {number} now */
    const step = (now) => {
      started ??= now;
      const elapsed = Math.max(0, now - started);
      const next = Math.min(times.length - 1, startIndex + Math.floor((elapsed / 1000 / PLAY_SECONDS) * (times.length - 1)));
      if (next !== Number(slider.value)) setIndex(next, false);
      if (next >= times.length - 1) {
        stop();
        setIndex(next, true);
      } else {
        frame = requestAnimationFrame(step);
      }
    };
    frame = requestAnimationFrame(step);
  });

  return {
    // New time points (after a recomputation); keeps the cursor at the time nearest to `time`.
    // The slider steps through the recorded times, so on a log axis (times spaced geometrically)
    // it moves evenly along the axis.
    /** @param {ArrayLike<number>} newTimes @param {number} time @param {{ log?: boolean }} [options] */
    setTimes(newTimes, time, { log = false } = {}) {
      times = Array.from(newTimes);
      logAxis = log;
      setAttribute(slider, 'max', String(times.length - 1));
      this.setTime(time);
    },
    /** @param {number} time @returns {number} the index of the time point shown */
    setTime(time) {
      let best = 0;
      for (let i = 1; i < times.length; i++) if (Math.abs(times[i] - time) < Math.abs(times[best] - time)) best = i;
      if (slider.value !== String(best)) slider.value = String(best);
      show(best);
      return best;
    },
    get index() {
      return Number(slider.value);
    },
    stop,
  };
}
