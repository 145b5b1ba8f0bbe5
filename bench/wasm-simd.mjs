// Times the same exact and gradient-descent trajectories with two builds of the wasm module
// (arguments: two folders holding ldyn.mjs, ldyn_wasm.mjs and ldyn_wasm.wasm). Run by wasm-simd.sh.
import fs from 'node:fs';
import path from 'node:path';

const [simdDir, plainDir] = process.argv.slice(2).map((d) => path.resolve(d));
const load = async (dir) => (await import(path.join(dir, 'ldyn.mjs'))).createEngine({ wasmBinary: fs.readFileSync(path.join(dir, 'ldyn_wasm.wasm')) });
const engines = { simd: await load(simdDir), plain: await load(plainDir) };

// The configuration of bench_trajectories.cpp: square N, P = 2N, 1000 times on [0, 20].
const config = (n, exact) => ({
  dims: { input: n, hidden: n, output: n }, task: { kind: 'random', items: 2 * n, seed: 1 },
  init: { kind: 'balanced', lambda: 1, sigma: 0.1, seed: 2 }, times: { end: 20, count: 1000 },
  learningRate: 0.005, exact, simulate: !exact, metrics: ['loss'],
});

console.log('N   trajectory        -msimd128 (ms)   without (ms)   speed-up');
for (const n of [8, 16, 32, 64]) {
  for (const exact of [true, false]) {
    const repeats = n > 16 ? 2 : 6;
    const best = {};
    for (let round = 0; round < 3; round++) {
      for (const [name, engine] of Object.entries(engines)) {
        const started = performance.now();
        for (let i = 0; i < repeats; i++) engine.run(config(n, exact));
        best[name] = Math.min(best[name] ?? Infinity, (performance.now() - started) / repeats);
      }
    }
    console.log(`${String(n).padEnd(4)}${(exact ? 'exact' : 'gradient descent').padEnd(18)}${best.simd.toFixed(1).padStart(14)}${best.plain.toFixed(1).padStart(15)}${(best.plain / best.simd).toFixed(2).padStart(10)}x`);
  }
}
