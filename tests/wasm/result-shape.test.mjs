// The shape of what the wasm facade (web/wasm/ldyn.mjs) returns: vectors as Float64Arrays, every
// matrix and series of matrices one Tensor (a flat row-major Float64Array of its own with a shape),
// row views only on request and sharing its buffer, transferables() listing exactly one buffer per
// series, reviveTensors() after postMessage, and toPlain() giving what `ldyn` prints.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, runCli } from '../support/engine.mjs';

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

// Checks a Tensor of the given shape: one flat Float64Array owning a buffer of exactly its entries;
// get() reads them row-major; at(i) / row(i) / matrix(i) are views of that buffer at their offsets;
// rows() gives the nested Float64Array rows (the result shape before 2026-12), views too.
function assertTensor(tensor, shape, name) {
  assert.ok(tensor instanceof api.Tensor, `${name} is a Tensor`);
  assert.deepEqual(tensor.shape, shape, `${name} has shape ${shape}`);
  const size = shape.reduce((a, b) => a * b, 1);
  assert.ok(tensor.data instanceof Float64Array, `${name}.data is a Float64Array`);
  assert.equal(tensor.data.length, size);
  assert.equal(tensor.data.byteOffset, 0, `${name}.data starts its own buffer`);
  assert.equal(tensor.data.buffer.byteLength, size * 8, `${name}: one buffer holds exactly the series`);
  assert.equal(tensor.length, shape[0]);
  assert.deepEqual(Object.keys(tensor).sort(), ['data', 'shape'], `${name}: only shape and data are own fields (what postMessage keeps)`);
  const nested = tensor.rows();
  const visit = (value, index) => {
    if (index.length === shape.length - 1) {
      assert.ok(value instanceof Float64Array, `${name}${index.map((i) => `[${i}]`).join('')} is a Float64Array row`);
      assert.equal(value.length, shape.at(-1));
      assert.equal(value.buffer, tensor.data.buffer, `${name}: rows() gives views of the series' buffer`);
      const offset = index.reduce((at, i, d) => at * shape[d] + i, 0) * shape.at(-1);
      assert.equal(value.byteOffset, offset * 8, `${name}${index.map((i) => `[${i}]`).join('')} sits at its row-major offset`);
      value.forEach((v, j) => assert.equal(tensor.get(...index, j), v, 'get() reads the same entry'));
      return;
    }
    assert.ok(Array.isArray(value) && value.length === shape[index.length]);
    value.forEach((child, i) => visit(child, [...index, i]));
  };
  visit(nested, []);
  const last = tensor.at(-1);
  if (shape.length === 2) {
    assert.ok(last instanceof Float64Array && last.buffer === tensor.data.buffer, `${name}.at(-1) is a row view`);
    assert.deepEqual(Array.from(last), Array.from(nested.at(-1)));
    assert.equal(tensor.row(0).byteOffset, 0);
    assert.throws(() => tensor.matrix(0), RangeError);
  } else {
    assert.ok(last instanceof api.Tensor && last.data.buffer === tensor.data.buffer, `${name}.at(-1) is a matrix view`);
    assert.deepEqual(last.shape, shape.slice(1));
    assert.deepEqual(last.rows().map((r) => Array.from(r)), nested.at(-1).map((r) => Array.from(r)));
    assert.deepEqual(tensor.matrix(shape[0] - 1).rows(), last.rows());
    assert.throws(() => tensor.row(0), RangeError);
  }
  assert.equal(tensor.at(shape[0]), undefined, `${name}.at() past the end is undefined`);
}

function assertMatrixSeries(series, count, rows, cols, name) {
  assertTensor(series, [count, rows, cols], name);
}

