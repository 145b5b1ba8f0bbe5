// The paper's figures (web/js/figures), computed in Node through the JS API: every panel has its
// data, every plotted series equals the same field of a single engine run of the same configuration
// (to 1e-10), and the paper's qualitative claims hold on the computed series.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { FIGURE_MODULES, figureById } from '../../web/js/figures/index.js';
import { seriesFrom } from '../../web/js/figures/common.js';
import { squareLimit } from '../../web/js/experiments/hierarchy.js';
import { expectedDeviation, RATIOS, WIDTHS, AUTHORS_NETWORK, balanceSpectrum, lecunConfig } from '../../web/js/figures/figure1c.js';
import { figureCsv } from '../../web/js/figures/export.js';
import { LAMBDAS as FIGURE4_LAMBDAS, PAPER_NOISE, INPUT_NOISE, PARAMETER_NOISE } from '../../web/js/figures/figure4.js';
import { mirrored, MIRROR_TOLERANCE } from '../../web/js/figures/mirror.js';
import { symmetricEigen } from '../../web/js/data/whitening.js';
import { ENGINE_SCHEMA_VERSION } from '../../web/js/state/config.js';

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
    // Sweeps across runs (1C, 5, specificity, phase) are checked point by point by their own tests.
    assert.ok(traced.length > 0 || ['1c', '5', 'specificity', 'phase'].includes(figure.id), 'series say where they come from');
    const fresh = new Map();
    for (const s of traced) {
      const run = s.from.run;
      if (!fresh.has(run)) fresh.set(run, api.engine.run(data.runs[run].config));
      const alone = fresh.get(run);
      if (s.kind === 'heatmap') {
        const matrix = alone[s.from.trajectory][s.from.field].at(-1).rows();
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
    const diagrams = data.panels.filter((p) => p.kind === 'phase').length;
    assert.equal(header.length, 2 * series + heatmaps + 4 * diagrams, 'one x and one value column per series, one column per heatmap, λ, σ, value and loss per phase diagram');
    assert.ok(header.filter((name) => / \((simulation|exact)\) value$/.test(name)).length > 0 || figure.id === '1c', 'headers say simulation or exact');
    // Each series' header names its true source: the trajectory it was read from, and never
    // "simulation" for an exact or closed-form series drawn as a solid coloured line (issue 16).
    const valueHeaders = header.filter((name) => name.endsWith(' value'));
    const lineSeries = data.panels.filter((p) => p.kind === 'lines').flatMap((p) => p.series);
    lineSeries.forEach((s, i) => {
      const name = valueHeaders[i];
      const truth = s.source ?? s.from?.trajectory ?? (/\bexact\b|closed form/.test(s.label) ? 'exact' : undefined);
      if (truth) assert.ok(name.endsWith(`(${truth}) value`), `"${name}" says ${truth}`);
      assert.ok(!/\((exact|simulation)\) \((exact|simulation)\)/.test(name), `"${name}" names its source once`);
    });
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
  const exact = run.result.exact.inputRepresentation.at(-1).rows();
  exact.forEach((row, r) => row.forEach((v, c) => assert.ok(Math.abs(v - limit.inputRepresentation[r][c]) < 1e-9, `[${r}][${c}]`)));
});

test('figure 5: a funnel is lazy for λ ≫ 0 and rich for λ ≪ 0, an inverted funnel the reverse, a square network lazy at large |λ|', async () => {
  const data = await compute('5');
  const sweep = panel(data, 'sweep');
  const at = (label, lambda) => points(sweep, label).find((q) => q.x === lambda).y;
  const funnel = 'Funnel 6–3–3, converged (t = 10000)', square = 'Square 3–3–3, converged (t = 10000)', inverted = 'Inverted funnel 3–3–6, converged (t = 10000)';
  assert.ok(at(funnel, 6) < 0.01 && at(funnel, -6) > 0.1, `funnel: lazy at λ = 6 (${at(funnel, 6)}), rich at λ = −6 (${at(funnel, -6)})`);
  assert.ok(at(inverted, -6) < 0.01 && at(inverted, 6) > 0.1, `inverted funnel: lazy at λ = −6 (${at(inverted, -6)}), rich at λ = 6 (${at(inverted, 6)})`);
  assert.ok(at(square, 6) < at(square, 0) / 10 && at(square, -6) < at(square, 0) / 10, 'square: kernel distance small for large |λ|');
});

