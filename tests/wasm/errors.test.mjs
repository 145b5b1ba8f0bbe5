// Bad configurations: the facade throws an Error named 'ConfigError' whose message starts with the
// offending field's JSON path and whose `field` property is that path, and the native CLI reports
// the very same message (`ldyn: config error: <message>` on stderr, exit status 2).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, runCli } from '../support/engine.mjs';

const BASE = {
  dims: { input: 3, hidden: 3, output: 3 },
  task: { kind: 'random', items: 6, seed: 1 },
  init: { kind: 'balanced', lambda: 0, sigma: 0.1, seed: 2 },
  times: { end: 2, count: 5 },
};
const without = (object, key) => {
  const copy = { ...object };
  delete copy[key];
  return copy;
};

// [what, configuration (object or JSON text), field, pattern the message must match after "field: "]
const CASES = [
  ['invalid JSON', '{"task": ', '', /^invalid JSON: /],
  ['JSON that is not an object', '[1, 2]', '', /must be an object, got an array/],
  ['an inadmissible lambda for the shape (Nh > Ni needs lambda >= 0)',
    { ...BASE, dims: { input: 2, hidden: 3, output: 4 }, task: { kind: 'random', items: 4, seed: 1 }, init: { kind: 'balanced', lambda: -1, sigma: 0.1 } },
    'init.lambda', /lambda = -1 is not admissible/],
  ['a nonzero lambda with a hidden layer wider than both sides',
    { ...BASE, dims: { input: 2, hidden: 5, output: 3 }, init: { kind: 'aligned', lambda: 0.5, sigma: 0.1 } }, 'init.lambda', /allows only lambda = 0/],
  ['lambda out of range', { ...BASE, init: { ...BASE.init, lambda: 1e5 } }, 'init.lambda', /out of range/],
  ['lambda of the wrong type', { ...BASE, init: { ...BASE.init, lambda: '1' } }, 'init.lambda', /must be a number, got a string/],
  ['descending times', { ...BASE, times: [0, 1, 0.5] }, 'times[2]', /0\.5 comes after 1: times must be in ascending order/],
  ['a negative time', { ...BASE, times: [-1, 1] }, 'times[0]', /out of range/],
  ['times.end of zero', { ...BASE, times: { end: 0, count: 3 } }, 'times.end', /must be positive/],
  ['an unknown top-level key', { ...BASE, foo: 1 }, 'foo', /unknown key/],
  ['an unknown key inside init', { ...BASE, init: { ...BASE.init, color: 'red' } }, 'init.color', /unknown key/],
  ['an unknown init kind', { ...BASE, init: { kind: 'fancy' } }, 'init.kind', /unknown kind "fancy"/],
  ['a missing hidden width', { ...BASE, dims: { input: 3, output: 3 } }, 'dims.hidden', /is required/],
  ['a missing task', without(BASE, 'task'), 'task', /is required/],
  ['task and phases together', { ...BASE, phases: [{ task: BASE.task }] }, 'phases', /not both/],
  ['an unknown metric', { ...BASE, metrics: ['loss', 'bogus'] }, 'metrics[1]', /unknown metric/],
  ['too many gradient steps', { ...BASE, learningRate: 1e-9, times: { end: 1000, count: 3 } }, 'learningRate', /gradient steps/],
  ['a custom X that cannot be whitened',
    { task: { kind: 'custom', X: [[1, 1, 1], [2, 2, 2]], Y: [[1, 2, 3]] }, dims: { hidden: 2 }, init: { kind: 'lecun' }, times: [0, 1] }, 'task.X', /cannot be whitened/],
  ['a ragged matrix row',
    { task: { kind: 'custom', X: [[1, 0, -1], [0, 1]], Y: [[1, 2, 3]] }, dims: { hidden: 2 }, init: { kind: 'lecun' }, times: [0, 1] }, 'task.X[1]', /has 2 values but row 0 has 3/],
  ['a phase that refers to a later phase',
    { ...without(BASE, 'task'), phases: [{ task: BASE.task, duration: 1 }, { task: { kind: 'reversed', phase: 3 } }] }, 'phases[1].task.phase', /out of range/],
  ['a reversed task without phases', { ...BASE, task: { kind: 'reversed', phase: 0 } }, 'task.kind', /needs "phases"/],
  ['a newer schema version', { ...BASE, schemaVersion: 2 }, 'schemaVersion', /out of range \[1, 1\]/],
  ['explicit weights of the wrong shape',
    { ...BASE, init: { kind: 'explicit', W1: [[1, 0], [0, 1]], W2: [[1, 0], [0, 1], [0, 0]] } }, 'init.W1', /has 2 columns but the task has 3 inputs/],
  ['a time span the exact solution cannot reach', { ...BASE, init: { ...BASE.init, lambda: 1e4 }, times: { end: 1e6, count: 3 }, simulate: false }, 'times', /needs .* steps/],
  ['negative Monte Carlo samples', { ...BASE, noise: { samples: -1 } }, 'noise.samples', /out of range/],
  // Issue 15, item 1: 40,000 nested arrays grew the wasm heap to 2 GiB and ended in an EngineError.
  ['JSON text nested 40,000 levels deep', `{"task":${'['.repeat(40000)}${']'.repeat(40000)}}`, `task${'[0]'.repeat(63)}`,
    /is nested more than 64 levels deep/],
  // Issue 15, item 10: the engine said "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF".
  ['a lone surrogate escaped in JSON text', '{"task": {"kind": "\\ud800"}}', '', /invalid string: a lone surrogate .* text must be valid Unicode/],
  // Issue 15, item 10: lambda = 10000.02 read off the weights was shown as "10000 is outside [-10000, 10000]".
  ['a lambda read off explicit weights just over the limit',
    { task: { kind: 'custom', X: [[1, -1]], Y: [[1, -1]], whiten: false }, init: { kind: 'explicit', W1: [[0]], W2: [[Math.sqrt(10000.02)]] }, times: [0, 1] },
    'init.W1', /lambda = tr\(W2\^T W2 - W1 W1\^T\) \/ Nh = 10000\.02 is outside \[-10000, 10000\]/],
  ['too many numbers requested', { ...BASE, dims: { input: 64, hidden: 64, output: 64 }, task: { kind: 'random', items: 64 }, times: { end: 1, count: 100000 }, metrics: ['ntk'], simulate: false }, 'metrics', /numbers/],
];

