// The semantic hierarchy (the paper's Figure 4): the task's SVD and RSMs, the representations
// learned from different λ (simulation and theory), and the sensitivity of the trained network to
// input and parameter noise as functions of λ (Monte Carlo points over the closed form).
import { EnginePool, Cancelled } from '../engine/pool.js';
import { createHeatmap, setMatrix, maxAbs } from '../charts/heatmap.js';
import { createTrajectoryChart } from '../charts/trajectory-chart.js';
import { refresh } from '../charts/setup.js';
import { curveColor } from '../charts/palette.js';
import { createCard } from '../ui/card.js';
import { createNumberField } from '../ui/fields.js';
import { el, clear } from '../ui/dom.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import { createViewFrame, linspace } from './frame.js';

const LARGE_SIGMA = 3;
const CURVE_POINTS = 41;
const MONTE_CARLO_POINTS = 9;

function hierarchyConfig(state, { lambda, sigma = state.sigma, metrics, simulate = true, exact = true, samples = 0, noiseSeed = state.seed }) {
  const items = 2 ** state.depth;
  return {
    schemaVersion: 1,
    dims: { hidden: items },
    task: { kind: 'hierarchy', depth: state.depth },
    init: { kind: 'balanced', lambda, sigma, seed: state.seed },
    times: { end: state.T, count: 2 },
    learningRate: state.lr,
    simulate,
    exact,
    metrics,
    noise: { input: state.noise, parameter: state.noise, samples, seed: noiseSeed },
  };
}

// The columns of the learned-representation grid: the chosen λ, the compared λs, large weights.
function columns(state) {
  const lambdas = [...new Set([state.lambda, ...state.lambdas])];
  return [...lambdas.map((lambda) => ({ lambda, sigma: state.sigma, label: `λ = ${lambda}${lambda === state.lambda ? ' (chosen)' : ''}` })),
    { lambda: 0, sigma: LARGE_SIGMA, label: `λ = 0, σ = ${LARGE_SIGMA} (large weights)` }];
}

const last = (series) => series?.[series.length - 1];

