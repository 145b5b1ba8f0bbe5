// The paper's figures (web/js/figures), computed in Node through the JS API: every panel has its
// data, every plotted series equals the same field of a single engine run of the same configuration
// (to 1e-10), and the paper's qualitative claims hold on the computed series.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { FIGURE_MODULES, figureById } from '../../web/js/figures/index.js';
import { seriesFrom } from '../../web/js/figures/common.js';
import { squareLimit } from '../../web/js/experiments/hierarchy.js';
import { expectedDeviation, RATIOS, WIDTHS } from '../../web/js/figures/figure1c.js';
import { figureCsv } from '../../web/js/figures/export.js';
import { LAMBDAS as FIGURE4_LAMBDAS } from '../../web/js/figures/figure4.js';

let api;
const computed = new Map();
before(async () => {
  api = await loadEngine();
});

async function compute(id) {
  if (!computed.has(id)) computed.set(id, await figureById(id).compute(async (configs) => configs.map((c) => api.engine.run(c))));
  return computed.get(id);
}

// The fields of one CSV line (quoted fields may hold commas).
function csvFields(line) {
  const fields = [];
  let field = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') field += line[++i];
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { fields.push(field); field = ''; }
    else field += c;
  }
  fields.push(field);
  return fields;
}

const panel = (data, id) => data.panels.find((p) => p.id === id);
const points = (p, label) => {
  const s = p.series.find((x) => x.label === label);
  assert.ok(s, `${p.id}: a series "${label}" (have ${p.series.map((x) => x.label).join(', ')})`);
  return Array.from(s.x, (x, i) => ({ x, y: s.y[i] }));
};

for (const figure of FIGURE_MODULES) {
  test(`figure ${figure.id}: every panel has data, and every series equals a single run of its configuration`, async () => {
    const data = await compute(figure.id);
    assert.ok(data.panels.length > 0);
    for (const p of data.panels) {
      if (p.kind === 'lines') {
        assert.ok(p.series.length > 0, `${p.id}: series`);
        for (const s of p.series) {
          assert.ok(s.y.length > 0 && Array.from(s.y).every(Number.isFinite), `${p.id}/${s.label}: finite values`);
          assert.equal(s.x.length, s.y.length, `${p.id}/${s.label}: x and y of the same length`);
        }
      } else if (p.kind === 'heatmap') {
        assert.ok(p.matrix.length > 0 && p.matrix.every((row) => Array.from(row).every(Number.isFinite)), `${p.id}: a finite matrix`);
      }
    }
    // Re-run each configuration a plotted series comes from, alone, and compare.
    const traced = data.panels.flatMap((p) => (p.kind === 'lines' ? p.series : [p])).filter((s) => s.from);
    assert.ok(traced.length > 0 || ['1c', '5'].includes(figure.id), 'series say where they come from');
    const fresh = new Map();
    for (const s of traced) {
      const run = s.from.run;
      if (!fresh.has(run)) fresh.set(run, api.engine.run(data.runs[run].config));
      const alone = fresh.get(run);
      if (s.kind === 'heatmap') {
        const matrix = alone[s.from.trajectory][s.from.field].at(-1);
        matrix.forEach((row, r) => row.forEach((v, c) => assert.ok(Math.abs(v - s.matrix[r][c]) <= 1e-10 * Math.max(1, Math.abs(v)), `${s.id}[${r}][${c}]`)));
      } else {
        const expected = seriesFrom(alone, s.from);
        const worst = Math.max(...Array.from(expected, (v, i) => Math.abs(v - s.y[i]) / Math.max(1, Math.abs(v))));
        assert.ok(worst <= 1e-10, `${s.label}: off by ${worst} from a single run`);
      }
    }
    // Its CSV has a column per plotted series (and its x), with a header naming what it is.
    const csv = figureCsv(figure, data.panels);
    const header = csvFields(csv.split('\n')[1]);
    const series = data.panels.filter((p) => p.kind === 'lines').reduce((n, p) => n + p.series.length, 0);
    const heatmaps = data.panels.filter((p) => p.kind === 'heatmap').length;
    assert.equal(header.length, 2 * series + heatmaps, 'one x and one value column per series, one column per heatmap');
    assert.ok(header.filter((name) => / \((simulation|exact)\) value$/.test(name)).length > 0 || figure.id === '1c', 'headers say simulation or exact');
  });
}

test('figure 2: the exact solution matches gradient descent at every recorded time (learning rate 2e-4)', async () => {
  const data = await compute('2');
  for (const lambda of [-2, 0, 2]) {
    const p = panel(data, `row1-lambda${lambda}`);
    const sim = points(p, 'loss'), exact = points(p, 'loss (exact)');
    const worst = Math.max(...sim.map((q, i) => Math.abs(q.y - exact[i].y) / exact[i].y));
    assert.ok(worst < 2e-3, `λ = ${lambda}: loss within 0.2 % (${worst})`);
  }
});

