// The summary card of the sequence view: up to three charts across λ, from exact runs of the whole
// sequence (and, for transfer, of task B alone), chosen by the scenario, with a caption that says
// how to read them. The numbers come from experiments/sequences.js.
import { refresh } from './setup.js';
import { curveColor } from './palette.js';
import { createSummaryChart, lineDataset } from './sequence-charts.js';
import { summarize } from './trajectory-chart.js';
import { createCard } from '../ui/card.js';
import { el } from '../ui/dom.js';
/** @import { ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { PageState } from '../state/schema.js' */
/** @import { SequencePhase, SequencesPlan } from '../experiments/sequences.js' */
/** @typedef {{ label: string, yTitle: string, datasets: ReturnType<typeof lineDataset>[] }} SummaryChartSpec */
/** @typedef {{ charts: SummaryChartSpec[], caption: string }} ScenarioSummary */
/**
 * @typedef {(state: PageState, phases: readonly SequencePhase[], xs: readonly number[], results: readonly ExperimentResult[],
 *   scratch?: readonly ExperimentResult[]) => ScenarioSummary} ScenarioCharts
 */
import { LETTERS, CONVERGED_LEFT, continualSummary, reversalSummary, transferSummary, missingCount } from '../experiments/sequences.js';

/** @param {number} v */
const fmt = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : '—');
// A reference curve drawn over the others: told apart by its markers, not by dashes (dotted lines
// mean the exact solution everywhere on the page, and every curve here is exact).
/** @type {{ style: import('../../vendor/chart.js/chart.js').PointStyle, top: boolean }} */
const REFERENCE = { style: 'triangle', top: true };

// Each scenario: its charts [{label, yTitle, datasets}] and the caption.
/** @type {ScenarioCharts} */
function continualCharts(state, phases, xs, results) {
  const s = continualSummary(results, phases.length);
  const missing = missingCount(s.first, s.again);
  return {
    charts: [
      { label: 'Loss on task A vs λ', yTitle: 'loss on task A', datasets: [
        lineDataset('end of A’s own phase', curveColor(0), xs, s.afterA),
        lineDataset(s.lastNew === 1 ? 'after task B' : `after tasks B–${LETTERS[s.lastNew]}`, curveColor(5), xs, s.afterLast, { style: 'rectRot' }),
        lineDataset('after returning to A', curveColor(2), xs, s.afterReturn, REFERENCE),
      ] },
      { label: 'Forgetting of task A vs λ', yTitle: 'forgetting of A', datasets: [lineDataset('forgetting of A', curveColor(3), xs, s.forgetting)] },
      { label: 'Time to learn task A vs λ', yTitle: 'time to learn A', datasets: [
        lineDataset('the first time', curveColor(0), xs, s.first),
        lineDataset('again, after the new tasks', curveColor(2), xs, s.again, REFERENCE),
      ] },
    ],
    caption: 'Exact solution, λ across the admissible range. Left: the loss on task A when A’s own phase ends, after the new tasks, and after ' +
      'returning to A for one more phase. Middle: forgetting, how much the loss on A rose while the network learned the new tasks. Once a task is learned the ' +
      'network function is the same for every λ, so forgetting differs only where A was not fully learned (near λ = 0 from small weights). Right: how long it ' +
      'takes to learn A — the first time, and again after the new tasks (“learned”: 90 % of the way from the untrained loss to the lowest possible loss)' +
      (missing ? `; ${missing} missing points did not get there within a phase.` : '.'),
  };
}

/** @type {ScenarioCharts} */
function reversalCharts(state, phases, xs, results) {
  const s = reversalSummary(results);
  const lowest = lineDataset(`lowest possible (${fmt(s.floor)})`, '#777777', xs, xs.map(() => s.floor), { dash: [2, 3] });
  lowest.pointRadius = 0;
  const missing = missingCount(s.relearned);
  // A λ not relearned by the end of the phase is drawn at the top of the axis, marked so: its time is
  // at least the phase's, and a gap in the line would hide the stall.
  const notRelearned = lineDataset(`not relearned by t = ${state.phaseT} (drawn at ${state.phaseT})`, '#d62728', xs,
    s.relearned.map((t) => (Number.isFinite(t) ? NaN : state.phaseT)), { style: 'crossRot', top: true });
  notRelearned.showLine = false;
  const relearned = lineDataset(`time to ${100 - 100 * CONVERGED_LEFT} % of the way down to the lowest loss`, curveColor(3), xs, s.relearned);
  relearned.data = xs.map((x, i) => ({ x, y: s.relearned[i] })); // NaN kept: the line breaks there, not bridging a stall
  return {
    charts: [
      { label: 'Loss on the reversed task vs λ', yTitle: 'loss on reversed A', datasets: [
        lineDataset('at the reversal', curveColor(0), xs, s.atSwitch),
        lineDataset(`after relearning for ${state.phaseT}`, curveColor(5), xs, s.atEnd, { style: 'rectRot' }),
        lowest,
      ] },
      { label: 'Time to relearn vs λ', yTitle: 'time after the reversal', datasets: [
        relearned, ...(missing ? [notRelearned] : [])] },
    ],
    caption: 'Exact solution, λ across the admissible range. Left: the loss on the reversed task right after the reversal and at the end of its phase ' +
      `(how far relearning got). Right: the time after the reversal until that loss is relearned — within ${100 * CONVERGED_LEFT} % of its distance at the ` +
      'reversal from the lowest possible loss (not halfway: a network stalled on the saddle is already more than halfway down)' +
      (missing ? `; ${missing} λ not relearned by the end of the phase, t = ${state.phaseT} after the reversal, ${missing === 1 ? 'is' : 'are'} drawn at ${state.phaseT} as ${missing === 1 ? 'a cross' : 'crosses'}.` : '.'),
  };
}

