// What the architectures view (the paper's Figure 5) computes: for a funnel, a square and an
// inverted-funnel network, the kernel distance over training for the compared λ and at the end of
// training across the admissible λ. Engine configurations, sweep ranges, shape parsing. No DOM.
import { ENGINE_SCHEMA_VERSION } from '../state/config.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import { lambdaSpan, spanValues, admissibleLambdas } from './sweep.js';
/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { PageState, Shape } from '../state/schema.js' */
/** @typedef {{ x: number, y: number, gap: number, converged: boolean }} SweepPoint a kernel distance at λ = x, with the loss gap of its network */
import { lossFloor } from './results.js';

export { ARCHITECTURES_PRESET } from '../catalog.js'; // the catalog holds every view's preset
export const SHAPE_NAMES = ['Funnel', 'Square', 'Inverted funnel'];
export const SWEEP_POINTS = 41;
export const SIMULATION_POINTS = 7;
export const TIME_POINTS = 201;
// "At the end of training" means converged: the exact solution is also evaluated at t = CONVERGED_T,
// and a value counts as converged when its loss gap L(t) − L* is at most CONVERGED_GAP of L(0) − L*.
// At T = 20 the funnel at λ = −6 still has a gap of 0.13 (kernel distance 0.20; converged 0.61).
export const CONVERGED_T = 1e4;
export const CONVERGED_GAP = 1e-8;

// One network of the shape on a random task with twice as many items as its widest side.
// `times`: {end, count} or an ascending list of times.
/**
 * @param {PageState} state
 * @param {Shape} widths
 * @param {{lambda: number, simulate?: boolean, exact?: boolean, count?: number, times?: {end: number, count: number} | number[]}} options
 * @returns {ExperimentConfig}
 */
export function shapeConfig(state, [ni, nh, no], { lambda, simulate = true, exact = true, count = 2, times = { end: state.T, count } }) {
  return {
    schemaVersion: ENGINE_SCHEMA_VERSION,
    dims: { input: ni, hidden: nh, output: no },
    task: { kind: 'random', items: 2 * Math.max(ni, no), seed: state.taskSeed },
    init: { kind: 'balanced', lambda, sigma: state.sigma, seed: state.seed, scaleOf: state.scaleOf ?? 'product' },
    times,
    learningRate: state.lr,
    simulate,
    exact,
    // The loss and the task (for its floor L*) say whether a value has converged.
    metrics: ['kernelDistance', 'loss', 'task'],
  };
}

// `count` λ across the shape's admissible part of ±λmax (one λ when only one is admissible).
/** @param {PageState} state @param {Shape} shape @param {number} count */
export function sweepLambdas(state, shape, count) {
  return spanValues(lambdaSpan(state.lambdaMax, shape), count);
}

// Everything one update computes, in the order of `configs`: the timelines of the compared λ that
// each shape admits, the exact sweeps, then the simulated sweeps. `split(results)` undoes the order.
/** @typedef {ReturnType<typeof architecturesPlan>} ArchitecturesPlan */
/** @param {PageState} state */
export function architecturesPlan(state) {
  const shapes = state.shapes;
  const sweeps = shapes.map((shape) => sweepLambdas(state, shape, SWEEP_POINTS));
  const simSweeps = shapes.map((shape) => sweepLambdas(state, shape, SIMULATION_POINTS));
  const lambdasPerShape = shapes.map((shape) => admissibleLambdas(state.lambdas, shape));
  const timeConfigs = shapes.flatMap((shape, s) => lambdasPerShape[s].map((lambda) => shapeConfig(state, shape, { lambda, count: TIME_POINTS })));
  // The exact sweep at 0, at T and at convergence (CONVERGED_T, or T if that is later).
  const sweepTimes = [0, state.T, Math.max(state.T, CONVERGED_T)];
  const sweepConfigs = shapes.flatMap((shape, s) => sweeps[s].map((lambda) => shapeConfig(state, shape, { lambda, simulate: false, times: sweepTimes })));
  const simConfigs = shapes.flatMap((shape, s) => simSweeps[s].map((lambda) => shapeConfig(state, shape, { lambda, exact: false })));
  return {
    shapes, sweeps, simSweeps, lambdasPerShape, T: state.T, convergedT: sweepTimes[2],
    configs: [...timeConfigs, ...sweepConfigs, ...simConfigs],
    /** @template T @param {readonly T[]} results a list in the order of `configs` */
    split(results) {
      const a = timeConfigs.length, b = a + sweepConfigs.length;
      return { time: results.slice(0, a), sweep: results.slice(a, b), simulation: results.slice(b) };
    },
  };
}