test('figure 4: after convergence, input-noise sensitivity is flat in λ and parameter-noise sensitivity grows away from λ = 0', async () => {
  const data = await compute('4');
  assert.match(data.notes.join(' '), /^Converged/, data.notes.join(' '));
  const input = panel(data, 'sensitivity-input'), parameter = panel(data, 'sensitivity-parameter');
  const line = (p) => points(p, 'closed form (exact, converged)');
  const flat = line(input).map((q) => q.y);
  assert.ok(Math.max(...flat) / Math.min(...flat) - 1 < 1e-9, `input-noise sensitivity flat to 1e-9: ${Math.min(...flat)}…${Math.max(...flat)}`);
  for (const q of points(input, 'Monte Carlo (simulation)')) assert.ok(Math.abs(q.y / flat[0] - 1) < 0.05, `Monte Carlo at λ = ${q.x} within 5 % (${q.y} vs ${flat[0]})`);
  const curve = line(parameter);
  const atZero = curve.find((q) => q.x === 0).y;
  assert.equal(Math.min(...curve.map((q) => q.y)), atZero, 'parameter-noise sensitivity is smallest at λ = 0');
  for (let i = 1; i < curve.length; i++) {
    if (curve[i].x > 0) assert.ok(curve[i].y > curve[i - 1].y, `grows for λ > 0 (at ${curve[i].x})`);
    if (curve[i].x <= 0) assert.ok(curve[i].y < curve[i - 1].y, `falls towards λ = 0 (at ${curve[i].x})`);
  }
  assert.ok(curve.at(-1).y > 1.5 * atZero && curve[0].y > 1.5 * atZero, 'and clearly so at |λ| = 6');
});

// Gradient descent keeps the balance only up to O(η²) per step, so its converged network sits O(η)
// away from the flow's limit: 1e-3 at η = 0.01.
test('figure 4: the simulated representations after training equal the closed-form t → ∞ limit (to O(η))', async () => {
  const data = await compute('4');
  for (const lambda of FIGURE4_LAMBDAS) {
    for (const field of ['inputRepresentation', 'outputRepresentation']) {
      const sim = panel(data, `simulation-${field}-${lambda}`).matrix, limit = panel(data, `limit-${field}-${lambda}`).matrix;
      let diff = 0, norm = 0;
      sim.forEach((row, r) => row.forEach((v, c) => { diff += (v - limit[r][c]) ** 2; norm += limit[r][c] ** 2; }));
      assert.ok(Math.sqrt(diff / norm) < 5e-3, `λ = ${lambda}, ${field}: relative difference ${Math.sqrt(diff / norm)}`);
    }
  }
  // The closed form is the exact solution's own limit: compare with the exact state at T.
  const run = data.runs[0];
  const limit = squareLimit(run.result.tasks[0], run.result.lambda);
  const exact = run.result.exact.inputRepresentation.at(-1);
  exact.forEach((row, r) => row.forEach((v, c) => assert.ok(Math.abs(v - limit.inputRepresentation[r][c]) < 1e-9, `[${r}][${c}]`)));
});

test('figure 5: a funnel is lazy for λ ≫ 0 and rich for λ ≪ 0, an inverted funnel the reverse, a square network lazy at large |λ|', async () => {
  const data = await compute('5');
  const sweep = panel(data, 'sweep');
  const at = (label, lambda) => points(sweep, label).find((q) => q.x === lambda).y;
  const funnel = 'Funnel 6–3–3 (exact)', square = 'Square 3–3–3 (exact)', inverted = 'Inverted funnel 3–3–6 (exact)';
  assert.ok(at(funnel, 6) < 0.01 && at(funnel, -6) > 0.1, `funnel: lazy at λ = 6 (${at(funnel, 6)}), rich at λ = −6 (${at(funnel, -6)})`);
  assert.ok(at(inverted, -6) < 0.01 && at(inverted, 6) > 0.1, `inverted funnel: lazy at λ = −6 (${at(inverted, -6)}), rich at λ = 6 (${at(inverted, 6)})`);
  assert.ok(at(square, 6) < at(square, 0) / 10 && at(square, -6) < at(square, 0) / 10, 'square: kernel distance small for large |λ|');
});

test('figure 1C: LeCun weights approach the scaled identity as the width grows, at the expected rate', async () => {
  const data = await compute('1c');
  const deviation = panel(data, 'deviation');
  RATIOS.forEach((ratio) => {
    const measured = points(deviation, `ratio ${ratio} (measured)`).map((q) => q.y);
    for (let i = 1; i < measured.length; i++) assert.ok(measured[i] < measured[i - 1], `ratio ${ratio}: shrinks with width`);
    measured.forEach((m, i) => assert.ok(Math.abs(m / expectedDeviation(WIDTHS[i], ratio) - 1) < 0.25, `ratio ${ratio}, n = ${WIDTHS[i]}: ${m} near ${expectedDeviation(WIDTHS[i], ratio)}`));
  });
  // The λ read off the heatmaps' weights tends to No/Nh − 1.
  data.runs.slice(0, 3).forEach(({ result }, i) => assert.ok(Math.abs(result.lambda - (1 / RATIOS[i] - 1)) < 0.05, `ratio ${RATIOS[i]}: λ̂ = ${result.lambda}`));
});
