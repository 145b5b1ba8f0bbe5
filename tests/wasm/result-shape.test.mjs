// The shape of what the wasm facade (web/wasm/ldyn.mjs) returns: Float64Array leaves, matrices as
// arrays of Float64Array rows that are views of one buffer per series, transferables() listing
// exactly those buffers, and toPlain() giving what `ldyn` prints.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';

const ALL_METRICS = ['loss', 'qqt', 'networkFunction', 'outputs', 'singularValues', 'representations', 'itemRsm', 'ntk',
  'kernelDistance', 'sensitivity', 'taskLosses', 'balanceDeviation', 'effectiveRank', 'task'];
const NI = 4, NH = 3, NO = 2, P = 5, T = 7, PHASES = 2;
const CONFIG = {
  schemaVersion: 1,
  dims: { input: NI, hidden: NH, output: NO },
  phases: [
    { task: { kind: 'random', items: P, seed: 1 }, duration: 3 },
    { task: { kind: 'related', phase: 0, similarity: 0.5, seed: 2 } },
  ],
  init: { kind: 'balanced', lambda: -0.5, sigma: 0.1, seed: 2 },
  times: { end: 6, count: T },
  learningRate: 0.01,
  metrics: ALL_METRICS,
  noise: { input: 0.2, parameter: 0.1, samples: 20, seed: 3 },
};

let api, result;
before(async () => {
  api = await loadEngine();
  result = api.engine.run(CONFIG);
});

// Every Float64Array under a value, with its path.
function typedLeaves(value, where = 'result', out = []) {
  if (ArrayBuffer.isView(value)) out.push([where, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => typedLeaves(v, `${where}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) typedLeaves(v, `${where}.${k}`, out);
  return out;
}

// Checks a series of `count` matrices of rows x cols: nested arrays of Float64Array rows, all views
// of one buffer of exactly count*rows*cols doubles, laid out row-major in order.
function assertMatrixSeries(series, count, rows, cols, name) {
  assert.ok(Array.isArray(series), `${name} is an array`);
  assert.equal(series.length, count, `${name} has one matrix per time`);
  const buffer = series[0][0].buffer;
  assert.equal(buffer.byteLength, count * rows * cols * 8, `${name}: one buffer holds exactly the series`);
  series.forEach((matrix, t) => {
    assert.ok(Array.isArray(matrix), `${name}[${t}] is an array of rows`);
    assert.equal(matrix.length, rows, `${name}[${t}] has ${rows} rows`);
    matrix.forEach((row, r) => {
      assert.ok(row instanceof Float64Array, `${name}[${t}][${r}] is a Float64Array`);
      assert.equal(row.length, cols);
      assert.equal(row.buffer, buffer, `${name}[${t}][${r}] is a view of the series' buffer`);
      assert.equal(row.byteOffset, ((t * rows + r) * cols) * 8, `${name}[${t}][${r}] sits at its row-major offset`);
    });
  });
}

function assertMatrix(matrix, rows, cols, name) {
  assertMatrixSeries([matrix], 1, rows, cols, name);
}

function assertVector(vector, length, name) {
  assert.ok(vector instanceof Float64Array, `${name} is a Float64Array`);
  assert.equal(vector.length, length, `${name} has length ${length}`);
  assert.equal(vector.byteOffset, 0, `${name} starts its own buffer`);
  assert.equal(vector.buffer.byteLength, length * 8, `${name} owns a buffer of its own size`);
}

