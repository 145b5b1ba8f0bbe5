// The time to converge (web/js/experiments/convergence-time.js), by bisection on the exact flow,
// against the closed-form quadrature of one mode (experiments/mode.js) and on the architectures.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { defaultState } from '../../web/js/state/schema.js';
import { timesToConverge } from '../../web/js/experiments/convergence-time.js';
import { CONVERGED_GAP, CONVERGED_T, architecturesPlan, ARCHITECTURES_PRESET } from '../../web/js/experiments/architectures.js';
import { modeConfig, timeBetween } from '../../web/js/experiments/mode.js';
import { lossFloor } from '../../web/js/experiments/results.js';

let api;
before(async () => {
  api = await loadEngine();
});
const submit = async (configs) => configs.map((c) => api.engine.run(c));

test('one mode: the bisection finds the closed-form time, ∫ da / (√(λ²+4a²)(s − a)), to 1e-6', async () => {
  for (const [s, lambda, a0] of [[2, 0, 0.01], [2, 1.5, 0.01], [1, -3, 0.2], [0.5, 6, 0.05]]) {
    const config = modeConfig({ ...defaultState(), view: 'mode', s, lambda, a0 });
    const [{ time, converged }] = await timesToConverge([config], submit);
    // The loss gap is ((s − a)/(s − a0))², so it reaches CONVERGED_GAP where |s − a| = √CONVERGED_GAP |s − a0|.
    const expected = timeBetween(a0, s - Math.sqrt(CONVERGED_GAP) * (s - a0), s, lambda);
    assert.ok(converged);
    assert.ok(Math.abs(time - expected) <= 2e-6 * expected, `s = ${s}, λ = ${lambda}: ${time} vs ${expected}`);
  }
});

test('the funnel at λ = −6 takes hundreds of times longer than at λ = 6, the inverted funnel the reverse', async () => {
  const plan = architecturesPlan({ ...defaultState(), view: 'architectures', ...ARCHITECTURES_PRESET });
  const configs = plan.split(plan.configs).sweep;
  const at = (s, lambda) => configs[plan.sweeps.slice(0, s).reduce((n, l) => n + l.length, 0) + plan.sweeps[s].indexOf(lambda)];
  const [funnelRich, funnelLazy, invertedRich, invertedLazy] = await timesToConverge([at(0, -6), at(0, 6), at(2, 6), at(2, -6)], submit);
  for (const t of [funnelRich, funnelLazy, invertedRich, invertedLazy]) assert.ok(t.converged && t.time < CONVERGED_T);
  assert.ok(funnelRich.time > 100 * funnelLazy.time, `${funnelRich.time} vs ${funnelLazy.time}`);
  assert.ok(invertedRich.time > 100 * invertedLazy.time, `${invertedRich.time} vs ${invertedLazy.time}`);
  // The bisection's answer is the first time within the tolerance: just before it, not yet.
  const gapAt = (t) => {
    const r = api.engine.run({ ...at(0, -6), simulate: false, times: [0, t], metrics: ['loss', 'task'] });
    const floor = lossFloor(r.tasks[0]);
    return (r.exact.loss[1] - floor) / (r.exact.loss[0] - floor);
  };
  assert.ok(gapAt(funnelRich.time) <= CONVERGED_GAP && gapAt(funnelRich.time * (1 - 1e-4)) > CONVERGED_GAP);
});
