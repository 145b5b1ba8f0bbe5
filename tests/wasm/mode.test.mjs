// One mode up close (web/js/experiments/mode.js): the balanced weights of a mode, the closed forms
// the view draws (the time to learn, the logistic limit) against an independent quadrature and the
// engine's exact solution, ±λ, and the signs of the weights read back from a result.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { defaultState } from '../../web/js/state/schema.js';
import {
  modeWeights, modeRate, logisticLimit, timeBetween, timeToFraction, modeConfig, modeConfigs, modeSeries, largestGap, modeExport,
} from '../../web/js/experiments/mode.js';

let api;
before(async () => {
  api = await loadEngine();
});
const stateOf = (patch) => ({ ...defaultState(), view: 'mode', ...patch });

test('the weights of a mode are λ-balanced with the right product, for any λ, with no cancellation', () => {
  for (const lambda of [-1e4, -3, -1e-9, 0, 0.5, 7, 1e4]) {
    for (const a of [-2, -1e-8, 1e-8, 0.01, 3]) {
      const { a1, a2 } = modeWeights(a, lambda);
      assert.ok(a1 >= 0);
      assert.ok(Math.abs(a1 * a2 - a) <= 1e-14 * Math.abs(a), `a1 a2 = a at λ = ${lambda}, a = ${a}`);
      assert.ok(Math.abs(a2 * a2 - a1 * a1 - lambda) <= 1e-12 * Math.max(1, Math.abs(lambda)), `a2² − a1² = λ at λ = ${lambda}, a = ${a}`);
    }
  }
});

test('the closed-form time to learn agrees with an independent quadrature of 1/ȧ', () => {
  // Composite Simpson's rule on a fine grid.
  const quadrature = (a0, a, s, lambda, n = 200000) => {
    const h = (a - a0) / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) sum += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) / modeRate(a0 + i * h, s, lambda);
    return (sum * h) / 3;
  };
  for (const [s, lambda, a0, a] of [[2, 0, 0.01, 1], [2, 1.5, 0.01, 1.9], [1, -3, 0.2, 0.9], [3, 8, -0.5, 2.5], [0.5, 0.1, 2, 0.6]]) {
    const t = timeBetween(a0, a, s, lambda);
    assert.ok(Math.abs(t - quadrature(a0, a, s, lambda)) <= 1e-8 * t, `s = ${s}, λ = ${lambda}, ${a0} → ${a}: ${t}`);
  }
  // Where the flow cannot go: past s, and through the saddle a = 0 at λ = 0.
  assert.equal(timeBetween(0.1, 2.5, 2, 1), Infinity);
  assert.equal(timeBetween(-0.1, 1, 2, 0), Infinity);
});

test('the engine\'s exact mode is logistic at λ = 0, reaches half of s at the closed-form time, and is the same at ±λ', () => {
  const s = 2, a0 = 0.01;
  const zero = api.engine.run(modeConfig(stateOf({ s, a0, lambda: 0, T: 10 })));
  const exact = modeSeries(zero, 'exact');
  exact.times.forEach((t, i) => assert.ok(Math.abs(exact.a[i] - logisticLimit(t, s, a0)) <= 1e-10 * s, `logistic at t = ${t}`));
  for (const lambda of [0.5, 3, -2]) {
    const half = timeToFraction(s, lambda, a0, 0.5);
    const config = { ...modeConfig(stateOf({ s, a0, lambda })), times: [0, half], simulate: false };
    const a = modeSeries(api.engine.run(config), 'exact').a.at(-1);
    assert.ok(Math.abs(a - (a0 + 0.5 * (s - a0))) <= 1e-9 * s, `half learned at the closed-form time, λ = ${lambda}`);
  }
  const [plus, minus] = modeConfigs(stateOf({ s, a0, lambda: 1.5 })).map((c) => api.engine.run(c));
  assert.ok(largestGap(modeSeries(plus, 'exact').a, modeSeries(minus, 'exact').a, s) <= 1e-12, 'a(t) is the same at λ and −λ');
  // ... while the weights are swapped.
  const p = modeSeries(plus, 'exact'), m = modeSeries(minus, 'exact');
  assert.ok(Math.abs(p.a1.at(-1) - Math.abs(m.a2.at(-1))) <= 1e-9 && Math.abs(p.a2.at(-1) - m.a1.at(-1)) <= 1e-9);
});

test('the weights read back from a result keep a = a₁a₂ when a changes sign (a₁ passes zero at λ > 0)', () => {
  const result = api.engine.run(modeConfig(stateOf({ s: 2, a0: -0.5, lambda: 1.5, T: 10 })));
  const m = modeSeries(result, 'exact');
  assert.ok(m.a[0] < 0 && m.a.at(-1) > 1.99);
  m.a.forEach((a, i) => assert.ok(Math.abs(m.a1[i] * m.a2[i] - a) <= 1e-9 * Math.max(1, Math.abs(a))));
  assert.ok(m.a2.every((v) => v < 0), 'a₂ (at least √λ in size) keeps its sign');
  assert.ok(m.a1[0] > 0 && m.a1.at(-1) < 0, 'a₁ passes zero');
});

test('the export holds every plotted trajectory, named exact or simulation, and the configurations', () => {
  const state = stateOf({ s: 2, a0: 0.01, lambda: 1 });
  const results = modeConfigs(state).map((c) => api.engine.run(c));
  const data = modeExport(state, results);
  const lines = data.csv().trim().split('\n');
  assert.equal(lines[0], 'lambda,trajectory,t,a = a1 a2,a1 (input weight),a2 (output weight)');
  const kinds = new Set(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')));
  assert.deepEqual([...kinds].sort(), ['-1,exact', '-1,simulation', '1,exact', '1,simulation']);
  assert.equal(data.json().configs.length, 2);
});
