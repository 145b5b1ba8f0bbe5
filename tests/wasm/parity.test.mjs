// What the page computes on its own agrees with the engine: the admissible λ of a shape
// (web/js/state/shape.js), the NTK it assembles from the representations (web/js/panels/ntk.js),
// and the engine schema version its configurations carry (web/js/state/config.js).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { lambdaRange } from '../../web/js/state/shape.js';
import { assembleNtk } from '../../web/js/panels/ntk-matrix.js';
import { ENGINE_SCHEMA_VERSION } from '../../web/js/state/config.js';

let api;
before(async () => {
  api = await loadEngine();
});

// Whether the engine accepts λ-balanced weights of this shape; false with the field it names.
function engineAdmits(dims, lambda) {
  const config = { dims, task: { kind: 'random', items: 8, seed: 1 }, init: { kind: 'balanced', lambda, sigma: 0.1 }, times: [0, 1] };
  try {
    api.engine.estimate(config);
    return true;
  } catch (error) {
    assert.equal(error.name, 'ConfigError', error.message);
    assert.equal(error.field, 'init.lambda', error.message);
    return false;
  }
}

test('the page’s admissible λ range is the engine’s rule, for every shape up to 5 wide and depth 2 and 3', () => {
  let checked = 0;
  for (let ni = 1; ni <= 5; ni++) {
    for (let nh = 1; nh <= 5; nh++) {
      for (let no = 1; no <= 5; no++) {
        const range = lambdaRange(ni, nh, no);
        for (const lambda of [-3, -0.5, 0, 0.25, 2]) {
          const page = lambda >= range.min && lambda <= range.max; // NaN (a bottleneck): never
          // Two layers, and three with every hidden layer Nh wide and one λ (what the page offers).
          assert.equal(engineAdmits({ input: ni, hidden: nh, output: no }, lambda), page, `${ni}-${nh}-${no}, λ = ${lambda}`);
          assert.equal(engineAdmits({ input: ni, hidden: [nh, nh], output: no }, lambda), page, `${ni}-${nh}-${nh}-${no}, λ = ${lambda}`);
          checked++;
        }
      }
    }
  }
  assert.equal(checked, 625);
});

test('the NTK the page assembles from W1ᵀW1, W2W2ᵀ and XᵀX is the engine’s, for both trajectories', () => {
  for (const dims of [{ input: 3, hidden: 3, output: 2 }, { input: 2, hidden: 4, output: 3 }]) {
    const result = api.engine.run({ dims, task: { kind: 'random', items: 5, seed: 2 }, init: { kind: 'balanced', lambda: 0, sigma: 0.3, seed: 1 },
      times: { end: 3, count: 4 }, metrics: ['ntk', 'itemRsm', 'representations', 'task'] });
    const gram = result.tasks[0].gram.rows();
    for (const which of ['exact', 'simulation']) {
      const run = result[which];
      run.ntk.rows().forEach((engineNtk, t) => {
        const page = assembleNtk(run.itemRsm.matrix(t).rows(), run.outputRepresentation.matrix(t).rows(), gram);
        let worst = 0, scale = 0;
        engineNtk.forEach((row, r) => row.forEach((v, c) => {
          worst = Math.max(worst, Math.abs(v - page[r][c]));
          scale = Math.max(scale, Math.abs(v));
        }));
        assert.ok(worst <= 1e-13 * scale, `${which}, t index ${t}: largest difference ${worst} (scale ${scale})`);
      });
    }
  }
});

test('the configurations the page builds carry the engine’s schema version', () => {
  assert.equal(ENGINE_SCHEMA_VERSION, api.engine.schemaVersion);
});
