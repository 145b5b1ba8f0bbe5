// The phase-diagram figure (web/js/figures/figure-phase.js): every cell is the phase-diagram view's
// cell (experiments/phase-grid.js) run alone, the networks have converged by the figure's T (and
// not all by the view's default T = 20, which is why the figure trains longer), and what its text
// says about the numbers holds.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { figureById } from '../../web/js/figures/index.js';
import { figureCsv } from '../../web/js/figures/export.js';
import { phaseFigurePlan, phaseFigureCells, PHASE_FIGURE, CONVERGED_GAP } from '../../web/js/experiments/phase-figure.js';
import { cellConfig } from '../../web/js/experiments/phase-grid.js';

let api, data;
const run = (configs) => configs.map((c) => api.engine.run(c));
before(async () => {
  api = await loadEngine();
  data = await figureById('phase').compute(async (configs) => run(configs));
});
const diagram = () => data.panels.find((p) => p.id === 'diagram');

test('phase figure: each cell is the phase view’s cell configuration run alone', () => {
  const { cells } = diagram();
  assert.equal(cells.length, 41 * 40);
  for (let i = 0; i < cells.length; i += 97) {
    const c = cells[i];
    const alone = api.engine.run(cellConfig(phaseFigurePlan().state, c.lambda, c.sigma));
    assert.ok(Math.abs(alone.exact.kernelDistance.at(-1) - c.kd) < 1e-12, `cell λ = ${c.lambda}, σ = ${c.sigma}`);
  }
});

test('phase figure: converged at T = 100 and says so; at the view’s T = 20 some cells are not', () => {
  assert.match(data.notes[0], /^Converged: at T = 100 every cell’s loss is within 1\.0e-9/);
  const plan = phaseFigurePlan({ ...PHASE_FIGURE, T: 20 });
  const short = phaseFigureCells(plan, run(plan.configs));
  assert.ok(short.unconverged.length > 0 && short.largestGap > CONVERGED_GAP, `at T = 20: ${short.unconverged.length} cells, gap ${short.largestGap}`);
});

test('phase figure: what the text says holds — richest at λ = 0 at every σ, lazy at |λ| = 6 for small σ, not lazy at σ = 10', () => {
  const { cells } = diagram();
  const largest = Math.max(...cells.map((c) => c.kd));
  const zero = cells.filter((c) => c.lambda === 0);
  assert.equal(zero.length, 40);
  for (const c of zero) assert.ok(Math.abs(c.kd - largest) < 1e-3 && Math.abs(c.kd - 0.073) < 5e-4, `λ = 0, σ = ${c.sigma}: ${c.kd}`);
  for (const c of cells.filter((x) => Math.abs(x.lambda) === 6 && x.sigma === 0.001)) assert.ok(c.kd < 1e-4, `|λ| = 6, σ = 0.001: ${c.kd}`);
  for (const c of cells.filter((x) => Math.abs(x.lambda) === 6 && x.sigma === 10)) assert.ok(c.kd > 0.04, `|λ| = 6, σ = 10: ${c.kd}`);
  assert.ok(largest < 0.075, 'the richest cell moved its kernel by about 7 %');
});

test('phase figure: its CSV has one row per cell with λ, σ, the kernel distance and the loss, all labelled exact', () => {
  const csv = figureCsv(figureById('phase'), data.panels).split('\n');
  assert.match(csv[1], /"?kernel distance S\(T\): λ of the cell"?,"?kernel distance S\(T\): σ of the cell"?,"?kernel distance S\(T\) \(exact\) value"?,"?kernel distance S\(T\): loss L\(T\) \(exact\) value"?/);
  assert.ok(!csv[1].includes('simulation'));
});
