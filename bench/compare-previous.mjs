#!/usr/bin/env node
// Another version of the engine against this one, natively, on the fixtures and a spread of shapes,
// λ and σ: every number of every metric the other version knew, to 1e-12. Not a test (it needs a
// second build). For the version before the speed work:
//   git worktree add /tmp/prev ea95a88 && cmake -S /tmp/prev -B /tmp/prev-build -DCMAKE_BUILD_TYPE=Release
//   cmake --build /tmp/prev-build --target ldyn && node bench/compare-previous.mjs /tmp/prev-build/bin/ldyn
import { spawnSync } from 'node:child_process';
import { compareTrees, fixtureCases, ldynPath } from '../tests/support/engine.mjs';

const previous = process.argv[2];
if (!previous) throw new Error('usage: node bench/compare-previous.mjs PATH/TO/OTHER/ldyn');
const run = (bin, config) => {
  const c = spawnSync(bin, ['--config', '-'], { input: JSON.stringify(config), maxBuffer: 1 << 30, encoding: 'utf8' });
  if (c.status !== 0) throw new Error(`${bin}: ${c.stderr}`);
  return JSON.parse(c.stdout);
};
const METRICS = ['loss', 'qqt', 'networkFunction', 'outputs', 'singularValues', 'representations', 'itemRsm', 'ntk', 'kernelDistance', 'sensitivity', 'taskLosses', 'balanceDeviation', 'task'];
const configs = fixtureCases().map(({ name, config }) => ({ name, config: { ...config, metrics: METRICS } }));
const shapes = [[3, 3, 3], [8, 8, 8], [16, 16, 16], [6, 3, 3], [3, 3, 6], [4, 6, 4], [32, 32, 32]];
for (const [ni, nh, no] of shapes)
  for (const lambda of [-2, 0, 0.5, 3, 1000])
    for (const sigma of [1e-6, 0.1, 1]) {
      if (nh > Math.max(ni, no) && lambda !== 0) continue;
      if (nh > no && nh <= ni && lambda > 0) continue;
      if (nh > ni && nh <= no && lambda < 0) continue;
      configs.push({ name: `${ni}-${nh}-${no} λ=${lambda} σ=${sigma}`, config: { dims: { input: ni, hidden: nh, output: no },
        task: { kind: 'random', items: 2 * Math.max(ni, no), seed: 3 }, init: { kind: 'balanced', lambda, sigma, seed: 4 },
        times: { end: lambda === 1000 ? 0.5 : 30, count: 25 }, learningRate: lambda === 1000 ? 1e-5 : 0.005, metrics: METRICS.filter((m) => ni * no <= 64 || !['ntk', 'itemRsm'].includes(m)) } });
    }
configs.push({ name: 'hierarchy depth 4 aligned', config: { dims: { hidden: 16 }, task: { kind: 'hierarchy', depth: 4 }, init: { kind: 'aligned', lambda: 0, sigma: 0.1, seed: 3 }, times: { end: 50, count: 20 }, metrics: ['loss', 'qqt', 'singularValues'] } });
configs.push({ name: 'continual 3 phases', config: { dims: { input: 5, hidden: 5, output: 5 }, phases: [{ task: { kind: 'random', items: 10, seed: 1 }, duration: 10 }, { task: { kind: 'random', items: 10, seed: 2 }, duration: 10 }, { task: { kind: 'random', items: 10, seed: 3 } }], init: { kind: 'balanced', lambda: 1, sigma: 1, seed: 1 }, times: { end: 30, count: 31 }, metrics: ['loss', 'qqt', 'taskLosses'] } });
configs.push({ name: 'long span t = 1e4, λ = 0, σ = 1e-6', config: { dims: { input: 4, hidden: 4, output: 4 }, task: { kind: 'random', items: 8, seed: 5 }, init: { kind: 'balanced', lambda: 0, sigma: 1e-6, seed: 6 }, times: { end: 1e4, count: 50 }, simulate: false, metrics: ['loss', 'qqt'] } });
let worstFailures = 0;
for (const { name, config } of configs) {
  const before = run(previous, config), after = run(ldynPath, config);
  const problems = compareTrees(after, before, { rtol: 1e-12 });
  if (problems.length) { worstFailures++; console.log(`DIFF ${name}:\n  ${problems.slice(0, 5).join('\n  ')}`); }
}
console.log(`${configs.length} configurations, ${worstFailures} differ beyond 1e-12`);
