// The same configuration gives the same numbers through the wasm facade (what the page runs) and
// through the native CLI `build/native/bin/ldyn --config -`, to 1e-12 relative: every shared
// fixture case (custom task + explicit weights), random tasks with each initialization, the
// hierarchy task, phases with reversed and related tasks, and every metric.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, runCli, compareTrees, fixtureCases } from '../support/engine.mjs';

const RTOL = 1e-12;
const ALL_METRICS = ['loss', 'qqt', 'networkFunction', 'outputs', 'singularValues', 'representations', 'itemRsm', 'ntk',
  'kernelDistance', 'sensitivity', 'taskLosses', 'balanceDeviation', 'effectiveRank', 'task'];

const CASES = {
  'random task, balanced init, every metric, Monte Carlo sensitivity': {
    schemaVersion: 1,
    dims: { input: 3, hidden: 3, output: 3 },
    task: { kind: 'random', items: 6, seed: 1 },
    init: { kind: 'balanced', lambda: 0.5, sigma: 0.1, seed: 2 },
    times: { end: 10, count: 21 },
    learningRate: 0.01,
    metrics: ALL_METRICS,
    noise: { input: 0.2, parameter: 0.1, samples: 50, seed: 4 },
  },
  'random task, aligned init (funnel, lambda < 0), explicit times': {
    dims: { input: 4, hidden: 4, output: 2 },
    task: { kind: 'random', items: 5, seed: 3 },
    init: { kind: 'aligned', lambda: -1, sigma: 0.2, seed: 5 },
    times: [0, 0.5, 1, 2, 4, 8],
    metrics: ALL_METRICS,
  },
  'random task, gaussian init (no exact curve)': {
    dims: { input: 3, hidden: 5, output: 3 },
    task: { kind: 'random', items: 6, seed: 1 },
    init: { kind: 'gaussian', sigma: 0.1, seed: 9 },
    times: { end: 5, count: 11 },
    metrics: ALL_METRICS,
    noise: { samples: 10 },
  },
  'random task, lecun init': {
    dims: { input: 3, hidden: 4, output: 2 },
    task: { kind: 'random', items: 3, seed: 2 },
    init: { kind: 'lecun', seed: 9 },
    times: { end: 5, count: 11 },
    metrics: ['loss', 'networkFunction', 'singularValues', 'balanceDeviation'],
  },
  'hierarchy task (depth 2), balanced init': {
    dims: { hidden: 4 },
    task: { kind: 'hierarchy', depth: 2 },
    init: { kind: 'balanced', lambda: 1, sigma: 0.05, seed: 1 },
    times: { end: 10, count: 11 },
    metrics: ALL_METRICS,
  },
  'hierarchy task (depth 3), large lambda, exact only': {
    dims: { hidden: 8 },
    task: { kind: 'hierarchy', depth: 3 },
    init: { kind: 'balanced', lambda: -4, sigma: 0.5, seed: 7 },
    times: { end: 20, count: 41 },
    simulate: false,
    metrics: ['loss', 'qqt', 'outputs', 'kernelDistance'],
  },
  'phases: random, reversed, related': {
    dims: { input: 3, hidden: 3, output: 3 },
    phases: [
      { task: { kind: 'random', items: 6, seed: 1 }, duration: 5 },
      { task: { kind: 'reversed', phase: 0 }, duration: 5 },
      { task: { kind: 'related', phase: 0, similarity: 0.5, seed: 3 } },
    ],
    init: { kind: 'balanced', lambda: 0, sigma: 0.05, seed: 2 },
    times: { end: 15, count: 31 },
    metrics: ['loss', 'taskLosses', 'singularValues', 'kernelDistance', 'sensitivity', 'task'],
  },
  'custom task whitened by the engine, balanced init, gradient descent only': {
    task: { kind: 'custom', X: [[1, 2, 0, -1], [0, 1, 3, 1]], Y: [[1, 0, 1, 0], [0.5, -0.5, 2, 1], [0, 0, 1, 1]] },
    dims: { hidden: 2 },
    init: { kind: 'balanced', lambda: 0.3, sigma: 0.2, seed: 11 },
    times: { end: 4, count: 9 },
    exact: false,
    metrics: ['loss', 'outputs', 'representations', 'balanceDeviation'],
  },
};

let api;
before(async () => {
  api = await loadEngine();
});

function assertSameAsCli(config) {
  const wasm = api.toPlain(api.engine.run(config));
  const cli = runCli(config);
  assert.equal(cli.status, 0, `ldyn failed: ${cli.stderr}`);
  assert.equal(cli.stderr, '', 'ldyn prints nothing on stderr');
  const problems = compareTrees(wasm, cli.result, { rtol: RTOL });
  assert.deepEqual(problems, [], `wasm and native results differ:\n${problems.join('\n')}`);
  return { wasm, cli: cli.result };
}

