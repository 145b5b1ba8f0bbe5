// Figure 4: the semantic hierarchy. A: the task's SVD and RSMs; B, C: the representations learned
// from λ = −2, 0, 2 after convergence, simulation and theory (the t → ∞ limit); D: from random
// large weights; E: the sensitivity to input and to parameter noise after convergence, vs λ.
// The runs are the hierarchy experiment's (experiments/hierarchy.js) with the paper's task.
import { figureState } from './common.js';
import { curveColor } from '../charts/palette.js';
import { hierarchyConfig, sensitivityConfigs, sensitivityLambdas, sensitivitySeries, taskMatrices, squareLimit, convergence } from '../experiments/hierarchy.js';
import { formatNumber } from '../charts/ticks.js';
import { maxAbs } from '../charts/heatmap.js';
/** @import { ExperimentConfig, GaussianInit } from '../../wasm/ldyn.mjs' */
/** @import { FigurePanel } from './common.js' */

// The authors feed the 8 items as X = I₈ (not whitened); here X = √8 I. By the flow's scaling symmetry
// (docs/theory.md §8) their λ is √8 times ours and their weights 8^(1/4) times ours, so their values
// are converted: the caption's λ = −2, 0, 2 are λ = −0.707, 0, 0.707 here, the σ = 0.001 per layer of
// their plain-Gaussian small weights is 0.000595 (used here as the σ of λ-balanced weights; their own
// λ-balanced weights default to σ = 1) and their large weights' σ = 0.42 is 0.25. A noise level converts
// too: noise ε on their inputs X = I₈ is √8 ε on ours (ours are √8 times larger), noise δ on their
// weights is δ / 8^(1/4) on ours; the perturbed outputs are then identical.
const ITEMS = 8;
/** @param {number} authors @param {number} power */
const toOurs = (authors, power) => Number((authors / ITEMS ** power).toPrecision(6));
export const PAPER_LAMBDAS = [-2, 0, 2];
export const LAMBDAS = PAPER_LAMBDAS.map((lambda) => toOurs(lambda, 1 / 2));
// 8 items and the authors' 8 ±1 features, an 8–8–8 network, their λ-balanced weights (seed 2: at
// seed 1 the λ = 0 network starts on a saddle's stable manifold), learning rate 0.01; T = 100 is long
// enough for every network here to converge (checked and reported).
/** @import { Figure } from './index.js' */
/** @import { PageState } from '../state/schema.js' */
/** @type {Partial<PageState>} */
export const SETTINGS = { view: 'hierarchy', task: 'hierarchy', depth: 3, features: 'contrasts', nh: 8, lambda: 0, lambdas: LAMBDAS,
  init: 'balanced', scaleOf: 'factors', sigma: toOurs(0.001, 1 / 4), seed: 2, lr: 0.01, T: 100, noise: 0.1, samples: 5000, lambdaMax: 6 };
/** @type {GaussianInit} */
export const LARGE = { kind: 'gaussian', sigma: Number(toOurs(0.42, 1 / 4).toPrecision(2)) };
const TOLERANCE = 1e-8;
// E's noise levels, given in the authors' units (on X = I₈ and on their weights), and in ours.
export const PAPER_NOISE = 0.1;
export const INPUT_NOISE = toOurs(PAPER_NOISE, -1 / 2);
export const PARAMETER_NOISE = toOurs(PAPER_NOISE, 1 / 4);

/** @type {Array<[name: string, source: 'simulation' | 'limit', field: 'inputRepresentation' | 'outputRepresentation', label: string]>} */
const ROWS = [['B. simulation', 'simulation', 'inputRepresentation', 'W₁ᵀW₁'], ['C. theory', 'limit', 'inputRepresentation', 'W₁ᵀW₁'],
  ['B. simulation', 'simulation', 'outputRepresentation', 'W₂W₂ᵀ'], ['C. theory', 'limit', 'outputRepresentation', 'W₂W₂ᵀ']];

