// The numbers behind the explanations corrected in issue 16 (item 8), against the engine: the
// hierarchy view's intro (which side is lazy depends on the shape), the phase diagram's "|λ| against
// the task's singular values" (the flow's scaling symmetry), and docs/theory.md's Gram matrices and
// gradient-descent stability bound η · 2μ_max < 2. The texts themselves: tests/web/explanations.test.mjs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { hierarchyConfig, HIERARCHY_PRESET } from '../../web/js/experiments/hierarchy.js';
import { defaultState } from '../../web/js/state/schema.js';
import { ENGINE_SCHEMA_VERSION } from '../../web/js/state/config.js';

let engine;
before(async () => {
  ({ engine } = await loadEngine());
});

// How far a Gram matrix is from the nearest multiple of the identity, relative to its size.
function offIdentity(G) {
  const n = G.length;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += G[i][i];
  let off = 0, size = 0;
  G.forEach((row, i) => row.forEach((v, j) => { off += (v - (i === j ? trace / n : 0)) ** 2; size += v * v; }));
  return Math.sqrt(off / size);
}

test('hierarchy intro: the default 8–8–15 task is lazy for λ ≪ 0 (W₁ᵀW₁ ≈ |λ| I) and richest for λ > 0; the square task mirrors', () => {
  const run = (features, lambda) => {
    const state = { ...defaultState(), ...HIERARCHY_PRESET, task: 'hierarchy', features };
    const r = engine.run(hierarchyConfig(state, { lambda, metrics: ['kernelDistance', 'loss', 'representations'], simulate: false }));
    assert.ok(r.exact.loss.at(-1) < 1e-6 * r.exact.loss[0], `${features}, λ = ${lambda}: converged by T`);
    return { dims: r.dims, S: r.exact.kernelDistance.at(-1), G1: r.exact.inputRepresentation.at(-1).rows(), G2: r.exact.outputRepresentation.at(-1).rows() };
  };
  const nodes = Object.fromEntries([-6, 0, 2, 6].map((l) => [l, run('nodes', l)]));
  assert.deepEqual(nodes[0].dims, { input: 8, hidden: 8, output: 15 });
  assert.ok(Math.abs(nodes[0].S - 0.18) < 0.01 && Math.abs(nodes[2].S - 0.45) < 0.01, `about 0.18 at λ = 0 (${nodes[0].S}), 0.45 at λ = 2 (${nodes[2].S})`);
  assert.ok(nodes[6].S >= nodes[2].S && nodes[-6].S < 0.01, `grows with λ > 0 (${nodes[6].S}), lazy at λ = −6 (${nodes[-6].S})`);
  assert.ok(offIdentity(nodes[-6].G1) < 0.02, `λ = −6: W₁ᵀW₁ close to a multiple of I (${offIdentity(nodes[-6].G1)})`);
  assert.ok(offIdentity(nodes[6].G2) > 0.5 && offIdentity(nodes[6].G1) > 0.5, 'λ = 6: neither side near a multiple of I');
  const square = Object.fromEntries([-6, 0, 6].map((l) => [l, run('contrasts', l)]));
  assert.ok(square[6].S < 0.01 && square[-6].S < 0.01 && square[0].S > 0.1, 'square: rich at 0, lazy at ±6');
  assert.ok(offIdentity(square[6].G2) < 0.02 && offIdentity(square[-6].G1) < 0.02, 'square: one side near a multiple of I');
});

test('phase diagram: targets c times larger give the same kernel distance at c times the λ (and c times the initial function, time T/c)', () => {
  const cell = (lambda, c, sigma, T) => engine.run({ schemaVersion: ENGINE_SCHEMA_VERSION, dims: { input: 3, hidden: 3, output: 3 },
    task: { kind: 'random', items: 10, seed: 1, targetScale: c }, init: { kind: 'balanced', lambda, sigma, seed: 1 }, times: { end: T, count: 2 },
    learningRate: 0.01, simulate: false, metrics: ['kernelDistance'] }).exact.kernelDistance[1];
  for (const lambda of [0.5, 1, 2]) {
    const one = cell(lambda, 1, 0.01, 400), four = cell(4 * lambda, 4, 0.04, 100);
    assert.ok(Math.abs(one - four) < 1e-9, `λ = ${lambda}: ${one} vs ${four} at 4λ, 4 Σyx`);
  }
  // And so the band where learning is rich scales with the task: at λ = 1 the 3–3–3 task (s₁ = 0.76) is lazy, four times the task is not.
  assert.ok(cell(1, 1, 0.01, 400) < 0.02 && cell(1, 4, 0.01, 100) > 0.05);
});

