// Memory stays flat over 10,000 calls mixing successes and every kind of error, and a result stays
// valid when a later call grows the wasm heap (results are copies, not views of the heap).
//
// The facade exposes no memory hook. The Emscripten 3.1.6 factory fills the options object passed
// to createEngine in as its Module, so the test reads the wasm Memory and malloc through it (see
// tests/support/engine.mjs). The leak probe: malloc a 4 MiB block and free it at once. Such a block
// comes from the top of the heap, so its address is the heap's high-water mark: it moves up by the
// bytes leaked in between, even while the leak still fits in the heap without growing it.
// If that object is ever not the Module, the wasm part is skipped and only process memory is checked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadEngine, wasmMemoryOf } from '../support/engine.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const CALLS = 10_000;
const GOOD = {
  dims: { input: 2, hidden: 2, output: 2 },
  task: { kind: 'random', items: 3, seed: 1 },
  init: { kind: 'balanced', lambda: 0.5, sigma: 0.1, seed: 2 },
  times: { end: 1, count: 5 },
  metrics: ['loss', 'qqt', 'ntk', 'sensitivity', 'task', 'balanceDeviation'],
  noise: { samples: 3 },
};
// Errors thrown at every stage: JSON parsing, field checks, task construction, cost checks.
const BAD = [
  '{"task": ',
  { ...GOOD, times: [0, 2, 1] },
  { ...GOOD, init: { kind: 'balanced', lambda: 1e9, sigma: 0.1 } },
  { ...GOOD, dims: { input: 2, hidden: 3, output: 2 }, init: { kind: 'balanced', lambda: 1, sigma: 0.1 } },
  { ...GOOD, learningRate: 1e-9, times: { end: 1000, count: 3 } },
  { task: { kind: 'custom', X: [[1, 1, 1], [2, 2, 2]], Y: [[1, 2, 3]] }, dims: { hidden: 2 }, init: { kind: 'lecun' }, times: [0, 1] },
  { ...GOOD, init: { kind: 'explicit', W1: [[1, 0, 0], [0, 1, 0]], W2: [[1, 0], [0, 1]] } },
];
const GAUSSIAN = { ...GOOD, init: { kind: 'gaussian', sigma: 0.1, seed: 3 } };

let api, memory;
before(async () => {
  api = await loadEngine();
  memory = wasmMemoryOf(api.module);
});

function heapTop() {
  const pointer = api.module._malloc(4 << 20);
  assert.ok(pointer > 0, 'malloc of the probe block succeeded');
  api.module._free(pointer);
  return pointer;
}

function mixedCalls(count) {
  let ok = 0, failed = 0;
  for (let i = 0; i < count; i++) {
    const config = i % 3 === 0 ? BAD[(i / 3) % BAD.length] : i % 3 === 1 ? GOOD : GAUSSIAN;
    try {
      const result = api.engine.run(config);
      if (!(result.simulation.loss[4] > 0)) throw new Error('bad result');
      ok++;
    } catch (error) {
      if (error.name !== 'ConfigError') throw error;
      failed++;
    }
  }
  return { ok, failed };
}

test(`${CALLS} calls mixing results and errors leave the wasm heap and process memory flat`, (t) => {
  mixedCalls(300); // warm up: allocator pools, JIT, embind caches
  gc();
  const before = { process: process.memoryUsage(), wasmBytes: memory?.buffer.byteLength, top: api.module ? heapTop() : null };

  const { ok, failed } = mixedCalls(CALLS);
  assert.ok(ok > CALLS / 2 && failed > CALLS / 4, `both paths ran (${ok} results, ${failed} errors)`);

  gc();
  const after = { process: process.memoryUsage(), wasmBytes: memory?.buffer.byteLength, top: api.module ? heapTop() : null };
  const report = {
    wasmMemoryBytes: [before.wasmBytes, after.wasmBytes],
    heapTop: [before.top, after.top],
    arrayBuffers: [before.process.arrayBuffers, after.process.arrayBuffers],
    rss: [before.process.rss, after.process.rss],
  };
  if (memory) {
    assert.equal(after.wasmBytes, before.wasmBytes, `the wasm memory did not grow: ${JSON.stringify(report)}`);
    // 64 KiB of slack for allocator bookkeeping; a leak of even 8 bytes per call would be 80 KB.
    assert.ok(after.top - before.top <= 64 * 1024, `the heap's high-water mark stayed put: ${JSON.stringify(report)}`);
  } else {
    t.diagnostic('the wasm Module is not reachable: only process memory was checked');
  }
  // Results are JS-owned copies that the GC reclaims; generous bounds, the wasm heap is the real test.
  assert.ok(after.process.arrayBuffers - before.process.arrayBuffers < 8 << 20, `ArrayBuffer memory stayed flat: ${JSON.stringify(report)}`);
  assert.ok(after.process.rss - before.process.rss < 96 << 20, `RSS stayed within bounds: ${JSON.stringify(report)}`);
});

