// Continual, reversal and transfer learning: the network trains on a sequence of tasks, one phase
// after the other. Timelines of the loss on every task for the compared λ (simulation and exact),
// and a summary across λ (exact): forgetting, relearning after a reversal, transfer to a new task.
import { EnginePool, Cancelled } from '../engine/pool.js';
import { createTrajectoryChart, setTrajectories, componentSeries } from '../charts/trajectory-chart.js';
import { refresh } from '../charts/setup.js';
import { curveColor } from '../charts/palette.js';
import { createCard } from '../ui/card.js';
import { createNumberField, createSelectField } from '../ui/fields.js';
import { el } from '../ui/dom.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import { lambdaRange, taskDims } from '../state/shape.js';
import { experimentConfig } from '../state/config.js';
import { createViewFrame, linspace } from './frame.js';

const PER_PHASE = 100; // recorded time points per phase
const SUMMARY_POINTS = 25;
const LETTERS = 'ABCDEFGH';

const SCENARIOS = {
  continual: {
    option: 'Continual learning: tasks A, B, C, … then A again',
    text: 'Continual learning: the network learns task A, then new tasks B, C, … on the same inputs with independent targets, and finally returns to A. ' +
      'While it learns the later tasks, its loss on A climbs back up: it forgets. Forgetting is measured at the end of the last new task.',
  },
  reversal: {
    option: 'Reversal learning: task A, then A reversed',
    text: 'Reversal learning: after learning task A, every target changes sign (Σyx → −Σyx). To relearn, each learned mode has to shrink to zero and ' +
      'grow back with the opposite sign. Near λ = 0 that path runs close to a saddle point, where learning stalls; with |λ| large the hidden layer never collapses. ' +
      'At λ = 0 the exact gradient flow (dotted) can wait at the saddle much longer than gradient descent (solid): near a saddle tiny differences grow ' +
      'exponentially, and the finite steps of gradient descent are enough to push it off earlier — there the two curves part.',
  },
  transfer: {
    option: 'Transfer: pretrain on A, fine-tune on a related B',
    text: 'Transfer learning: the network is pretrained on task A, then fine-tuned on task B, which has the same inputs and targets that share a fraction ρ with A’s. ' +
      'The loss on B before fine-tuning measures zero-shot transfer; after fine-tuning it is compared with training on B from the same initial weights.',
  },
};

// The phases of the scenario: [{task, label, curve}] where curve says whether the phase's task gets
// its own loss curve (the return to A in continual learning is A again: no second curve).
function phasesOf(state, baseTask) {
  const A = { task: baseTask, label: 'task A', curve: true };
  switch (state.scenario) {
    case 'reversal':
      return [A, { task: { kind: 'reversed', phase: 0 }, label: 'reversed A', curve: true }];
    case 'transfer':
      return [{ ...A, label: 'task A (pretraining)' },
        { task: { kind: 'related', phase: 0, similarity: state.similarity, seed: state.taskSeed + 1 }, label: `task B (ρ = ${state.similarity})`, curve: true }];
    default:
      return [A,
        ...Array.from({ length: state.ntasks - 1 }, (_, k) => ({
          task: { kind: 'related', phase: 0, similarity: 0, seed: state.taskSeed + k + 1 }, label: `task ${LETTERS[k + 1]}`, curve: true })),
        { task: { kind: 'related', phase: 0, similarity: 1, seed: state.taskSeed }, label: 'A again', curve: false }];
  }
}

// The engine configuration of the whole sequence for one λ (λ-balanced weights, global σ and seed).
function sequenceConfig(state, lambda, { simulate, metrics }) {
  const base = experimentConfig({ ...state, init: 'balanced' }, metrics, lambda);
  const phases = phasesOf(state, base.task);
  delete base.task;
  return {
    ...base,
    phases: phases.map((p, i) => (i < phases.length - 1 ? { task: p.task, duration: state.phaseT } : { task: p.task })),
    times: { end: phases.length * state.phaseT, count: phases.length * PER_PHASE + 1 },
    simulate,
    exact: true,
  };
}