test('figure 5B at convergence: funnel 0.61 at λ = −6 and inverted funnel 0.55 at λ = 6 (0.20 and 0.32 at t = 20, marked not converged), equal to a run at t = 10⁵', async () => {
  const data = await compute('5');
  const sweep = panel(data, 'sweep');
  const series = (start) => sweep.series.find((s) => s.label.startsWith(start));
  const at = (s, lambda) => s.y[Array.from(s.x).indexOf(lambda)];
  const funnel = series('Funnel 6–3–3, converged'), inverted = series('Inverted funnel 3–3–6, converged');
  assert.ok(Math.abs(at(funnel, -6) - 0.61) < 0.005, `funnel at λ = −6 converged: ${at(funnel, -6)}`);
  assert.ok(Math.abs(at(inverted, 6) - 0.55) < 0.005, `inverted funnel at λ = 6 converged: ${at(inverted, 6)}`);
  const funnelAtT = series('Funnel 6–3–3 at t = 20'), invertedAtT = series('Inverted funnel 3–3–6 at t = 20');
  assert.ok(Math.abs(at(funnelAtT, -6) - 0.20) < 0.005 && Math.abs(at(invertedAtT, 6) - 0.32) < 0.005, `at t = 20: ${at(funnelAtT, -6)}, ${at(invertedAtT, 6)}`);
  assert.match(funnelAtT.label, /not converged at [1-9]\d* of 41 λ/, funnelAtT.label);
  assert.match(data.notes.join(' '), /Funnel: converged at every λ by t = 10000; at t = 20 not yet converged/, data.notes.join(' '));
  // The converged value is the limit: a single run at t = 10⁵ gives the same kernel distance.
  for (const [s, shape, lambda] of [[funnel, [6, 3, 3], -6], [inverted, [3, 3, 6], 6]]) {
    const config = data.runs.find((r) => r.config.dims.input === shape[0] && r.config.dims.output === shape[2] && r.config.init.lambda === lambda && !r.config.simulate).config;
    const later = api.engine.run({ ...config, times: [0, 1e5] }).exact.kernelDistance[1];
    assert.ok(Math.abs(later - at(s, lambda)) < 1e-9, `λ = ${lambda}: ${at(s, lambda)} at t = 10⁴, ${later} at t = 10⁵`);
  }
});

test('figure 1C: LeCun weights approach the scaled identity as the width grows, at the expected rate', async () => {
  const data = await compute('1c');
  const deviation = panel(data, 'deviation');
  RATIOS.forEach((ratio) => {
    const measured = points(deviation, `ratio ${ratio} (measured)`).map((q) => q.y);
    for (let i = 1; i < measured.length; i++) assert.ok(measured[i] < measured[i - 1], `ratio ${ratio}: shrinks with width`);
    measured.forEach((m, i) => assert.ok(Math.abs(m / expectedDeviation(WIDTHS[i], ratio) - 1) < 0.25, `ratio ${ratio}, n = ${WIDTHS[i]}: ${m} near ${expectedDeviation(WIDTHS[i], ratio)}`));
  });
  // The λ read off the heatmaps' weights tends to No/Nh − 1 (the authors' network first, then the ratios).
  assert.deepEqual(data.runs[0].result.dims, AUTHORS_NETWORK, 'the first heatmap is the authors’ 40–120–200 network');
  assert.ok(Math.abs(data.runs[0].result.lambda - 2 / 3) < 0.05, `authors’ network: λ̂ = ${data.runs[0].result.lambda} near 200/120 − 1`);
  data.runs.slice(1, 4).forEach(({ result }, i) => assert.ok(Math.abs(result.lambda - (1 / RATIOS[i] - 1)) < 0.05, `ratio ${RATIOS[i]}: λ̂ = ${result.lambda}`));
});

// The entries concentrate, the spectrum does not: ‖W2ᵀW2 − W1W1ᵀ − λ̂I‖₂ stays about 3, 6, 8–10 for
// ratios 1, 3, 5 at every width, and for Nh > Ni + No it has Nh − Ni − No zero eigenvalues.
test('figure 1C: the spectrum of W₂ᵀW₂ − W₁W₁ᵀ − λ̂I does not shrink with width, and wide hidden layers have zero eigenvalues', () => {
  for (const [ratio, low] of [[1, 2], [3, 5], [5, 7]]) {
    const norms = [8, 32, 96].map((n) => balanceSpectrum(api.engine.run(lecunConfig(n, ratio, 1))));
    for (const sp of norms) {
      assert.ok(sp.spectralDeviation > low, `ratio ${ratio}, n = ${sp.dims.input}: spectral distance ${sp.spectralDeviation} > ${low}`);
      assert.equal(sp.zeros, sp.forcedZeros, `ratio ${ratio}, n = ${sp.dims.input}: ${sp.zeros} zero eigenvalues, Nh − Ni − No = ${sp.forcedZeros}`);
    }
    assert.ok(norms.at(-1).spectralDeviation > 0.8 * norms[0].spectralDeviation, `ratio ${ratio}: no shrinking from n = 8 to 96`);
  }
});

