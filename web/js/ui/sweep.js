// "Sweep λ": animates λ across the slider's admissible range and back, with the charts following
// (each frame asks the engine for the newest λ; frames it cannot keep up with are dropped). The λ
// is the user's: Stop puts theirs back, and offers to keep the one the sweep stopped at instead.
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
  const back = el('span', { class: 'sweep-back', id: 'sweep-back', role: 'status' });
  const keep = el('button', { type: 'button', id: 'sweep-keep', class: 'sweep-keep', hidden: true });
  container.append(button, back, keep);
  /** @type {number | null} */
  let frame = null;
  let userLambda = 0; // λ when the sweep started
  let reached = 0; // λ when it stopped
  const withdraw = () => {
    back.textContent = '';
    keep.hidden = true;
  };

  // commit: false when the view is being left (mid-render): λ goes back once that is done, with no offer.
  // The animation ends and the button says so; λ is left where it is.
  const halt = () => {
    cancelAnimationFrame(frame);
    frame = null;
    button.textContent = 'Sweep λ';
    button.setAttribute('aria-pressed', 'false');
  };
  const stop = ({ commit = true } = {}) => {
    if (frame === null) return;
    halt();
    reached = getState().lambda;
    if (reached === userLambda) return;
    // Back to the link the sweep started from (no history entry of its own).
    if (!commit) return queueMicrotask(() => onLambda(userLambda, { commit: false }));
    onLambda(userLambda, { commit: false });
    back.textContent = `Sweep stopped at λ = ${reached}; λ is back to your ${userLambda}.`;
    keep.textContent = `Keep λ = ${reached}`;
    keep.hidden = false;
  };
  keep.addEventListener('click', () => {
    withdraw();
    onLambda(reached, { commit: true });
  });
  // Any other edit makes the offer moot.
  document.addEventListener('change', (event) => { if (event.target !== keep) withdraw(); }, true);
  // The user takes λ over from a running sweep (the settings' λ controls, ids of ui/controls.js),
  // which would otherwise overwrite their λ at its next frame, and Stop then put back the λ from
  // before the sweep: moving the slider ends the sweep at the λ they moved to; going to type a λ
  // stops it as Stop does (that λ back, the offer to keep the sweep's), and the field is theirs.
  document.addEventListener('input', (event) => {
    if (frame !== null && /** @type {Element} */ (event.target).id === 'lambda-slider') {
      halt();
      withdraw();
    }
  }, true);
  document.addEventListener('focusin', (event) => { if (/** @type {Element} */ (event.target).id === 'lambda-number') stop(); });

  button.addEventListener('click', () => {
    if (frame !== null) return stop();
    withdraw();
    const state = getState();
    const { lo, hi } = sweepRange(state);
    if (!(hi > lo)) return;
    userLambda = state.lambda;
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
  return {
    stop,
    // The view is being left: the sweep stops without writing anything and returns the λ it had
    // replaced ({} when it was not running or λ is the user's), for the view change to carry.
    /** @returns {{ lambda?: number }} */
    handBack() {
      if (frame === null) return {};
      halt();
      return getState().lambda === userLambda ? {} : { lambda: userLambda };
    },
    // Nothing to sweep (one admissible λ, or weights that are not λ-balanced): the button is
    // disabled and the reason is said beside it, instead of a click that silently does nothing.
    /** @param {PageState} state */
    sync(state) {
      if (frame !== null) return;
      const { lo, hi } = sweepRange(state);
      const nothing = !(hi > lo);
      button.disabled = nothing;
      const reason = !nothing ? '' : isBalancedInit(state) ? 'Nothing to sweep: only λ = 0 is admissible for this shape.'
        : 'Nothing to sweep: these weights are not λ-balanced, so λ is read off them.';
      if (reason) {
        keep.hidden = true;
        back.textContent = reason;
      } else if (back.dataset.reason === 'true') back.textContent = '';
      back.dataset.reason = String(Boolean(reason));
    },
  };
}
