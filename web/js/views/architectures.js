// Funnel, square and inverted-funnel networks (the paper's Figure 5): how far the Neural Tangent
// Kernel moves from initialization, at the end of training as a function of λ and over training
// for chosen λ. The shape decides which sign of λ makes a network lazy.
// What is computed is in experiments/architectures.js; this module draws it.
import { summarize, createTrajectoryChart, setTrajectories } from '../charts/trajectory-chart.js';
import { refresh } from '../charts/setup.js';
import { shareYRange } from '../charts/shared-range.js';
import { curveColor } from '../charts/palette.js';
import { schematic } from '../charts/schematic.js';
import { createLambdaListField } from '../ui/lambda-list.js';
import { el, clear } from '../ui/dom.js';
import { keepTypedText } from '../ui/typed-text.js';
import {
  SHAPE_NAMES, architecturesPlan, architecturesKey, perShape, sweepSummary, convergenceNote, parseShape, architecturesExport, CONVERGED_GAP,
} from '../experiments/architectures.js';
import { divergedCount } from '../experiments/results.js';
import { timesToConverge } from '../experiments/convergence-time.js';
import { createViewFrame } from './frame.js';
/** @import { View } from './index.js' */
/** @import { ViewFrame } from './frame.js' */
/** @import { Shape } from '../state/schema.js' */
/** @import { ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @typedef {ReturnType<typeof architecturesPlan>} ArchitecturesPlan */
/** @typedef {ReturnType<typeof import('../experiments/architectures.js').exactSweepPoints>[number]} SweepPoint */
/** @import { TrajectoryChart } from '../charts/trajectory-chart.js' */
/** @typedef {Awaited<ReturnType<typeof timesToConverge>>} ConvergenceTimes */

const INTRO = [
  'The same λ can make one network lazy and another rich. In a funnel network (wide input, Ni > Nh) the first layer cannot be a multiple of the identity ' +
  'on all of its inputs, so a large negative λ does not freeze the kernel; in an inverted funnel (wide output, No > Nh) the same holds for large positive λ. ' +
  'A square network is lazy for large |λ| of either sign.',
  'The kernel distance measures how far the Neural Tangent Kernel has moved from its value at initialization: 0 means it never changed (lazy), values near 1 mean it was rebuilt (rich).',
];
const FORMULAS = [String.raw`K = I_{N_o} \otimes X^\top W_1^\top W_1 X + W_2W_2^\top \otimes X^\top X,\qquad
        S(t) = 1 - \frac{\langle K_0, K_t\rangle_F}{\|K_0\|_F\,\|K_t\|_F}`];

// One text field per shape ("6-3-3"); a valid edit replaces that shape. Returns sync(shapes).
/** @param {HTMLElement} controls @param {(shapes: Shape[]) => void} onShapes @returns {(shapes: Shape[]) => void} */
function createShapeInputs(controls, onShapes) {
  /** @type {Shape[]} */
  let current = [];
  const fields = SHAPE_NAMES.map((name, i) => {
    const id = `architecture-shape-${i}`;
    const input = el('input', { id, type: 'text', inputmode: 'numeric', 'aria-describedby': `${id}-message`, size: 9 });
    const message = el('span', { id: `${id}-message`, class: 'field-message', 'aria-live': 'polite' });
    controls.append(el('div', { class: 'field' }, el('label', { for: id, text: `${name} Ni-Nh-No` }), input, message));
    const text = keepTypedText(input, () => {
      message.textContent = '';
      input.setAttribute('aria-invalid', 'false');
    });
    input.addEventListener('change', () => {
      const { widths, error = '' } = parseShape(input.value);
      message.textContent = error;
      input.setAttribute('aria-invalid', String(Boolean(error)));
      if (error) return;
      text.applied();
      onShapes(current.map((s, k) => (k === i ? /** @type {Shape} */ (widths) : s)));
    });
    return text;
  });
  return (shapes) => {
    current = shapes;
    fields.forEach((text, i) => text.show(shapes[i].join('-')));
  };
}

