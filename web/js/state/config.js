// The engine configuration (the JSON schema of `ldyn`, docs/cli.md "Configuration") for a page state.
import { TIME_POINTS, DEEP_VIEWS } from './schema.js';
import { timeAxisOf, logTimes } from './times.js';
import { taskDims, spectrumValues } from './shape.js';
import { lookup } from '../data/store.js';
/** @import { PageState } from './schema.js' */
/** @import { ExperimentConfig, BaseTask, CustomTask, InitConfig, ExplicitInit, MetricName } from '../../wasm/ldyn.mjs' */

// The engine's configuration schema (core/include/ldyn/version.hpp, engine.schemaVersion; a test
// checks they agree). Not the link's version `v` (state/schema.js), which versions the URL.
export const ENGINE_SCHEMA_VERSION = 1;

/** @param {PageState} state @returns {BaseTask} */
function taskConfig(state) {
  switch (state.task) {
    case 'hierarchy':
      return { kind: 'hierarchy', depth: state.depth, features: state.features ?? 'nodes' };
    case 'spectrum': {
      const values = spectrumValues(state).used;
      return state.vectors === 'axes' ? { kind: 'spectrum', values, vectors: 'axes' } : { kind: 'spectrum', values, vectors: 'random', seed: state.taskSeed };
    }
    case 'data': {
      const data = lookup('data', state.data);
      // Not loaded (a link whose data could not be read): the engine names the missing matrices.
      return data ? { kind: 'custom', X: data.X, Y: data.Y, whiten: data.whiten } : /** @type {CustomTask} */ ({ kind: 'custom' });
    }
    default:
      return { kind: 'random', items: state.items, seed: state.taskSeed };
  }
}

/** @param {PageState} state @param {number} lambda @returns {InitConfig} */
function initConfig(state, lambda) {
  switch (state.init) {
    case 'balanced':
    case 'aligned':
      return { kind: state.init, lambda, sigma: state.sigma, seed: state.seed, scaleOf: state.scaleOf ?? 'product' };
    case 'gaussian':
      return { kind: 'gaussian', sigma: state.sigma, seed: state.seed };
    case 'explicit': {
      const weights = lookup('weights', state.weights);
      // Not loaded, as for data above: the engine names the missing matrices.
      return weights ? { kind: 'explicit', W1: weights.W1, W2: weights.W2 } : /** @type {ExplicitInit} */ ({ kind: 'explicit' });
    }
    default:
      return { kind: 'lecun', seed: state.seed };
  }
}

// The weight layers drawn: the state's in the views that draw deep networks, two elsewhere.
/** @param {PageState} state @returns {number} */
export function layersOf(state) {
  return DEEP_VIEWS.has(state.view) && state.init !== 'explicit' ? state.layers ?? 2 : 2;
}

// metrics: the result series the panels need; lambda defaults to the state's.
/** @param {PageState} state @param {readonly MetricName[]} metrics @param {number} [lambda] @returns {ExperimentConfig} */
export function experimentConfig(state, metrics, lambda = state.lambda) {
  const { ni, no } = taskDims(state);
  return {
    schemaVersion: ENGINE_SCHEMA_VERSION,
    // L > 2: every hidden layer Nh wide (and, balanced, the same λ for each).
    dims: { input: ni, hidden: layersOf(state) > 2 ? Array(layersOf(state) - 1).fill(state.nh) : state.nh, output: no },
    task: taskConfig(state),
    init: initConfig(state, lambda),
    // A log time axis gets times spaced geometrically from the first step (state/times.js).
    times: timeAxisOf(state) === 'log' ? logTimes(state.lr, state.T, TIME_POINTS - 1) : { end: state.T, count: TIME_POINTS },
    learningRate: state.lr,
    metrics: [...new Set(metrics)],
  };
}