// Issue 15, item 2: a throwing onProgress leaked the run's memory (~21 MB a call for a large run;
// after ~100 calls the instance was dead). 1,000 such runs now leave the heap where it was.
test('1,000 runs whose onProgress throws leave the wasm heap flat', (t) => {
  if (!api.module) return t.skip('the wasm Module is not reachable');
  // 2,000 gradient steps (progress is reported every 512) of 16 x 16 weights, QQ^T and the NTK recorded.
  const long = { ...GOOD, dims: { input: 8, hidden: 8, output: 8 }, task: { kind: 'random', items: 8, seed: 1 },
    learningRate: 0.01, times: { end: 20, count: 50 } };
  const stop = new Error('the caller stops the run');
  const throwingRuns = (count) => {
    for (let i = 0; i < count; i++) {
      assert.throws(() => api.engine.run(long, { onProgress: () => { throw stop; } }), (error) => error === stop);
    }
  };
  throwingRuns(20); // warm up
  gc();
  const before = { wasmBytes: memory.buffer.byteLength, top: heapTop() };
  throwingRuns(1000);
  const after = { wasmBytes: memory.buffer.byteLength, top: heapTop() };
  const report = JSON.stringify({ before, after });
  assert.equal(after.wasmBytes, before.wasmBytes, `the wasm memory did not grow: ${report}`);
  assert.ok(after.top - before.top <= 64 * 1024, `the heap's high-water mark stayed put: ${report}`);
  assert.ok(api.engine.run(long).simulation.loss.length === 50, 'and the engine still runs');
});

test('the leak probe does see a leak (the check above is not vacuous)', (t) => {
  if (!api.module) return t.skip('the wasm Module is not reachable');
  const before = heapTop();
  const leaked = [];
  for (let i = 0; i < 1000; i++) leaked.push(api.module._malloc(100));
  const after = heapTop();
  for (const pointer of leaked) api.module._free(pointer);
  assert.ok(after - before >= 100_000, `1000 x 100 bytes moved the mark by ${after - before}`);
  assert.ok(heapTop() - before <= 64 * 1024, 'and freeing them brings it back');
});

test('a result stays valid after a later call grows the wasm heap', (t) => {
  const small = api.engine.run(GOOD);
  const plain = api.toPlain(small);
  const bytesBefore = memory?.buffer.byteLength;
  // 128 x 128 QQ^T at 320 times: 42 MB of output, more than the initial 32 MiB heap.
  const big = api.engine.run({
    dims: { input: 64, hidden: 64, output: 64 },
    task: { kind: 'random', items: 64, seed: 1 },
    init: { kind: 'balanced', lambda: 1, sigma: 0.1, seed: 2 },
    times: { end: 2, count: 320 },
    simulate: false,
    metrics: ['qqt'],
  });
  assert.deepEqual(big.exact.qqt.shape, [320, 128, 128]);
  assert.equal(big.exact.qqt.data.length, 320 * 128 * 128);
  assert.equal(big.exact.qqt.matrix(319).row(127).length, 128);
  if (memory) assert.ok(memory.buffer.byteLength > bytesBefore, 'the heap grew');
  else t.diagnostic('the wasm Module is not reachable: heap growth not confirmed');
  assert.deepEqual(api.toPlain(small), plain, 'the earlier result is unchanged');
  assert.deepEqual(api.toPlain(api.engine.run(GOOD)), plain, 'and the engine still computes the same');
});
