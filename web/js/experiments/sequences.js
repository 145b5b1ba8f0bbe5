// What the continual / reversal / transfer view computes: the phases of each scenario, the engine
// configuration of a whole sequence for one λ (and, for transfer, of task B alone), and the
// summaries across λ read off the exact task losses: forgetting, time to relearn halfway, zero-shot
// transfer, time to learn. No DOM, no charts.
import { taskDims } from '../state/shape.js';
import { experimentConfig } from '../state/config.js';
import { componentSeries } from '../charts/series.js';
import { lambdaSpan, spanValues, admissibleLambdas } from './sweep.js';
import { lossFloor } from './results.js';
import { toPlain } from '../../wasm/ldyn.mjs';

/** @import { ExperimentConfig, ExperimentResult, Matrix, MetricName, PhaseTask, TaskRecord } from '../../wasm/ldyn.mjs' */
/** @import { PageState } from '../state/schema.js' */
/** @typedef {{ task: PhaseTask, label: string, curve: boolean }} SequencePhase curve: the phase's task gets its own loss curve */
export { SEQUENCES_PRESET } from '../catalog.js'; // the catalog holds every view's preset
export const PER_PHASE = 100; // recorded time points per phase
export const SUMMARY_POINTS = 25;
export const LETTERS = 'ABCDEFGH';
// "Learned" means the loss has come 90 % of the way down from the untrained network's loss to the
// lowest loss possible on the task: this fraction of the way is left.
const LEFT_TO_LEARN = 0.1;
// "Converged" on a phase's task (and "relearned" after a reversal): its loss within this fraction of
// its distance at the phase's start from the task's lowest loss, 99.9 % of the way down. Halfway
// would not do for a reversal: at the saddle (W₂W₁ = 0) a quarter of the distance is left, so a
// network is halfway down on its way into the stall and counted as relearned while it sits there.
export const CONVERGED_LEFT = 1e-3;

// The phases of the scenario: [{task, label, curve}] where curve says whether the phase's task gets
// its own loss curve (the return to A in continual learning is A again: no second curve).
/** @param {PageState} state @param {PhaseTask} baseTask @returns {SequencePhase[]} */
export function phasesOf(state, baseTask) {
  const A = { task: baseTask, label: 'task A', curve: true };
  switch (state.scenario) {
    case 'reversal':
      return [A, { task: { kind: 'reversed', phase: 0 }, label: 'reversed A', curve: true }];
    case 'transfer':
      return [{ ...A, label: 'task A (pretraining)' },
        { task: { kind: 'related', phase: 0, similarity: state.similarity, seed: state.taskSeed + 1 }, label: `task B (ρ = ${state.similarity})`, curve: true }];
    default:
      return [A,
        ...Array.from({ length: state.ntasks - 1 }, (_, k) => /** @type {SequencePhase} */ ({
          task: { kind: 'related', phase: 0, similarity: 0, seed: state.taskSeed + k + 1 }, label: `task ${LETTERS[k + 1]}`, curve: true })),
        { task: { kind: 'related', phase: 0, similarity: 1, seed: state.taskSeed }, label: 'A again', curve: false }];
  }
}

// The engine configuration of the whole sequence for one λ (λ-balanced weights, global σ and seed).
/** @param {PageState} state @param {number} lambda @param {{ simulate: boolean, metrics: readonly MetricName[] }} run @returns {ExperimentConfig} */
export function sequenceConfig(state, lambda, { simulate, metrics }) {
  const base = experimentConfig({ ...state, init: 'balanced' }, metrics, lambda);
  const phases = phasesOf(state, base.task);
  delete base.task;
  return /** @type {ExperimentConfig} */ ({
    ...base,
    phases: phases.map((p, i) => (i < phases.length - 1 ? { task: p.task, duration: state.phaseT } : { task: p.task })),
    times: { end: phases.length * state.phaseT, count: phases.length * PER_PHASE + 1 },
    simulate,
    exact: true,
  });
}

