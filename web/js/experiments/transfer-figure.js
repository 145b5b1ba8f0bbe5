// Fine-tuning a trained hierarchy network to a changed hierarchy (figure=transfer): the authors'
// hierarchy task A, trained to convergence, then task B = A with its last feature reversed (the
// targets of that feature negated, the inputs unchanged). One engine run per λ with two phases; the
// exact solution continues from the trained weights (λ is conserved by the flow, so they are still
// λ-balanced). No DOM.
import { ENGINE_SCHEMA_VERSION } from '../state/config.js';
import { linspace } from './sweep.js';

/** @import { CustomTask, ExperimentConfig, HierarchyTask, Matrix, TaskRecord } from '../../wasm/ldyn.mjs' */
/** @type {{ depth: number, features: 'nodes' | 'contrasts', nh: number, sigma: number, scaleOf: 'product' | 'factors', seed: number, lr: number, pretrain: number, finetune: number }} */
export const TRANSFER = { depth: 3, features: 'contrasts', nh: 8, sigma: 0.01, scaleOf: 'product', seed: 1, lr: 0.01, pretrain: 100, finetune: 20 };
// The λ of the loss curves (a square network: −λ gives the same curves, checked in the tests) and of the summary.
export const CURVE_LAMBDAS = [0, 0.5, 1, 2, 4];
export const SIMULATED_LAMBDAS = [-4, -2, -1, -0.5, 0.5, 1, 2, 4];
// λ = 0 is left out of the summary: there B's reversed mode starts on a saddle and, in exact arithmetic, is never learned.
export const summaryLambdas = () => linspace(-4, 4, 33).filter((l) => l !== 0);
// "Fitted": the loss on B below this fraction of its zero-shot loss (B's lowest possible loss is 0).
export const FITTED = 1e-3;
const POINTS = 401;
/** @type {HierarchyTask} */
const HIERARCHY = { kind: 'hierarchy', depth: TRANSFER.depth, features: TRANSFER.features };

// Task B from task A's record: the same inputs, the last feature's targets negated.
/** @param {TaskRecord} taskA @returns {CustomTask} */
export function reversedLastFeature(taskA) {
  const Y = taskA.Y.rows().map((row) => Array.from(row));
  Y[Y.length - 1] = Y[Y.length - 1].map((v) => -v);
  return { kind: 'custom', X: taskA.X.rows().map((row) => Array.from(row)), Y, whiten: false };
}

// The configuration that reports task A (for building B).
/** @returns {ExperimentConfig} */
export function taskAConfig() {
  const s = TRANSFER;
  return { schemaVersion: ENGINE_SCHEMA_VERSION, dims: { hidden: s.nh }, task: HIERARCHY, init: { kind: 'balanced', lambda: 0, sigma: s.sigma, seed: s.seed, scaleOf: s.scaleOf },
    times: { end: 1, count: 2 }, learningRate: s.lr, simulate: false, exact: false, metrics: ['task'] };
}

// Pretraining on A to t = pretrain, then fine-tuning on B for `finetune`, recorded over the fine-tuning only.
/** @param {number} lambda @param {CustomTask} taskB @param {{ simulate: boolean }} options @returns {ExperimentConfig} */
export function transferConfig(lambda, taskB, { simulate }) {
  const s = TRANSFER;
  const times = Array.from({ length: POINTS }, (_, i) => Number((s.pretrain + (s.finetune * i) / (POINTS - 1)).toPrecision(12)));
  return { schemaVersion: ENGINE_SCHEMA_VERSION, dims: { hidden: s.nh }, init: { kind: 'balanced', lambda, sigma: s.sigma, seed: s.seed, scaleOf: s.scaleOf },
    phases: [{ task: HIERARCHY, duration: s.pretrain }, { task: taskB }], times, learningRate: s.lr, simulate, exact: true, metrics: ['taskLosses'] };
}

// The time after the switch until the loss on B (component 1 of taskLosses) falls below FITTED × its
// zero-shot loss (linear interpolation), NaN if not within the fine-tuning.
/** @param {ArrayLike<number>} times @param {Matrix | null | undefined} taskLosses a T × phases matrix */
export function timeToFit(times, taskLosses) {
  if (!taskLosses) return NaN;
  const target = FITTED * taskLosses.get(0, 1);
  for (let i = 1; i < times.length; i++) {
    const v0 = taskLosses.get(i - 1, 1), v1 = taskLosses.get(i, 1);
    if (v1 <= target) return times[i - 1] + ((times[i] - times[i - 1]) * (v0 - target)) / (v0 - v1) - times[0];
  }
  return NaN;
}
