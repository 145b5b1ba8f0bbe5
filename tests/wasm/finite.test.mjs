// No successful result holds a number that is not finite: across extreme scales of data, weights,
// λ and learning rate, every run either is refused with a ConfigError naming a field, or returns
// only finite numbers (a simulation that overflows says where it diverged).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';

let api;
before(async () => {
  api = await loadEngine();
});

function nonFinite(value, where = '') {
  if (typeof value === 'number') return Number.isFinite(value) ? null : where;
  if (ArrayBuffer.isView(value)) {
    const i = value.findIndex((v) => !Number.isFinite(v));
    return i < 0 ? null : `${where}[${i}]`;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = nonFinite(child, `${where}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

test('extreme scales: refused with a named field, or only finite numbers', () => {
  const metrics = ['loss', 'qqt', 'outputs', 'singularValues', 'representations', 'ntk', 'kernelDistance', 'sensitivity', 'balanceDeviation'];
  let refused = 0, ran = 0, diverged = 0;
  for (const data of [1e-150, 1e-20, 1, 1e20, 1e100, 1e150, 1e160]) {
    const X = [[1, -1, 0, 0], [0, 0, 1, -1]];
    const Y = [[data, 2 * data, -data, 0.5 * data]];
    for (const init of [{ kind: 'lecun', seed: 1 }, { kind: 'gaussian', sigma: 1e4, seed: 1 }, { kind: 'balanced', lambda: 1e4, sigma: 1e4, seed: 1 },
      { kind: 'balanced', lambda: 0, sigma: 1e-6, seed: 1 }, { kind: 'explicit', W1: [[1e150, 0], [0, 1]], W2: [[1e-150, 1]] },
      { kind: 'explicit', W1: [[1e300, 0], [0, 1]], W2: [[1, 1]] }]) {
      for (const learningRate of [1e-3, 1]) {
        const config = { task: { kind: 'custom', X, Y }, dims: { hidden: 2 }, init, times: [0, 1e-6, 0.01, 1], learningRate, metrics,
          noise: { samples: 5 } };
        let result;
        try {
          result = api.engine.run(config);
        } catch (error) {
          assert.equal(error.name, 'ConfigError', `${JSON.stringify(config).slice(0, 200)}: ${error.message}`);
          assert.ok(error.field !== undefined);
          refused++;
          continue;
        }
        ran++;
        if (result.simulation?.diverged) diverged++;
        assert.equal(nonFinite(result), null, `${JSON.stringify(config).slice(0, 200)}: a non-finite number at ${nonFinite(result)}`);
      }
    }
  }
  assert.ok(refused > 0 && ran > 0 && diverged > 0, `refused ${refused}, ran ${ran}, diverged ${diverged}`);
});
