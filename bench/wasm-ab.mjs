// Times the same exact and gradient-descent trajectories with several builds of the wasm module
// (arguments: folders holding ldyn.mjs, ldyn_wasm.mjs and ldyn_wasm.wasm; the first is the
// reference). The builds take turns run by run, so that a change of the machine's load falls on
// all of them alike; each prints its median, and its ratio to the first. Timed in CPU time of this
// process (process.cpuUsage), not wall time: on a shared machine the other load mostly takes the
// core away, which wall time would count. Run by wasm-opt.sh.
import fs from 'node:fs';
import path from 'node:path';

const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (dirs.length < 2) throw new Error('usage: node bench/wasm-ab.mjs REFERENCE_DIR OTHER_DIR [OTHER_DIR …]');
const load = async (dir) => (await import(path.join(dir, 'ldyn.mjs'))).createEngine({ wasmBinary: fs.readFileSync(path.join(dir, 'ldyn_wasm.wasm')) });
const engines = await Promise.all(dirs.map(load));
// build/wasm-optO2/facade -> build/wasm-optO2; any other folder by its own path.
const names = dirs.map((d) => path.relative(process.cwd(), path.basename(d) === 'facade' ? path.dirname(d) : d) || d);

// The configuration of bench_trajectories.cpp: square N, P = 2N, 1000 times on [0, 20].
const config = (n, exact) => ({
  dims: { input: n, hidden: n, output: n }, task: { kind: 'random', items: 2 * n, seed: 1 },
  init: { kind: 'balanced', lambda: 1, sigma: 0.1, seed: 2 }, times: { end: 20, count: 1000 },
  learningRate: 0.005, exact, simulate: !exact, metrics: ['loss'],
});
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(`median CPU ms per trajectory (ratio to ${names[0]})`);
console.log(`N   trajectory        ${names.map((n) => n.padStart(24)).join('')}`);
for (const n of [3, 8, 16, 32, 64]) {
  for (const exact of [true, false]) {
    const rounds = n >= 32 ? 5 : 11;
    const repeats = n >= 16 ? 1 : n >= 8 ? 5 : 30;
    const times = engines.map(() => []);
    // A warm-up run each, so that the first build timed does not pay for the compiler's first pass.
    for (const engine of engines) for (let i = 0; i < repeats; i++) engine.run(config(n, exact));
    for (let round = 0; round < rounds; round++) {
      engines.forEach((engine, k) => {
        const started = process.cpuUsage();
        for (let i = 0; i < repeats; i++) engine.run(config(n, exact));
        const used = process.cpuUsage(started);
        times[k].push((used.user + used.system) / 1000 / repeats);
      });
    }
    const medians = times.map(median);
    const cells = medians.map((ms, k) => (k === 0 ? ms.toFixed(2) : `${ms.toFixed(2)} (${(ms / medians[0]).toFixed(2)}×)`).padStart(24));
    console.log(`${String(n).padEnd(4)}${(exact ? 'exact' : 'gradient descent').padEnd(18)}${cells.join('')}`);
  }
}