for (const { name, config, fixture } of fixtureCases()) {
  test(`${name}: wasm == native CLI, and both match the fixture to 1e-9`, () => {
    const { wasm } = assertSameAsCli(config);
    assert.ok(Math.abs(wasm.lambda - fixture.lambda) <= 1e-12 * Math.max(1, Math.abs(fixture.lambda)), 'lambda read off the weights');
    assert.ok(wasm.exact, `exact trajectory present (${wasm.exactUnavailable ?? ''})`);
    for (let i = 0; i < fixture.times.length; i++) {
      const expected = fixture.QQt[i], got = wasm.exact.qqt[i];
      let diff = 0, norm = 0;
      for (let r = 0; r < expected.length; r++) {
        for (let c = 0; c < expected.length; c++) {
          diff += (got[r][c] - expected[r][c]) ** 2;
          norm += expected[r][c] ** 2;
        }
      }
      assert.ok(Math.sqrt(diff / norm) < 1e-9, `QQ^T at t = ${fixture.times[i]}: relative error ${Math.sqrt(diff / norm)}`);
      assert.ok(Math.abs(wasm.exact.loss[i] - fixture.loss[i]) <= 1e-9 * fixture.loss[i], `loss at t = ${fixture.times[i]}`);
    }
  });
}

for (const [name, config] of Object.entries(CASES)) {
  test(`${name}: wasm == native CLI`, () => {
    const { wasm } = assertSameAsCli(config);
    // Guard against a vacuous comparison: the result holds the trajectories asked for.
    if (config.simulate !== false) assert.ok(wasm.simulation?.loss.length > 0, 'simulation present');
    if (config.exact === false || ['gaussian', 'lecun'].includes(config.init.kind)) assert.equal(wasm.exact, null);
    else assert.ok(wasm.exact?.loss.length > 0, 'exact trajectory present');
  });
}

test('the comparison itself notices a difference (no vacuous pass)', () => {
  const config = CASES['random task, lecun init'];
  const wasm = api.toPlain(api.engine.run(config));
  const changed = structuredClone(wasm);
  changed.simulation.loss[3] *= 1 + 1e-10;
  assert.equal(compareTrees(changed, wasm, { rtol: RTOL }).length, 1);
  changed.simulation.loss[3] = wasm.simulation.loss[3];
  delete changed.simulation.networkFunction;
  assert.equal(compareTrees(changed, wasm, { rtol: RTOL }).length, 1);
});

test('every metric name the CLI accepts is covered above', () => {
  const unknown = runCli({ ...CASES['random task, lecun init'], metrics: ['nope'] });
  assert.equal(unknown.status, 2);
  const listed = /expected one of: ([^)]*)\)/.exec(unknown.stderr)?.[1].split(', ');
  assert.ok(listed, unknown.stderr);
  assert.deepEqual([...listed].sort(), [...ALL_METRICS].sort());
});

test('seeds reproduce: the same configuration twice gives identical numbers, in two engine instances', async () => {
  const config = CASES['random task, balanced init, every metric, Monte Carlo sensitivity'];
  const first = api.toPlain(api.engine.run(config));
  const again = api.toPlain(api.engine.run(config));
  assert.deepEqual(again, first, 'same engine, same result bit for bit');
  const other = await loadEngine();
  assert.deepEqual(other.toPlain(other.engine.run(config)), first, 'a fresh engine gives the same result bit for bit');
});

test('seeds matter: each seed changes what it should and nothing else', () => {
  const base = CASES['random task, balanced init, every metric, Monte Carlo sensitivity'];
  const run = (config) => api.toPlain(api.engine.run(config));
  const reference = run(base);
  const initSeed = run({ ...base, init: { ...base.init, seed: 3 } });
  assert.notDeepEqual(initSeed.initialWeights, reference.initialWeights, 'init.seed changes the weights');
  assert.deepEqual(initSeed.tasks, reference.tasks, 'init.seed leaves the task alone');
  const taskSeed = run({ ...base, task: { ...base.task, seed: 2 } });
  assert.notDeepEqual(taskSeed.tasks[0].X, reference.tasks[0].X, 'task.seed changes the task');
  const noiseSeed = run({ ...base, noise: { ...base.noise, seed: 5 } });
  assert.notDeepEqual(noiseSeed.exact.sensitivity.monteCarlo, reference.exact.sensitivity.monteCarlo, 'noise.seed changes the Monte Carlo estimate');
  assert.deepEqual(noiseSeed.exact.loss, reference.exact.loss, 'noise.seed leaves the trajectory alone');
  assert.deepEqual(run({ ...base, init: { ...base.init, seed: 3 } }), initSeed, 'a changed seed reproduces too');
});