function assertMatrix(matrix, rows, cols, name) {
  assertTensor(matrix, [rows, cols], name);
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

test('every trajectory series is a Float64Array or one Tensor (a flat buffer with a shape)', () => {
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
    // A series of vectors is a T x K matrix.
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

test('vector series are T x K Tensors: row(t) is the vector at time t', () => {
  const sv = result.exact.singularValues;
  assert.deepEqual(sv.shape, [T, Math.min(NI, NO)]);
  for (let t = 0; t < T; t++) {
    const row = sv.row(t);
    assert.ok(row instanceof Float64Array && row.length === Math.min(NI, NO));
    for (let k = 1; k < row.length; k++) assert.ok(row[k - 1] >= row[k], 'largest first');
  }
});

test('rows() on request equals the former nested rows: what toPlain() and the CLI print', () => {
  const cli = runCli(CONFIG);
  assert.equal(cli.status, 0, cli.stderr);
  for (const which of ['exact', 'simulation']) {
    for (const field of ['qqt', 'networkFunction', 'outputs', 'inputRepresentation', 'outputRepresentation', 'itemRsm', 'ntk', 'singularValues', 'taskLosses']) {
      const nested = result[which][field].rows();
      const plainRows = nested.map((m) => (m instanceof Float64Array ? Array.from(m) : m.map((r) => Array.from(r))));
      assert.deepEqual(plainRows, api.toPlain(result)[which][field], `${which}.${field}: rows() and toPlain() agree`);
      const worst = Math.max(...plainRows.flat(2).map((v, k) => Math.abs(v - cli.result[which][field].flat(2)[k])));
      assert.ok(worst <= 1e-12, `${which}.${field}: rows() is what ldyn prints (off by ${worst})`);
      // The views see the series' numbers: writing through one is seen by get().
      const row = result[which][field].shape.length === 3 ? nested[1][0] : nested[1];
      const saved = row[0];
      row[0] = 12345;
      assert.equal(result[which][field].shape.length === 3 ? result[which][field].get(1, 0, 0) : result[which][field].get(1, 0), 12345);
      row[0] = saved;
    }
  }
  const W1 = result.initialWeights.W1;
  assert.deepEqual(api.toPlain(W1), Array.from({ length: NH }, (_, i) => Array.from({ length: NI }, (_, j) => W1.get(i, j))), 'toPlain of one Tensor: its nested rows');
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
    assert.ok(task.u instanceof api.Tensor && task.u.shape.length === 2, `${name}.u is a matrix`);
    assert.ok(task.v instanceof api.Tensor && task.v.shape.length === 2, `${name}.v is a matrix`);
  }
});

test('distinct series never share a buffer', () => {
  const leaves = typedLeaves(result);
  const owner = new Map();
  for (const [where, view] of leaves) {
    const series = where.replace(/\.data$/, '');
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
  assert.equal(fresh.exact.qqt.data.length, 0);
  // Structured cloning keeps each Tensor's own fields (shape, data), not its class: reviveTensors
  // gives the classes back in place, without copying a number.
  assert.ok(!(moved.exact.qqt instanceof api.Tensor));
  const data = moved.exact.qqt.data;
  assert.equal(api.reviveTensors(moved), moved);
  assert.ok(moved.exact.qqt instanceof api.Tensor && moved.tasks[1].gram instanceof api.Tensor && moved.initialWeights.W2 instanceof api.Tensor);
  assert.equal(moved.exact.qqt.data, data, 'the same Float64Array: nothing copied');
  assert.ok(moved.exact.loss instanceof Float64Array);
  assert.deepEqual(api.toPlain(moved), plain, 'the receiver gets the same numbers');
  assert.equal(moved.exact.qqt.matrix(0).row(0).buffer, moved.exact.qqt.matrix(T - 1).row(NI + NO - 1).buffer, 'rows share one buffer after the transfer');
});

test('one buffer per series: a result of T matrices transfers as one buffer, not a buffer per row', () => {
  const fresh = api.engine.run({ ...CONFIG, metrics: ['qqt'] });
  const series = [fresh.times, fresh.phaseStarts, fresh.initialWeights.W1, fresh.initialWeights.W2,
    ...['exact', 'simulation'].flatMap((which) => [fresh[which].loss, fresh[which].qqt])];
  assert.equal(api.transferables(fresh).length, series.length);
});

test('toPlain() gives plain, JSON-ready arrays with the same numbers', () => {
  const plain = api.toPlain(result);
  assert.equal(typedLeaves(plain).length, 0, 'no typed arrays left');
  assert.deepEqual(JSON.parse(JSON.stringify(plain)), plain, 'JSON round trip is lossless');
  assert.ok(Array.isArray(plain.times) && plain.times.length === T);
  assert.ok(Array.isArray(plain.exact.qqt[0][0]));
  assert.equal(plain.exact.qqt[3][1][2], result.exact.qqt.get(3, 1, 2));
  assert.equal(plain.exact.qqt[3][1][2], result.exact.qqt.data[(3 * (NI + NO) + 1) * (NI + NO) + 2], 'row-major');
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