// The direct test of the caption's claim: gradient descent from LeCun weights (square, where λ̂ is
// admissible) against the exact solution from λ̂-balanced weights with the same W2W1(0). It does not
// get closer as the network grows: the gap stays about 60 % of the network function.
const matmul = (A, B) => A.map((row) => Array.from(B[0], (_, j) => row.reduce((v, a, k) => v + a * B[k][j], 0)));
const transpose = (A) => Array.from(A[0], (_, j) => A.map((r) => r[j]));
function balancedWithProduct(W, lambda) {
  const { values, vectors: V } = symmetricEigen(matmul(transpose(W), W));
  const s = values.map((x) => Math.sqrt(Math.max(x, 0)));
  const U = matmul(W, V).map((row) => row.map((x, j) => x / s[j]));
  const mu = s.map((x) => Math.hypot(x, lambda / 2));
  return { W1: transpose(V).map((row, i) => row.map((x) => Math.sqrt(mu[i] - lambda / 2) * x)), W2: U.map((row) => row.map((x, j) => x * Math.sqrt(mu[j] + lambda / 2))) };
}
test('figure 1C: LeCun networks do not follow the exact solution at λ̂ as they grow wide (gap about 60 % at every width)', () => {
  const frobenius = (A) => Math.sqrt(A.reduce((v, row) => v + Array.from(row).reduce((w, x) => w + x * x, 0), 0));
  const config = (n, init, extra) => ({ schemaVersion: ENGINE_SCHEMA_VERSION, dims: { input: n, hidden: n, output: n }, task: { kind: 'random', items: 2 * n, seed: 1 },
    init, times: { end: 10, count: 21 }, learningRate: 0.001, metrics: ['networkFunction'], ...extra });
  const gaps = [8, 16, 32].map((n) => [1, 2, 3].reduce((sum, seed) => {
    const lecun = api.engine.run(config(n, { kind: 'lecun', seed }, { exact: false }));
    const start = lecun.simulation.networkFunction.matrix(0).rows().map((r) => Array.from(r));
    const exact = api.engine.run(config(n, { kind: 'explicit', ...balancedWithProduct(start, lecun.lambda) }, { simulate: false }));
    assert.ok(exact.exact, `n = ${n}: the λ̂-balanced weights have an exact solution (${exact.exactUnavailable})`);
    const startGap = frobenius(exact.exact.networkFunction.matrix(0).rows().map((r, i) => Array.from(r, (x, j) => x - start[i][j])));
    assert.ok(startGap < 1e-12 * frobenius(start), `n = ${n}: the same W₂W₁(0) (${startGap})`);
    let gap = 0;
    lecun.times.forEach((_, k) => {
      const a = lecun.simulation.networkFunction.matrix(k).rows(), e = exact.exact.networkFunction.matrix(k).rows();
      gap = Math.max(gap, frobenius(a.map((r, i) => Array.from(r, (x, j) => x - e[i][j]))) / frobenius(e));
    });
    return sum + gap / 3;
  }, 0));
  gaps.forEach((gap, i) => assert.ok(gap > 0.4 && gap < 0.8, `n = ${[8, 16, 32][i]}: mean largest gap ${gap} is about 60 %`));
  assert.ok(gaps.at(-1) > 0.75 * gaps[0], `the gap does not close with width: ${gaps.join(', ')}`);
});