// The same initial weights trained on task B alone (transfer's "from scratch" reference): B's data
// as a custom task (its inputs are already whitened).
/** @param {PageState} state @param {number} lambda @param {TaskRecord} taskB @returns {ExperimentConfig} */
export function scratchConfig(state, lambda, taskB) {
  const base = experimentConfig({ ...state, init: 'balanced' }, ['loss'], lambda);
  return /** @type {ExperimentConfig} */ ({ ...base, task: { kind: 'custom', X: toPlain(taskB.X), Y: toPlain(taskB.Y), whiten: false },
    times: { end: state.phaseT, count: PER_PHASE + 1 }, simulate: false, exact: true });
}

// The λ of the summary: the admissible part of ±λmax for the settings panel's shape.
/** @param {PageState} state */
export function summaryLambdas(state) {
  const { ni, no } = taskDims(state);
  const span = lambdaSpan(state.lambdaMax, [ni, state.nh, no]);
  return { lambdas: spanValues(span, SUMMARY_POINTS), range: span.range, single: span.single };
}

// The settings the view depends on: the configurations it runs.
/** @param {PageState} state */
export function sequencesKey(state) {
  const plan = sequencesPlan(state);
  return JSON.stringify([plan.timelineConfigs, plan.summaryConfigs]);
}

// Everything one update computes: a timeline (simulation and exact) per compared λ, then the exact
// runs of the summary (the first also reports the tasks); for transfer, `scratchConfigs(taskB)`
// makes the runs of B alone once B is known. `total` counts all of them.
/** @typedef {ReturnType<typeof sequencesPlan>} SequencesPlan */
/** @param {PageState} state */
export function sequencesPlan(state) {
  const phases = phasesOf(state, experimentConfig(state, []).task);
  const sweep = summaryLambdas(state);
  const { ni, no } = taskDims(state);
  const lambdas = admissibleLambdas(state.lambdas, [ni, state.nh, no]);
  const timelineConfigs = lambdas.map((lambda) => sequenceConfig(state, lambda, { simulate: true, metrics: ['taskLosses'] }));
  const summaryConfigs = sweep.lambdas.map((lambda, j) => sequenceConfig(state, lambda, { simulate: false, metrics: j === 0 ? ['taskLosses', 'task'] : ['taskLosses'] }));
  const scratchCount = state.scenario === 'transfer' ? sweep.lambdas.length : 0;
  return {
    phases, sweep, lambdas, timelineConfigs, summaryConfigs, scratchCount,
    total: timelineConfigs.length + summaryConfigs.length + scratchCount,
    scratchConfigs: (/** @type {TaskRecord} */ taskB) => sweep.lambdas.map((lambda) => scratchConfig(state, lambda, taskB)),
  };
}


