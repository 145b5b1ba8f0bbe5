// What the architectures view (the paper's Figure 5) computes: for a funnel, a square and an
// inverted-funnel network, the kernel distance over training for the compared λ and at the end of
// training across the admissible λ. Engine configurations, sweep ranges, shape parsing. No DOM.
import { ENGINE_SCHEMA_VERSION } from '../state/config.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import { lambdaSpan, spanValues, admissibleLambdas } from './sweep.js';

export const ARCHITECTURES_PRESET = { lambdas: [-2, 0, 2], lambdaMax: 6, sigma: 0.05, T: 20, lr: 0.01, shapes: [[6, 3, 3], [3, 3, 3], [3, 3, 6]] };
export const SHAPE_NAMES = ['Funnel', 'Square', 'Inverted funnel'];
export const SWEEP_POINTS = 41;
export const SIMULATION_POINTS = 7;
export const TIME_POINTS = 201;

// One network of the shape on a random task with twice as many items as its widest side.
export function shapeConfig(state, [ni, nh, no], { lambda, simulate = true, exact = true, count = 2 }) {
  return {
    schemaVersion: ENGINE_SCHEMA_VERSION,
    dims: { input: ni, hidden: nh, output: no },
    task: { kind: 'random', items: 2 * Math.max(ni, no), seed: state.taskSeed },
    init: { kind: 'balanced', lambda, sigma: state.sigma, seed: state.seed, scaleOf: state.scaleOf ?? 'product' },
    times: { end: state.T, count },
    learningRate: state.lr,
    simulate,
    exact,
    metrics: ['kernelDistance'],
  };
}

// `count` λ across the shape's admissible part of ±λmax (one λ when only one is admissible).
export function sweepLambdas(state, shape, count) {
  return spanValues(lambdaSpan(state.lambdaMax, shape), count);
}

// Everything one update computes, in the order of `configs`: the timelines of the compared λ that
// each shape admits, the exact sweeps, then the simulated sweeps. `split(results)` undoes the order.
export function architecturesPlan(state) {
  const shapes = state.shapes;
  const sweeps = shapes.map((shape) => sweepLambdas(state, shape, SWEEP_POINTS));
  const simSweeps = shapes.map((shape) => sweepLambdas(state, shape, SIMULATION_POINTS));
  const lambdasPerShape = shapes.map((shape) => admissibleLambdas(state.lambdas, shape));
  const timeConfigs = shapes.flatMap((shape, s) => lambdasPerShape[s].map((lambda) => shapeConfig(state, shape, { lambda, count: TIME_POINTS })));
  const sweepConfigs = shapes.flatMap((shape, s) => sweeps[s].map((lambda) => shapeConfig(state, shape, { lambda, simulate: false })));
  const simConfigs = shapes.flatMap((shape, s) => simSweeps[s].map((lambda) => shapeConfig(state, shape, { lambda, exact: false })));
  return {
    shapes, sweeps, simSweeps, lambdasPerShape,
    configs: [...timeConfigs, ...sweepConfigs, ...simConfigs],
    split(results) {
      const a = timeConfigs.length, b = a + sweepConfigs.length;
      return { time: results.slice(0, a), sweep: results.slice(a, b), simulation: results.slice(b) };
    },
  };
}

// Cuts a flat list of results into one list per shape, `counts[s]` results for shape s.
export function perShape(results, counts) {
  let k = 0;
  return counts.map((n) => results.slice(k, (k += n)));
}

// The final kernel distance (the second recorded time is T) along a sweep, as chart points: every
// λ of the exact sweep, and the simulated points that came out finite (gradient descent may diverge).
export function exactSweepPoints(lambdas, results) {
  return lambdas.map((lambda, i) => ({ x: lambda, y: results[i].exact.kernelDistance[1] }));
}

export function simulatedSweepPoints(lambdas, results) {
  return lambdas.map((lambda, i) => ({ x: lambda, y: results[i].simulation?.kernelDistance?.[1] })).filter((p) => Number.isFinite(p.y));
}

// The settings the view depends on: the configurations it runs.
export function architecturesKey(state) {
  return JSON.stringify(architecturesPlan(state).configs);
}

// A shape typed as "Ni-Nh-No" (dashes, commas or spaces): {widths} or {error} saying what is wrong.
export function parseShape(text) {
  const widths = text.trim().split(/[-–,\s]+/).map(Number);
  const p = PARAM_BY_KEY.shapes;
  if (widths.length !== 3 || widths.some((w) => !Number.isInteger(w) || w < p.min || w > p.max)) return { error: `three whole numbers from ${p.min} to ${p.max}, like 6-3-3` };
  if (widths[1] < Math.min(widths[0], widths[2])) return { error: 'the hidden layer must be at least min(Ni, No) wide' };
  return { widths };
}

// What the view shows, for download: the final kernel distance across λ per shape (exact and
// simulated), and the kernel distance over time per shape and compared λ.
export function architecturesExport(plan, results) {
  const { time, sweep, simulation } = plan.split(results);
  const names = plan.shapes.map((shape, s) => `${SHAPE_NAMES[s]} ${shape.join('-')}`);
  return {
    csv() {
      const lines = ['shape,lambda,trajectory,t,kernel distance'];
      const exact = perShape(sweep, plan.sweeps.map((l) => l.length)), simulated = perShape(simulation, plan.simSweeps.map((l) => l.length));
      plan.shapes.forEach((_, s) => {
        for (const p of exactSweepPoints(plan.sweeps[s], exact[s])) lines.push(`${names[s]},${p.x},exact,end,${p.y}`);
        for (const p of simulatedSweepPoints(plan.simSweeps[s], simulated[s])) lines.push(`${names[s]},${p.x},simulation,end,${p.y}`);
      });
      const timelines = perShape(time, plan.lambdasPerShape.map((l) => l.length));
      plan.shapes.forEach((_, s) => plan.lambdasPerShape[s].forEach((lambda, j) => {
        const r = timelines[s][j];
        for (const which of ['exact', 'simulation']) {
          const series = r[which]?.kernelDistance;
          if (series) Array.from(series).forEach((v, i) => lines.push(`${names[s]},${lambda},${which},${r.times[i]},${v}`));
        }
      }));
      return `${lines.join('\n')}\n`;
    },
    json: () => ({ link: globalThis.location?.href, shapes: plan.shapes, configs: plan.configs,
      results: results.map((r) => ({ dims: r.dims, lambda: r.lambda, times: Array.from(r.times),
        exact: r.exact && { kernelDistance: Array.from(r.exact.kernelDistance) }, simulation: r.simulation && { kernelDistance: Array.from(r.simulation.kernelDistance), diverged: r.simulation.diverged } })) }),
  };
}
