// The fine-tuning figure (web/js/figures/figure-transfer.js): the zero-shot loss on the changed
// hierarchy is the same for every λ (the trained network computes A's Σyx), the time to fit it falls
// with |λ| and is the same at ±λ (a square network), gradient descent agrees with the exact solution
// across the switch, and at λ = 0 the reversed mode starts on a saddle and is not fitted.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { figureById } from '../../web/js/figures/index.js';
import { taskAConfig, reversedLastFeature, transferConfig, timeToFit, summaryLambdas } from '../../web/js/experiments/transfer-figure.js';

let api, data, taskB;
before(async () => {
  api = await loadEngine();
  data = await figureById('transfer').compute(async (configs) => configs.map((c) => api.engine.run(c)));
  taskB = reversedLastFeature(api.engine.run(taskAConfig()).tasks[0]);
});
const series = (panel, label) => data.panels.find((p) => p.id === panel).series.find((s) => s.label === label);

test('transfer: task B is task A with the last feature negated, the same inputs', () => {
  const A = api.engine.run(taskAConfig()).tasks[0];
  assert.deepEqual(taskB.X, A.X.rows().map((r) => Array.from(r)));
  A.Y.rows().forEach((row, i) => row.forEach((v, j) => assert.equal(taskB.Y[i][j], i === A.Y.length - 1 ? -v : v)));
});

test('transfer: the zero-shot loss is the same for every λ; the time to fit falls with |λ| and is the same at ±λ', () => {
  const zero = series('zero-shot', 'exact solution').y;
  assert.ok(Math.max(...zero) - Math.min(...zero) < 1e-12 && Math.abs(zero[0] - 0.5) < 1e-12, `zero-shot ${Math.min(...zero)}…${Math.max(...zero)}`);
  const pos = series('fit-time', 'exact solution, λ > 0'), neg = series('fit-time', 'exact solution, λ < 0');
  assert.equal(pos.x.length + neg.x.length, summaryLambdas().length, 'every λ ≠ 0 fitted within the fine-tuning');
  for (let i = 1; i < pos.y.length; i++) assert.ok(pos.y[i] < pos.y[i - 1], `faster at λ = ${pos.x[i]} than at ${pos.x[i - 1]}`);
  pos.x.forEach((l, i) => {
    const j = neg.x.indexOf(-l);
    assert.ok(Math.abs(neg.y[j] - pos.y[i]) < 1e-9, `±${l}: ${neg.y[j]} vs ${pos.y[i]}`);
  });
});

test('transfer: gradient descent fits B when the exact solution does (within 3 %), and at λ = 0 the exact solution warns of the saddle and never fits', () => {
  const pos = series('fit-time', 'exact solution, λ > 0'), neg = series('fit-time', 'exact solution, λ < 0'), sim = series('fit-time', 'gradient descent');
  sim.x.forEach((l, i) => {
    const line = l > 0 ? pos : neg;
    const exact = line.y[line.x.indexOf(l)];
    assert.ok(Math.abs(sim.y[i] / exact - 1) < 0.03, `λ = ${l}: ${sim.y[i]} vs ${exact}`);
  });
  const r = api.engine.run(transferConfig(0, taskB, { simulate: false }));
  assert.match((r.exactWarnings ?? []).map((w) => w.message).join(' '), /stable manifold of a saddle/);
  assert.ok(Number.isNaN(timeToFit(r.times, r.exact.taskLosses)), 'λ = 0: not fitted within the fine-tuning');
  assert.match(data.notes.join(' '), /Pretraining converged: the loss on A at the switch is at most \d\.\de-(2|3)\d/);
});
