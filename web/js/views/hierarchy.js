// The semantic hierarchy (the paper's Figure 4): the task's SVD and RSMs, the representations
// learned from different λ (simulation and theory), and the sensitivity of the trained network to
// input and parameter noise as functions of λ (Monte Carlo points over the closed form).
// What is computed is in experiments/hierarchy.js; this module draws it.
import { createHeatmap, setMatrix, maxAbs } from '../charts/heatmap.js';
import { summarize, createTrajectoryChart } from '../charts/trajectory-chart.js';
import { refresh } from '../charts/setup.js';
import { curveColor } from '../charts/palette.js';
import { createLambdaListField } from '../ui/lambda-list.js';
import { el, clear } from '../ui/dom.js';
import { hierarchyPlan, taskMatrices, LEARNED_ROWS, sensitivitySeries, hierarchyExport, unconverged, learnedColumns } from '../experiments/hierarchy.js';
import { formatNumber } from '../charts/ticks.js';
import { divergedCount, lastMatrix, lossFloor } from '../experiments/results.js';
import { createViewFrame } from './frame.js';
/** @import { LinearScaleOptions } from 'chart.js' */
/** @import { View } from './index.js' */
/** @import { ViewFrame } from './frame.js' */
/** @import { ExperimentResult, TaskRecord } from '../../wasm/ldyn.mjs' */
/** @import { Heatmap } from '../charts/heatmap.js' */
/** @typedef {ReturnType<typeof hierarchyPlan>} HierarchyPlan */
/** @typedef {ReturnType<typeof learnedColumns>[number]} LearnedColumn */

const INTRO = [
  'Items are the leaves of a binary tree (two kingdoms, four families, eight species at depth 3); each output is a tree node, on for the items below it. ' +
  'The singular value decomposition of the task has one mode per level of the hierarchy, and the network learns them from the broadest to the finest.',
  'After training, the network function is the same for every λ, but the hidden representations are not, and how they differ depends on the shape. ' +
  'With the tree-node features (the default: 8 items, 8 hidden units, 15 outputs, an inverted funnel) a large negative λ keeps W₁ᵀW₁ close to |λ| times ' +
  'the identity and the kernel hardly changes (lazy), while a positive λ is the richest: W₂W₂ᵀ (15 × 15, of rank 8) cannot become a multiple of the identity, ' +
  'and the kernel distance grows with λ (about 0.18 at λ = 0, 0.45 at λ = 2). With the ±1 contrast features (8 outputs, a square network) the two signs ' +
  'mirror each other: rich at λ = 0, and for large |λ| one side stays close to a multiple of the identity (lazy). The sensitivity to input noise does not ' +
  'depend on λ; the sensitivity to noise in the weights grows with |λ|.',
];
const FORMULAS = [
  String.raw`\Sigma_{yx} = \tilde U \tilde S \tilde V^\top,\qquad W_1^\top W_1 \to \tilde V\Big(\sqrt{\tilde S^2 + \tfrac{\lambda^2}{4}} - \tfrac{\lambda}{2}\Big)\tilde V^\top,\qquad W_2 W_2^\top \to \tilde U\Big(\sqrt{\tilde S^2 + \tfrac{\lambda^2}{4}} + \tfrac{\lambda}{2}\Big)\tilde U^\top`,
  String.raw`\mathbb{E}\,\|\Delta f\|^2_{\text{input}} = s^2 \|W_2W_1\|_F^2,\qquad \mathbb{E}\,\|\Delta f\|^2_{\text{weights}} = s^2\big(N_o \operatorname{tr} W_1^\top W_1 + N_i \operatorname{tr} W_2 W_2^\top\big) + s^4 N_o N_h N_i`,
];
/** @type {Array<[keyof ReturnType<typeof taskMatrices>, string]>} */
const TASK_MAPS = [['u', 'Ũ'], ['s', 'S̃'], ['v', 'Ṽ'], ['inputRsm', 'ṼS̃Ṽᵀ (input RSM)'], ['outputRsm', 'ŨS̃Ũᵀ (output RSM)']];

// The task's five heatmaps; returns draw(task).
/** @param {ViewFrame} frame @returns {(task: TaskRecord) => void} */
function createTaskCard(frame) {
  const card = frame.addCard({ id: 'hierarchy-task', title: 'The task',
    caption: 'Ũ (outputs × modes), S̃ and Ṽ (items × modes) of Σyx, and the task’s RSMs ṼS̃Ṽᵀ (items × items) and ŨS̃Ũᵀ (features × features).' });
  const grid = el('div', { class: 'heatmap-grid' });
  card.body.append(grid);
  const maps = Object.fromEntries(TASK_MAPS.map(([key, label]) => [key, createHeatmap(card.addChart(`task-${key}`, label, { size: 'square', into: grid }))]));
  return (task) => {
    const matrices = taskMatrices(task);
    for (const [key] of TASK_MAPS) setMatrix(maps[key], matrices[key].matrix, maxAbs(matrices[key].scaleFrom));
  };
}