test('theory §1, §2: W₁ᵀW₁ = (WᵀW + λ²/4)^½ − λ/2, W₂W₂ᵀ = (WWᵀ + λ²/4)^½ + λ/2; gradient descent settles where the flow ends only for η · 2μ_max < 2', () => {
  const base = (lambda, lr, T) => ({ schemaVersion: ENGINE_SCHEMA_VERSION, dims: { input: 3, hidden: 3, output: 3 }, task: { kind: 'random', items: 10, seed: 1 },
    init: { kind: 'balanced', lambda, sigma: 0.1, seed: 2 }, times: { end: T, count: 5 }, learningRate: lr, metrics: ['loss', 'task', 'representations', 'networkFunction'] });
  const mul = (A, B) => A.map((row) => Array.from(B[0], (_, j) => row.reduce((v, a, k) => v + a * B[k][j], 0)));
  const tr = (A) => Array.from(A[0], (_, j) => A.map((r) => r[j]));
  const shift = (A, c) => A.map((row, i) => Array.from(row, (v, j) => v + (i === j ? c : 0)));
  const gap = (A, B) => Math.max(...A.flatMap((row, i) => Array.from(row, (v, j) => Math.abs(v - B[i][j]))));
  for (const lambda of [-2, 1.5]) {
    const r = engine.run({ ...base(lambda, 0.01, 3), simulate: false });
    r.times.forEach((_, k) => {
      const W = r.exact.networkFunction.matrix(k).rows(), G1 = shift(r.exact.inputRepresentation.matrix(k).rows(), lambda / 2), G2 = shift(r.exact.outputRepresentation.matrix(k).rows(), -lambda / 2);
      // (G1 + λ/2)² = WᵀW + λ²/4 and (G2 − λ/2)² = WWᵀ + λ²/4, with G1 + λ/2 and G2 − λ/2 ⪰ 0 (traces > 0).
      assert.ok(gap(mul(G1, G1), shift(mul(tr(W), W), lambda ** 2 / 4)) < 1e-12, `λ = ${lambda}: W₁ᵀW₁`);
      assert.ok(gap(mul(G2, G2), shift(mul(W, tr(W)), lambda ** 2 / 4)) < 1e-12, `λ = ${lambda}: W₂W₂ᵀ`);
      assert.ok(G1[0][0] + G1[1][1] + G1[2][2] > 0 && G2[0][0] + G2[1][1] + G2[2][2] > 0);
    });
  }
  const trace = (G) => G[0][0] + G[1][1] + G[2][2];
  const descend = (lambda, times) => {
    const s = engine.run({ ...base(lambda, 0.01, 1), simulate: false }).tasks[0].s[0];
    const lr = times / Math.hypot(2 * s, lambda);
    const r = engine.run({ ...base(lambda, lr, 4000 * lr), exact: false });
    const last = r.simulation.loss.at(-1);
    return { diverged: Boolean(r.simulation.diverged), loss: last, lambda: r.simulation.diverged ? NaN : (trace(r.simulation.outputRepresentation.at(-1).rows()) - trace(r.simulation.inputRepresentation.at(-1).rows())) / 3 };
  };
  const floor = descend(0, 1.9).loss;
  assert.ok(!descend(0, 1.9).diverged && Math.abs(descend(2, 1.9).loss - floor) < 1e-9, 'η · 2μ_max = 1.9: gradient descent settles');
  assert.ok(descend(0, 2.1).loss > floor + 1e-3, 'η · 2μ_max = 2.1 from λ = 0: the loss stays above its floor');
  assert.ok(descend(0, 3).diverged, 'η · 2μ_max = 3 from λ = 0: diverges');
  const drift = descend(2, 2.1);
  assert.ok(Math.abs(drift.loss - floor) < 1e-9 && Math.abs(drift.lambda - 1.3) < 0.05, `from λ = 2 at 2.1: converges with λ down to ${drift.lambda}`);
});