// The kernel distance over training, one chart per shape with its schematic; returns draw(plan, results).
/** @param {ViewFrame} frame @returns {(plan: ArchitecturesPlan, results: ExperimentResult[]) => void} */
function createTimeCard(frame) {
  const card = frame.addCard({ id: 'architectures-time', title: 'Kernel distance over training',
    caption: 'The kernel distance over training time for each compared λ, one chart per architecture, all on one y axis; simulation solid, exact dotted.' });
  const grid = el('div', { class: 'architecture-grid' });
  card.body.append(grid);
  /** @type {TrajectoryChart[]} */
  let charts = [];
  return ({ shapes, lambdasPerShape }, results) => {
    for (const chart of charts) chart.destroy();
    charts = [];
    clear(grid);
    const resultsPerShape = perShape(results, lambdasPerShape.map((l) => l.length));
    shapes.forEach((shape, s) => {
      const column = el('div', { class: 'architecture-column' }, el('h3', { text: `${SHAPE_NAMES[s]} ${shape.join('–')}` }), schematic(shape));
      grid.append(column);
      const chart = createTrajectoryChart(card.addChart(`kernel-distance-${s}`, `${SHAPE_NAMES[s]}: kernel distance over time`, { into: column }),
        { yTitle: 'kernel distance', legend: true });
      const curves = lambdasPerShape[s].map((lambda, j) => {
        const result = resultsPerShape[s][j];
        return { label: `λ = ${lambda}`, color: curveColor(j), simulation: result.simulation?.kernelDistance, exact: result.exact?.kernelDistance, times: result.times };
      });
      setTrajectories(chart, curves[0]?.times ?? [], curves);
      if (lambdasPerShape[s].length === 0) column.append(el('p', { class: 'field-hint', text: 'None of the compared λ is admissible for this shape.' }));
      charts.push(chart);
    });
    shareYRange(charts); // the shapes are compared: one y axis
  };
}

// The kernel distance across λ per shape: at convergence (solid, exact), at T (dashed, exact) and
// gradient descent at T (points); a note says which values have not converged. Returns draw(plan, sweep, simulation).
/** @param {ViewFrame} frame @returns {(plan: ArchitecturesPlan, sweep: ExperimentResult[], simulation: ExperimentResult[]) => void} */
function createSweepCard(frame) {
  const { card, chart } = frame.addChartCard({ id: 'architectures-sweep', title: 'Kernel distance at convergence',
    caption: 'For each architecture, how far the NTK has moved once training has converged (the loss within ' + CONVERGED_GAP + ' of its initial ' +
      'distance to the floor), as a function of λ. Solid: exact solution at convergence; dashed: exact solution at the training time T; points: ' +
      'gradient descent at T (the legend names the shapes; the note below counts the λ not converged at T). At T the rich side has often not ' +
      'converged, which makes it look lazier than it is.' },
  { name: 'kernel-distance-vs-lambda', label: 'Kernel distance vs λ, at convergence and at T', xTitle: 'λ', yTitle: 'kernel distance', legend: true });
  const note = el('p', { class: 'field-hint', id: 'architectures-convergence' });
  card.body.insertAdjacentElement('afterend', note); // under the chart, not beside it
  return (plan, sweepResults, simResults) => {
    const summary = sweepSummary(plan, sweepResults, simResults);
    chart.data.datasets = plan.shapes.flatMap((shape, s) => {
      const color = curveColor(s), { converged, atT, simulated } = summary[s];
      const name = `${SHAPE_NAMES[s]} ${shape.join('–')}`;
      /** @param {SweepPoint[]} points */
      const late = (points) => points.filter((p) => !p.converged).length;
      return [
        { label: `${name}, converged`, data: converged, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0 },
        // `exact: true` keeps these two out of the legend (one entry per shape); their labels say what they are.
        { label: `${name} at t = ${plan.T} (${late(atT)} of ${atT.length} not converged)`, exact: true, data: atT,
          borderColor: color, backgroundColor: color, borderWidth: 1.4, borderDash: [6, 4], pointRadius: 0 },
        { label: `${SHAPE_NAMES[s]}, gradient descent at t = ${plan.T} (${late(simulated)} of ${simulated.length} not converged)`, exact: true, data: simulated,
          showLine: false, borderColor: color, backgroundColor: color, pointRadius: 4, pointStyle: 'rectRot' },
      ];
    });
    note.textContent = convergenceNote(plan, summary);
    summarize(chart);
    refresh(chart);
  };
}

