// The scheduler runs the exact solution and the simulation of one configuration on two workers
// when workers would otherwise be idle: the parts, put back together, are the whole run, number
// for number.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { splitTrajectories, mergeTrajectories } from '../../web/js/engine/scheduler.js';

let api;
before(async () => {
  api = await loadEngine();
});

const BASE = { dims: { input: 3, hidden: 3, output: 3 }, task: { kind: 'random', items: 6, seed: 1 },
  init: { kind: 'balanced', lambda: 0.5, sigma: 0.1, seed: 2 }, times: { end: 5, count: 11 },
  metrics: ['loss', 'qqt', 'representations', 'ntk', 'kernelDistance', 'balanceDeviation', 'task'] };

test('a configuration with both trajectories splits in two when workers are idle, and merges to the whole run', () => {
  const parts = splitTrajectories([BASE], 2);
  assert.deepEqual(parts.map((p) => p.part), ['exact', 'simulation']);
  assert.equal(parts[0].config.simulate, false);
  assert.equal(parts[1].config.exact, false);
  const merged = mergeTrajectories(parts.map((p) => ({ ...p, result: api.engine.run(p.config) })));
  assert.deepEqual(api.toPlain(merged), api.toPlain(api.engine.run(BASE)));
});

test('no split where it gains nothing: one worker, as many configurations as workers, or no exact solution', () => {
  assert.deepEqual(splitTrajectories([BASE], 1).map((p) => p.part), ['whole']);
  assert.deepEqual(splitTrajectories([BASE, BASE], 2).map((p) => p.part), ['whole', 'whole']);
  for (const config of [{ ...BASE, init: { kind: 'gaussian', sigma: 0.1 } }, { ...BASE, dims: { ...BASE.dims, hidden: [3, 3] } },
    { ...BASE, exact: false }, { ...BASE, simulate: false }]) {
    assert.deepEqual(splitTrajectories([config], 4).map((p) => p.part), ['whole']);
  }
});

test('a diverged simulation keeps its record when merged', () => {
  const config = { ...BASE, learningRate: 2, init: { ...BASE.init, sigma: 3 }, times: { end: 200, count: 5 } };
  const parts = splitTrajectories([config], 2);
  const merged = mergeTrajectories(parts.map((p) => ({ ...p, result: api.engine.run(p.config) })));
  const whole = api.engine.run(config);
  assert.ok(whole.simulation.diverged, 'the whole run diverges');
  assert.deepEqual(api.toPlain(merged), api.toPlain(whole));
});