// In a square network the network function depends on λ only through λ²: the figures' ±λ curves of
// it (and of the loss, outputs, singular values and NTK) coincide, W₁ᵀW₁ and W₂W₂ᵀ do not, and each
// figure says so exactly where its series coincide.
test('figures 1B, 2, 3: λ and −λ give the same exact curves (network function, loss, NTK, singular values), and the note says so', async () => {
  const b = await compute('1b');
  const outputs = panel(b, 'outputs');
  for (const l of [1, 2, 3]) {
    const of = (lambda) => outputs.series.filter((s) => s.label.startsWith(`λ = ${lambda}`) && (s.label === `λ = ${lambda}` || s.label === `λ = ${lambda} (exact)`));
    const pair = mirrored(of(l), of(-l));
    assert.ok(pair.same && pair.exact < 1e-13, `1B λ = ±${l}: exact curves coincide (${pair.exact})`);
  }
  assert.match(outputs.title, /λ = ±1, ±2, ±3: the same curve/);
  assert.match(b.notes.join(' '), /λ and −λ give the same output/);
  const two = await compute('2');
  const rows = (lambda) => two.panels.filter((p) => p.lambda === lambda);
  const verdict = rows(2).map((p, row) => [p.quantity, mirrored(p.series, rows(-2)[row].series).same]);
  assert.deepEqual(verdict.map(([, same]) => same), [true, true, false, false, true], `figure 2 rows: ${JSON.stringify(verdict)}`);
  assert.match(two.notes.join(' '), /λ and −λ give the same loss, network function W₂W₁ and NTK/);
  assert.match(two.notes.join(' '), /W₁ᵀW₁ and W₂W₂ᵀ do differ/);
  assert.match(panel(two, 'row1-lambda2').title, /as for λ = −2/);
  const three = await compute('3');
  assert.ok(mirrored(panel(three, 'lambda2').series, panel(three, 'lambda-2').series).same);
  assert.match(three.notes.join(' '), /same singular values/);
  // A curve that is not its mirror image is not called one.
  const s = (y, style) => ({ y: Float64Array.from(y), style });
  assert.equal(mirrored([s([1, 2, 3], 'exact')], [s([1, 2, 3 + 10 * MIRROR_TOLERANCE * 3], 'exact')]).same, false);
  assert.equal(mirrored([s([1, 2, 3], 'exact')], [s([1, 2, 3], 'exact')]).same, true);
});

// Figure 4E's noise is the authors' (ε = 0.1 on X = I₈ and on their weights), converted: √8 ε on these
// inputs, ε / 8^¼ on these weights. Then the sensitivities are those of the authors' network: input
// noise gives ε² ‖W_authors‖_F² = ε² · 8 ‖Σyx‖_F² after convergence, parameter noise
// ε²(No · tr(W₁ᵀW₁)_authors / 8 + tr(W₂W₂ᵀ)_authors) + ε⁴ No Nh with the authors' Gram matrices √8 × ours
// (to 1e-4: the networks at T = 100 are converged to 1e-8 of the loss, not exactly at the limit).
test('figure 4E: the noise levels are the authors’ on X = I₈, converted, and the y axes start at 0', async () => {
  const data = await compute('4');
  assert.ok(Math.abs(INPUT_NOISE - Math.sqrt(8) * PAPER_NOISE) < 1e-6 && Math.abs(PARAMETER_NOISE - PAPER_NOISE / 8 ** 0.25) < 1e-6);
  const sensitivityRuns = data.runs.filter(({ config }) => config.metrics.includes('sensitivity'));
  assert.ok(sensitivityRuns.length > 0 && sensitivityRuns.every(({ config }) => config.noise.input === INPUT_NOISE && config.noise.parameter === PARAMETER_NOISE));
  const task = data.runs[0].result.tasks[0];
  const sumS2 = Array.from(task.s).reduce((v, x) => v + x * x, 0);
  const input = panel(data, 'sensitivity-input'), parameter = panel(data, 'sensitivity-parameter');
  assert.equal(input.yMin, 0);
  assert.equal(parameter.yMin, 0);
  for (const q of points(input, 'closed form (exact, converged)')) {
    const authors = PAPER_NOISE ** 2 * 8 * sumS2;
    assert.ok(Math.abs(q.y / authors - 1) < 1e-4, `input, λ = ${q.x}: ${q.y} vs the authors’ ${authors}`);
  }
  const trace = (m) => m.reduce((v, row, i) => v + row[i], 0);
  for (const q of points(parameter, 'closed form (exact, converged)')) {
    const limit = squareLimit(task, q.x);
    const g1 = Math.sqrt(8) * trace(limit.inputRepresentation), g2 = Math.sqrt(8) * trace(limit.outputRepresentation);
    const authors = PAPER_NOISE ** 2 * (8 * g1 / 8 + g2) + PAPER_NOISE ** 4 * 8 * 8;
    assert.ok(Math.abs(q.y / authors - 1) < 1e-4, `parameter, λ = ${q.x}: ${q.y} vs the authors’ ${authors}`);
  }
});

