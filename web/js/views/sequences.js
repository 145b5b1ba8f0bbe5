// Continual, reversal and transfer learning: the network trains on a sequence of tasks, one phase
// after the other. Timelines of the loss on every task for the compared λ (simulation and exact),
// and a summary across λ (exact): forgetting, relearning after a reversal, transfer to a new task.
// What is computed is in experiments/sequences.js; the summary card is charts/sequence-summary.js.
import { setTrajectories } from '../charts/trajectory-chart.js';
import { componentSeries } from '../charts/series.js';
import { curveColor } from '../charts/palette.js';
import { createTimelineChart, setBands } from '../charts/sequence-charts.js';
import { createSelectField } from '../ui/fields.js';
import { createLambdaListField } from '../ui/lambda-list.js';
import { el } from '../ui/dom.js';
import { sequencesPlan, sequencesKey, phaseBands, timelineMaxLoss, sequencesExport, unconvergedPhases, CONVERGED_LEFT } from '../experiments/sequences.js';
import { formatNumber } from '../charts/ticks.js';
import { divergedCount, firstUnavailable } from '../experiments/results.js';
import { createSummaryCard } from '../charts/sequence-summary.js';
import { createViewFrame } from './frame.js';
/** @import { View } from './index.js' */
/** @import { ViewFrame } from './frame.js' */
/** @import { PageState } from '../state/schema.js' */
/** @import { ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { SequencePhase, SequencesPlan } from '../experiments/sequences.js' */
/** @import { JobProgress, JobSubmit } from './view-jobs.js' */
/** @typedef {ReturnType<typeof createTimelineChart>} TimelineChart */
/** @typedef {{ results: ExperimentResult[], timelines: ExperimentResult[], summary: ExperimentResult[], scratch: ExperimentResult[] }} SequenceRuns */

const INTRO = [
  'Here the network does not learn one task but a sequence of them, each for the same time (“time per task”), starting from small λ-balanced weights ' +
  'with the σ, seeds, shape and learning rate of the settings panel. All tasks share the inputs of task A; only the targets change.',
  'The exact solution is exact across every switch: the balance W₂ᵀW₂ − W₁W₁ᵀ = λI does not change when the task does, so at a switch the solution simply ' +
  'continues from the current QQᵀ with the new task’s Σyx, with no approximation anywhere in the sequence. The simulation keeps training the same weights by gradient descent.',
];
const FORMULAS = [
  String.raw`QQ^\top(t) = e^{F_k \tau} P_k \big(I + \Phi_k(\tau) P_k\big)^{-1} e^{F_k \tau},\quad \tau = t - t_k`,
  String.raw`P_k = QQ^\top(t_k),\quad F_k = \begin{bmatrix} -\tfrac{\lambda}{2} I & \Sigma_{yx}^{(k)\top} \\ \Sigma_{yx}^{(k)} & \tfrac{\lambda}{2} I \end{bmatrix}`,
  String.raw`\text{reversal: } \Sigma_{yx}^{(B)} = -\Sigma_{yx}^{(A)}`,
  String.raw`\text{related task: } Y_B = \rho\, Y_A + \sqrt{1-\rho^2}\, Y_{\text{new}}`,
  String.raw`\text{forgetting of A} = \mathcal{L}_A(t_{\text{end}}) - \mathcal{L}_A(t_{A,\text{end}})`,
];

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

/** @param {PageState} state @param {number} phaseCount */
function timelineCaption(state, phaseCount) {
  return `The loss on each task (one colour per task) over the whole sequence, 0 ≤ t ≤ ${phaseCount * state.phaseT}, one chart per λ; simulation solid, exact dotted. ` +
    'Dashed lines and shaded bands mark the task switches; the label above each band is the task being trained.' +
    (state.scenario === 'continual' ? ' In the last band the network trains on task A again (the blue curve).' : '');
}

// The timelines card: one chart per compared λ, in slots reused from run to run (slots beyond the
// list are hidden). Returns draw(state, phases, lambdas, results).
/** @param {ViewFrame} frame @returns {(state: PageState, phases: readonly SequencePhase[], lambdas: readonly number[], results: readonly ExperimentResult[]) => void} */
function createTimelineCard(frame) {
  const card = frame.addCard({ id: 'sequences-timelines', title: 'Loss on every task over the sequence', caption: '' });
  const caption = card.section.querySelector('.caption');
  const grid = el('div', { class: 'sequence-grid' });
  card.body.append(grid);
  /** @type {Array<{ figure: HTMLElement, chart: TimelineChart }>} */
  const slots = [];

  /** @param {number} j @param {string} label */
  const slot = (j, label) => {
    if (!slots[j]) {
      const canvas = card.addChart(`timeline-${j}`, label, { into: grid });
      const figure = canvas.closest('figure');
      figure.classList.add('sequence-figure');
      slots[j] = { figure, chart: createTimelineChart(canvas) };
    }
    const { figure, chart } = slots[j];
    figure.hidden = false;
    figure.querySelector('figcaption').textContent = label;
    chart.canvas.setAttribute('aria-label', `Loss on every task over the sequence, ${label}`);
    figure.querySelector('.png-button').setAttribute('aria-label', `Download the timeline for ${label} as a PNG image`);
    return chart;
  };

  return (state, phases, lambdas, results) => {
    caption.textContent = timelineCaption(state, phases.length);
    slots.forEach((s, j) => {
      s.figure.hidden = j >= lambdas.length;
    });
    const bands = phaseBands(phases, state.phaseT);
    const yMax = timelineMaxLoss(results);
    lambdas.forEach((lambda, j) => {
      const result = results[j];
      const curves = phases.map((p, k) => (p.curve ? {
        label: p.label, color: curveColor(k),
        simulation: componentSeries(result.simulation?.taskLosses, k), exact: componentSeries(result.exact?.taskLosses, k),
      } : null)).filter(Boolean);
      const chart = slot(j, `λ = ${lambda}`);
      setBands(chart, bands, phases.length * state.phaseT, yMax);
      setTrajectories(chart, result.times, curves);
    });
  };
}