// The same initial weights trained on task B alone (transfer's "from scratch" reference): B's data
// as a custom task (its inputs are already whitened).
function scratchConfig(state, lambda, taskB) {
  const base = experimentConfig({ ...state, init: 'balanced' }, ['loss'], lambda);
  return { ...base, task: { kind: 'custom', X: taskB.X.map((row) => Array.from(row)), Y: taskB.Y.map((row) => Array.from(row)), whiten: false },
    times: { end: state.phaseT, count: PER_PHASE + 1 }, simulate: false, exact: true };
}

function sweepLambdas(state) {
  const { ni, no } = taskDims(state);
  const range = lambdaRange(ni, state.nh, no);
  const lo = Math.max(-state.lambdaMax, range.min), hi = Math.min(state.lambdaMax, range.max);
  return { lambdas: hi > lo ? linspace(lo, hi, SUMMARY_POINTS) : [lo], range, single: !(hi > lo) };
}

// The lowest loss any network can reach on a task: ½P⁻¹‖Y‖² − ½‖Σyx‖² (whitened inputs).
function lossFloor(task) {
  const P = task.X[0].length;
  let yy = 0;
  for (const row of task.Y) for (const v of row) yy += v * v;
  let ss = 0;
  for (const s of task.s) ss += s * s;
  return Math.max(0, (0.5 * yy) / P - 0.5 * ss);
}

const fmt = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : '—');