/** @type {Figure} */
export default {
  id: '4',
  title: 'Figure 4: the semantic hierarchy',
  caption: 'A. A semantic learning task with the SVD of the input-output correlation matrix of the task. (top) U and V represent the singular ' +
    'vectors, and S contains the singular values. (bottom) The respective RSMs. B. Simulation results and C. theoretical input and output ' +
    'representation matrices after training, showing convergence when initialized with values of λ equal to −2, 0 and 2. D. Final RSMs after ' +
    'training converged when initialised from random large weights. E. After convergence, the network’s sensitivity to input noise (top) is ' +
    'invariant to λ, but the sensitivity to parameter noise increases as λ becomes smaller (or larger) than zero.',
  made: [
    'The task of the authors’ code: 8 items (the leaves of a tree of depth 3) and 8 features of ±1 and 0 — one constant, one kingdom, two family and ' +
    `four species features — learned by an 8–8–8 network from λ-balanced weights (the authors’ construction) with σ = ${SETTINGS.sigma} per layer, learning rate 0.01. ` +
    'Their code feeds the items as X = I, which is not whitened (Σxx = I/8); here the items are whitened (X = √8 I), as the theory assumes. ' +
    'The flow’s scaling symmetry converts one into the other: the authors’ time and λ are √8 times these, their weights 8^¼ times these ' +
    `(so W₁ᵀW₁, W₂W₂ᵀ and W₂W₁ √8 times), and the outputs and the loss are the same. So the caption’s λ = −2, 0, 2 are λ = ${LAMBDAS.join(', ')} here, ` +
    `the σ = 0.001 per layer of their plain-Gaussian small weights is ${SETTINGS.sigma} (used here as the σ of λ-balanced weights; the authors’ own ` +
    `λ-balanced weights default to σ = 1 per layer) and their large weights’ σ = 0.42 is ${LARGE.sigma}. E’s λ axis is in this project’s units. ` +
    'All of these conversions assume that the authors fed the items as X = I₈ (one-hot), as their public code does.',
    '“After training” means converged: every network is trained to T = 100, where the loss of the exact solution and of gradient descent is below ' +
    `${TOLERANCE} of its initial value (checked below). C is the closed-form t → ∞ limit of the exact solution, W₁ᵀW₁ → Ṽ(√(S̃² + λ²/4) − λ/2)Ṽᵀ and ` +
    'W₂W₂ᵀ → Ũ(√(S̃² + λ²/4) + λ/2)Ũᵀ. D starts from i.i.d. Gaussian weights (σ above), which are not λ-balanced: simulation only.',
    `E: the expected squared change of the output under Gaussian noise of size ${PAPER_NOISE} in the authors’ units (on their inputs X = I₈, or on ` +
    `every weight), averaged over items. On these inputs and weights that is noise ${INPUT_NOISE} = √8 × ${PAPER_NOISE} on the inputs and ` +
    `${PARAMETER_NOISE} = ${PAPER_NOISE} / 8^¼ on the weights, which changes the outputs exactly as in the authors’ network. Line: the closed form on ` +
    'the exact converged state; points: Monte Carlo estimates (5000 samples) on the gradient-descent network. Both y axes start at 0: the input-noise ' +
    'sensitivity is the same for every λ, and the points scatter around it by the Monte Carlo error only.',
  ],
  columns: 5,
  link: SETTINGS,
  async compute(submit) {
    const state = figureState(SETTINGS);
    const learned = LAMBDAS.map((lambda) => hierarchyConfig(state, { lambda, metrics: ['loss', 'representations', 'task'] }));
    const large = hierarchyConfig(state, { init: LARGE, metrics: ['loss', 'representations'] });
    const lambdas = sensitivityLambdas(state);
    const sensitivity = sensitivityConfigs(state, lambdas)
      .map((c) => /** @type {ExperimentConfig} */ ({ ...c, metrics: [...new Set([...c.metrics, 'loss'])], noise: { ...c.noise, input: INPUT_NOISE, parameter: PARAMETER_NOISE } }));
    const configs = [...learned, large, ...sensitivity];
    const results = await submit(configs);
    const task = results[0].tasks[0];
    /** @type {FigurePanel[]} */
    const panels = [];

    // A: the task.
    const maps = taskMatrices(task);
    /** @type {Array<[keyof typeof maps, string]>} */ ([['u', 'Ũ'], ['s', 'S̃'], ['v', 'Ṽ'], ['inputRsm', 'ṼS̃Ṽᵀ (input RSM)'], ['outputRsm', 'ŨS̃Ũᵀ (output RSM)']]).forEach(([key, label], col) => {
      const matrix = maps[key].matrix;
      panels.push({ id: `task-${key}`, kind: 'heatmap', area: [1, col + 1], title: `${col === 0 ? 'A. ' : ''}${label}`, quantity: label, matrix,
        scale: Math.max(...maps[key].scaleFrom.flatMap((row) => Array.from(row, Math.abs))) });
    });
    // B and C: after convergence, for each λ; D: from large weights (simulation only).
    ROWS.forEach(([name, source, field, label], r) => {
      LAMBDAS.forEach((lambda, col) => {
        const run = results[col];
        const matrix = source === 'limit' ? squareLimit(task, lambda)[field] : run.simulation[field].at(-1).rows();
        panels.push({ id: `${source}-${field}-${lambda}`, kind: 'heatmap', area: [r + 2, col + 1], title: `${name}: ${label}, λ = ${lambda} (paper: ${PAPER_LAMBDAS[col]})`,
          quantity: `${label} (${source === 'limit' ? 'theory, t → ∞' : 'simulation'})`, lambda, matrix,
          from: source === 'limit' ? null : { run: col, trajectory: 'simulation', field } });
      });
      if (source === 'simulation') {
        const matrix = results[3].simulation[field].at(-1).rows();
        panels.push({ id: `large-${field}`, kind: 'heatmap', area: [r + 2, 4], title: `D. random large weights: ${label}`, quantity: `${label} (random large weights)`,
          matrix, from: { run: 3, trajectory: 'simulation', field } });
      }
    });
    // B, C and D compare one representation across λ, simulation and theory: one colour scale for
    // all of its heatmaps (its largest |entry|), or a smaller value would look as large as a larger one.
    /** @type {string[]} */
    const sharedScales = [];
    for (const [field, label] of [['inputRepresentation', 'W₁ᵀW₁'], ['outputRepresentation', 'W₂W₂ᵀ']]) {
      const compared = /** @type {import('./common.js').HeatmapPanel[]} */ (panels.filter((p) => p.kind === 'heatmap' && (p.id === `large-${field}` || p.id.includes(`-${field}-`))));
      const scale = maxAbs(...compared.map((p) => p.matrix));
      for (const p of compared) p.scale = scale;
      sharedScales.push(`${label} ±${formatNumber(scale)}`);
    }
    // E: the sensitivities across λ.
    const sens = results.slice(4);
    const curves = sens.slice(0, lambdas.curve.length), points = sens.slice(lambdas.curve.length);
    /** @type {const} */ (['input', 'parameter']).forEach((kind, k) => {
      const { closedForm, monteCarlo } = sensitivitySeries(kind, lambdas, curves, points);
      // Under D, across the last two columns: in the fifth column alone (1/5 of a 700 px course
      // column) its legend was cut.
      panels.push({ id: `sensitivity-${kind}`, kind: 'lines', area: [3 + 2 * k, 4, 1, 2], title: `E. ${kind === 'input' ? 'input' : 'parameter'}-noise sensitivity`,
        quantity: `${kind}-noise sensitivity`, xTitle: 'λ', xName: 'λ', yTitle: 'E‖Δf‖²', yMin: 0, legend: k === 0, series: [
          { label: 'closed form (exact, converged)', x: closedForm.map((p) => p.x), y: closedForm.map((p) => p.y), color: curveColor(0), style: 'simulation' },
          { label: 'Monte Carlo (simulation)', x: monteCarlo.map((p) => p.x), y: monteCarlo.map((p) => p.y), color: curveColor(5), style: 'points' },
        ] });
    });

    // Converged? Every run against the task's lowest loss (0: X is square and invertible).
    /** @type {string[]} */
    const notes = [];
    /** @type {string[]} */
    const unconverged = [];
    results.forEach((r, i) => {
      for (const trajectory of /** @type {const} */ (['exact', 'simulation'])) {
        if (!r[trajectory]) continue;
        const { converged, gap } = convergence(r, trajectory, 0, TOLERANCE);
        if (!converged) unconverged.push(`${configs[i].init.kind === 'gaussian' ? 'large weights' : `λ = ${r.lambda}`} (${trajectory}: ${formatNumber(gap)})`);
      }
    });
    notes.push(unconverged.length
      ? `Not converged by T = ${state.T} (loss still above ${TOLERANCE} of its start): ${unconverged.join(', ')}.`
      : `Converged: every network’s loss (exact and simulated) is below ${TOLERANCE} of its initial value at T = ${state.T}.`);
    notes.push(`B, C and D share one colour scale per representation, so that colours compare across λ: ${sharedScales.join(', ')}.`);
    return { panels, notes, runs: configs.map((config, i) => ({ config, result: results[i] })) };
  },
};