// Every task kind × every init kind, degenerate spectra included (the hierarchy's singular values
// repeat, so its SVD has a free basis inside each repeated mode: the engine must pick one basis the
// same way natively and in wasm). Everything is compared: weights, task SVDs, every metric.
const TASKS = {
  'random': { dims: { input: 4, hidden: 4, output: 4 }, task: { kind: 'random', items: 8, seed: 2 } },
  'hierarchy depth 3': { dims: { hidden: 8 }, task: { kind: 'hierarchy', depth: 3 } },
  'hierarchy depth 4 (Ni = 16)': { dims: { hidden: 16 }, task: { kind: 'hierarchy', depth: 4 } },
  'spectrum, random vectors, a repeated value': { dims: { input: 3, hidden: 3, output: 3 },
    task: { kind: 'spectrum', values: [2, 2, 0.5], seed: 5 } },
  'custom, repeated singular values': { dims: { hidden: 3 },
    task: { kind: 'custom', X: [[1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]], Y: [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0]], whiten: true } },
  'phases: hierarchy, reversed, related': { dims: { hidden: 8 }, phases: [
    { task: { kind: 'hierarchy', depth: 3 }, duration: 3 }, { task: { kind: 'reversed', phase: 0 }, duration: 3 },
    { task: { kind: 'related', phase: 0, similarity: 0.3, seed: 4 } }] },
};
const INITS = {
  balanced: { kind: 'balanced', lambda: 0.5, sigma: 0.1, seed: 3 },
  aligned: { kind: 'aligned', lambda: 0, sigma: 0.1, seed: 3 },
  gaussian: { kind: 'gaussian', sigma: 0.2, seed: 3 },
  lecun: { kind: 'lecun', seed: 3 },
};
for (const [taskName, taskPart] of Object.entries(TASKS)) {
  for (const [initName, init] of Object.entries(INITS)) {
    test(`${taskName} × ${initName}: wasm == native CLI, initial weights and task SVD included`, () => {
      const config = { ...taskPart, init, times: { end: 6, count: 7 }, metrics: ALL_METRICS, noise: { samples: 20, seed: 1 } };
      const { wasm } = assertSameAsCli(config);
      assert.ok(wasm.initialWeights.W1.length > 0);
    });
  }
  test(`${taskName} × explicit weights (the API's own Tensor output fed back): wasm == native CLI`, () => {
    const first = api.engine.run({ ...taskPart, init: INITS.balanced, times: [0], simulate: false, metrics: ['loss'] });
    const config = { ...taskPart, init: { kind: 'explicit', W1: first.initialWeights.W1, W2: first.initialWeights.W2 },
      times: { end: 6, count: 7 }, metrics: ALL_METRICS };
    assert.ok(first.initialWeights.W1 instanceof api.Tensor);
    const { wasm } = assertSameAsCli(api.toPlain(config));
    assert.ok(Math.abs(wasm.lambda - 0.5) < 1e-12);
    assert.deepEqual(api.toPlain(api.engine.run(config)), wasm, 'Tensors and plain rows give the same result');
    // As a worker receives it: structured cloning keeps a Tensor's shape and data, not its class.
    const cloned = structuredClone(config);
    assert.ok(!(cloned.init.W1 instanceof api.Tensor));
    assert.deepEqual(api.toPlain(api.engine.run(cloned)), wasm, 'a structured-cloned Tensor ({shape, data}) is read as its rows');
    assert.deepEqual(api.toPlain(api.engine.run({ ...config, init: { ...config.init, W1: first.initialWeights.W1.rows() } })), wasm,
      'typed-array rows give the same result');
  });
}

test('singular values with repeated values (hierarchy depth 4 and 5): the network function\'s match the task\'s after convergence', () => {
  for (const [depth, init] of [[4, 'balanced'], [4, 'aligned'], [5, 'balanced']]) {
    for (const seed of [1, 2, 3]) {
      const config = { dims: { hidden: 2 ** depth }, task: { kind: 'hierarchy', depth }, init: { kind: init, lambda: 0, sigma: 0.1, seed },
        times: [1000], simulate: false, metrics: ['singularValues', 'task'] };
      for (const result of [api.toPlain(api.engine.run(config)), runCli(config).result]) {
        const got = result.exact.singularValues[0], expected = result.tasks[0].s;
        const worst = Math.max(...got.map((v, i) => Math.abs(v - expected[i])));
        assert.ok(worst < 1e-9, `depth ${depth}, ${init}, seed ${seed}: off by ${worst}`);
      }
    }
  }
});
