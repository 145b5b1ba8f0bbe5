// What a reader must be told about one computed trajectory pair, in plain words: a simulation that
// diverged (and so ends early), an exact solution that does not exist, and gradient descent that
// visibly departs from the exact gradient flow because its step is not small. Pure: no DOM.
import { pageMessage } from '../engine/messages.js';
import { formatNumber } from '../charts/ticks.js';

// The largest rate of the flow: 2μ_max = sqrt(4 s_max² + λ²) (μ = sqrt(s² + λ²/4)), the fastest a
// mode's error decays near the end of training (the Gram matrices give μ + λ/2 and μ − λ/2). Gradient
// descent can settle where the flow ends only while η · 2μ_max < 2 (docs/theory.md §1).
/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @param {ExperimentResult} result */
export function largestRate(result) {
  const s = result.tasks?.[0]?.s?.[0] ?? 0;
  return Math.hypot(2 * s, result.lambda);
}

// The largest gap between the simulated and the exact loss over the times both reached, relative
// to the initial loss.
/** @param {ExperimentResult} result */
export function lossGap(result) {
  const sim = result.simulation?.loss, exact = result.exact?.loss;
  if (!sim || !exact || !exact.length) return 0;
  const scale = Math.max(Math.abs(exact[0]), 1e-300);
  let gap = 0;
  for (let i = 0; i < Math.min(sim.length, exact.length); i++) gap = Math.max(gap, Math.abs(sim[i] - exact[i]) / scale);
  return gap;
}

// The first recorded time by which the loss has made 99 % of its whole drop (the exact loss when there
// is one, else the simulation's), or null when it does not fall (already at its floor, or diverged).
/** @param {ExperimentResult} result @returns {number | null} */
export function learnedBy(result) {
  const loss = result.exact?.loss ?? (result.simulation?.diverged ? null : result.simulation?.loss);
  if (!loss || loss.length < 2) return null;
  const first = loss[0], last = loss[loss.length - 1];
  const drop = first - last;
  if (!(drop > 1e-9 * Math.max(Math.abs(first), 1e-300))) return null;
  for (let i = 0; i < loss.length; i++) if (first - loss[i] >= 0.99 * drop) return result.times[i];
  return null;
}

// A linear time axis on which all the learning happens in its first 2 % (about 6 of 301 points): there the loss's fall (and
// the plateau of a rich network before it) is squeezed into a few recorded points at the left edge,
// and the chart reads as if the network had learned at once.
const EARLY_FRACTION = 0.02;

// The engine's saddle message in the page's notation (W₂W₁, Σyx, λ).
/** @param {string} message */
export const saddleText = (message) => message.replace('W2 W1', 'W₂W₁').replace('Syx', 'Σyx').replace(/\blambda\b/g, 'λ');

// [{key, level, text, asksToChange?}] for the result of `config` (an engine configuration with learningRate).
/** @typedef {{ key: string, level: 'warning' | 'info', text: string, asksToChange?: boolean }} TrajectoryNote */
/** @param {ExperimentResult} result @param {ExperimentConfig} config @returns {TrajectoryNote[]} */
export function trajectoryNotes(result, config) {
  /** @type {TrajectoryNote[]} */
  const notes = [];
  const diverged = result.simulation?.diverged;
  if (diverged) {
    notes.push({ key: 'diverged', level: 'warning', asksToChange: true,
      text: `Gradient descent diverged at t = ${formatNumber(diverged.time)}: ${diverged.message.replace(/^gradient descent diverged at t = [^:]*: /, '')}. ` +
        'Its curves end there (red dashed line), the y axes are scaled to the exact curves (a triangle marks where the simulation leaves a chart) ' +
        'and the heatmaps show no simulated state after it; lower the learning rate η. The exact curves are unaffected.' });
  }
  if (result.exactUnavailable) notes.push({ key: 'exact', level: 'info', text: `No exact curve: ${pageMessage(result.exactUnavailable)}.` });
  for (const warning of result.exactWarnings ?? []) {
    if (warning.kind === 'saddle') {
      notes.push({ key: `saddle-${warning.phase}`, level: 'info', asksToChange: true,
        text: `A saddle: ${saddleText(warning.message)}. Another initialization seed (or λ ≠ 0) avoids it.` });
    }
  }
  // An explicit list of times has no `end`: its last recorded time then.
  const steps = Math.round((/** @type {{ end?: number }} */ (config.times).end ?? result.times[result.times.length - 1]) / config.learningRate);
  if (result.simulation && steps < 20) {
    notes.push({ key: 'steps', level: 'info', asksToChange: true,
      text: `Gradient descent takes only ${steps} step${steps === 1 ? '' : 's'} of η = ${config.learningRate} to reach T: its curve joins the states after whole steps, so it shows little of the dynamics. Lower η or lengthen T.` });
  }
  const end = /** @type {{ end?: number }} */ (config.times).end;
  const by = end === undefined ? null : learnedBy(result); // an evenly spaced (linear-axis) recording only
  if (by !== null && end > 0 && by <= EARLY_FRACTION * end) {
    const points = result.times.filter((time) => time <= by).length;
    notes.push({ key: 'early', level: 'info', asksToChange: true,
      text: `All the learning happens by t = ${formatNumber(by)} (99 % of the loss's fall), the first ${formatNumber(100 * by / end)} % of T = ${formatNumber(end)}: ` +
        `on this linear time axis it takes ${points} of the ${result.times.length} recorded points at the left edge, so the curves look as if learning were instant. ` +
        'Choose Time axis → log (times spaced from the first step) or a shorter T to see how it happens.' });
  }
  const step = config.learningRate * largestRate(result);
  const gap = lossGap(result);
  if (!diverged && result.exact && step >= 0.1 && gap >= 0.05) {
    notes.push({ key: 'step', level: 'info', asksToChange: true,
      text: `Gradient descent departs visibly from the exact gradient flow here: their losses differ by up to ${Math.round(100 * gap)} % of the initial loss, ` +
        `because each step moves the fastest mode by η × rate = ${formatNumber(step)}, which is not small. Lower the learning rate η to bring the two together.` });
  }
  return notes;
}