// Cuts a flat list of results into one list per shape, `counts[s]` results for shape s.
/** @template T @param {readonly T[]} results @param {readonly number[]} counts @returns {T[][]} */
export function perShape(results, counts) {
  let k = 0;
  return counts.map((n) => results.slice(k, (k += n)));
}

// The loss gap of one trajectory at recorded time k, relative to its start: (L(t) − L*) / (L(0) − L*),
// and whether it is within CONVERGED_GAP (a diverged or missing value is not converged).
/** @param {ExperimentResult} result @param {'exact' | 'simulation'} trajectory @param {number} k @returns {{ gap: number, converged: boolean }} */
export function lossGap(result, trajectory, k) {
  const loss = result[trajectory]?.loss;
  const floor = lossFloor(result.tasks[0]);
  const gap = Math.max(0, loss?.[k] - floor) / Math.max(loss?.[0] - floor, 1e-300);
  return { gap, converged: Number.isFinite(gap) && gap <= CONVERGED_GAP };
}

// The kernel distance along a sweep, as chart points with their loss gap: the exact solution at
// recorded time k (1: t = T, 2: converged), and the simulated points at T that came out finite.
/** @param {readonly number[]} lambdas @param {readonly ExperimentResult[]} results @param {number} [k] @returns {SweepPoint[]} */
export function exactSweepPoints(lambdas, results, k = 1) {
  return lambdas.map((lambda, i) => ({ x: lambda, y: results[i].exact.kernelDistance[k], ...lossGap(results[i], 'exact', k) }));
}

/** @param {readonly number[]} lambdas @param {readonly ExperimentResult[]} results @returns {SweepPoint[]} */
export function simulatedSweepPoints(lambdas, results) {
  return lambdas.map((lambda, i) => ({ x: lambda, y: results[i].simulation?.kernelDistance?.[1], ...lossGap(results[i], 'simulation', 1) }))
    .filter((p) => Number.isFinite(p.y));
}

// What the sweep shows, per shape: the converged exact values, the values at T, and the points at T
// that have not converged (with the largest gap), for the notes and the chart.
/** @typedef {ReturnType<typeof sweepSummary>[number]} ShapeSweepSummary */
/** @param {ArchitecturesPlan} plan @param {readonly ExperimentResult[]} sweep @param {readonly ExperimentResult[]} simulation */
export function sweepSummary(plan, sweep, simulation) {
  const exact = perShape(sweep, plan.sweeps.map((l) => l.length)), simulated = perShape(simulation, plan.simSweeps.map((l) => l.length));
  return plan.shapes.map((_, s) => {
    const converged = exactSweepPoints(plan.sweeps[s], exact[s], 2), atT = exactSweepPoints(plan.sweeps[s], exact[s], 1);
    const sim = simulatedSweepPoints(plan.simSweeps[s], simulated[s]);
    const late = [...atT, ...sim].filter((p) => !p.converged);
    return { converged, atT, simulated: sim, lateAtT: atT.filter((p) => !p.converged), lateSimulated: sim.filter((p) => !p.converged),
      notConvergedAtEnd: converged.filter((p) => !p.converged), largestGapAtT: Math.max(0, ...late.map((p) => p.gap)) };
  });
}

// One sentence per shape on what has converged, for a note under the sweep.
/** @param {ArchitecturesPlan} plan @param {readonly ShapeSweepSummary[]} summary */
export function convergenceNote(plan, summary) {
  const parts = summary.map((sum, s) => {
    const name = SHAPE_NAMES[s];
    const end = sum.notConvergedAtEnd.length ? `not converged by t = ${plan.convergedT} at ${sum.notConvergedAtEnd.length} λ` : `converged at every λ by t = ${plan.convergedT}`;
    const late = sum.lateAtT.length + sum.lateSimulated.length;
    const atT = late ? `at t = ${plan.T} not yet converged at ${sum.lateAtT.length} of ${sum.atT.length} exact and ${sum.lateSimulated.length} of ${sum.simulated.length} simulated λ ` +
      `(largest loss gap ${sum.largestGapAtT.toPrecision(2)} of the initial)` : `at t = ${plan.T} converged at every λ`;
    return `${name}: ${end}; ${atT}.`;
  });
  return `Converged means the loss is within ${CONVERGED_GAP} of its initial distance to the floor L*. ${parts.join(' ')}`;
}