/** @type {View} */
export default {
  id: 'sequences',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'sequences', intro: INTRO, formulas: FORMULAS, context });
    const scenario = createSelectField({ label: 'Scenario', options: /** @type {Array<[keyof typeof SCENARIOS, string]>} */ (Object.entries(SCENARIOS).map(([value, s]) => [value, s.option])),
      onValue: (value, options) => context.onChange({ scenario: value }, options) });
    const fields = frame.numberFields({ phaseT: 'Time per task', ntasks: 'Number of new tasks (A, B, …)', similarity: 'Similarity ρ of B to A', lambdaMax: 'λ range ± (summary)' });
    const lambdaList = createLambdaListField({ id: 'sequences-lambdas', label: 'λ values (timelines)', onLambdas: (lambdas) => context.onChange({ lambdas }, { commit: true }) });
    scenario.element.classList.add('sequences-scenario');
    frame.addControls([scenario, fields.phaseT, fields.ntasks, fields.similarity, lambdaList, fields.lambdaMax],
      'σ, the network shape, the task (random or hierarchy), the seeds and the learning rate are those of the settings panel; the time per task replaces its training time.');

    const scenarioText = el('p', { class: 'sequences-scenario-text' });
    frame.body.append(scenarioText);
    const drawTimelines = createTimelineCard(frame);
    const drawSummary = createSummaryCard(frame.body, context);

    // The runs of the plan: the timelines and the summary, then (transfer) B alone, which needs B's data.
    /** @param {SequencesPlan} plan @param {JobProgress} progress @param {JobSubmit} submit @returns {Promise<SequenceRuns>} */
    const runAll = async (plan, progress, submit) => {
      const first = plan.timelineConfigs.length + plan.summaryConfigs.length;
      /** @param {number} count @returns {(fraction: number) => void} */
      const share = (count) => (fraction) => progress(fraction * count / plan.total, 0, 1);
      const { results } = await submit([...plan.timelineConfigs, ...plan.summaryConfigs], { onProgress: share(first), batch: 2 });
      const timelines = results.slice(0, plan.timelineConfigs.length), summary = results.slice(plan.timelineConfigs.length);
      const scratch = plan.scratchCount
        ? (await submit(plan.scratchConfigs(summary[0].tasks[1]), { onProgress: (fraction) => progress((first + fraction * plan.scratchCount) / plan.total, 0, 1), batch: 4 })).results
        : [];
      return { results, timelines, summary, scratch };
    };
    /** @type {{ state: PageState, plan: SequencesPlan } & Omit<SequenceRuns, 'results'> | null} */
    let data = null; // what is drawn

    return {
      frame,
      hide: () => frame.hide(),
      exportData: () => data && sequencesExport(data),
      async show(state) {
        scenario.setValue(state.scenario);
        for (const key of /** @type {const} */ (['phaseT', 'ntasks', 'similarity', 'lambdaMax'])) fields[key].setValue(state[key]);
        fields.ntasks.element.hidden = state.scenario !== 'continual';
        fields.similarity.element.hidden = state.scenario !== 'transfer';
        lambdaList.sync(state.lambdas);
        scenarioText.textContent = SCENARIOS[state.scenario].text;
        const key = sequencesKey(state);
        if (frame.isCurrent(key)) return;
        frame.notices.clearPrefix('sequences:');
        if (state.init !== 'balanced') {
          frame.notices.show('sequences:init', 'The sequence experiments always start from random λ-balanced weights (the settings panel’s other initializations are not used here).', { level: 'info' });
        }
        const plan = sequencesPlan(state);
        await frame.runJob({
          key,
          work: (progress, submit) => runAll(plan, progress, submit),
          failure: 'The sequence experiment could not run',
          counter: 'sequencesRendered',
          /** @param {SequenceRuns} runs @param {number} seconds */
          onDone({ results, timelines, summary, scratch }, seconds) {
            data = { state, plan, timelines, summary, scratch };
            drawTimelines(state, plan.phases, plan.lambdas, timelines);
            drawSummary(state, plan.phases, plan.sweep, summary, scratch);
            const diverged = divergedCount(timelines);
            if (diverged) frame.notices.show('sequences:diverged', `Gradient descent diverged in ${diverged} of the timelines: lower the learning rate (the exact curves are unaffected).`, { asksToChange: true });
            // A phase that ends before its task is learned: what follows starts from a network that has not learned it.
            const late = unconvergedPhases(plan.phases, plan.lambdas, timelines, summary[0]?.tasks ?? []);
            if (late.length) {
              frame.notices.show('sequences:converged', `Not converged when its phase ended (more than ${100 * CONVERGED_LEFT} % of the way from the loss at ` +
                `the phase’s start to the lowest possible loss left, exact solution): ${late.map((u) => `λ = ${u.lambda}, ${u.label} at t = ${formatNumber(u.end)} ` +
                `(loss ${formatNumber(u.loss)}, lowest possible ${formatNumber(u.floor)}; ${formatNumber(100 * u.left)} % of the way left)`).join('; ')}. ` +
                'Where a task was not learned, the next phase starts from a network that had not learned it: raise the time per task to compare learned networks.');
            }
            const unavailable = firstUnavailable(results);
            if (unavailable) frame.notices.show('sequences:exact', `No exact solution: ${unavailable}.`);
            return `Trained ${plan.total} networks through ${plan.phases.length} phases in ${seconds.toFixed(1)} s.`;
          },
        });
      },
    };
  },
};