// The grid of learned representations, one column per λ; returns draw(columns, results).
/** @param {ViewFrame} frame @returns {(columns: LearnedColumn[], results: ExperimentResult[]) => void} */
function createLearnedCard(frame) {
  const card = frame.addCard({ id: 'hierarchy-learned', title: 'Learned representations after training',
    caption: 'W₁ᵀW₁ (items × items, the input-side RSM) and W₂W₂ᵀ (features × features, output side) at the end of training, simulation and theory for each λ, ' +
      'each column on its own colour scale. Compare with the task’s RSMs above. The last column starts from random large weights that are not ' +
      'λ-balanced (the paper’s Figure 4D): training fits the task but leaves most of the random structure in place — a lazy, task-agnostic representation.' });
  const grid = el('div', { class: 'multiples multiples-square' });
  card.body.append(grid);
  /** @type {Heatmap[]} */
  let charts = [];
  return (columns, results) => {
    for (const chart of charts) chart.destroy();
    charts = [];
    clear(grid);
    grid.style.setProperty('--columns', String(columns.length));
    grid.append(el('div', { class: 'multiples-corner' }), ...columns.map((c) => el('div', { class: 'multiples-head', text: c.label })));
    for (const [label, which, field] of /** @type {Array<[string, 'simulation' | 'exact', 'inputRepresentation' | 'outputRepresentation']>} */ (LEARNED_ROWS)) {
      grid.append(el('div', { class: 'multiples-row-label', text: label }));
      columns.forEach((column, i) => {
        const result = results[i];
        if (!result[which]) {
          // Random large weights are not λ-balanced: there is no closed form to show.
          grid.append(el('p', { class: 'multiples-note', text: 'no exact solution: the weights are not λ-balanced' }));
          return;
        }
        const chart = createHeatmap(card.addChart(`${field}-${which}-${i}`, `${label}, ${column.label}`, { size: 'square', into: grid }));
        setMatrix(chart, lastMatrix(result[which][field]), maxAbs(lastMatrix(result.exact?.[field]), lastMatrix(result.simulation?.[field])));
        charts.push(chart);
      });
    }
  };
}

// The two sensitivity charts; returns draw(lambdas, curves, points, T).
/** @param {ViewFrame} frame @returns {(lambdas: HierarchyPlan['lambdas'], curves: ExperimentResult[], points: ExperimentResult[], T: number) => string} */
function createSensitivityCard(frame) {
  const card = frame.addCard({ id: 'hierarchy-sensitivity', title: 'Sensitivity to noise after training',
    caption: 'Expected squared change of the output, averaged over items, when the inputs (left) or the weights (right) are perturbed by Gaussian noise of size s. ' +
      'Line: closed form on the exact state at T; points: Monte Carlo estimates on the gradient-descent network at T. Dashed line and hollow points: not converged by T (the loss more than 10⁻⁴ of its way from the floor).' });
  const charts = {
    input: createTrajectoryChart(card.addChart('sensitivity-input', 'Input-noise sensitivity vs λ'), { xTitle: 'λ', yTitle: 'E‖Δf‖²', legend: true }),
    parameter: createTrajectoryChart(card.addChart('sensitivity-parameter', 'Parameter-noise sensitivity vs λ'), { xTitle: 'λ', yTitle: 'E‖Δf‖²', legend: true }),
  };
  // From zero: a flat curve looks flat, and Monte Carlo scatter of a percent looks like one.
  for (const chart of Object.values(charts)) /** @type {LinearScaleOptions} */ (chart.options.scales.y).beginAtZero = true;
  // Returns what was not converged by T ('' when everything was): a sensitivity "after training"
  // read on a network still learning is not the trained network's, so those λ are drawn dashed and hollow.
  return (lambdas, curves, points, T) => {
    let late = '';
    for (const kind of /** @type {const} */ (['input', 'parameter'])) {
      const chart = charts[kind];
      const { closedForm, monteCarlo } = sensitivitySeries(kind, lambdas, curves, points);
      // The dashed part: the unconverged λ and the converged neighbours it joins.
      const lateCurve = closedForm.filter((p, i) => !p.converged || closedForm[i - 1]?.converged === false || closedForm[i + 1]?.converged === false);
      chart.data.datasets = [
        { label: 'closed form (theory)', data: closedForm.map((p) => ({ x: p.x, y: p.converged ? p.y : NaN })), borderColor: curveColor(0), backgroundColor: curveColor(0), borderWidth: 2, pointRadius: 0 },
        ...(closedForm.some((p) => !p.converged) ? [{ label: `closed form, not converged by T = ${T}`, data: lateCurve.map((p) => ({ x: p.x, y: p.y })),
          borderColor: curveColor(0), backgroundColor: curveColor(0), borderWidth: 2, borderDash: [6, 4], pointRadius: 0 }] : []),
        { label: 'Monte Carlo (simulation)', data: monteCarlo.filter((p) => p.converged),
          showLine: false, borderColor: curveColor(5), backgroundColor: curveColor(5), pointRadius: 4, pointStyle: 'rectRot' },
        ...(monteCarlo.some((p) => !p.converged) ? [{ label: `Monte Carlo, not converged by T = ${T}`, data: monteCarlo.filter((p) => !p.converged),
          showLine: false, borderColor: curveColor(5), backgroundColor: 'rgba(0, 0, 0, 0)', pointRadius: 4, pointStyle: 'rectRot' }] : []),
      ];
      summarize(chart);
      refresh(chart);
      if (kind === 'input') {
        const notDone = closedForm.filter((p) => !p.converged).map((p) => p.x);
        if (notDone.length) {
          late = `the sensitivity curves at ${notDone.length} of ${closedForm.length} λ (from ${formatNumber(Math.min(...notDone))} to ${formatNumber(Math.max(...notDone))}: dashed, ` +
            'hollow points): there they are not yet those of trained networks';
        }
      }
    }
    return late;
  };
}