// The time each network takes to converge, against λ, one curve per shape (exact solution,
// bisection on the flow: experiments/convergence-time.js). Returns draw(plan, times).
/** @param {ViewFrame} frame @returns {(plan: ArchitecturesPlan, times: ConvergenceTimes) => void} */
function createConvergenceCard(frame) {
  const { chart } = frame.addChartCard({ id: 'architectures-convergence-time', title: 'Time to converge',
    caption: `For each architecture and λ, the first time at which the loss of the exact solution is within ${CONVERGED_GAP} of its initial distance to the floor ` +
      '(found by bisection on the exact flow, to a relative 1e-6). On the rich side the networks take far longer: a value read at a fixed T there is not the converged one.' },
  { name: 'time-to-converge', label: 'Time to converge vs λ', xTitle: 'λ', yTitle: 'time to converge', logY: true, legend: true, xName: 'λ' });
  return (plan, times) => {
    const perShapeTimes = perShape(times, plan.sweeps.map((l) => l.length));
    chart.data.datasets = plan.shapes.map((shape, s) => ({ label: `${SHAPE_NAMES[s]} ${shape.join('–')}`,
      data: plan.sweeps[s].map((x, i) => ({ x, y: perShapeTimes[s][i].time })).filter((p) => Number.isFinite(p.y)),
      borderColor: curveColor(s), backgroundColor: curveColor(s), borderWidth: 2, pointRadius: 0 }));
    summarize(chart);
    refresh(chart);
  };
}

/** @type {View} */
export default {
  id: 'architectures',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'architectures', intro: INTRO, formulas: FORMULAS, context });
    const syncShapes = createShapeInputs(frame.controls, (shapes) => context.onChange({ shapes }, { commit: true }));
    const { lambdaMax } = frame.numberFields({ lambdaMax: 'λ range ±' });
    const lambdaList = createLambdaListField({ id: 'architectures-lambdas', label: 'λ values followed over time', onLambdas: (lambdas) => context.onChange({ lambdas }, { commit: true }) });
    frame.addControls([lambdaList, lambdaMax], 'σ, the training time and the learning rate are in the settings panel.');
    const drawSweep = createSweepCard(frame);
    const drawConvergence = createConvergenceCard(frame);
    const drawTime = createTimeCard(frame);

    /** @type {{ plan: ArchitecturesPlan, results: ExperimentResult[], times: ConvergenceTimes } | null} */
    let data = null; // what is drawn
    return {
      frame,
      hide: () => frame.hide(),
      exportData: () => data && architecturesExport(data.plan, data.results, data.times),
      async show(state) {
        syncShapes(state.shapes);
        lambdaMax.setValue(state.lambdaMax);
        lambdaList.sync(state.lambdas);
        const key = architecturesKey(state);
        if (frame.isCurrent(key)) return;
        const plan = architecturesPlan(state);
        await frame.runJob({
          key,
          failure: 'The architecture experiment could not run',
          counter: 'architecturesRendered',
          async work(progress, submit) {
            const { results } = await submit(plan.configs, { onProgress: progress });
            const times = await timesToConverge(plan.split(plan.configs).sweep, async (configs) => (await submit(configs, { batch: 8 })).results);
            return { results, times };
          },
          /** @param {{ results: ExperimentResult[], times: ConvergenceTimes }} computed @param {number} seconds */
          onDone({ results, times }, seconds) {
            data = { plan, results, times };
            drawConvergence(plan, times);
            frame.notices.clearPrefix('architectures:');
            const { time, sweep, simulation } = plan.split(results);
            drawTime(plan, time);
            drawSweep(plan, sweep, simulation);
            const diverged = divergedCount(results);
            if (diverged) frame.notices.show('architectures:diverged', `Gradient descent diverged in ${diverged} of the runs: lower the learning rate.`, { asksToChange: true });
            return `Trained ${plan.configs.length} networks in ${seconds.toFixed(1)} s.`;
          },
        });
      },
    };
  },
};