let api;
before(async () => {
  api = await loadEngine();
});

function thrown(config) {
  try {
    api.engine.run(config);
  } catch (error) {
    return error;
  }
  assert.fail('the configuration was accepted');
}

for (const [what, config, field, pattern] of CASES) {
  test(`${what}: ConfigError on "${field || '(root)'}", same message as the CLI`, () => {
    const error = thrown(config);
    assert.ok(error instanceof Error, 'an Error');
    assert.ok(error instanceof api.ConfigError, 'an instance of the exported ConfigError');
    assert.equal(error.name, 'ConfigError');
    assert.equal(error.field, field, `field (message: ${error.message})`);
    const prefix = `${field || 'config'}: `;
    assert.ok(error.message.startsWith(prefix), `message starts with "${prefix}": ${error.message}`);
    assert.match(error.message.slice(prefix.length), pattern);
    assert.ok(error.stack, 'has a stack');

    const cli = runCli(config);
    assert.equal(cli.status, 2, 'ldyn exits with status 2 for a config error');
    assert.equal(cli.stdout, '', 'ldyn prints no result');
    assert.equal(cli.stderr, `ldyn: config error: ${error.message}\n`, 'the CLI reports the same message');
  });
}

test('the engine keeps working after errors', () => {
  const good = api.toPlain(api.engine.run(BASE));
  for (const [, config] of CASES) thrown(config);
  assert.deepEqual(api.toPlain(api.engine.run(BASE)), good);
});

