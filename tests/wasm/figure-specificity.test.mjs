// The task-specificity figure (web/js/figures/figure-specificity.js): its closed form of the converged
// λ-balanced network agrees with the engine's converged representations, each plotted point is the
// score of a single engine run of its configuration, the networks have converged, and the score
// is the authors' (cosine with ṼS̃Ṽᵀ or ṼS̃²Ṽᵀ).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { figureById } from '../../web/js/figures/index.js';
import { specificityLambdas, specificityConfig, specificity, closedFormSpecificity, cosine, taskEffectiveRank } from '../../web/js/experiments/specificity.js';
import { lossFloor } from '../../web/js/experiments/results.js';

let api, data;
before(async () => {
  api = await loadEngine();
  data = await figureById('specificity').compute(async (configs) => configs.map((c) => api.engine.run(c)));
});

const seriesOf = (panelId, start) => {
  const s = data.panels.find((p) => p.id === panelId).series.find((x) => x.label.startsWith(start));
  assert.ok(s, `${panelId}: a series starting "${start}"`);
  return s;
};

test('specificity: the closed form equals the engine’s converged W₁ᵀW₁ and W₂W₂ᵀ scores at every λ (to 1e-9)', () => {
  const lambdas = specificityLambdas();
  const first = api.engine.run(specificityConfig(lambdas[0], true));
  const task = first.tasks[0], s = Array.from(task.s);
  let worst = 0;
  for (const lambda of lambdas) {
    const r = api.engine.run(specificityConfig(lambda, false));
    const closed = closedFormSpecificity(s, lambda);
    worst = Math.max(worst, Math.abs(specificity(r.exact.inputRepresentation.at(-1).rows(), task.v.rows(), s) - closed.input),
      Math.abs(specificity(r.exact.outputRepresentation.at(-1).rows(), task.u.rows(), s) - closed.output));
  }
  assert.ok(worst < 1e-9, `closed form off by ${worst}`);
});

test('specificity: each plotted point is the score of a single run of its configuration, and every network has converged', () => {
  const input = seriesOf('specificity', 'W₁ᵀW₁ (input side)'), output = seriesOf('specificity', 'W₂W₂ᵀ (output side)'), rank = seriesOf('rank', 'W₂W₁');
  const task = api.engine.run(specificityConfig(0, true)).tasks[0], s = Array.from(task.s);
  assert.equal(input.x.length, 49);
  for (let i = 0; i < input.x.length; i += 6) {
    const r = api.engine.run(specificityConfig(input.x[i], false));
    assert.ok(Math.abs(input.y[i] - specificity(r.exact.inputRepresentation.at(-1).rows(), task.v.rows(), s)) < 1e-12, `input at λ = ${input.x[i]}`);
    assert.ok(Math.abs(output.y[i] - specificity(r.exact.outputRepresentation.at(-1).rows(), task.u.rows(), s)) < 1e-12, `output at λ = ${input.x[i]}`);
    assert.ok(Math.abs(rank.y[i] - r.exact.effectiveRank.at(-1)) < 1e-12, `rank at λ = ${input.x[i]}`);
    assert.ok(r.exact.loss.at(-1) - lossFloor(task) < 1e-12, `converged at λ = ${input.x[i]}: loss ${r.exact.loss.at(-1)}`);
  }
  assert.match(data.notes.join(' '), /^Converged: at t = 1000 the loss is within/);
});

test('specificity: what the figure says holds — 1 at λ = 0, the lazy side of each layer falls to the identity’s score, the rank is the task’s', () => {
  const task = api.engine.run(specificityConfig(0, true)).tasks[0], s = Array.from(task.s);
  const identity = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i === j ? 1 : 0)));
  const id = specificity(identity, task.v.rows(), s);
  assert.ok(Math.abs(closedFormSpecificity(s, 0).input - 1) < 1e-12 && Math.abs(closedFormSpecificity(s, 0).output - 1) < 1e-12);
  // λ → −∞: W₁ᵀW₁ → |λ|I (input side lazy); λ → +∞: W₁ᵀW₁ ∝ ṼS̃²Ṽᵀ, score → 1. The output side mirrors it.
  assert.ok(Math.abs(closedFormSpecificity(s, -1e4).input - id) < 1e-6, `input side at λ = −10⁴ → the identity's ${id}`);
  assert.ok(Math.abs(closedFormSpecificity(s, 1e4).input - 1) < 1e-6);
  assert.ok(Math.abs(closedFormSpecificity(s, 1e4).output - id) < 1e-6);
  const reference = seriesOf('specificity', 'the identity');
  assert.ok(Math.abs(reference.y[0] - id) < 1e-12);
  const rank = seriesOf('rank', 'W₂W₁');
  for (const v of rank.y) assert.ok(Math.abs(v - taskEffectiveRank(s)) < 1e-9, `effective rank ${v}`);
  // The score is the cosine the authors use: scale-free, 1 for the matrix itself.
  assert.ok(Math.abs(cosine(identity, identity.map((row) => row.map((v) => 3 * v))) - 1) < 1e-15);
});

test('task specificity, panel C: CKA and RSA of the hidden layer, the closed form equal to the engine, CKA telling lazy from rich', async () => {
  const { default: figure } = await import('../../web/js/figures/figure-specificity.js');
  const { loadEngine } = await import('../support/engine.mjs');
  const { engine } = await loadEngine();
  const out = await figure.compute(async (configs) => configs.map((c) => engine.run(c)));
  const panel = out.panels.find((p) => p.id === 'similarity');
  assert.ok(panel, 'panel C');
  const series = (label) => panel.series.find((s) => s.label === label);
  for (const name of ['CKA(HᵀH, YᵀY)', 'CKA(HᵀH, XᵀX)', 'RSA(HᵀH, YᵀY)']) {
    const points = series(`${name}, exact flow at t = 1000`), line = series(`${name}, closed form (converged)`);
    points.x.forEach((x, i) => {
      const j = line.x.findIndex((v) => Math.abs(v - x) < 1e-9);
      assert.ok(j >= 0 && Math.abs(points.y[i] - line.y[j]) < 1e-9, `${name} at λ = ${x}`);
    });
  }
  const cka = series('CKA(HᵀH, YᵀY), exact flow at t = 1000');
  assert.ok(cka.y[0] < 0.9 && cka.y.at(-1) > 0.999, 'CKA with the targets: low on the lazy input side (λ = −6), 1 at λ = 6');
});