// The time from index `from` until the series first falls to `target` (linear interpolation; 0 if
// it starts there), or NaN if it does not get there by index `to`.
/** @param {ArrayLike<number>} times @param {ArrayLike<number> | null | undefined} values @param {number} from @param {number} to @param {number} target */
export function crossingTime(times, values, from, to, target) {
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

// The shaded bands of the timelines: one per phase, with a short label for narrow charts.
/** @param {readonly SequencePhase[]} phases @param {number} phaseT @returns {Array<{ start: number, end: number, label: string, short: string }>} */
export function phaseBands(phases, phaseT) {
  return phases.map((p, i) => ({ start: i * phaseT, end: (i + 1) * phaseT, label: p.label,
    short: p.label.startsWith('task ') ? p.label.slice(5).split(' ')[0] : p.label.replace('reversed A', '−A').replace('A again', 'A') }));
}

// The largest finite task loss over the timelines (exact, else simulation), 0 if none.
/** @param {readonly ExperimentResult[]} results */
export function timelineMaxLoss(results) {
  let yMax = 0;
  for (const result of results) {
    const series = result.exact?.taskLosses ?? result.simulation?.taskLosses;
    for (const v of series?.data ?? []) if (Number.isFinite(v)) yMax = Math.max(yMax, v);
  }
  return yMax;
}

// The exact loss on phase `phase`'s task at recorded index `index`, and over the whole sequence.
/** @param {ExperimentResult} r @param {number} phase @param {number} index @returns {number} */
const lossAt = (r, phase, index) => entryOf(r.exact?.taskLosses, index, phase) ?? NaN;
// Entry (i, j) of a matrix, undefined when there is none (a series that ended early, a missing phase).
/** @param {Matrix | null | undefined} m @param {number} i @param {number} j */
const entryOf = (m, i, j) => (m && i >= 0 && i < m.shape[0] && j >= 0 && j < m.shape[1] ? m.get(i, j) : undefined);
/** @param {ExperimentResult} r @param {number} phase */
const lossSeries = (r, phase) => componentSeries(r.exact?.taskLosses, phase);
// The loss that counts as learned, from the untrained loss `start` and the task's lowest loss.
/** @param {number} start @param {number} floor */
const learnedLevel = (start, floor) => floor + LEFT_TO_LEARN * (start - floor);

// Continual learning, per λ: the loss on A at the end of its phase, after the last new task and
// after returning to A; forgetting; the time to learn A the first time and again at the end.
/** @param {readonly ExperimentResult[]} results @param {number} phaseCount */
export function continualSummary(results, phaseCount) {
  const n = phaseCount, P = PER_PHASE;
  const floorA = lossFloor(results[0].tasks[0]);
  const lastNew = n - 2; // the last new task's phase; phase n − 1 returns to A
  const afterA = results.map((r) => lossAt(r, 0, P));
  const afterLast = results.map((r) => lossAt(r, 0, (lastNew + 1) * P));
  /** @param {ExperimentResult} r @param {number} from */
  const timeToLearnA = (r, from) => crossingTime(r.times, lossSeries(r, 0), from, from + P, learnedLevel(lossAt(r, 0, 0), floorA));
  return {
    lastNew,
    afterA,
    afterLast,
    afterReturn: results.map((r) => lossAt(r, 0, n * P)),
    forgetting: afterLast.map((v, i) => v - afterA[i]),
    first: results.map((r) => timeToLearnA(r, 0)),
    again: results.map((r) => timeToLearnA(r, (n - 1) * P)),
  };
}

// Reversal learning, per λ: the loss on the reversed task at the reversal and at the end, and the
// time after the reversal until it is relearned (CONVERGED_LEFT of its distance from the lowest
// possible loss left; NaN: not by the end of the phase).
/** @param {readonly ExperimentResult[]} results */
export function reversalSummary(results) {
  const P = PER_PHASE;
  const floor = lossFloor(results[0].tasks[0]);
  const atSwitch = results.map((r) => lossAt(r, 1, P));
  return {
    floor,
    atSwitch,
    atEnd: results.map((r) => lossAt(r, 1, 2 * P)),
    relearned: results.map((r, i) => crossingTime(r.times, lossSeries(r, 1), P, 2 * P, floor + CONVERGED_LEFT * (atSwitch[i] - floor))),
  };
}

// The phases of the timelines that end before their task is learned: per compared λ and phase
// whose loss at the phase's end is more than CONVERGED_LEFT of its distance at the phase's start
// from the task's lowest loss: {lambda, label, end (time), loss, floor, left (that fraction)}.
// tasks: the task of every phase (the summary's first run reports them).
/** @param {readonly SequencePhase[]} phases @param {readonly number[]} lambdas @param {readonly ExperimentResult[]} timelines @param {readonly TaskRecord[]} tasks */
export function unconvergedPhases(phases, lambdas, timelines, tasks) {
  const P = PER_PHASE;
  /** @type {Array<{ lambda: number, label: string, end: number, loss: number, floor: number, left: number }>} */
  const out = [];
  lambdas.forEach((lambda, j) => {
    const r = timelines[j];
    phases.forEach((phase, k) => {
      if (!tasks[k] || !r) return;
      const floor = lossFloor(tasks[k]), start = lossAt(r, k, k * P), loss = lossAt(r, k, (k + 1) * P);
      const left = start - floor > 1e-12 * Math.max(1, floor) ? (loss - floor) / (start - floor) : 0;
      if (Number.isFinite(left) && left > CONVERGED_LEFT) out.push({ lambda, label: phase.label, end: r.times[(k + 1) * P], loss, floor, left });
    });
  });
  return out;
}

// Transfer, per λ: the loss on B before and after fine-tuning and for B alone from the same weights,
// the time to learn B both ways, and the loss on A after pretraining and after fine-tuning.
/** @param {readonly ExperimentResult[]} results @param {readonly ExperimentResult[]} scratch */
export function transferSummary(results, scratch) {
  const P = PER_PHASE;
  const floorB = lossFloor(results[0].tasks[1]);
  // The untrained network's loss on B (the same weights start both runs) sets the "learned" level.
  const levels = scratch.map((r) => learnedLevel(r.exact?.loss?.[0] ?? NaN, floorB));
  return {
    zeroShot: results.map((r) => lossAt(r, 1, P)),
    tuned: results.map((r) => lossAt(r, 1, 2 * P)),
    alone: scratch.map((r) => r.exact?.loss?.at(-1) ?? NaN),
    tunedTime: results.map((r, i) => crossingTime(r.times, lossSeries(r, 1), P, 2 * P, levels[i])),
    aloneTime: scratch.map((r, i) => crossingTime(r.times, r.exact?.loss, 0, P, levels[i])),
    pretrained: results.map((r) => lossAt(r, 0, P)),
    afterFineTuning: results.map((r) => lossAt(r, 0, 2 * P)),
  };
}

// How many entries of the lists are missing (not finite).
/** @param {...readonly number[]} lists */
export function missingCount(...lists) {
  return lists.flat().filter((v) => !Number.isFinite(v)).length;
}

// The summary's time to relearn after a reversal, as a second table: what is measured in its header.
/** @param {PageState} state @param {SequencesPlan} plan @param {readonly ExperimentResult[]} summary */
function relearnedCsv(state, plan, summary) {
  const { relearned } = reversalSummary(summary);
  const header = `"lambda","time after the reversal until the loss on reversed A is within ${100 * CONVERGED_LEFT} % of its distance at the reversal ` +
    `from the lowest possible loss (exact solution; empty: not relearned by t = ${state.phaseT} after the reversal)"`;
  return `\n${header}\n${plan.sweep.lambdas.map((lambda, i) => `${lambda},${Number.isFinite(relearned[i]) ? relearned[i] : ''}`).join('\n')}\n`;
}

// What the view shows, for download: every task's loss over the sequence per compared λ
// (simulation and exact), one row per recorded time.
/** @param {{ state: PageState, plan: SequencesPlan, timelines: readonly ExperimentResult[], summary: readonly ExperimentResult[] }} shown */
export function sequencesExport({ state, plan, timelines, summary }) {
  const labels = plan.phases.map((p) => p.label);
  return {
    csv() {
      /** @type {string[]} */
      const header = ['t'];
      /** @type {Array<(i: number) => number | undefined>} */
      const columns = [];
      plan.lambdas.forEach((lambda, j) => {
        for (const which of /** @type {const} */ (['simulation', 'exact'])) {
          plan.phases.forEach((_, k) => {
            header.push(`lambda=${lambda} ${which} loss on ${labels[k]}`);
            columns.push((i) => entryOf(timelines[j][which]?.taskLosses, i, k));
          });
        }
      });
      /** @type {ArrayLike<number>} */
      const times = timelines[0]?.times ?? [];
      const rows = Array.from(times, (t, i) => [t, ...columns.map((get) => get(i))].map((v) => (Number.isFinite(v) ? v : '')).join(','));
      return `${header.map((h) => `"${h}"`).join(',')}\n${rows.join('\n')}\n${state.scenario === 'reversal' ? relearnedCsv(state, plan, summary) : ''}`;
    },
    json: () => ({ link: globalThis.location?.href, scenario: state.scenario, phases: labels, lambdas: plan.lambdas, summaryLambdas: plan.sweep.lambdas,
      timelines: timelines.map((r) => ({ times: Array.from(r.times), simulation: r.simulation && { taskLosses: toPlain(r.simulation.taskLosses), diverged: r.simulation.diverged },
        exact: r.exact && { taskLosses: toPlain(r.exact.taskLosses) } })),
      summary: summary.map((r) => ({ lambda: r.lambda, exact: r.exact && { taskLosses: toPlain(r.exact.taskLosses) } })) }),
  };
}