// "Final" means converged or says it is not: every run of every figure is re-run with its loss and
// task, and a trajectory whose loss at its last time is still more than 1e-4 of the way from its
// start to the lowest possible loss must be named by a "not converged" note of the figure.
for (const figure of FIGURE_MODULES) {
  test(`figure ${figure.id}: a run that has not converged by its last time is said to be not converged`, async () => {
    const data = await compute(figure.id);
    const late = [];
    for (const { config } of data.runs) {
      const times = config.times;
      if (!times || (Array.isArray(times) ? times.length : times.count) <= 2) continue; // end values only: judged by the figure's own tests
      const r = api.engine.run({ ...config, metrics: [...new Set([...(config.metrics ?? []), 'loss', 'task'])] });
      const task = r.tasks?.at(-1);
      if (!task) continue;
      const P = task.X.shape[1];
      const floor = Math.max(0, 0.5 * task.Y.data.reduce((a, v) => a + v * v, 0) / P - 0.5 * Array.from(task.s).reduce((a, s) => a + s * s, 0));
      for (const trajectory of ['exact', 'simulation']) {
        const loss = r[trajectory]?.loss;
        if (!loss) continue;
        const gap = (loss.at(-1) - floor) / (loss[0] - floor);
        if (gap > 1e-4) late.push(`λ = ${r.lambda} ${trajectory} (${gap})`);
      }
    }
    if (late.length) assert.match((data.notes ?? []).join(' '), /not (yet )?converged/i, `${late.join(', ')}: the notes say so`);
  });
}

test('figure 1B: λ = 0 is still moving at t = 12 and is marked so; trained longer it ends where every other λ does', async () => {
  const data = await compute('1b');
  const series = data.panels[0].series;
  const ends = (re) => series.filter((s) => re.test(s.label)).map((s) => s.y.at(-1));
  const zero = series.filter((s) => /^λ = 0\b/.test(s.label));
  assert.equal(zero.length, 2);
  for (const s of zero) assert.match(s.label, /not converged at t = 12/);
  assert.equal(zero.find((s) => s.style !== 'exact').style, 'dashed', 'the unconverged simulation is dashed');
  assert.match(data.notes[0], /^Not converged at t = 12: λ = 0 \(exact 2\.4 %/);
  // The converged λ all end at one output; λ = 0 at t = 12 is far from it (the reader's false conclusion).
  const converged = ends(/^λ = -?[123]\b/);
  const target = converged[0];
  for (const v of converged) assert.ok(Math.abs(v - target) < 1e-6, `converged end ${v} = ${target}`);
  const [zeroEnd] = ends(/^λ = 0 —/);
  assert.ok(Math.abs(zeroEnd - target) > 0.05, `λ = 0 at t = 12 (${zeroEnd}) is not the learned output (${target})`);
  // Trained to t = 60, λ = 0 ends there too.
  const long = api.engine.run({ ...data.runs[3].config, times: { end: 60, count: 301 } });
  assert.equal(long.lambda, 0);
  assert.ok(Math.abs(seriesFrom(long, { trajectory: 'exact', field: 'outputs', at: [0, 0] }).at(-1) - target) < 1e-6, 'λ = 0 converges to the same output');
  // No other λ is marked.
  for (const s of series.filter((x) => !/^λ = 0\b/.test(x.label))) assert.doesNotMatch(s.label, /not converged/);
});

test('figure continual: the panel titles name only what is really off the scale (computed from the data)', async () => {
  const data = await compute('continual');
  for (const p of data.panels) {
    const off = new Set();
    for (const s of p.series.filter((x) => x.style !== 'reference')) s.y.forEach((y, i) => { if (y < p.yMin || y > p.yMax) off.add(s.x[i]); });
    const last = Math.max(...off);
    if (!off.size) assert.doesNotMatch(p.title, /off the scale/);
    else if (off.size === 1) assert.ok(p.title.endsWith(`(t = ${last} off the scale)`), `${p.title}: only t = ${last}`);
    else assert.ok(p.title.endsWith(`(some values at t ≤ ${last} off the scale)`), `${p.title}: up to t = ${last}`);
    assert.ok(last < 12, 'not the old "t < 12" claim');
  }
  assert.match(data.panels[0].title, /\(t = 0 off the scale\)$/);
});