// A value that is not a configuration at all is still a bad configuration: the facade promises
// "a bad configuration throws an Error whose message starts with the offending field".
// Before the fix: engine.run(undefined) throws embind's BindingError "Cannot pass
// non-string to std::string" (no `field`), because JSON.stringify(undefined) is undefined.
test('run(undefined) and run(a function) throw a ConfigError too, not an embind BindingError', () => {
  for (const value of [undefined, () => 1, Symbol('x')]) {
    const error = thrown(value);
    assert.equal(error.name, 'ConfigError', `run(${String(value)}) threw ${error.name}: ${error.message}`);
    assert.equal(error.field, '');
    assert.ok(error.message.startsWith('config: '), error.message);
  }
  for (const value of [null, 42, 'null', '']) {
    const error = thrown(value);
    assert.equal(error.name, 'ConfigError', `run(${JSON.stringify(value)})`);
    assert.equal(error.field, '');
  }
});

// Values JSON cannot hold are ConfigErrors that name the field, raised before anything is copied.
test('the facade turns JS values JSON cannot hold into ConfigErrors naming the field', () => {
  const circular = { ...BASE };
  circular.init = { ...BASE.init, self: circular };
  let deep = {};
  const root = deep;
  for (let i = 0; i < 200; i++) deep = deep.next = {};
  const cases = [
    [{ ...BASE, noise: { seed: 10n } }, 'noise.seed', /must be a number, got a BigInt/],
    [circular, 'init.self', /refers to itself/],
    [{ ...BASE, extra: root }, /^extra(\.next)+$/, /nested more than 64 levels deep/],
    [{ ...BASE, init: { ...BASE.init, lambda: NaN } }, 'init.lambda', /must be a finite number/],
    [{ ...BASE, init: { ...BASE.init, lambda: () => 1 } }, 'init.lambda', /must be JSON data, got a function/],
    [{ ...BASE, times: new Array(1e7).fill(0) }, 'times', /has 10000000 entries \(at most 100000\)/],
    [{ ...BASE, times: new Float64Array(2e5) }, 'times', /has 200000 entries/],
    [[1, 2], '', /must be an object or JSON text, got an array/],
    [42, '', /must be an object or JSON text, got a number/],
    // Issue 15, item 10: a typed array was "got object".
    [new Float64Array(2), '', /must be an object or JSON text, got a Float64Array$/],
    // Issue 15, item 10: lone surrogates in JS strings are named where they are (embind would have
    // encoded them as bytes that are not UTF-8).
    [{ ...BASE, task: { kind: 'random\ud800', items: 6 } }, 'task.kind', /has a lone surrogate \(U\+D800, half of a UTF-16 pair\) at character 6/],
    [{ ...BASE, ['x\udc00']: 1 }, '', /has a key that holds a lone surrogate \(U\+DC00/],
    [JSON.stringify(BASE).replace('"random"', '"\ud800"'), '', /the JSON text has a lone surrogate \(U\+D800.* must be valid Unicode/],
  ];
  for (const [config, field, pattern] of cases) {
    assert.throws(() => api.engine.run(config), (error) => {
      assert.equal(error.name, 'ConfigError', error.stack);
      if (field instanceof RegExp) assert.match(error.field, field);
      else assert.equal(error.field, field);
      assert.match(error.message, pattern);
      return true;
    });
  }
});

test('typed arrays are accepted wherever arrays are', () => {
  const result = api.engine.run({ ...BASE, times: new Float64Array([0, 0.5, 1]), metrics: ['loss'] });
  assert.deepEqual(Array.from(result.times), [0, 0.5, 1]);
  const fed = api.engine.run({ ...BASE, init: { kind: 'explicit', W1: result.initialWeights.W1, W2: result.initialWeights.W2 }, times: result.times });
  assert.ok(Math.abs(fed.lambda) < 1e-12);
  // λ read off the weights is 0 up to rounding, so the losses agree up to rounding.
  api.toPlain(fed.exact.loss).forEach((v, i) => assert.ok(Math.abs(v - result.exact.loss[i]) <= 1e-14 * Math.abs(v), `loss[${i}]`));
});

test('estimate() reports the cost without running, and refuses what run() refuses', () => {
  const estimate = api.engine.estimate(BASE);
  assert.ok(estimate.operations > 0 && estimate.operations < estimate.limit);
  assert.equal(estimate.limit, 3e11);
  const parts = Object.values(estimate.parts).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(parts - estimate.operations) <= 1e-9 * estimate.operations);
  const heavy = { dims: { input: 512, hidden: 1, output: 1 }, task: { kind: 'random', items: 512 }, init: { kind: 'balanced', lambda: 0, sigma: 1 },
    times: { end: 1, count: 100000 }, simulate: false, metrics: ['kernelDistance'] };
  assert.throws(() => api.engine.estimate(heavy), (error) => error.name === 'ConfigError' && error.field === 'metrics' && /kernelDistance/.test(error.message));
  assert.throws(() => api.engine.run(heavy), (error) => error.name === 'ConfigError' && error.field === 'metrics');
});

// Issue 15, item 1: the heap grew to 2 GiB (and stayed) for 40,000 nested arrays in JSON text.
test('deeply nested JSON text is refused without growing the wasm heap', () => {
  api.engine.run(BASE); // the heap as an ordinary run leaves it
  const before = api.engine.memoryBytes();
  for (const levels of [40000, 80000]) {
    const error = thrown(`{"task":${'['.repeat(levels)}${']'.repeat(levels)}}`);
    assert.equal(error.name, 'ConfigError', error.message);
    assert.match(error.message, /nested more than 64 levels deep/);
  }
  assert.equal(api.engine.memoryBytes(), before, 'the wasm memory did not grow');
});

// Issue 15, item 8: 40 rows of 4e6 entries were written out as text first (15 s, 975 MB), 80 rows
// ended in a RangeError; the facade counts a matrix's entries from its rows' lengths before that.
test('a matrix of too many entries is refused before it is written out, naming the field', () => {
  const row = new Float64Array(4e6); // one row, shared: the test itself stays small
  for (const rows of [40, 80]) {
    const config = { task: { kind: 'custom', X: new Array(rows).fill(row), Y: [[1]] }, dims: { hidden: 2 }, init: { kind: 'lecun' }, times: [0, 1] };
    const error = thrown(config);
    assert.equal(error.name, 'ConfigError', error.message);
    assert.equal(error.field, 'task.X');
    assert.equal(error.message, `task.X: has ${rows * 4e6} entries (at most 4000000)`);
  }
  const weights = { ...BASE, init: { kind: 'explicit', W1: [[1, 0, 0]], W2: new Array(3).fill(new Float64Array(2e6)) } };
  assert.equal(thrown(weights).field, 'init.W2', 'so is an initial weight matrix');
});

// Issue 15, item 9: {end: 0.1, count: 4} ended at 0.1 * 3 / 3 = 0.10000000000000002, after the last
// phase (duration 0.1), and was refused.
test('times as {end, count} end exactly at end', () => {
  for (const [end, count] of [[0.1, 4], [7.7, 10], [0.3, 110]]) {
    const config = { ...without(BASE, 'task'), phases: [{ task: BASE.task, duration: end }], times: { end, count } };
    const result = api.engine.run(config);
    assert.equal(result.times.length, count);
    assert.equal(result.times[count - 1], end);
  }
});

// Issue 15, item 2: an exception thrown by onProgress crossed the engine's C++ frames (leaking the
// run's memory: the instance died after ~100 such calls); it is now the caller's own exception.
test('a throwing onProgress stops the run and run() rethrows that very exception', () => {
  const long = { ...BASE, learningRate: 0.01, times: { end: 20, count: 5 } }; // 2,000 steps: progress is reported
  let calls = 0;
  const mine = new RangeError('stop here');
  assert.throws(() => api.engine.run(long, { onProgress: () => { calls++; throw mine; } }), (error) => error === mine);
  assert.equal(calls, 1, 'the run stopped at the first report');
  const thrownString = (() => { try { api.engine.run(long, { onProgress: () => { throw 'a string'; } }); } catch (e) { return e; } })();
  assert.equal(thrownString, 'a string', 'whatever was thrown comes back as it was');
  const fractions = [];
  const result = api.engine.run(long, { onProgress: (f) => fractions.push(f) });
  assert.ok(fractions.length > 1 && fractions.every((f) => f > 0 && f <= 1), 'progress is still reported afterwards');
  assert.deepEqual(api.toPlain(result), api.toPlain(api.engine.run(long)), 'and the engine computes as before');
});
