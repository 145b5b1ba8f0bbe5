// Gradient descent against the flow (web/js/experiments/learning-rate.js): the per-mode scalar map
// is the full simulation for aligned weights (and is refused for others), the gap and the
// classification of cells (diverged, catapult) from engine runs, and the stability edge.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { defaultState } from '../../web/js/state/schema.js';
import { cellConfig, cellSummary, detailConfig, edgeEta, modeMapLoss, stepTimes, taskScale, learningRatePlan, probeConfig } from '../../web/js/experiments/learning-rate.js';

let api;
before(async () => {
  api = await loadEngine();
});
const stateOf = (patch) => ({ ...defaultState(), view: 'learning-rate', ...patch });

test('for aligned weights gradient descent is exactly the per-mode scalar map; for others there is none', () => {
  for (const [lambda, lr] of [[0, 0.05], [1.5, 0.2], [-3, 0.1]]) {
    const state = stateOf({ init: 'aligned', lambda, lr, sigma: 0.1 });
    const run = api.engine.run(detailConfig(state));
    const map = modeMapLoss(run, lr);
    assert.ok(map, `a per-mode map at λ = ${lambda}`);
    const sim = Array.from(run.simulation.loss);
    sim.forEach((v, i) => assert.ok(Math.abs(v - map[i]) <= 1e-10 * sim[0], `λ = ${lambda}, η = ${lr}, t = ${run.times[i]}: ${v} vs ${map[i]}`));
  }
  assert.equal(modeMapLoss(api.engine.run(detailConfig(stateOf({ init: 'balanced', lambda: 1 }))), 0.01), null);
});

test('recorded times are whole steps, and the cells are classified from what gradient descent did', () => {
  for (const t of stepTimes(0.037, 20, 61)) assert.ok(Math.abs(t / 0.037 - Math.round(t / 0.037)) < 1e-9);
  const state = stateOf({ init: 'aligned', lambda: 0, sigma: 0.05 });
  const { sMax, syxNorm } = taskScale(api.engine.run(probeConfig(state)));
  const edge = edgeEta(sMax, 0);
  const summary = (eta) => cellSummary(api.engine.run(cellConfig(state, 0, eta, 61, false)), syxNorm);
  const small = summary(0.01 * edge), beyond = summary(6 * edge);
  assert.ok(small.gap < 0.05 && !small.diverged && !small.catapult, `a small step follows the flow (${small.gap})`);
  assert.ok(small.drift < 1e-3, 'and keeps λ');
  assert.ok(beyond.diverged, 'far beyond the edge gradient descent diverges');
  const plan = learningRatePlan(state, sMax);
  assert.equal(plan.configs.length, plan.lambdas.length * plan.etas.length);
  assert.ok(plan.etas[0] < edgeEta(sMax, state.lambdaMax) && plan.etas.at(-1) > edge, 'the η range spans the edge at every λ');
});
