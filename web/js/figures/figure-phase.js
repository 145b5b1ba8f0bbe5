// The rich/lazy phase diagram as a figure: the kernel distance at the end of training over (λ, σ),
// one exact solution per cell (the phase-diagram view's computation), and the diagram's rows at three
// σ drawn as curves against λ on one scale from 0.
import { curveColor } from '../charts/palette.js';
import { formatNumber } from '../charts/ticks.js';
import { PHASE_FIGURE, CONVERGED_GAP, SLICE_SIGMAS, phaseFigurePlan, phaseFigureCells, rowOf } from '../experiments/phase-figure.js';

/** @import { Figure } from './index.js' */
/** @import { PlottedSeries } from './common.js' */
/** @type {Figure} */
export default {
  id: 'phase',
  title: 'The rich and lazy regimes over relative scale λ and absolute scale σ',
  caption: 'The NTK kernel distance between the start and the end of training (Fort et al. 2020) over the relative scale λ (across) and the ' +
    'absolute scale σ of the initial weights (up, log scale): dark cells are lazy (the kernel hardly moved), yellow cells the richest of this ' +
    'diagram. B: three rows of A as points against λ, on one scale from 0.',
  inPaper: false,
  made: [
    'The paper describes the regimes in words (rich for small σ and λ near 0, lazy for large σ or large |λ|); this diagram is the phase-diagram ' +
    'view’s computation at its default settings: a 3–3–3 network on 6 random whitened items (task seed 1), λ-balanced weights (seed 1, σ the size ' +
    'of W₂W₁), 41 λ from −6 to 6 and 40 σ from 0.001 to 10 (log-spaced), each cell the exact solution at t = 0 and at T = 100 (not gradient descent).',
    'T = 100, not the view’s default T = 20: at T = 20 a few cells of small σ near λ = 0 are still leaving their plateau, and a kernel distance ' +
    'read there is not the end of training.',
    'What the numbers show for this task: the kernel moves most at λ = 0 (S = 0.073, the same at every σ) and least at large |λ| with small σ ' +
    '(S < 10⁻⁴ at |λ| = 6, σ = 0.001). At σ = 10 it still moves by more than 0.04 at |λ| = 6: the targets are fixed, so a large σ makes the initial ' +
    'network function large and training must undo it — “large σ is lazy” does not hold here (the view’s perSigma targets, a later paper’s ' +
    'normalisation, change that). Even the richest cell moved its kernel by only 7 %: the colour bar runs from 0 to the largest value, not to 1. ' +
    'Where the boundaries lie depends on the task: what counts is |λ| and σ against the task’s singular values.',
  ],
  columns: 2,
  link: PHASE_FIGURE,
  async compute(submit) {
    const plan = phaseFigurePlan();
    const results = await submit(plan.configs);
    const { cells, largestGap, unconverged, missing } = phaseFigureCells(plan, results);
    const { grid } = plan;
    /** @type {PlottedSeries[]} */
    const slices = SLICE_SIGMAS.map((sigma, k) => {
      const r = rowOf(grid, sigma);
      const row = cells.filter((c) => c.r === r);
      return { label: `σ = ${formatNumber(grid.sigmas[r])}`, x: row.map((c) => c.lambda), y: row.map((c) => c.kd), color: curveColor(k), style: 'points', source: 'exact' };
    });
    const yMax = Math.max(...slices.flatMap((s) => Array.from(s.y)).filter(Number.isFinite));
    const T = plan.state.T;
    const notes = [unconverged.length
      ? `Not converged: ${unconverged.length} of ${cells.length} cells are more than ${formatNumber(CONVERGED_GAP)} above the lowest possible loss at T = ${T} (largest gap ${formatNumber(largestGap)}); their colour is not the end of training.`
      : `Converged: at T = ${T} every cell’s loss is within ${formatNumber(CONVERGED_GAP)} of the lowest possible loss (largest gap ${formatNumber(largestGap)}).`];
    if (missing) notes.push(`${missing} grey cells have no exact solution.`);
    return {
      panels: [
        { id: 'diagram', kind: 'phase', area: [1, 1], title: `A. Kernel distance S(T) at T = ${T}`, quantity: 'kernel distance S(T)', grid, cells, field: 'kd' },
        { id: 'slices', kind: 'lines', area: [1, 2], title: `B. Rows of A: kernel distance at T = ${T} against λ`, quantity: 'kernel distance S(T), exact', xTitle: 'relative scale λ',
          xName: 'λ', yTitle: 'kernel distance S(T)', legend: true, yMin: 0, yMax: Number((1.1 * yMax).toPrecision(2)), series: slices },
      ],
      notes,
      runs: plan.configs.map((config, i) => ({ config, result: results[i] })),
    };
  },
};
