#!/usr/bin/env node
// The JS API against the native engine on the same run (a benchmark, not a test). After
// `bash scripts/build.sh`:
//   node bench/api-bench.mjs [--sizes 3,16,64] [--rounds 3] [--facade path/to/ldyn.mjs]
// The configuration of bench/bench_trajectories.cpp (square N, P = 2N random items, 1000 times on
// [0, 20], λ = 1, σ = 0.1, learning rate 0.005, loss and QQᵀ recorded), the exact solution and
// gradient descent each:
//   native: run_experiment in build/native/bin/bench_trajectories (`--only runExact|runSimulation`:
//           the result tree built in C++, no output);
//   JS API: engine.run(config) in Node from web/wasm, as the worker calls it (the configuration to
//           JSON, the run in wasm, the result out of the wasm heap into Float64Arrays).
// Each round times both sides (median of at least 15 runs, 5 for N >= 32, and at least 0.2 s, after
// 0.2 s of warm-up, as bench_trajectories does); the figures are the medians over the rounds.
// --facade times another build of the facade (e.g. an older ldyn.mjs next to its ldyn_wasm.mjs and
// ldyn_wasm.wasm), for before/after figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { benchTrajectoriesPath, facadePath, requireBuild } from '../tests/support/engine.mjs';

/** @param {string} name @param {string} fallback */
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
};
const SIZES = option('--sizes', '3,16,64').split(',').map(Number);
const ROUNDS = Number(option('--rounds', '3'));
const FACADE = path.resolve(option('--facade', facadePath));

/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
};

/** @param {number} n @param {boolean} exact */
function config(n, exact) {
  return {
    schemaVersion: 1,
    dims: { input: n, hidden: n, output: n },
    task: { kind: 'random', items: 2 * n, seed: 1 },
    init: { kind: 'balanced', lambda: 1, sigma: 0.1, seed: 2 },
    times: { end: 20, count: 1000 },
    learningRate: 0.005,
    exact,
    simulate: !exact,
    metrics: ['qqt'],
  };
}

/** Median ms of run(), as bench_trajectories.cpp times (warm-up 0.2 s; >= repeats runs and >= 0.2 s). */
function timeRuns(/** @type {() => unknown} */ run, /** @type {number} */ repeats) {
  const warm = performance.now();
  do run();
  while (performance.now() - warm < 200);
  const ms = [];
  const timed = performance.now();
  while ((ms.length < repeats || performance.now() - timed < 200) && ms.length < 2000) {
    const started = performance.now();
    run();
    ms.push(performance.now() - started);
  }
  return median(ms);
}

/** The native run_experiment, median ms. @param {number} n @param {'runExact' | 'runSimulation'} part */
function nativeRun(n, part) {
  const child = spawnSync(benchTrajectoriesPath, ['--json', '--sizes', String(n), '--only', part], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench_trajectories failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)).median[part];
}

async function main() {
  requireBuild();
  if (!fs.existsSync(benchTrajectoriesPath)) throw new Error('build/native/bin/bench_trajectories is missing: bash scripts/build.sh');
  const facade = await import(pathToFileURL(FACADE).href);
  const wasmBinary = fs.readFileSync(path.join(path.dirname(FACADE), 'ldyn_wasm.wasm'));
  const engine = await facade.createEngine({ wasmBinary });
  const [load1] = os.loadavg();
  console.log(`api-bench: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load ${load1.toFixed(2)}`);
  console.log(`facade: ${path.relative(process.cwd(), FACADE) || FACADE}; ${ROUNDS} rounds, medians (ms)\n`);
  const rows = [];
  for (const n of SIZES) {
    for (const [label, exact, part] of /** @type {const} */ ([['exact', true, 'runExact'], ['gradient descent', false, 'runSimulation']])) {
      const cfg = config(n, exact);
      const native = [], api = [];
      for (let round = 0; round < ROUNDS; round++) {
        native.push(nativeRun(n, part));
        api.push(timeRuns(() => engine.run(cfg), n >= 32 ? 5 : 15));
      }
      rows.push([n, label, median(native), median(api)]);
      process.stderr.write(`  N = ${n}, ${label} done\n`);
    }
  }
  const format = (/** @type {number} */ v) => v.toFixed(v < 10 ? 2 : 1);
  console.log('| N | trajectory | native run_experiment (ms) | JS API engine.run (ms) | ratio |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [n, label, native, api] of rows) console.log(`| ${n} | ${label} | ${format(native)} | ${format(api)} | ${(api / native).toFixed(2)}× |`);
  console.log(`\n(load at the end: ${os.loadavg()[0].toFixed(2)})`);
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exit(1);
});
