#!/usr/bin/env node
// The JS API against the native engine on the same run (a benchmark, not a test). After
// `bash scripts/build.sh`:
//   node bench/api-bench.mjs [--sizes 3,16,64] [--rounds 3] [--cpu] [--facade path/to/ldyn.mjs]
// The configuration of bench/bench_trajectories.cpp (square N, P = 2N random items, 1000 times on
// [0, 20], λ = 1, σ = 0.1, learning rate 0.005, loss and QQᵀ recorded), the exact solution and
// gradient descent each:
//   native: build/native/bin/bench_trajectories --parse --only runExact|runSimulation: the JSON text
//           parsed (the task and the initial weights made) and run_experiment, the result tree
//           built in C++, no output — the work the JS API does before it hands the result over;
//   JS API: engine.run(config) in Node from web/wasm, as the worker calls it (the configuration to
//           JSON, the run in wasm, the result out of the wasm heap into Float64Arrays).
// Each round times both sides (at least 15 runs, 5 for N >= 32, and at least 0.2 s, after 0.2 s of
// warm-up, as bench_trajectories does); printed: the median over the rounds of each round's median,
// and the fastest run of all (the steadier figure on a busy machine), with their ratios.
// --cpu times both sides by CPU time (the process's, GC threads included) instead of the wall clock:
// on a shared machine it leaves out the time spent waiting for a core.
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
const CPU = process.argv.includes('--cpu');
// ms now, by the wall clock or by this process's CPU time.
const now = CPU ? () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; } : () => performance.now();

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

/** {median, min} ms of run(), as bench_trajectories.cpp times (warm-up 0.2 s; >= repeats runs and >= 0.2 s). */
function timeRuns(/** @type {() => unknown} */ run, /** @type {number} */ repeats) {
  const warm = now();
  do run();
  while (now() - warm < 200);
  const ms = [];
  const timed = now();
  while ((ms.length < repeats || now() - timed < 200) && ms.length < 2000) {
    const started = now();
    run();
    ms.push(now() - started);
  }
  return { median: median(ms), min: Math.min(...ms) };
}

/** The native parse + run_experiment, {median, min} ms. @param {number} n @param {'runExact' | 'runSimulation'} part */
function nativeRun(n, part) {
  const child = spawnSync(benchTrajectoriesPath, ['--json', '--parse', ...(CPU ? ['--cpu'] : []), '--sizes', String(n), '--only', part], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench_trajectories failed: ${child.stderr}`);
  const row = JSON.parse(child.stdout.trim().split('\n').at(-1));
  return { median: row.median[part], min: row.min[part] };
}

async function main() {
  requireBuild();
  if (!fs.existsSync(benchTrajectoriesPath)) throw new Error('build/native/bin/bench_trajectories is missing: bash scripts/build.sh');
  const facade = await import(pathToFileURL(FACADE).href);
  const wasmBinary = fs.readFileSync(path.join(path.dirname(FACADE), 'ldyn_wasm.wasm'));
  const engine = await facade.createEngine({ wasmBinary });
  const [load1] = os.loadavg();
  console.log(`api-bench: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load ${load1.toFixed(2)}`);
  console.log(`facade: ${path.relative(process.cwd(), FACADE) || FACADE}; ${ROUNDS} rounds (ms, ${CPU ? 'CPU time' : 'wall clock'})\n`);
  const rows = [];
  for (const n of SIZES) {
    for (const [label, exact, part] of /** @type {const} */ ([['exact', true, 'runExact'], ['gradient descent', false, 'runSimulation']])) {
      const cfg = config(n, exact);
      const native = [], api = [];
      for (let round = 0; round < ROUNDS; round++) {
        native.push(nativeRun(n, part));
        api.push(timeRuns(() => engine.run(cfg), n >= 32 ? 5 : 15));
      }
      const summary = (/** @type {{ median: number, min: number }[]} */ runs) => ({ median: median(runs.map((r) => r.median)), min: Math.min(...runs.map((r) => r.min)) });
      rows.push([n, label, summary(native), summary(api)]);
      process.stderr.write(`  N = ${n}, ${label} done\n`);
    }
  }
  const format = (/** @type {number} */ v) => v.toFixed(v < 10 ? 2 : 1);
  console.log('| N | trajectory | native, median | JS API, median | ratio | native, fastest | JS API, fastest | ratio |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [n, label, native, api] of rows) {
    console.log(`| ${n} | ${label} | ${format(native.median)} | ${format(api.median)} | ${(api.median / native.median).toFixed(2)}× | ` +
      `${format(native.min)} | ${format(api.min)} | ${(api.min / native.min).toFixed(2)}× |`);
  }
  console.log(`\n(load at the end: ${os.loadavg()[0].toFixed(2)})`);
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exit(1);
});