export default {
  id: 'hierarchy',
  title: 'Semantic hierarchy',
  // Trained to convergence: for λ > 0 the finest modes of this (Ni = Nh < No) network align slowly.
  preset: { lambda: 0, lambdas: [-2, 0, 2], depth: 3, sigma: 0.01, T: 400, lr: 0.01, noise: 0.1, samples: 5000, lambdaMax: 6 },
  create(container, context) {
    const frame = createViewFrame(container, {
      id: 'hierarchy',
      title: 'Semantic hierarchy',
      intro: [
        'Items are the leaves of a binary tree (two kingdoms, four families, eight species at depth 3); each output is a tree node, on for the items below it. ' +
        'The singular value decomposition of the task has one mode per level of the hierarchy, and the network learns them from the broadest to the finest.',
        'After training, the network function is the same for every λ, but the hidden representations are not: at λ = 0 both layers carry the task’s ' +
        'similarity structure (rich); for large |λ| one side stays close to a multiple of the identity (lazy). The sensitivity to input noise does not depend on λ; ' +
        'the sensitivity to noise in the weights grows with |λ|.',
      ],
      formulas: [
        String.raw`\Sigma_{yx} = \tilde U \tilde S \tilde V^\top,\qquad W_1^\top W_1 \to \tilde V\Big(\sqrt{\tilde S^2 + \tfrac{\lambda^2}{4}} - \tfrac{\lambda}{2}\Big)\tilde V^\top,\qquad W_2 W_2^\top \to \tilde U\Big(\sqrt{\tilde S^2 + \tfrac{\lambda^2}{4}} + \tfrac{\lambda}{2}\Big)\tilde U^\top`,
        String.raw`\mathbb{E}\,\|\Delta f\|^2_{\text{input}} = s^2 \|W_2W_1\|_F^2,\qquad \mathbb{E}\,\|\Delta f\|^2_{\text{weights}} = s^2\big(N_o \operatorname{tr} W_1^\top W_1 + N_i \operatorname{tr} W_2 W_2^\top\big) + s^4 N_o N_h N_i`,
      ],
    });
    const set = (key) => (value, options) => context.onChange({ [key]: value }, options);
    const limits = (key) => ({ min: PARAM_BY_KEY[key].min, max: PARAM_BY_KEY[key].max, integer: PARAM_BY_KEY[key].kind === 'int' });
    const fields = {
      depth: createNumberField({ label: 'Hierarchy depth', ...limits('depth'), onValue: set('depth') }),
      noise: createNumberField({ label: 'Noise level s', ...limits('noise'), onValue: set('noise') }),
      samples: createNumberField({ label: 'Monte Carlo samples', ...limits('samples'), onValue: set('samples') }),
      lambdaMax: createNumberField({ label: 'λ range ±', ...limits('lambdaMax'), onValue: set('lambdaMax') }),
    };
    frame.controls.append(...Object.values(fields).map((f) => f.element),
      el('p', { class: 'field-hint', text: 'λ values compared, σ, training time and learning rate are in the settings panel and the “Compare λ” list.' }));

    const taskCard = createCard(frame.body, { id: 'hierarchy-task', title: 'The task',
      caption: 'Ũ (outputs × modes), S̃ and Ṽ (items × modes) of Σyx, and the task’s RSMs ṼS̃Ṽᵀ (items × items) and ŨS̃Ũᵀ (features × features).',
      exportName: context.exportName });
    const taskGrid = el('div', { class: 'heatmap-grid' });
    taskCard.body.append(taskGrid);
    const taskMaps = Object.fromEntries([['u', 'Ũ'], ['s', 'S̃'], ['v', 'Ṽ'], ['inputRsm', 'ṼS̃Ṽᵀ (input RSM)'], ['outputRsm', 'ŨS̃Ũᵀ (output RSM)']]
      .map(([key, label]) => [key, createHeatmap(taskCard.addChart(`task-${key}`, label, { size: 'square', into: taskGrid }))]));

    const learnedCard = createCard(frame.body, { id: 'hierarchy-learned', title: 'Learned representations after training',
      caption: 'W₁ᵀW₁ (items × items, the input-side RSM) and W₂W₂ᵀ (features × features, output side) at the end of training, simulation and theory for each λ, ' +
        'each column on its own colour scale. Compare with the task’s RSMs above.',
      exportName: context.exportName });
    const learnedGrid = el('div', { class: 'multiples multiples-square' });
    learnedCard.body.append(learnedGrid);
    let learnedCharts = [];

    const sensCard = createCard(frame.body, { id: 'hierarchy-sensitivity', title: 'Sensitivity to noise after training',
      caption: 'Expected squared change of the output, averaged over items, when the inputs (left) or the weights (right) are perturbed by Gaussian noise of size s. ' +
        'Line: closed form on the exact final state; points: Monte Carlo estimates on the gradient-descent network.',
      exportName: context.exportName });
    const sensCharts = {
      input: createTrajectoryChart(sensCard.addChart('sensitivity-input', 'Input-noise sensitivity vs λ'), { xTitle: 'λ', yTitle: 'E‖Δf‖²', legend: true }),
      parameter: createTrajectoryChart(sensCard.addChart('sensitivity-parameter', 'Parameter-noise sensitivity vs λ'), { xTitle: 'λ', yTitle: 'E‖Δf‖²', legend: true }),
    };
    const pool = new EnginePool();
    frame.onCancel(() => pool.cancel());

    const drawTask = (task) => {
      const k = task.s.length;
      const diag = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? task.s[i] : 0)));
      const cut = (m) => m.map((row) => row.slice(0, k));
      setMatrix(taskMaps.u, cut(task.u), maxAbs(task.u));
      setMatrix(taskMaps.s, diag, maxAbs(diag));
      setMatrix(taskMaps.v, cut(task.v), maxAbs(task.v));
      setMatrix(taskMaps.inputRsm, task.inputRsm, maxAbs(task.inputRsm));
      setMatrix(taskMaps.outputRsm, task.outputRsm, maxAbs(task.outputRsm));
    };

    const drawLearned = (cols, results) => {
      for (const chart of learnedCharts) chart.destroy();
      learnedCharts = [];
      clear(learnedGrid);
      learnedGrid.style.setProperty('--columns', String(cols.length));
      learnedGrid.append(el('div', { class: 'multiples-corner' }), ...cols.map((c) => el('div', { class: 'multiples-head', text: c.label })));
      const rows = [['W₁ᵀW₁ · simulation', 'simulation', 'inputRepresentation'], ['W₁ᵀW₁ · theory', 'exact', 'inputRepresentation'],
        ['W₂W₂ᵀ · simulation', 'simulation', 'outputRepresentation'], ['W₂W₂ᵀ · theory', 'exact', 'outputRepresentation']];
      for (const [label, which, field] of rows) {
        learnedGrid.append(el('div', { class: 'multiples-row-label', text: label }));
        cols.forEach((col, i) => {
          const result = results[i];
          const chart = createHeatmap(learnedCard.addChart(`${field}-${which}-${i}`, `${label}, ${col.label}`, { size: 'square', into: learnedGrid }));
          setMatrix(chart, last(result[which]?.[field]), maxAbs(last(result.exact?.[field]), last(result.simulation?.[field])));
          learnedCharts.push(chart);
        });
      }
    };

    const drawSensitivity = (curveLambdas, curves, mcLambdas, points) => {
      for (const kind of ['input', 'parameter']) {
        const chart = sensCharts[kind];
        chart.data.datasets = [
          { label: 'closed form (theory)', data: curveLambdas.map((l, i) => ({ x: l, y: last(curves[i].exact?.sensitivity[kind]) })),
            borderColor: curveColor(0), backgroundColor: curveColor(0), borderWidth: 2, pointRadius: 0 },
          { label: 'Monte Carlo (simulation)', data: mcLambdas.map((l, i) => ({ x: l, y: points[i].simulation?.sensitivity.monteCarlo?.[kind] }))
            .filter((p) => Number.isFinite(p.y)),
          showLine: false, borderColor: curveColor(5), backgroundColor: curveColor(5), pointRadius: 4, pointStyle: 'rectRot' },
        ];
        refresh(chart);
      }
    };

    const keyOf = (state, keys) => JSON.stringify(keys.map((k) => state[k]));
    const common = ['depth', 'sigma', 'T', 'lr', 'seed'];
    let shown = { learned: '', sensitivity: '' };
    let runs = 0;
    return {
      async show(state) {
        for (const [key, field] of Object.entries(fields)) field.setValue(state[key]);
        // The sensitivity sweep does not depend on the chosen λ: moving λ retrains only the grid.
        const keys = { learned: keyOf(state, [...common, 'lambda', 'lambdas']), sensitivity: keyOf(state, [...common, 'noise', 'samples', 'lambdaMax']) };
        const redo = { learned: keys.learned !== shown.learned, sensitivity: keys.sensitivity !== shown.sensitivity };
        if (!redo.learned && !redo.sensitivity) return;
        const cols = columns(state);
        const curveLambdas = linspace(-state.lambdaMax, state.lambdaMax, CURVE_POINTS);
        const mcLambdas = linspace(-state.lambdaMax, state.lambdaMax, MONTE_CARLO_POINTS);
        const learnedConfigs = redo.learned
          ? cols.map((c, i) => hierarchyConfig(state, { lambda: c.lambda, sigma: c.sigma, metrics: i === 0 ? ['representations', 'task'] : ['representations'] }))
          : [];
        const sensitivityConfigs = redo.sensitivity
          ? [...curveLambdas.map((lambda) => hierarchyConfig(state, { lambda, metrics: ['sensitivity'], simulate: false })),
            // Independent noise for every point, so that Monte Carlo errors show as scatter, not as a shared bias.
            ...mcLambdas.map((lambda, i) => hierarchyConfig(state, { lambda, metrics: ['sensitivity'], exact: false, samples: state.samples, noiseSeed: state.seed + 1 + i }))]
          : [];
        const configs = [...learnedConfigs, ...sensitivityConfigs];
        const run = ++runs;
        frame.progress.start(configs.length, 'Training networks');
        context.setBusy(true);
        const started = performance.now();
        try {
          const results = await pool.run(configs, { onProgress: (done, total) => frame.progress.update(done, total), batch: 4 });
          shown = keys;
          context.notices.clearPrefix('hierarchy:');
          if (redo.learned) {
            const learned = results.slice(0, cols.length);
            drawTask(learned[0].tasks[0]);
            drawLearned(cols, learned);
          }
          if (redo.sensitivity) {
            const sens = results.slice(learnedConfigs.length);
            drawSensitivity(curveLambdas, sens.slice(0, CURVE_POINTS), mcLambdas, sens.slice(CURVE_POINTS));
          }
          const diverged = results.filter((r) => r.simulation?.diverged).length;
          if (diverged) context.notices.show('hierarchy:diverged', `Gradient descent diverged in ${diverged} of the runs: lower the learning rate.`);
          context.setStatus(`Trained ${configs.length} networks in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
          document.body.dataset.hierarchyRendered = String(Number(document.body.dataset.hierarchyRendered ?? 0) + 1);
        } catch (error) {
          if (run !== runs) return; // superseded by a newer request, which owns the progress bar
          if (error instanceof Cancelled) context.setStatus('Cancelled.');
          else context.notices.show('hierarchy:error', `The hierarchy experiment could not run: ${error.message}`, { level: 'error' });
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