test('top-level fields have the documented types', () => {
  assert.equal(result.schemaVersion, 1);
  assert.equal(api.engine.schemaVersion, 1, 'engine.schemaVersion');
  assert.deepEqual(result.dims, { input: NI, hidden: NH, output: NO });
  assert.equal(result.items, P);
  assert.equal(result.lambda, -0.5);
  assert.equal(typeof result.balanceDeviation, 'number');
  assert.ok(result.balanceDeviation < 1e-12, 'a balanced init is balanced');
  assertVector(result.times, T, 'times');
  assert.deepEqual(Array.from(result.times), [0, 1, 2, 3, 4, 5, 6]);
  assertVector(result.phaseStarts, PHASES, 'phaseStarts');
  assert.deepEqual(Array.from(result.phaseStarts), [0, 3]);
  assertMatrix(result.initialWeights.W1, NH, NI, 'initialWeights.W1');
  assertMatrix(result.initialWeights.W2, NO, NH, 'initialWeights.W2');
  assert.equal(result.exactUnavailable, undefined);
});

test('every trajectory series is a Float64Array or a nested series of Float64Array row views', () => {
  const N = NI + NO;
  for (const which of ['exact', 'simulation']) {
    const r = result[which];
    assert.ok(r && typeof r === 'object', `${which} is present`);
    assertVector(r.loss, T, `${which}.loss`);
    assertVector(r.kernelDistance, T, `${which}.kernelDistance`);
    assertMatrixSeries(r.qqt, T, N, N, `${which}.qqt`);
    assertMatrixSeries(r.networkFunction, T, NO, NI, `${which}.networkFunction`);
    assertMatrixSeries(r.outputs, T, NO, P, `${which}.outputs`);
    assertMatrixSeries(r.inputRepresentation, T, NI, NI, `${which}.inputRepresentation`);
    assertMatrixSeries(r.outputRepresentation, T, NO, NO, `${which}.outputRepresentation`);
    assertMatrixSeries(r.itemRsm, T, P, P, `${which}.itemRsm`);
    assertMatrixSeries(r.ntk, T, NO * P, NO * P, `${which}.ntk`);
    // A series of vectors is a T x K matrix: T Float64Array rows of one buffer.
    assertMatrix(r.singularValues, T, Math.min(NI, NO), `${which}.singularValues`);
    assertMatrix(r.taskLosses, T, PHASES, `${which}.taskLosses`);
    assertVector(r.effectiveRank, T, `${which}.effectiveRank`);
    assertVector(r.sensitivity.input, T, `${which}.sensitivity.input`);
    assertVector(r.sensitivity.parameter, T, `${which}.sensitivity.parameter`);
    assert.equal(typeof r.sensitivity.monteCarlo.input, 'number');
    assert.equal(typeof r.sensitivity.monteCarlo.parameter, 'number');
    assert.equal(r.sensitivity.monteCarlo.samples, 20);
  }
  assertVector(result.simulation.balanceDeviation, T, 'simulation.balanceDeviation');
  assert.equal(result.exact.balanceDeviation, undefined, 'balanceDeviation is a simulation series only');
});

test('vector series are arrays of Float64Array rows (one per time), not one flat array', () => {
  // singularValues has shape {T, K}: an array of T Float64Arrays of length K.
  const sv = result.exact.singularValues;
  assert.ok(Array.isArray(sv) && sv[0] instanceof Float64Array && sv[0].length === Math.min(NI, NO));
  for (const row of sv) for (let k = 1; k < row.length; k++) assert.ok(row[k - 1] >= row[k], 'largest first');
});

test('the task metric gives each phase its data and the SVD of its Syx', () => {
  assert.ok(Array.isArray(result.tasks));
  assert.equal(result.tasks.length, PHASES);
  for (const [i, task] of result.tasks.entries()) {
    const name = `tasks[${i}]`;
    assertMatrix(task.X, NI, P, `${name}.X`);
    assertMatrix(task.Y, NO, P, `${name}.Y`);
    assertMatrix(task.syx, NO, NI, `${name}.syx`);
    assertMatrix(task.gram, P, P, `${name}.gram`);
    assertVector(task.s, task.s.length, `${name}.s`);
    assert.ok(task.s.length >= Math.min(NI, NO));
    assert.ok(Array.isArray(task.u) && task.u[0] instanceof Float64Array, `${name}.u is a matrix`);
    assert.ok(Array.isArray(task.v) && task.v[0] instanceof Float64Array, `${name}.v is a matrix`);
  }
});

