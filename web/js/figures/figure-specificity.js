// The authors' "task specificity" of the representations against λ (their illustrative_example
// notebook): the engine's converged W₁ᵀW₁ and W₂W₂ᵀ scored at 49 λ (points), the closed form of the
// converged λ-balanced network (black dotted), the score of the identity (a representation that
// knows nothing of the task) for scale, and the effective rank of the network function.
import { curveColor } from '../charts/palette.js';
import { EXACT } from './common.js';
import { SPECIFICITY, specificityLambdas, specificityConfig, specificitySweep, closedFormSpecificity, specificity, taskEffectiveRank, hiddenSimilarities, closedFormSimilarities } from '../experiments/specificity.js';
import { lossFloor } from '../experiments/results.js';
import { formatNumber } from '../charts/ticks.js';

/** @import { FigurePanel, LinesPanel, PlottedSeries } from './common.js' */
/** @param {number} n */
const identity = (n) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
// The finest λ grid of the closed form's curve.
const CURVE_POINTS = 241;
// The loss gap below which a network counts as converged (rounding is ~1e-15).
const CONVERGED = 1e-12;

/** @import { Figure } from './index.js' */
/** @type {Figure} */
export default {
  id: 'specificity',
  title: 'Task specificity of the representations against λ',
  caption: 'How task-specific the converged representations W₁ᵀW₁ (input side) and W₂W₂ᵀ (output side) are, against λ, by the authors’ score: ' +
    'the cosine similarity with the task’s ṼS̃Ṽᵀ or ṼS̃²Ṽᵀ (ŨS̃Ũᵀ or ŨS̃²Ũᵀ on the output side), whichever is larger. Points: the engine’s ' +
    'exact flow at the end of training; black dotted: the closed form; grey: the score of the identity, a representation that knows nothing of the task.',
  made: [
    'Not a figure of the paper: the score is from the authors’ notebook illustrative_example.ipynb (cells 12–18). Their task: 8 items, 8 hierarchical ' +
    'features of ±1 and 0, a square 8–8–8 network, from small λ-balanced weights (σ = 0.01 on W₂W₁, seed 1), learning rate 0.01, to t = 1000 with the ' +
    'exact solution for 49 λ from −6 to 6 (λ in this explorable’s units). The notebook scores W₁ᵀW₁ against the output-side Ũ; here each side is ' +
    'scored against its own singular vectors (Ṽ for W₁ᵀW₁, Ũ for W₂W₂ᵀ).',
    'Closed form: at convergence W₂W₁ = Σyx and W₁ᵀW₁ = Ṽ diag(g) Ṽᵀ with g = √(s² + λ²/4) − λ/2, W₂W₂ᵀ = Ũ diag(h) Ũᵀ with h = √(s² + λ²/4) + λ/2, ' +
    'so the score is max over p = 1, 2 of ⟨g, sᵖ⟩ / (‖g‖ ‖sᵖ‖) (h on the output side). For λ → −∞, g → |λ| (W₁ᵀW₁ tends to a multiple of the ' +
    'identity: the input side is lazy) and for λ → +∞, g → s²/λ (W₁ᵀW₁ ∝ ṼS̃²Ṽᵀ: its score tends to 1 although W₁ is small); the output side is the mirror image.',
    'Read the scale: this task’s singular values (1, 1, 0.71, 0.71, 0.5, 0.5, 0.5, 0.5) are close to each other, so even the identity scores ' +
    'high. The scores fall from 1 at λ = 0 towards the identity’s on the lazy side of each layer; the rank of what the network computes (right) ' +
    'is the task’s at every λ: λ changes where the representation lives, not the function learned.',
    'C: linear CKA (Kornblith et al. 2019) of the item Gram matrix HᵀH = XᵀW₁ᵀW₁X, centred, with the targets’ YᵀY and with the inputs’ XᵀX, and RSA, the ' +
    'Pearson correlation of the off-diagonal entries of HᵀH and YᵀY; points from the engine’s converged W₁ᵀW₁, lines from the closed form. ' +
    'CKA shows the input side turning input-like for λ < 0 (CKA with XᵀX → 1, with YᵀY down to 0.86 at λ = −6) and task-like for λ > 0. RSA stays near 1 at every λ: ' +
    'it reads only the off-diagonal entries, and on these one-hot items the large identity part of a lazy W₁ᵀW₁ has none — a reason to read RSA with care.',
  ],
  inPaper: false,
  columns: 2,
  link: SPECIFICITY,
  async compute(submit) {
    const lambdas = specificityLambdas();
    const configs = lambdas.map((lambda, i) => specificityConfig(lambda, i === 0));
    const results = await submit(configs);
    const task = results[0].tasks[0], s = Array.from(task.s);
    const sweep = specificitySweep(lambdas, results);
    const curve = Array.from({ length: CURVE_POINTS }, (_, i) => -SPECIFICITY.lambdaMax + (2 * SPECIFICITY.lambdaMax * i) / (CURVE_POINTS - 1));
    const closed = curve.map((lambda) => closedFormSpecificity(s, lambda));
    const n = task.v.length;
    const identityScore = specificity(identity(n), task.v.rows(), s);
    const xs = sweep.map((p) => p.lambda);
    const ends = [-SPECIFICITY.lambdaMax, SPECIFICITY.lambdaMax];
    const floor = lossFloor(task);
    const gap = Math.max(0, ...sweep.map((p) => p.loss - floor));
    const converged = gap < CONVERGED;
    const taskRank = taskEffectiveRank(s);
    /** @type {FigurePanel[]} */
    const panels = [
      { id: 'specificity', kind: 'lines', area: [1, 1], title: 'A. Task specificity at the end of training (black dotted: closed form; grey: the identity’s score)', quantity: 'task specificity', xTitle: 'λ', xName: 'λ',
        yTitle: 'cosine similarity with ṼS̃ᵖṼᵀ', legend: true, yMin: 0.9, yMax: 1.005,
        series: [
          { label: 'W₁ᵀW₁ (input side), exact flow at t = 1000', x: xs, y: sweep.map((p) => p.input), color: curveColor(0), style: 'points', source: 'exact' },
          { label: 'W₂W₂ᵀ (output side), exact flow at t = 1000', x: xs, y: sweep.map((p) => p.output), color: curveColor(1), style: 'points', source: 'exact' },
          { label: 'W₁ᵀW₁, closed form (converged)', x: curve, y: closed.map((c) => c.input), color: EXACT, style: 'exact' },
          { label: 'W₂W₂ᵀ, closed form (converged)', x: curve, y: closed.map((c) => c.output), color: EXACT, style: 'exact' },
          { label: `the identity (task-agnostic): ${identityScore.toFixed(3)}`, x: ends, y: [identityScore, identityScore], color: '#999999', style: 'reference' },
        ] },
      { id: 'rank', kind: 'lines', area: [1, 2], title: 'B. Effective rank of W₂W₁ at the end of training (grey: the task’s)', quantity: 'effective rank', xTitle: 'λ', xName: 'λ',
        yTitle: 'effective rank', legend: true, yMin: 0, yMax: n,
        series: [
          { label: 'W₂W₁, exact flow at t = 1000', x: xs, y: sweep.map((p) => p.effectiveRank), color: curveColor(2), style: 'points', source: 'exact' },
          { label: `the task’s Σyx: ${taskRank.toFixed(3)}`, x: ends, y: [taskRank, taskRank], color: '#999999', style: 'reference' },
        ] },
      // C: the hidden layer's items against the task (CKA, RSA), engine and closed form.
      (/** @returns {LinesPanel} */ () => {
        const engine = results.map((r) => hiddenSimilarities(task, r.exact.inputRepresentation.at(-1).rows()));
        const closedC = curve.map((lambda) => closedFormSimilarities(task, lambda));
        /** @param {'ckaTargets' | 'ckaInputs' | 'rsaTargets'} key @param {string} label @param {string} color @returns {PlottedSeries[]} */
        const line = (key, label, color) => [
          { label: `${label}, exact flow at t = 1000`, x: xs, y: engine.map((e) => e[key]), color, style: 'points', source: 'exact' },
          { label: `${label}, closed form (converged)`, x: curve, y: closedC.map((c) => c[key]), color: EXACT, style: 'exact' }];
        return { id: 'similarity', kind: 'lines', area: [2, 1, 1, 2], title: 'C. The hidden layer’s items H = W₁X against the task: linear CKA with the targets and with the inputs, RSA with the targets',
          quantity: 'similarity', xTitle: 'λ', xName: 'λ', yTitle: 'similarity', legend: true, yMin: 0, yMax: 1.005,
          series: [...line('ckaTargets', 'CKA(HᵀH, YᵀY)', curveColor(3)), ...line('ckaInputs', 'CKA(HᵀH, XᵀX)', curveColor(4)), ...line('rsaTargets', 'RSA(HᵀH, YᵀY)', curveColor(5))] };
      })(),
    ];
    const notes = [converged ? `Converged: at t = 1000 the loss is within ${formatNumber(CONVERGED)} of the lowest possible loss for every λ (the closed form is the t → ∞ limit).`
      : `Not converged: at t = 1000 the loss is still up to ${formatNumber(gap)} above the lowest possible loss; the points are not the t → ∞ limit.`];
    return { panels, notes, runs: configs.map((config, i) => ({ config, result: results[i] })) };
  },
};
