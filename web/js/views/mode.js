// One mode up close, for teaching: the two weights a₁, a₂ of one mode of a λ-balanced network move
// on the hyperbola a₂² − a₁² = λ until a = a₁a₂ reaches the task's s; the phase line ȧ(a); a(t)
// against its logistic (λ = 0) and exponential (|λ| large) limits; and why λ and −λ give the same a(t).
// What is computed is in experiments/mode.js (the engine runs a 1–1–1 network); this module draws it.
import { setTrajectories, setTimeAxis, summarize } from '../charts/trajectory-chart.js';
import { refresh } from '../charts/setup.js';
import { keepEqualUnits } from '../charts/equal-units.js';
import { curveColor } from '../charts/palette.js';
import { formatNumber } from '../charts/ticks.js';
import { createSlider } from '../ui/fields.js';
import { createTimeAxisField } from '../ui/time-axis.js';
import { el } from '../ui/dom.js';
import { LAMBDA_SLIDER } from '../state/schema.js';
import { timeAxisOf } from '../state/times.js';
import {
  modeConfigs, modeKey, modeSeries, modeWeights, modeRate, logisticLimit, exponentialLimit, timeToFraction, largestGap, modeExport,
} from '../experiments/mode.js';
import { divergedCount } from '../experiments/results.js';
import { createViewFrame } from './frame.js';
/** @import { View } from './index.js' */
/** @import { ViewFrame } from './frame.js' */
/** @import { PageState } from '../state/schema.js' */
/** @import { ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { ChartDataset, Point } from 'chart.js' */
/** @typedef {NonNullable<ReturnType<typeof modeSeries>>} ModeSeries a(t), a₁(t), a₂(t) of one trajectory */
/** @typedef {(state: PageState, plus: ExperimentResult, minus: ExperimentResult) => void} DrawMode draws the mode at λ (plus) and −λ (minus) */

const INTRO = [
  'A task with one singular value s, and one mode of the network that learns it: the input-side weight a₁ and the output-side weight a₂, whose product a = a₁a₂ is what the network computes. ' +
  'The gradient flow keeps λ = a₂² − a₁², so the two weights move along a hyperbola until a reaches s.',
  'At λ = 0 both weights start small and grow together: a plateau, then a sudden, logistic rise (rich). For |λ| much larger than a, one weight is large and hardly moves, ' +
  'the other does all the learning and a approaches s exponentially, at the rate |λ| (lazy). Drag s, λ and a(0) to move between the two.',
];
const FORMULAS = [String.raw`\dot a = \sqrt{\lambda^2 + 4a^2}\,(s - a),\qquad a_2^2 - a_1^2 = \lambda,\qquad a = a_1 a_2`];
const GREY = '#7a7a7a';

/** @param {string} label @param {Point[]} data @param {string} color @param {Partial<ChartDataset<'line'>>} [extra] @returns {ChartDataset<'line'>} */
const line = (label, data, color, extra = {}) => ({ label, data, borderColor: color, backgroundColor: color, borderWidth: 1.6, pointRadius: 0, ...extra });

