// The rich/lazy phase diagram as a figure (figure=phase): the phase-diagram view's grid and cells
// (experiments/phase-grid.js) at stated settings, trained long enough to converge, with the loss gap
// that says so and slices of the diagram at a few σ. No DOM.
import { defaultState } from '../state/schema.js';
import { gridOf, gridCells, cellConfig, fillCells, PHASE_PRESET } from './phase-grid.js';
import { lossFloor } from './results.js';

// The view's defaults (a 3–3–3 network on 6 random whitened items, λ-balanced weights, 41 λ × 40 σ),
// trained to T = 100 instead of 20: at T = 20 the smallest σ near λ = 0 are still on their plateau.
/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { PageState } from '../state/schema.js' */
/** @import { Grid, GridCell } from './phase-grid.js' */
/** @type {Partial<PageState>} */
export const PHASE_FIGURE = { view: 'phase', ...PHASE_PRESET, T: 100 };
// A network counts as converged when its loss is this close to the lowest possible (rounding: 1e-15).
export const CONVERGED_GAP = 1e-9;
// The σ rows drawn as slices: the smallest, one in the middle and the largest of the grid.
export const SLICE_SIGMAS = [0.001, 0.1, 10];

/** @typedef {{ state: PageState, grid: Grid, cells: GridCell[], configs: ExperimentConfig[] }} PhaseFigurePlan */
/** @param {Partial<PageState>} [settings] @returns {PhaseFigurePlan} */
export function phaseFigurePlan(settings = PHASE_FIGURE) {
  /** @type {PageState} */
  const state = { ...defaultState(), ...settings };
  const grid = gridOf(state);
  const cells = gridCells(grid);
  // The first configuration also reports the task (for the loss floor).
  /** @type {ExperimentConfig[]} */
  const configs = [/** @type {ExperimentConfig} */ ({ ...cellConfig(state, grid.lambdas[0], grid.sigmas[0]), metrics: ['kernelDistance', 'loss', 'task'] }),
    ...cells.slice(1).map((c) => /** @type {ExperimentConfig} */ ({ ...cellConfig(state, c.lambda, c.sigma), metrics: ['kernelDistance', 'loss'] }))];
  return { state, grid, cells, configs };
}

// The cells filled in, the loss floor, the cells not converged by T and the largest loss gap.
/** @param {PhaseFigurePlan} plan @param {readonly ExperimentResult[]} results */
export function phaseFigureCells(plan, results) {
  const cells = fillCells(plan.cells, results);
  const floor = lossFloor(results[0].tasks[0]);
  for (const cell of cells) cell.gap = Math.max(0, cell.loss - floor);
  const finite = cells.filter((c) => Number.isFinite(c.gap));
  return { cells, floor, largestGap: Math.max(0, ...finite.map((c) => c.gap)), unconverged: finite.filter((c) => c.gap > CONVERGED_GAP), missing: cells.length - finite.length };
}

// The row of the grid nearest σ (in log scale).
/** @param {Grid} grid @param {number} sigma */
export function rowOf(grid, sigma) {
  const logs = grid.sigmas.map(Math.log10);
  return logs.reduce((best, v, i) => (Math.abs(v - Math.log10(sigma)) < Math.abs(logs[best] - Math.log10(sigma)) ? i : best), 0);
}
