// Figure 5: funnel, square and inverted-funnel networks. A: their shapes; B: the kernel distance
// from initialization at the end of training against λ; C: the kernel distance over training.
// The runs are the architectures experiment's (experiments/architectures.js).
import { figureState } from './common.js';
import { curveColor } from '../charts/palette.js';
import { architecturesPlan, perShape, sweepSummary, convergenceNote, SHAPE_NAMES, CONVERGED_T, CONVERGED_GAP } from '../experiments/architectures.js';
import { timesToConverge } from '../experiments/convergence-time.js';

/** @import { Figure } from './index.js' */
/** @import { FigurePanel, PlottedSeries } from './common.js' */
/** @import { SweepPoint } from '../experiments/architectures.js' */
/** @import { PageState } from '../state/schema.js' */
/** @type {Partial<PageState>} */
export const SETTINGS = { view: 'architectures', shapes: [[6, 3, 3], [3, 3, 3], [3, 3, 6]], lambdas: [-2, 0, 2], lambdaMax: 6, sigma: 0.05, T: 20, lr: 0.01,
  seed: 1, taskSeed: 1, scaleOf: 'product' };

/** @type {Figure} */
export default {
  id: '5',
  title: 'Figure 5: funnel, square and inverted-funnel networks',
  caption: 'A. Schematic representations of the network architectures considered, from left to right: funnel network, square network, and ' +
    'inverted-funnel network. B. The NTK kernel distance from initialization (Fort et al. 2020) across the three architectures. C. The NTK kernel ' +
    'distance away from initialization over training time.',
  made: [
    'The paper does not give this figure’s settings and its authors’ public code has none for it; chosen here: a funnel 6–3–3, a square 3–3–3 and an ' +
    'inverted funnel 3–3–6, each on random whitened items (twice as many as its widest side), from small λ-balanced weights (σ = 0.05 on W₂W₁), ' +
    'trained to t = 20 with learning rate 0.01. B: the kernel distance at convergence, the exact solution at ' +
    `t = ${CONVERGED_T} where the loss is within ${CONVERGED_GAP} of its initial distance to the floor (solid lines, 41 λ across ±6); the exact ` +
    'solution at t = 20 (dashed), which has not converged for large |λ| on the rich side (the funnel at λ = −6 shows 0.20 there, 0.61 converged); ' +
    'gradient descent at t = 20 for 7 λ (points; its legend counts the λ not converged there). C: λ = −2, 0, 2, simulation in colour and exact dotted. ' +
    `D (not in the paper): the time each network of B takes to converge (its loss within ${CONVERGED_GAP} of its initial distance to the floor), found by bisection on the exact flow to a relative 1e-6.`,
    'A funnel is rich for λ < 0 and lazy for λ > 0, an inverted funnel the reverse, a square network lazy for large |λ| of either sign.',
  ],
  columns: 3,
  link: SETTINGS,
  async compute(submit) {
    const state = figureState(SETTINGS);
    const plan = architecturesPlan(state);
    const results = await submit(plan.configs);
    const { time, sweep, simulation } = plan.split(results);
    const summary = sweepSummary(plan, sweep, simulation);
    const timelines = perShape(time, plan.lambdasPerShape.map((l) => l.length));
    /** @type {FigurePanel[]} */
    const panels = plan.shapes.map((shape, s) => ({ id: `shape-${s}`, kind: 'schematic', area: [1, s + 1], title: `${s === 0 ? 'A. ' : ''}${SHAPE_NAMES[s]} ${shape.join('–')}`, shape }));
    panels.push({ id: 'sweep', kind: 'lines', area: [2, 1, 1, 3], title: 'B. Kernel distance at convergence (and at t = 20, dashed)', quantity: 'kernel distance',
      xTitle: 'λ', xName: 'λ', yTitle: 'kernel distance S(T)', legend: true,
      series: plan.shapes.flatMap((shape, s) => {
        const { converged: c, atT, simulated: m } = summary[s];
        const name = `${SHAPE_NAMES[s]} ${shape.join('–')}`, late = (/** @type {SweepPoint[]} */ points) => points.filter((p) => !p.converged).length;
        return [{ label: `${name}, converged (t = ${plan.convergedT})`, x: c.map((p) => p.x), y: c.map((p) => p.y), color: curveColor(s), style: 'simulation', source: 'exact' },
          { label: `${name} at t = ${plan.T} (not converged at ${late(atT)} of ${atT.length} λ)`, x: atT.map((p) => p.x), y: atT.map((p) => p.y), color: curveColor(s), style: 'dashed', source: 'exact' },
          { label: `${SHAPE_NAMES[s]}, gradient descent at t = ${plan.T} (not converged at ${late(m)} of ${m.length} λ)`, x: m.map((p) => p.x), y: m.map((p) => p.y),
            color: curveColor(s), style: 'points', source: 'simulation' }];
      }) });
    plan.shapes.forEach((shape, s) => {
      /** @type {PlottedSeries[]} */
      const series = plan.lambdasPerShape[s].flatMap((lambda, j) => {
        const r = timelines[s][j];
        const run = plan.lambdasPerShape.slice(0, s).reduce((n, l) => n + l.length, 0) + j; // the timelines come first in plan.configs
        return [{ label: `λ = ${lambda}`, x: r.times, y: r.simulation.kernelDistance, color: curveColor(j), style: 'simulation', from: { run, trajectory: 'simulation', field: 'kernelDistance' } },
          { label: `λ = ${lambda} (exact)`, x: r.times, y: r.exact.kernelDistance, color: '#000000', style: 'exact', from: { run, trajectory: 'exact', field: 'kernelDistance' } }];
      });
      panels.push({ id: `time-${s}`, kind: 'lines', area: [3, s + 1], title: `${s === 0 ? 'C. ' : ''}${SHAPE_NAMES[s]}: kernel distance over training`,
        quantity: `kernel distance, ${SHAPE_NAMES[s]}`, xTitle: 'training time t', yTitle: s === 0 ? 'kernel distance' : '', legend: true, series,
        yShare: 'kernel distance over training' }); // the three shapes on one y axis
    });
    // D: the time to converge against λ, which is what makes a fixed T misleading on the rich side.
    const times = perShape(await timesToConverge(plan.split(plan.configs).sweep, submit), plan.sweeps.map((l) => l.length));
    panels.push({ id: 'convergence-time', kind: 'lines', area: [4, 1, 1, 3], title: 'D. Time to converge (not in the paper)', quantity: 'time to converge',
      xTitle: 'λ', xName: 'λ', yTitle: 'time to converge', logY: true, legend: true,
      series: plan.shapes.map((shape, s) => {
        const finite = times[s].map((t, i) => ({ x: plan.sweeps[s][i], y: t.time })).filter((p) => Number.isFinite(p.y));
        return { label: `${SHAPE_NAMES[s]} ${shape.join('–')}`, x: finite.map((p) => p.x), y: finite.map((p) => p.y), color: curveColor(s), style: 'simulation', source: 'exact' };
      }) });
    return { panels, notes: [convergenceNote(plan, summary)], runs: plan.configs.map((config, i) => ({ config, result: results[i] })) };
  },
};
