// "Sweep λ": animates λ across the slider's admissible range and back, with the charts following
// (each frame asks the engine for the newest λ; frames it cannot keep up with are dropped).
import { el } from './dom.js';
import { LAMBDA_SLIDER } from '../state/schema.js';
import { lambdaRange, taskDims, isBalancedInit } from '../state/shape.js';
/** @import { PageState } from '../state/schema.js' */

const SECONDS_PER_PASS = 10;

// The λ a sweep runs over: ±lambdaMax, within the slider and what the shape admits ({lo, hi};
// hi > lo only when there is a range to sweep and the weights are λ-balanced).
/** @param {PageState} state @returns {{ lo: number, hi: number }} */
export function sweepRange(state) {
  const { ni, no } = taskDims(state);
  const range = lambdaRange(ni, state.nh, no);
  const lo = Math.max(LAMBDA_SLIDER.min, -state.lambdaMax, range.min), hi = Math.min(LAMBDA_SLIDER.max, state.lambdaMax, range.max);
  return isBalancedInit(state) ? { lo, hi } : { lo: 0, hi: 0 };
}

/** @param {HTMLElement} container @param {{ getState: () => PageState, onLambda: (lambda: number, options: { commit: boolean }) => void }} options */
export function createSweep(container, { getState, onLambda }) {
  const button = el('button', { type: 'button', id: 'sweep-button', class: 'sweep-button', 'aria-pressed': 'false', text: 'Sweep λ' });
  container.append(button);
  /** @type {number | null} */
  let frame = null;

  // commit: false when the view is being left (the view switch itself makes the history entry).
  const stop = ({ commit = true } = {}) => {
    if (frame === null) return;
    cancelAnimationFrame(frame);
    frame = null;
    button.textContent = 'Sweep λ';
    button.setAttribute('aria-pressed', 'false');
    if (commit) onLambda(getState().lambda, { commit: true });
  };

  button.addEventListener('click', () => {
    if (frame !== null) return stop();
    const state = getState();
    const { lo, hi } = sweepRange(state);
    if (!(hi > lo)) return;
    button.textContent = 'Stop sweep';
    button.setAttribute('aria-pressed', 'true');
    /** @type {number | null} */
    let started = null; // the first frame's timestamp: frame times can precede the click's
    const start = (Math.min(hi, Math.max(lo, state.lambda)) - lo) / (hi - lo);
    /** @param {number} now */
    const tick = (now) => {
      // A triangle wave from the current λ: up to the top, down to the bottom, and so on.
      started ??= now;
      const phase = (start + Math.max(0, now - started) / 1000 / SECONDS_PER_PASS) % 2;
      const fraction = phase <= 1 ? phase : 2 - phase;
      const lambda = Math.round((lo + fraction * (hi - lo)) / LAMBDA_SLIDER.step) * LAMBDA_SLIDER.step;
      if (lambda !== getState().lambda) onLambda(Number(lambda.toFixed(2)), { commit: false });
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
  });
  return { stop };
}