// The settings the view depends on: the configurations it runs.
/** @param {PageState} state */
export function architecturesKey(state) {
  return JSON.stringify(architecturesPlan(state).configs);
}

// A shape typed as "Ni-Nh-No" (dashes, commas or spaces): {widths} or {error} saying what is wrong.
/** @param {string} text @returns {{ widths?: number[], error?: string }} */
export function parseShape(text) {
  const widths = text.trim().split(/[-–,\s]+/).map(Number);
  const p = PARAM_BY_KEY.shapes;
  if (widths.length !== 3 || widths.some((w) => !Number.isInteger(w) || w < p.min || w > p.max)) return { error: `three whole numbers from ${p.min} to ${p.max}, like 6-3-3` };
  if (widths[1] < Math.min(widths[0], widths[2])) return { error: 'the hidden layer must be at least min(Ni, No) wide' };
  return { widths };
}

// What the view shows, for download: the kernel distance across λ per shape (exact converged and at
// T, simulated at T), and over time per shape and compared λ; every value with its loss gap; and,
// when given (`times`, experiments/convergence-time.js), each sweep network's time to converge.
/**
 * @param {ArchitecturesPlan} plan @param {readonly ExperimentResult[]} results
 * @param {ReadonlyArray<{ time: number, converged: boolean }> | null} [times] from experiments/convergence-time.js
 */
export function architecturesExport(plan, results, times = null) {
  const { time, sweep, simulation } = plan.split(results);
  const names = plan.shapes.map((shape, s) => `${SHAPE_NAMES[s]} ${shape.join('-')}`);
  return {
    csv() {
      // Every row says whether its value has converged, with its loss gap (L(t) − L*) / (L(0) − L*).
      const lines = [`shape,lambda,trajectory,t,kernel distance,converged (loss gap <= ${CONVERGED_GAP}),loss gap`];
      /** @param {string} name @param {number} lambda @param {string} which @param {number} t @param {{ y: number, converged: boolean, gap: number }} p */
      const row = (name, lambda, which, t, p) => lines.push(`${name},${lambda},${which},${t},${p.y},${p.converged},${p.gap}`);
      sweepSummary(plan, sweep, simulation).forEach((sum, s) => {
        for (const p of sum.converged) row(names[s], p.x, 'exact', plan.convergedT, p);
        for (const p of sum.atT) row(names[s], p.x, 'exact', plan.T, p);
        for (const p of sum.simulated) row(names[s], p.x, 'simulation', plan.T, p);
      });
      const timelines = perShape(time, plan.lambdasPerShape.map((l) => l.length));
      plan.shapes.forEach((_, s) => plan.lambdasPerShape[s].forEach((lambda, j) => {
        const r = timelines[s][j];
        for (const which of /** @type {const} */ (['exact', 'simulation'])) {
          const series = r[which]?.kernelDistance;
          if (series) Array.from(series).forEach((v, i) => row(names[s], lambda, which, r.times[i], { y: v, ...lossGap(r, which, i) }));
        }
      }));
      if (times) {
        lines.push('', `shape,lambda,time to converge (exact; loss gap <= ${CONVERGED_GAP}; Infinity: not by t = ${CONVERGED_T})`);
        const perShapeTimes = perShape(times, plan.sweeps.map((l) => l.length));
        plan.shapes.forEach((_, s) => plan.sweeps[s].forEach((lambda, i) => lines.push(`${names[s]},${lambda},${perShapeTimes[s][i].time}`)));
      }
      return `${lines.join('\n')}\n`;
    },
    json: () => ({ link: globalThis.location?.href, shapes: plan.shapes, configs: plan.configs,
      convergedGap: CONVERGED_GAP,
      timesToConverge: times && perShape(times, plan.sweeps.map((l) => l.length)).map((list, s) => list.map((t, i) => ({ lambda: plan.sweeps[s][i], time: t.time }))),
      results: results.map((r) => {
        /** @param {'exact' | 'simulation'} which */
        const gaps = (which) => Array.from(r.times, (_, i) => lossGap(r, which, i));
        /** @param {'exact' | 'simulation'} which */
        const trajectory = (which) => r[which] && { kernelDistance: Array.from(r[which].kernelDistance), loss: Array.from(r[which].loss),
          lossGap: gaps(which).map((g) => g.gap), converged: gaps(which).map((g) => g.converged) };
        return { dims: r.dims, lambda: r.lambda, times: Array.from(r.times), exact: trajectory('exact'),
          simulation: r.simulation && { ...trajectory('simulation'), diverged: r.simulation.diverged } };
      }) }),
  };
}
