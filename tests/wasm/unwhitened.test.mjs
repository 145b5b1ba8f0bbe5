// Inputs used as they are ("whiten": false with X Xᵀ/P ≠ I, docs/theory.md section 12) through the
// JS API: exact curves for aligned weights when Σxx shares Σyx's input directions (ending at the
// least-squares Σyx Σxx⁻¹), the reason otherwise; the page's loss floor for such data.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { lossFloor, limitSingularValues, taskIsWhite } from '../../web/js/experiments/results.js';

let api;
before(async () => {
  api = await loadEngine();
});

// X Xᵀ/P = diag(4, 1); Syx = diag(6, 0.5) plus a part of Y no linear map of X explains.
const X = [[2, 2, -2, -2, 2, 2, -2, -2], [1, -1, 1, -1, 1, -1, 1, -1]];
const extra = [1, -1, -1, 1, 1, -1, -1, 1].map((v) => 0.2 * v);
const Y = [X[0].map((x, k) => 1.5 * x + extra[k]), X[1].map((x) => 0.5 * x)];
const config = (init, task = { kind: 'custom', X, Y, whiten: false }) => ({
  task, dims: { hidden: 2 }, init, times: [0, 1, 40], learningRate: 1e-3, metrics: ['loss', 'networkFunction', 'singularValues', 'task'],
});

test('non-white inputs, aligned weights: the API returns the exact curve, which ends at Σyx Σxx⁻¹ and its loss floor', () => {
  const r = api.engine.run(config({ kind: 'aligned', lambda: 0.5, sigma: 0.1, seed: 1 }));
  assert.equal(r.exactUnavailable, undefined);
  assert.ok(r.exact, 'an exact trajectory');
  const w = r.exact.networkFunction.matrix(2);
  // The least-squares solution diag(1.5, 0.5), not Σyx = diag(6, 0.5) as white inputs would give.
  assert.ok(Math.abs(w.get(0, 0) - 1.5) < 1e-9, `W[0][0] = ${w.get(0, 0)}`);
  assert.ok(Math.abs(w.get(1, 1) - 0.5) < 1e-9, `W[1][1] = ${w.get(1, 1)}`);
  assert.ok(Math.abs(w.get(0, 1)) < 1e-12 && Math.abs(w.get(1, 0)) < 1e-12);
  // The loss floor: ½P⁻¹‖extra‖² = ½ · 0.04 = 0.02, and the page's lossFloor agrees for these data.
  assert.ok(Math.abs(r.exact.loss.at(-1) - 0.02) < 1e-10, `final loss ${r.exact.loss.at(-1)}`);
  assert.ok(Math.abs(lossFloor(r.tasks[0]) - 0.02) < 1e-12, `lossFloor ${lossFloor(r.tasks[0])}`);
  // The singular-value panel's grey lines: where the exact singular values end (1.5, 0.5), not the task's s (6, 0.5).
  assert.equal(taskIsWhite(r.tasks[0]), false);
  const limits = limitSingularValues(r.tasks[0]);
  const end = r.exact.singularValues.at(2);
  limits.forEach((l, i) => assert.ok(Math.abs(l - end[i]) < 1e-9, `limit ${l} vs ${end[i]}`));
  assert.ok(Math.abs(r.tasks[0].s[0] - 6) < 1e-12);
  // Gradient descent follows it (η = 1e-3).
  assert.ok(Math.abs(r.simulation.networkFunction.matrix(2).get(0, 0) - 1.5) < 1e-6);
});

test('non-white inputs: no exact curve from weights that mix the modes, nor when Σxx mixes them; the reason says which', () => {
  const balanced = api.engine.run(config({ kind: 'balanced', lambda: 0.5, sigma: 0.1, seed: 1 }));
  assert.equal(balanced.exact, null);
  assert.match(balanced.exactUnavailable, /inputs are not white .* a balanced initialization mixes the modes, so only gradient descent is drawn/);
  assert.ok(balanced.simulation.loss.at(-1) < balanced.simulation.loss[0]);
  // Y = M X with M not diagonal: Σyx = M Σxx = [[4, 1], [2, −1]], whose input directions are not the axes.
  const mixedY = [X[0].map((x, k) => x + X[1][k]), X[0].map((x, k) => 0.5 * x - X[1][k])];
  const mixed = api.engine.run(config({ kind: 'aligned', lambda: 0.5, sigma: 0.1, seed: 1 }, { kind: 'custom', X, Y: mixedY, whiten: false }));
  assert.equal(mixed.exact, null);
  assert.match(mixed.exactUnavailable, /X X\^T \/ P does not share the right singular vectors of Syx/);
});