// The (a₁, a₂) plane: the conserved hyperbola, the learned states a₁a₂ = s, the trajectory (exact
// dotted, gradient descent solid) and the same mode at −λ, mirrored across the diagonal.
/** @param {ViewFrame} frame @returns {DrawMode} */
function createPlaneCard(frame) {
  const { chart } = frame.addChartCard({ id: 'mode-plane', title: 'The two weights of the mode',
    caption: 'Each point is a state (a₁, a₂). Grey: the hyperbola a₂² − a₁² = λ that the flow keeps, and the learned states a₁a₂ = s. ' +
      'Coloured: the trajectory (gradient descent solid, exact dotted); pale: the same mode at −λ, which is the mirror image (a₁ ↔ a₂).' },
  { name: 'plane', label: 'The mode in the (a₁, a₂) plane', xTitle: 'a₁ (input-side weight)', yTitle: 'a₂ (output-side weight)', xName: 'a₁' });
  chart.options.interaction = { mode: 'nearest', intersect: false };
  // Equal units on a square chart: the hyperbola and the diagonals a₂ = ±a₁ keep their shape.
  keepEqualUnits(chart);
  chart.canvas.closest('.chart')?.classList.add('chart-plane');
  return (state, plus, minus) => {
    const reach = 1.4 * Math.max(Math.sqrt(Math.hypot(state.lambda, 2 * state.s)), Math.sqrt(Math.hypot(state.lambda, 2 * state.a0)), 0.5);
    // The conserved hyperbola a₂² − a₁² = λ (two branches) and its mirror image at −λ, and the
    // learned states a₁a₂ = s (two branches: the weights may both be negative), over the plane shown.
    const steps = Array.from({ length: 241 }, (_, k) => -reach + (2 * reach * k) / 240);
    /** @param {number} lambda */
    const conserved = (lambda) => (lambda >= 0
      ? [1, -1].map((sign) => steps.map((x) => ({ x, y: sign * Math.sqrt(x * x + lambda) })))
      : [1, -1].map((sign) => steps.map((y) => ({ x: sign * Math.sqrt(y * y - lambda), y }))))
      .map((curve) => curve.filter((p) => Math.abs(p.x) <= reach && Math.abs(p.y) <= reach));
    const learned = [1, -1].map((sign) => steps.filter((x) => sign * x > 0 && Math.abs(state.s / x) <= reach).map((x) => ({ x, y: state.s / x })));
    /** @param {ModeSeries | null} m */
    const points = (m) => (m ? m.a1.map((x, i) => ({ x, y: m.a2[i] })) : []);
    const exact = modeSeries(plus, 'exact'), simulated = modeSeries(plus, 'simulation'), mirrored = modeSeries(minus, 'exact');
    const color = curveColor(0);
    const [kept, keptOther] = conserved(state.lambda), [mirror, mirrorOther] = conserved(-state.lambda);
    chart.data.datasets = [
      line('a₂² − a₁² = λ (kept by the flow)', kept, GREY, { borderWidth: 1 }),
      line('', keptOther, GREY, { borderWidth: 1, exact: true }),
      line('a₂² − a₁² = −λ', mirror, curveColor(2), { borderWidth: 0.8 }),
      line('', mirrorOther, curveColor(2), { borderWidth: 0.8, exact: true }),
      line('a₁a₂ = s (learned)', learned[0], GREY, { borderWidth: 1, borderDash: [6, 4] }),
      line('', learned[1], GREY, { borderWidth: 1, borderDash: [6, 4], exact: true }),
      line(`trajectory at λ = ${formatNumber(state.lambda)}`, points(simulated), color, { borderWidth: 3 }),
      line(`exact at λ = ${formatNumber(state.lambda)}`, points(exact), '#000000', { borderWidth: 1.2, borderDash: [3, 3], exact: true }),
      line(`exact at λ = ${formatNumber(-state.lambda)} (mirror image)`, points(mirrored), curveColor(2), { borderWidth: 1.5, borderDash: [2, 2] }),
      line('start', points(exact).slice(0, 1), color, { showLine: false, pointRadius: 5, pointStyle: 'circle' }),
    ];
    chart.options.scales.x.min = -reach;
    chart.options.scales.x.max = reach;
    chart.options.scales.y.min = -reach;
    chart.options.scales.y.max = reach;
    summarize(chart);
    refresh(chart);
  };
}

// The phase line ȧ(a) at this λ, with λ = 0 for comparison: where ȧ is small the mode lingers.
/** @param {ViewFrame} frame @returns {(state: PageState) => void} */
function createPhaseLineCard(frame) {
  const { chart } = frame.addChartCard({ id: 'mode-phase-line', title: 'The phase line',
    caption: 'How fast the mode grows at each strength a: ȧ = √(λ² + 4a²)(s − a). The mode moves to the right while ȧ > 0 and stops at a = s. ' +
      'At λ = 0 (grey), ȧ vanishes at a = 0 too: from small weights the mode starts slowly (the plateau); a large |λ| lifts the curve near 0, so learning starts at once.' },
  { name: 'phase-line', label: 'Growth rate ȧ against a', xTitle: 'mode strength a', yTitle: 'ȧ', xName: 'a' });
  return (state) => {
    const lo = Math.min(0, state.a0) - 0.1 * state.s, hi = Math.max(state.s, state.a0) + 0.2 * state.s;
    /** @param {number} lambda */
    const curve = (lambda) => Array.from({ length: 241 }, (_, k) => {
      const a = lo + ((hi - lo) * k) / 240;
      return { x: a, y: modeRate(a, state.s, lambda) };
    });
    // At λ = 0 the comparison curve is this one: one entry, named so.
    chart.data.datasets = [
      line(`λ = ${formatNumber(state.lambda)}`, curve(state.lambda), curveColor(0), { borderWidth: 2.4 }),
      ...(state.lambda === 0 ? [] : [line('λ = 0 (for comparison)', curve(0), GREY, { borderWidth: 1 })]),
      line('a(0)', [{ x: state.a0, y: modeRate(state.a0, state.s, state.lambda) }], curveColor(0), { showLine: false, pointRadius: 5 }),
      line('a = s (learned)', [{ x: state.s, y: 0 }], '#000000', { showLine: false, pointRadius: 5, pointStyle: 'crossRot' }),
    ];
    summarize(chart);
    refresh(chart);
  };
}

