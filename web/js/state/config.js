// The engine configuration (the JSON schema of `ldyn`, README "Configuration") for a page state.
import { TIME_POINTS } from './schema.js';
import { taskDims } from './shape.js';

function taskConfig(state) {
  if (state.task === 'hierarchy') return { kind: 'hierarchy', depth: state.depth, features: state.features ?? 'nodes' };
  return { kind: 'random', items: state.items, seed: state.taskSeed };
}

function initConfig(state, lambda) {
  switch (state.init) {
    case 'balanced':
    case 'aligned':
      return { kind: state.init, lambda, sigma: state.sigma, seed: state.seed, scaleOf: state.scaleOf ?? 'product' };
    case 'gaussian':
      return { kind: 'gaussian', sigma: state.sigma, seed: state.seed };
    default:
      return { kind: 'lecun', seed: state.seed };
  }
}

// metrics: the result series the panels need; lambda defaults to the state's.
export function experimentConfig(state, metrics, lambda = state.lambda) {
  const { ni, no } = taskDims(state);
  return {
    schemaVersion: 1,
    dims: { input: ni, hidden: state.nh, output: no },
    task: taskConfig(state),
    init: initConfig(state, lambda),
    times: { end: state.T, count: TIME_POINTS },
    learningRate: state.lr,
    metrics: [...new Set(metrics)],
  };
}