test('distinct series never share a buffer', () => {
  const leaves = typedLeaves(result);
  const owner = new Map();
  for (const [where, view] of leaves) {
    // Group rows of one series: strip the trailing indices.
    const series = where.replace(/(\[\d+\])+$/, '');
    const previous = owner.get(view.buffer);
    if (previous !== undefined) assert.equal(previous, series, `${where} shares a buffer with ${previous}`);
    owner.set(view.buffer, series);
  }
});

test('transferables() lists each buffer under the result exactly once', () => {
  const list = api.transferables(result);
  assert.ok(Array.isArray(list));
  for (const buffer of list) assert.ok(buffer instanceof ArrayBuffer);
  assert.equal(new Set(list).size, list.length, 'no duplicates');
  const expected = new Set(typedLeaves(result).map(([, view]) => view.buffer));
  assert.equal(list.length, expected.size, 'one entry per buffer');
  for (const buffer of expected) assert.ok(list.includes(buffer), 'every buffer is listed');
  assert.deepEqual(api.transferables({ a: 1, b: 'x', c: null, d: [2, 3] }), [], 'no buffers in plain data');
});

test('transferring the listed buffers moves the whole result without a copy', () => {
  const fresh = api.engine.run(CONFIG);
  const plain = api.toPlain(fresh);
  const moved = structuredClone(fresh, { transfer: api.transferables(fresh) });
  assert.equal(fresh.exact.loss.length, 0, 'the sender\'s views are detached after the transfer');
  assert.equal(fresh.exact.qqt[0][0].length, 0);
  assert.deepEqual(api.toPlain(moved), plain, 'the receiver gets the same numbers');
  assert.equal(moved.exact.qqt[0][0].buffer, moved.exact.qqt[T - 1][NI + NO - 1].buffer, 'rows still share one buffer after the transfer');
});

test('toPlain() gives plain, JSON-ready arrays with the same numbers', () => {
  const plain = api.toPlain(result);
  assert.equal(typedLeaves(plain).length, 0, 'no typed arrays left');
  assert.deepEqual(JSON.parse(JSON.stringify(plain)), plain, 'JSON round trip is lossless');
  assert.ok(Array.isArray(plain.times) && plain.times.length === T);
  assert.ok(Array.isArray(plain.exact.qqt[0][0]));
  assert.equal(plain.exact.qqt[3][1][2], result.exact.qqt[3][1][2]);
  assert.equal(plain.simulation.loss[5], result.simulation.loss[5]);
  assert.deepEqual(plain.dims, result.dims);
  assert.equal(plain.tasks[1].s[0], result.tasks[1].s[0]);
});

test('exact: false and simulate: false give null trajectories', () => {
  const exactOnly = api.engine.run({ ...CONFIG, simulate: false });
  assert.equal(exactOnly.simulation, null);
  assert.ok(exactOnly.exact.loss instanceof Float64Array);
  const simulationOnly = api.engine.run({ ...CONFIG, exact: false });
  assert.equal(simulationOnly.exact, null);
  assert.equal(simulationOnly.exactUnavailable, undefined, 'no reason is given when the exact solution was not asked for');
  assert.ok(simulationOnly.simulation.loss instanceof Float64Array);
});

test('an unbalanced initialization has no exact trajectory and says why', () => {
  const r = api.engine.run({ ...CONFIG, init: { kind: 'gaussian', sigma: 0.1, seed: 4 } });
  assert.equal(r.exact, null);
  assert.equal(typeof r.exactUnavailable, 'string');
  assert.match(r.exactUnavailable, /not lambda-balanced/);
  assert.ok(r.simulation.loss instanceof Float64Array);
});

test('a JSON string configuration gives the same result as the object', () => {
  assert.deepEqual(api.toPlain(api.engine.run(JSON.stringify(CONFIG))), api.toPlain(result));
});