/** @type {ScenarioCharts} */
function transferCharts(state, phases, xs, results, scratch) {
  const s = transferSummary(results, scratch);
  const missing = missingCount(s.tunedTime, s.aloneTime);
  return {
    charts: [
      { label: 'Loss on the new task B vs λ', yTitle: 'loss on task B', datasets: [
        lineDataset('zero-shot (before fine-tuning)', curveColor(0), xs, s.zeroShot),
        lineDataset('after fine-tuning', curveColor(5), xs, s.tuned, { style: 'rectRot' }),
        lineDataset('B alone, same initial weights', curveColor(2), xs, s.alone, REFERENCE),
      ] },
      { label: 'Time to learn task B vs λ', yTitle: 'time to learn B', datasets: [
        lineDataset('fine-tuning after A', curveColor(5), xs, s.tunedTime, { style: 'rectRot' }),
        lineDataset('B alone, same initial weights', curveColor(2), xs, s.aloneTime, REFERENCE),
      ] },
      { label: 'Loss on the pretraining task A vs λ', yTitle: 'loss on task A', datasets: [
        lineDataset('after pretraining', curveColor(0), xs, s.pretrained),
        lineDataset('after fine-tuning on B', curveColor(5), xs, s.afterFineTuning, { style: 'rectRot' }),
      ] },
    ],
    caption: `Exact solution, λ across the admissible range, ρ = ${state.similarity}. Left: the loss on B before fine-tuning (zero-shot transfer), ` +
      'after fine-tuning, and for a network trained on B alone for the same time from the same initial weights. Middle: how long learning B takes with and ' +
      'without pretraining (“learned”: 90 % of the way from the untrained loss to the lowest possible loss; 0 if pretraining already got there)' +
      (missing ? `, ${missing} missing points did not get there within the phase` : '') + '. Right: how much of task A survives fine-tuning.',
  };
}

const SCENARIO_CHARTS = { continual: continualCharts, reversal: reversalCharts, transfer: transferCharts };

// The card; returns draw(state, phases, sweep, results, scratch).
/**
 * @param {HTMLElement} body
 * @param {{ exportName?: () => string, describe?: () => string }} context
 * @returns {(state: PageState, phases: readonly SequencePhase[], sweep: SequencesPlan['sweep'], results: readonly ExperimentResult[], scratch?: readonly ExperimentResult[]) => void}
 */
export function createSummaryCard(body, { exportName, describe }) {
  const card = createCard(body, { id: 'sequences-summary', title: 'Across λ', caption: '', exportName, describe });
  const caption = card.section.querySelector('.caption');
  const note = el('p', { class: 'sequences-note', hidden: true });
  card.body.append(note);
  const charts = [1, 2, 3].map((i) => createSummaryChart(card.addChart(`sequences-summary-${i}`, `Summary ${i}`), 'loss'));
  const figures = charts.map((chart) => chart.canvas.closest('figure'));

  /** @param {number} i @param {SummaryChartSpec | undefined} spec */
  const showChart = (i, spec) => {
    figures[i].hidden = !spec;
    charts[i].data.datasets = spec ? spec.datasets : [];
    if (!spec) return;
    figures[i].querySelector('figcaption').textContent = spec.label;
    charts[i].canvas.setAttribute('aria-label', spec.label);
    charts[i].options.scales.y.title.text = spec.yTitle;
  };

  return (state, phases, sweep, results, scratch) => {
    note.hidden = !sweep.single;
    note.textContent = sweep.single ? `This shape admits only λ = 0 (${sweep.range.reason}): the summary is a single point per curve.` : '';
    const summary = (SCENARIO_CHARTS[state.scenario] ?? transferCharts)(state, phases, sweep.lambdas, results, scratch);
    charts.forEach((_, i) => showChart(i, summary.charts[i]));
    // The λ axis spans the λ computed, not Chart.js's rounder range around them.
    for (const chart of charts) Object.assign(chart.options.scales.x, { min: sweep.lambdas[0], max: sweep.lambdas.at(-1) });
    caption.textContent = summary.caption;
    for (const chart of charts) {
      summarize(chart);
      refresh(chart);
    }
  };
}