/** @type {View} */
export default {
  id: 'hierarchy',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'hierarchy', intro: INTRO, formulas: FORMULAS, context });
    const fields = frame.numberFields({ depth: 'Hierarchy depth', noise: 'Noise level s', samples: 'Monte Carlo samples', lambdaMax: 'λ range ±' });
    const lambdaList = createLambdaListField({ id: 'hierarchy-lambdas', label: 'λ values compared', onLambdas: (lambdas) => context.onChange({ lambdas }, { commit: true }) });
    frame.addControls([...Object.values(fields), lambdaList], 'The chosen λ, σ, the training time and the learning rate are in the settings panel.');
    const drawTask = createTaskCard(frame);
    const drawLearned = createLearnedCard(frame);
    const drawSensitivity = createSensitivityCard(frame);

    /** @param {HierarchyPlan} plan @param {ExperimentResult[]} results */
    const draw = (plan, results) => {
      const { learned, curves, points } = plan.split(results);
      if (plan.redo.learned) {
        drawTask(learned[0].tasks[0]);
        drawLearned(plan.columns, learned);
      }
      if (plan.redo.sensitivity) lateSensitivity = drawSensitivity(plan.lambdas, curves, points, plan.T);
      const diverged = divergedCount(results);
      if (diverged) frame.notices.show('hierarchy:diverged', `Gradient descent diverged in ${diverged} of the runs: lower the learning rate.`, { asksToChange: true });
      if (plan.redo.learned) {
        // "After training" in the paper means converged: say so when T is too short for that.
        const task = learned[0].tasks[0];
        lateLearned = unconverged(plan.columns, learned, lossFloor(task), 1e-4)
          .map((u) => `${u.label} (${u.trajectory}, ${formatNumber(100 * u.gap)} % of the way left)`).join('; ');
      }
      // Both parts are said each time, whichever of them was recomputed.
      const late = [lateLearned, lateSensitivity].filter(Boolean).join('; and ');
      if (late) {
        frame.notices.show('hierarchy:converged', `Not converged by T = ${plan.T}: ${late}. ` +
          (context.isEmbed() ? 'The paper’s panels show converged networks.' : 'The paper’s panels show converged networks: raise the training time T, or see “Figures of the paper” → Figure 4.'), { level: 'info' });
      }
    };
    let lateLearned = '', lateSensitivity = ''; // what the last drawing of each part left unconverged

    let shown = { learned: '', sensitivity: '' };
    /** @type {{ plan: HierarchyPlan, results: ExperimentResult[] } | null} */
    let data = null; // what is drawn
    return {
      frame,
      hide: () => frame.hide(),
      exportData: () => data && hierarchyExport(data.plan, data.results),
      async show(state) {
        for (const key of /** @type {const} */ (['depth', 'noise', 'samples', 'lambdaMax'])) fields[key].setValue(state[key]);
        lambdaList.sync(state.lambdas);
        const plan = hierarchyPlan(state, shown);
        const key = JSON.stringify(plan.keys);
        if (frame.isCurrent(key) || (!plan.redo.learned && !plan.redo.sensitivity)) return;
        await frame.runConfigs(plan.configs, {
          key,
          failure: 'The hierarchy experiment could not run',
          counter: 'hierarchyRendered',
          onDone(results, seconds) {
            shown = plan.keys;
            data = { plan, results };
            frame.notices.clearPrefix('hierarchy:');
            draw(plan, results);
            return `Trained ${plan.configs.length} networks in ${seconds.toFixed(1)} s.`;
          },
        });
      },
    };
  },
};