// a(t)/s over training, against the two limits; and the statement about ±λ, measured.
/** @param {ViewFrame} frame @returns {DrawMode} */
function createTimeCard(frame) {
  const { card, chart } = frame.addChartCard({ id: 'mode-time', title: 'Learning over time',
    caption: 'The mode’s strength over training as a fraction of s: gradient descent solid, exact dotted, and the same mode at −λ. Grey: the two limits, ' +
      'logistic s / (1 + (s/a(0) − 1)e^{−2st}) (exact at λ = 0) and exponential s − (s − a(0))e^{−|λ|t} (|λ| much larger than a).' },
  { name: 'strength', label: 'a(t) / s over training', yTitle: 'a / s' });
  const note = el('p', { class: 'mode-note', id: 'mode-note', 'aria-live': 'polite' });
  card.body.append(note);
  return (state, plus, minus) => {
    const s = state.s;
    /** @param {ModeSeries | null} m */
    const scaled = (m) => m && m.a.map((v) => v / s);
    const exact = modeSeries(plus, 'exact'), simulated = modeSeries(plus, 'simulation'), mirrored = modeSeries(minus, 'exact');
    const times = Array.from(plus.times);
    setTimeAxis(chart, timeAxisOf(state));
    setTrajectories(chart, times, [
      { label: `λ = ${formatNumber(state.lambda)}`, color: curveColor(0), simulation: scaled(simulated), exact: scaled(exact) },
      { label: `λ = ${formatNumber(-state.lambda)} (exact)`, color: curveColor(2), simulation: scaled(mirrored), exact: null },
    ], { divergedAt: plus.simulation?.diverged?.time ?? NaN });
    /** @param {string} label @param {(t: number) => number} f @param {number[]} dash */
    const reference = (label, f, dash) => line(label, times.map((t) => ({ x: t, y: f(t) / s })).filter((p) => !(timeAxisOf(state) === 'log' && p.x <= 0)),
      GREY, { borderWidth: 1, borderDash: dash });
    if (state.a0 > 0 && state.a0 < s) chart.data.datasets.push(reference('logistic limit (λ = 0)', (t) => logisticLimit(t, s, state.a0), [8, 3]));
    if (state.lambda !== 0) chart.data.datasets.push(reference('exponential limit (|λ| ≫ a)', (t) => exponentialLimit(t, s, state.a0, state.lambda), [1, 3]));
    summarize(chart);
    refresh(chart);
    // The measured gap between λ and −λ, and when the mode is half learned (closed form).
    const gap = exact && mirrored ? largestGap(exact.a, mirrored.a, s) : NaN;
    const half = timeToFraction(s, state.lambda, state.a0, 0.5);
    note.textContent = (state.lambda === 0 ? 'At λ = 0 the two weights are equal (a₁ = a₂): the mirror image is the trajectory itself. '
      : `λ = ${formatNumber(state.lambda)} and λ = ${formatNumber(-state.lambda)} give the same a(t): the exact curves ${gap === 0 ? 'are identical to the last bit' : `differ by at most ${formatNumber(gap)} of s (rounding)`}. ` +
        'Flipping λ swaps a₁ and a₂ (the mirror image in the plane above), and a = a₁a₂ does not change; only the two representations, a₁² and a₂², tell λ from −λ. ' +
        'In a square network of any size the same holds mode by mode, so the network function depends on λ only through λ². ') +
      (Number.isFinite(half) ? `Half learned at t = ${formatNumber(half)} (closed form, ∫ da / (√(λ² + 4a²)(s − a))).` : 'From here the mode never reaches half of s (it sits at the saddle a = 0).');
  };
}

/** @type {View} */
export default {
  id: 'mode',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'mode', intro: INTRO, formulas: FORMULAS, context });
    const fields = frame.numberFields({ s: 's (the task’s singular value)', lambda: 'λ', a0: 'a(0)' });
    const lambdaSlider = createSlider({ id: 'mode-lambda-slider', label: 'λ — relative scale (slider)', ...LAMBDA_SLIDER,
      onValue: (value, options) => context.onChange({ lambda: value }, options) });
    frame.addControls([lambdaSlider, fields.lambda, fields.s, fields.a0], 'The learning rate and the training time are in the settings panel.');
    const timeAxis = createTimeAxisField(frame.toolbar, { prefix: 'mode-', onValue: (axis) => context.onChange({ timeAxis: axis }, { commit: true }) });
    const drawPlane = createPlaneCard(frame);
    const drawPhaseLine = createPhaseLineCard(frame);
    const drawTime = createTimeCard(frame);
    /** @type {{ state: PageState, results: ExperimentResult[] } | null} */
    let data = null; // what is drawn

    return {
      frame,
      hide: () => frame.hide(),
      exportData: () => data && modeExport(data.state, data.results),
      async show(state) {
        for (const key of /** @type {const} */ (['s', 'lambda', 'a0'])) fields[key].setValue(state[key]);
        lambdaSlider.setValue(state.lambda);
        timeAxis.sync(timeAxisOf(state), state.timeAxis);
        const key = modeKey(state);
        if (frame.isCurrent(key)) return;
        await frame.runConfigs(modeConfigs(state), {
          key,
          failure: 'The mode could not be computed',
          counter: 'modeRendered',
          onDone(results, seconds) {
            data = { state, results };
            const [plus, minus] = results;
            drawPlane(state, plus, minus);
            drawPhaseLine(state);
            drawTime(state, plus, minus);
            frame.notices.clearPrefix('mode:');
            if (divergedCount(results)) frame.notices.show('mode:diverged', 'Gradient descent diverged: lower the learning rate η (the exact curves are unaffected).', { asksToChange: true });
            return `Computed in ${Math.round(seconds * 1000)} ms (λ and −λ).`;
          },
        });
      },
    };
  },
};