// Shaded bands and dashed lines at the task switches, labelled above the plot area.
const phaseBands = {
  id: 'phaseBands',
  beforeDatasetsDraw(chart, _args, options) {
    const bands = options.bands;
    if (!bands?.length) return;
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    bands.forEach((band, i) => {
      const x0 = Math.max(chartArea.left, scales.x.getPixelForValue(band.start));
      const x1 = Math.min(chartArea.right, scales.x.getPixelForValue(band.end));
      if (i % 2 === 1) {
        ctx.fillStyle = 'rgba(0, 0, 0, 0.06)';
        ctx.fillRect(x0, chartArea.top, x1 - x0, chartArea.bottom - chartArea.top);
      }
      if (i > 0) {
        ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(Math.round(x0) + 0.5, chartArea.top - 14);
        ctx.lineTo(Math.round(x0) + 0.5, chartArea.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.fillStyle = '#222';
      ctx.font = `${Math.max(10, Math.min(12, (x1 - x0) / 7))}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      const label = ctx.measureText(band.label).width > x1 - x0 - 4 ? band.short : band.label;
      ctx.fillText(label, (x0 + x1) / 2, chartArea.top - 3);
    });
    ctx.restore();
  },
};

function createTimelineChart(canvas) {
  const chart = createTrajectoryChart(canvas, { yTitle: 'loss', legend: true });
  chart.options.layout = { padding: { top: 18 } };
  chart.options.plugins.legend.position = 'bottom';
  chart.options.plugins.phaseBands = { bands: [] };
  chart.options.scales.y.min = 0;
  chart.options.scales.x.ticks.includeBounds = false;
  chart.config.plugins.push(phaseBands);
  return chart;
}

function createSummaryChart(canvas, yTitle) {
  const chart = createTrajectoryChart(canvas, { xTitle: 'λ', yTitle, legend: true });
  chart.options.plugins.legend.position = 'bottom';
  chart.options.scales.y.beginAtZero = true;
  chart.options.plugins.legend.labels.sort = (a, b) => a.datasetIndex - b.datasetIndex; // not by drawing order
  chart.options.plugins.tooltip.callbacks.title = (items) => (items[0] ? `λ = ${items[0].parsed.x}` : '');
  return chart;
}

// A curve across λ; `top` draws it over the others (a dashed reference that may coincide with them).
function lineDataset(label, color, xs, ys, { dash = [], style = 'circle', top = false } = {}) {
  return { label, borderColor: color, backgroundColor: color, borderWidth: 2, borderDash: dash, pointRadius: xs.length > 1 ? (top ? 3.5 : 2.5) : 5,
    pointStyle: style, order: top ? -1 : 0, data: xs.map((x, i) => ({ x, y: ys[i] })).filter((p) => Number.isFinite(p.y)) };
}

// The time from index `from` until the series first falls to `target` (linear interpolation; 0 if
// it starts there), or NaN if it does not get there by index `to`.
function crossingTime(times, values, from, to, target) {
  if (!values || !Number.isFinite(target)) return NaN;
  if (values[from] <= target) return 0;
  for (let i = from + 1; i <= to; i++) {
    if (values[i] <= target) {
      const t0 = times[i - 1], t1 = times[i], v0 = values[i - 1], v1 = values[i];
      return (v0 === v1 ? t1 : t0 + ((t1 - t0) * (v0 - target)) / (v0 - v1)) - times[from];
    }
  }
  return NaN;
}

export default {
  id: 'sequences',
  title: 'Continual, reversal and transfer learning',
  preset: { scenario: 'continual', phaseT: 10, ntasks: 3, similarity: 0.5, lambdas: [-2, 0, 2], sigma: 0.05, lambdaMax: 6 },
  create(container, context) {
    const frame = createViewFrame(container, {
      id: 'sequences',
      title: 'Continual, reversal and transfer learning',
      intro: [
        'Here the network does not learn one task but a sequence of them, each for the same time (“time per task”), starting from small λ-balanced weights ' +
        'with the σ, seeds, shape and learning rate of the settings panel. All tasks share the inputs of task A; only the targets change.',
        'The exact solution is exact across every switch: the balance W₂ᵀW₂ − W₁W₁ᵀ = λI does not change when the task does, so at a switch the solution simply ' +
        'continues from the current QQᵀ with the new task’s Σyx, with no approximation anywhere in the sequence. The simulation keeps training the same weights by gradient descent.',
      ],
      formulas: [
        String.raw`QQ^\top(t) = e^{F_k \tau} P_k \big(I + \Phi_k(\tau) P_k\big)^{-1} e^{F_k \tau},\quad \tau = t - t_k`,
        String.raw`P_k = QQ^\top(t_k),\quad F_k = \begin{bmatrix} -\tfrac{\lambda}{2} I & \Sigma_{yx}^{(k)\top} \\ \Sigma_{yx}^{(k)} & \tfrac{\lambda}{2} I \end{bmatrix}`,
        String.raw`\text{reversal: } \Sigma_{yx}^{(B)} = -\Sigma_{yx}^{(A)}`,
        String.raw`\text{related task: } Y_B = \rho\, Y_A + \sqrt{1-\rho^2}\, Y_{\text{new}}`,
        String.raw`\text{forgetting of A} = \mathcal{L}_A(t_{\text{end}}) - \mathcal{L}_A(t_{A,\text{end}})`,
      ],
    });
    const set = (key) => (value, options) => context.onChange({ [key]: value }, options);
    const limits = (key) => ({ min: PARAM_BY_KEY[key].min, max: PARAM_BY_KEY[key].max, integer: PARAM_BY_KEY[key].kind === 'int' });
    const scenario = createSelectField({ label: 'Scenario', options: Object.entries(SCENARIOS).map(([value, s]) => [value, s.option]), onValue: set('scenario') });
    const fields = {
      phaseT: createNumberField({ label: 'Time per task', ...limits('phaseT'), onValue: set('phaseT') }),
      ntasks: createNumberField({ label: 'Number of new tasks (A, B, …)', ...limits('ntasks'), onValue: set('ntasks') }),
      similarity: createNumberField({ label: 'Similarity ρ of B to A', ...limits('similarity'), onValue: set('similarity') }),
      lambdaMax: createNumberField({ label: 'λ range ± (summary)', ...limits('lambdaMax'), onValue: set('lambdaMax') }),
    };
    const lp = PARAM_BY_KEY.lambdas;
    const lambdaInput = el('input', { id: 'sequences-lambdas', type: 'text', inputmode: 'decimal', 'aria-describedby': 'sequences-lambdas-message' });
    const lambdaMessage = el('span', { id: 'sequences-lambdas-message', class: 'field-message', 'aria-live': 'polite' });
    lambdaInput.addEventListener('change', () => {
      const values = lambdaInput.value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
      const bad = values.length === 0 || values.length > lp.maxLength || values.some((v) => !Number.isFinite(v) || v < lp.min || v > lp.max);
      lambdaMessage.textContent = bad ? `enter 1 to ${lp.maxLength} numbers, separated by commas` : '';
      lambdaInput.setAttribute('aria-invalid', String(bad));
      if (!bad) context.onChange({ lambdas: values }, { commit: true });
    });
    scenario.element.classList.add('sequences-scenario');
    frame.controls.append(scenario.element, fields.phaseT.element, fields.ntasks.element, fields.similarity.element,
      el('div', { class: 'field' }, el('label', { for: 'sequences-lambdas', text: 'λ values (timelines)' }), lambdaInput, lambdaMessage),
      fields.lambdaMax.element,
      el('p', { class: 'field-hint', text: 'σ, the network shape, the task (random or hierarchy), the seeds and the learning rate are those of the settings panel; the time per task replaces its training time.' }));

    const scenarioText = el('p', { class: 'sequences-scenario-text' });
    frame.body.append(scenarioText);
    const timelineCard = createCard(frame.body, { id: 'sequences-timelines', title: 'Loss on every task over the sequence', caption: '', exportName: context.exportName });
    const timelineCaption = timelineCard.section.querySelector('.caption');
    const timelineGrid = el('div', { class: 'sequence-grid' });
    timelineCard.body.append(timelineGrid);
    // One slot (figure + chart) per compared λ, reused from run to run; slots beyond the list are hidden.
    const timelineSlots = [];
    const summaryCard = createCard(frame.body, { id: 'sequences-summary', title: 'Across λ', caption: '', exportName: context.exportName });
    const summaryCaption = summaryCard.section.querySelector('.caption');
    const summaryNote = el('p', { class: 'sequences-note', hidden: true });
    summaryCard.body.append(summaryNote);
    const summaryCharts = [1, 2, 3].map((i) => createSummaryChart(summaryCard.addChart(`sequences-summary-${i}`, `Summary ${i}`), 'loss'));
    const summaryFigures = summaryCharts.map((chart) => chart.canvas.closest('figure'));
    const pool = new EnginePool();
    frame.onCancel(() => pool.cancel());

    const setSummaryLabel = (i, label, yTitle) => {
      summaryFigures[i].hidden = false;
      summaryFigures[i].querySelector('figcaption').textContent = label;
      summaryCharts[i].canvas.setAttribute('aria-label', label);
      summaryCharts[i].options.scales.y.title.text = yTitle;
    };

    const timelineSlot = (j, label) => {
      if (!timelineSlots[j]) {
        const canvas = timelineCard.addChart(`timeline-${j}`, label, { into: timelineGrid });
        const figure = canvas.closest('figure');
        figure.classList.add('sequence-figure');
        timelineSlots[j] = { figure, chart: createTimelineChart(canvas) };
      }
      const slot = timelineSlots[j];
      slot.figure.hidden = false;
      slot.figure.querySelector('figcaption').textContent = label;
      slot.chart.canvas.setAttribute('aria-label', label);
      slot.figure.querySelector('.png-button').setAttribute('aria-label', `Download “${label}” as a PNG image`);
      return slot.chart;
    };

    const drawTimelines = (state, phases, lambdas, results) => {
      timelineSlots.forEach((slot, j) => {
        slot.figure.hidden = j >= lambdas.length;
      });
      const bands = phases.map((p, i) => ({ start: i * state.phaseT, end: (i + 1) * state.phaseT, label: p.label,
        short: p.label.startsWith('task ') ? p.label.slice(5).split(' ')[0] : p.label.replace('reversed A', '−A').replace('A again', 'A') }));
      let yMax = 0;
      for (const result of results) {
        const series = result.exact?.taskLosses ?? result.simulation?.taskLosses ?? [];
        for (const row of series) for (const v of row) if (Number.isFinite(v)) yMax = Math.max(yMax, v);
      }
      lambdas.forEach((lambda, j) => {
        const result = results[j];
        const curves = phases.map((p, k) => (p.curve ? {
          label: p.label, color: curveColor(k),
          simulation: componentSeries(result.simulation?.taskLosses, k), exact: componentSeries(result.exact?.taskLosses, k),
        } : null)).filter(Boolean);
        const chart = timelineSlot(j, `λ = ${lambda}: loss on every task over the sequence`);
        chart.options.plugins.phaseBands.bands = bands;
        chart.options.scales.x.min = 0;
        chart.options.scales.x.max = phases.length * state.phaseT;
        chart.options.scales.y.max = yMax > 0 ? Number((yMax * 1.05).toPrecision(2)) : undefined;
        setTrajectories(chart, result.times, curves);
      });
    };

    // The summary across λ, from exact runs of the whole sequence (and, for transfer, of B alone).
    // "Learned" means: the loss has come 90 % of the way down from the untrained network's loss to the
    // lowest loss possible on that task (the same target for every λ and every start).
    const drawSummary = (state, phases, sweep, results, scratch) => {
      const xs = sweep.lambdas;
      const n = phases.length, P = PER_PHASE;
      const at = (r, phase, index) => r.exact?.taskLosses?.[index]?.[phase] ?? NaN;
      const series = (r, phase) => componentSeries(r.exact?.taskLosses, phase);
      const learnedLevel = (r, phase, floor) => floor + 0.1 * (at(r, phase, 0) - floor);
      summaryNote.hidden = !sweep.single;
      summaryNote.textContent = sweep.single ? `This shape admits only λ = 0 (${sweep.range.reason}): the summary is a single point per curve.` : '';
      summaryFigures[2].hidden = true;
      const [c1, c2, c3] = summaryCharts;
      c3.data.datasets = [];
      if (state.scenario === 'continual') {
        const floorA = lossFloor(results[0].tasks[0]);
        const lastNew = n - 2; // the last new task's phase; phase n − 1 returns to A
        const afterA = results.map((r) => at(r, 0, P));
        const afterLast = results.map((r) => at(r, 0, (lastNew + 1) * P));
        const afterReturn = results.map((r) => at(r, 0, n * P));
        setSummaryLabel(0, 'Loss on task A vs λ', 'loss on task A');
        c1.data.datasets = [
          lineDataset('end of A’s own phase', curveColor(0), xs, afterA),
          lineDataset(lastNew === 1 ? 'after task B' : `after tasks B–${LETTERS[lastNew]}`, curveColor(5), xs, afterLast, { style: 'rectRot' }),
          lineDataset('after returning to A', curveColor(2), xs, afterReturn, { dash: [5, 3], style: 'triangle', top: true }),
        ];
        setSummaryLabel(1, 'Forgetting of task A vs λ', 'forgetting of A');
        c2.data.datasets = [lineDataset('forgetting of A', curveColor(3), xs, afterLast.map((v, i) => v - afterA[i]))];
        setSummaryLabel(2, 'Time to learn task A vs λ', 'time to learn A');
        const first = results.map((r) => crossingTime(r.times, series(r, 0), 0, P, learnedLevel(r, 0, floorA)));
        const again = results.map((r) => crossingTime(r.times, series(r, 0), (n - 1) * P, n * P, learnedLevel(r, 0, floorA)));
        c3.data.datasets = [
          lineDataset('the first time', curveColor(0), xs, first),
          lineDataset('again, after the new tasks', curveColor(2), xs, again, { dash: [5, 3], style: 'triangle', top: true }),
        ];
        const missing = [...first, ...again].filter((v) => !Number.isFinite(v)).length;
        summaryCaption.textContent = 'Exact solution, λ across the admissible range. Left: the loss on task A when A’s own phase ends, after the new tasks, and after ' +
          'returning to A for one more phase. Middle: forgetting, how much the loss on A rose while the network learned the new tasks. Once a task is learned the ' +
          'network function is the same for every λ, so forgetting differs only where A was not fully learned (near λ = 0 from small weights). Right: how long it ' +
          'takes to learn A — the first time, and again after the new tasks (“learned”: 90 % of the way from the untrained loss to the lowest possible loss)' +
          (missing ? `; ${missing} missing points did not get there within a phase.` : '.');
      } else if (state.scenario === 'reversal') {
        const floor = lossFloor(results[0].tasks[0]);
        const atSwitch = results.map((r) => at(r, 1, P));
        const atEnd = results.map((r) => at(r, 1, 2 * P));
        const half = results.map((r, i) => crossingTime(r.times, series(r, 1), P, 2 * P, (atSwitch[i] + floor) / 2));
        setSummaryLabel(0, 'Loss on the reversed task vs λ', 'loss on reversed A');
        const lowest = lineDataset(`lowest possible (${fmt(floor)})`, '#777777', xs, xs.map(() => floor), { dash: [2, 3] });
        lowest.pointRadius = 0;
        c1.data.datasets = [
          lineDataset('at the reversal', curveColor(0), xs, atSwitch),
          lineDataset(`after relearning for ${state.phaseT}`, curveColor(5), xs, atEnd, { style: 'rectRot' }),
          lowest,
        ];
        setSummaryLabel(1, 'Time to relearn halfway vs λ', 'time t½ after the reversal');
        c2.data.datasets = [lineDataset('t½, halfway to the lowest loss', curveColor(3), xs, half)];
        const missing = half.filter((v) => !Number.isFinite(v)).length;
        summaryCaption.textContent = 'Exact solution, λ across the admissible range. Left: the loss on the reversed task right after the reversal and at the end of its phase ' +
          '(how far relearning got). Right: the time after the reversal until that loss is halfway down to the lowest possible loss' +
          (missing ? ` — ${missing} missing points did not get halfway within the phase.` : '.');
      } else {
        const floorB = lossFloor(results[0].tasks[1]);
        const zeroShot = results.map((r) => at(r, 1, P));
        const tuned = results.map((r) => at(r, 1, 2 * P));
        const fresh = scratch.map((r) => r.exact?.loss?.at(-1) ?? NaN);
        setSummaryLabel(0, 'Loss on the new task B vs λ', 'loss on task B');
        c1.data.datasets = [
          lineDataset('zero-shot (before fine-tuning)', curveColor(0), xs, zeroShot),
          lineDataset('after fine-tuning', curveColor(5), xs, tuned, { style: 'rectRot' }),
          lineDataset('B alone, same initial weights', curveColor(2), xs, fresh, { dash: [5, 3], style: 'triangle', top: true }),
        ];
        // The untrained network's loss on B (the same weights start both runs) sets the "learned" level.
        const levels = scratch.map((r) => floorB + 0.1 * ((r.exact?.loss?.[0] ?? NaN) - floorB));
        const tunedTime = results.map((r, i) => crossingTime(r.times, series(r, 1), P, 2 * P, levels[i]));
        const freshTime = scratch.map((r, i) => crossingTime(r.times, r.exact?.loss, 0, P, levels[i]));
        setSummaryLabel(1, 'Time to learn task B vs λ', 'time to learn B');
        c2.data.datasets = [
          lineDataset('fine-tuning after A', curveColor(5), xs, tunedTime, { style: 'rectRot' }),
          lineDataset('B alone, same initial weights', curveColor(2), xs, freshTime, { dash: [5, 3], style: 'triangle', top: true }),
        ];
        setSummaryLabel(2, 'Loss on the pretraining task A vs λ', 'loss on task A');
        c3.data.datasets = [
          lineDataset('after pretraining', curveColor(0), xs, results.map((r) => at(r, 0, P))),
          lineDataset('after fine-tuning on B', curveColor(5), xs, results.map((r) => at(r, 0, 2 * P)), { style: 'rectRot' }),
        ];
        const missing = [...tunedTime, ...freshTime].filter((v) => !Number.isFinite(v)).length;
        summaryCaption.textContent = `Exact solution, λ across the admissible range, ρ = ${state.similarity}. Left: the loss on B before fine-tuning (zero-shot transfer), ` +
          'after fine-tuning, and for a network trained on B alone for the same time from the same initial weights. Middle: how long learning B takes with and ' +
          'without pretraining (“learned”: 90 % of the way from the untrained loss to the lowest possible loss; 0 if pretraining already got there)' +
          (missing ? `, ${missing} missing points did not get there within the phase` : '') + '. Right: how much of task A survives fine-tuning.';
      }
      for (const chart of summaryCharts) refresh(chart);
    };

    let shownKey = '';
    let pendingKey = ''; // the key being computed: a repeated request for it does not restart the runs
    let runs = 0;
    return {
      async show(state) {
        scenario.setValue(state.scenario);
        for (const [key, field] of Object.entries(fields)) field.setValue(state[key]);
        fields.ntasks.element.hidden = state.scenario !== 'continual';
        fields.similarity.element.hidden = state.scenario !== 'transfer';
        if (document.activeElement !== lambdaInput) lambdaInput.value = state.lambdas.join(', ');
        scenarioText.textContent = SCENARIOS[state.scenario].text;
        const key = JSON.stringify(['scenario', 'phaseT', 'ntasks', 'similarity', 'lambdas', 'lambdaMax', 'sigma', 'ni', 'nh', 'no', 'task', 'items',
          'taskSeed', 'depth', 'seed', 'lr'].map((k) => state[k]));
        if (key === shownKey || key === pendingKey) return;
        context.notices.clearPrefix('sequences:');
        if (state.init !== 'balanced') {
          context.notices.show('sequences:init', 'The sequence experiments always start from random λ-balanced weights (the settings panel’s other initializations are not used here).', { level: 'info' });
        }
        const baseTask = experimentConfig(state, []).task;
        const phases = phasesOf(state, baseTask);
        const lambdas = state.lambdas;
        const sweep = sweepLambdas(state);
        const timelineConfigs = lambdas.map((lambda) => sequenceConfig(state, lambda, { simulate: true, metrics: ['taskLosses'] }));
        const summaryConfigs = sweep.lambdas.map((lambda, j) => sequenceConfig(state, lambda, { simulate: false, metrics: j === 0 ? ['taskLosses', 'task'] : ['taskLosses'] }));
        const scratchCount = state.scenario === 'transfer' ? sweep.lambdas.length : 0;
        const total = timelineConfigs.length + summaryConfigs.length + scratchCount;
        const run = ++runs;
        pendingKey = key;
        frame.progress.start(total, 'Training networks');
        context.setBusy(true);
        const started = performance.now();
        try {
          let offset = 0;
          const onProgress = (done) => frame.progress.update(offset + done, total);
          const results = await pool.run([...timelineConfigs, ...summaryConfigs], { onProgress, batch: 2 });
          const timelineResults = results.slice(0, timelineConfigs.length), summaryResults = results.slice(timelineConfigs.length);
          let scratch = [];
          if (scratchCount) {
            offset = results.length;
            const taskB = summaryResults[0].tasks[1];
            scratch = await pool.run(sweep.lambdas.map((lambda) => scratchConfig(state, lambda, taskB)), { onProgress, batch: 4 });
          }
          shownKey = key;
          pendingKey = '';
          const T = phases.length * state.phaseT;
          timelineCaption.textContent = `The loss on each task (one colour per task) over the whole sequence, 0 ≤ t ≤ ${T}, one chart per λ; simulation solid, exact dotted. ` +
            'Dashed lines and shaded bands mark the task switches; the label above each band is the task being trained.' +
            (state.scenario === 'continual' ? ' In the last band the network trains on task A again (the blue curve).' : '');
          drawTimelines(state, phases, lambdas, timelineResults);
          drawSummary(state, phases, sweep, summaryResults, scratch);
          const diverged = timelineResults.filter((r) => r.simulation?.diverged).length;
          if (diverged) context.notices.show('sequences:diverged', `Gradient descent diverged in ${diverged} of the timelines: lower the learning rate (the exact curves are unaffected).`);
          const unavailable = results.find((r) => r.exactUnavailable)?.exactUnavailable;
          if (unavailable) context.notices.show('sequences:exact', `No exact solution: ${unavailable}.`);
          context.setStatus(`Trained ${total} networks through ${phases.length} phases in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
          document.body.dataset.sequencesRendered = String(Number(document.body.dataset.sequencesRendered ?? 0) + 1);
        } catch (error) {
          if (run !== runs) return; // superseded by a newer request, which owns the progress bar
          pendingKey = '';
          if (error instanceof Cancelled) context.setStatus('Cancelled.');
          else context.notices.show('sequences:error', `The sequence experiment could not run: ${error.message}`, { level: 'error' });
        } finally {
          if (run === runs) {
            frame.progress.finish();
            context.setBusy(false);
          }
        }
      },
    };
  },
};
