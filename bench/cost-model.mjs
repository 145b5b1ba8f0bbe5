#!/usr/bin/env node
// The cost model against the clock (not a test). After `bash scripts/build.sh`:
//   node bench/cost-model.mjs [--quick]
// For a grid of configurations, each dominated by a different part of the work (gradient steps,
// exact steps, each expensive metric, Monte Carlo samples, output, setup), prints the engine's own
// estimate (`ldyn --estimate`, the JS API's estimate()) next to the measured running time natively
// (the `ldyn` CLI, writing its JSON) and in wasm (the JS API in Node), as nanoseconds per estimated
// operation. The largest of those is what bench/README.md states: the longest any accepted
// configuration can run is the work limit times that rate.
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { loadEngine, ldynPath, requireBuild } from '../tests/support/engine.mjs';

const QUICK = process.argv.includes('--quick');
const square = (n, extra = {}) => ({ dims: { input: n, hidden: n, output: n }, task: { kind: 'random', items: 2 * n, seed: 1 },
  init: { kind: 'balanced', lambda: 1, sigma: 0.1, seed: 2 }, ...extra });

const GRID = [
  ['gradient descent 3-3-3, 1e6 steps', square(3, { times: { end: 1e4, count: 11 }, exact: false, metrics: ['loss'] })],
  ['gradient descent 16-16-16, 1e5 steps', square(16, { times: { end: 1e3, count: 11 }, exact: false, metrics: ['loss'] })],
  ['gradient descent 64-64-64, 2e4 steps', square(64, { times: { end: 200, count: 11 }, exact: false, metrics: ['loss'] })],
  ['gradient descent 256-256-256, 300 steps', square(256, { times: { end: 3, count: 2 }, exact: false, metrics: ['loss'] })],
  ['exact 3-3-3, 1e5 time points', square(3, { times: { end: 100, count: 100000 }, simulate: false, metrics: ['loss'] })],
  ['exact 3-3-3, lambda = 1e4, long span', square(3, { init: { kind: 'balanced', lambda: 1e4, sigma: 0.1 }, times: { end: 500, count: 11 }, simulate: false, metrics: ['loss'] })],
  ['exact 32-32-32, 3000 time points', square(32, { times: { end: 20, count: 3000 }, simulate: false, metrics: ['loss'] })],
  ['exact 128-128-128, 100 time points', square(128, { times: { end: 20, count: 100 }, simulate: false, metrics: ['loss'] })],
  ['kernel distance 256-1-1, 2000 points', { dims: { input: 256, hidden: 1, output: 1 }, task: { kind: 'random', items: 256 },
    init: { kind: 'balanced', lambda: 0, sigma: 1 }, times: { end: 1, count: 2000 }, simulate: false, metrics: ['kernelDistance'] }],
  ['singular values 64-64-64, 3000 points', square(64, { times: { end: 1, count: 3000 }, simulate: false, metrics: ['singularValues'] })],
  ['NTK 8-8-8, 64 items, 150 points', { ...square(8, { times: { end: 1, count: 150 }, simulate: false, metrics: ['ntk'] }), task: { kind: 'random', items: 64 } }],
  ['item RSM 32-32-32, 512 items, 150 points', { ...square(32, { times: { end: 1, count: 150 }, simulate: false, metrics: ['itemRsm'] }), task: { kind: 'random', items: 512 } }],
  ['every metric, hierarchy depth 5, 1000 points', { dims: { hidden: 32 }, task: { kind: 'hierarchy', depth: 5 }, init: { kind: 'balanced', lambda: 0.5, sigma: 0.1 },
    times: { end: 20, count: 1000 }, metrics: ['loss', 'qqt', 'networkFunction', 'outputs', 'singularValues', 'representations', 'itemRsm', 'kernelDistance', 'sensitivity', 'balanceDeviation'] }],
  ['Monte Carlo 16-16-16, 1e5 samples', square(16, { times: [0, 1], metrics: ['sensitivity'], noise: { samples: 100000 } })],
  ['QQ^T output 32-32-32, 5000 points', square(32, { times: { end: 1, count: 5000 }, simulate: false, metrics: ['qqt'] })],
  ['setup: 64 phases of 256-wide random tasks', { dims: { input: 256, hidden: 256, output: 256 },
    phases: Array.from({ length: 64 }, (_, i) => ({ task: { kind: 'random', items: 512, seed: i }, duration: 1 })),
    init: { kind: 'balanced', lambda: 0, sigma: 0.1 }, times: [0], simulate: false, metrics: ['loss'] }],
  ['setup: 512-512-512 init and task', { dims: { input: 512, hidden: 512, output: 512 }, task: { kind: 'random', items: 512 },
    init: { kind: 'balanced', lambda: 0, sigma: 0.1 }, times: [0], simulate: false, metrics: ['loss'] }],
];

// The CLI with its output written to /dev/null (writing it is part of the cost; reading it is not).
function runCli(config) {
  const child = spawnSync(ldynPath, ['--config', '-'], { input: JSON.stringify(config), stdio: ['pipe', 'ignore', 'pipe'], encoding: 'utf8' });
  return { status: child.status, stderr: child.stderr };
}

function time(run) {
  const start = performance.now();
  run();
  return (performance.now() - start) / 1000;
}

requireBuild();
const { engine } = await loadEngine();
const startup = Math.min(...[0, 1, 2].map(() => time(() => runCli(square(2, { times: [0] })))));
console.log(`ldyn start-up (subtracted from the native times): ${(startup * 1e3).toFixed(1)} ms\n`);
const rows = [];
const pad = (s, n) => String(s).padStart(n);
console.log(`${'configuration'.padEnd(46)} ${pad('estimate', 9)} ${pad('largest', 10)} ${pad('native s', 9)} ${pad('ns/op', 6)} ${pad('wasm s', 8)} ${pad('ns/op', 6)}`);
for (const [name, config] of QUICK ? GRID.slice(0, 6) : GRID) {
  const estimate = engine.estimate(config);
  const native = time(() => {
    const out = runCli(config);
    if (out.status !== 0) throw new Error(`${name}: ${out.stderr}`);
  }) - startup;
  const wasm = time(() => engine.run(config));
  const r = { name, operations: estimate.operations, native, wasm, largest: Object.entries(estimate.parts).sort((a, b) => b[1] - a[1])[0][0] };
  rows.push(r);
  console.log(`${r.name.padEnd(46)} ${pad(r.operations.toExponential(1), 9)} ${pad(r.largest, 10)} ${pad(r.native.toFixed(2), 9)} ` +
    `${pad((1e9 * r.native / r.operations).toFixed(2), 6)} ${pad(r.wasm.toFixed(2), 8)} ${pad((1e9 * r.wasm / r.operations).toFixed(2), 6)}`);
}
const worstNative = Math.max(...rows.map((r) => r.native / r.operations));
const worstWasm = Math.max(...rows.map((r) => r.wasm / r.operations));
const limit = 3e11;
console.log(`\nslowest rate: ${(worstNative * 1e9).toFixed(2)} ns/op natively, ${(worstWasm * 1e9).toFixed(2)} ns/op in wasm`);
console.log(`so the work limit of ${limit.toExponential(0)} operations bounds a run at about ${(limit * worstNative).toFixed(0)} s natively and ${(limit * worstWasm).toFixed(0)} s in wasm`);
