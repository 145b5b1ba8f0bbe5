// What the rich/lazy phase diagram computes: the grid of (λ, σ) cells for the settings, one exact
// engine configuration per cell, the cell values read off the results, and the pure questions the
// view asks of a grid (which cell holds the current λ and σ, where the arrow keys lead). No DOM.
import { taskDims } from '../state/shape.js';
import { experimentConfig } from '../state/config.js';
import { lambdaSpan, spanValues } from './sweep.js';
import { lossFloor } from './results.js';
import { CONVERGED_GAP } from './architectures.js';

/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { PageState } from '../state/schema.js' */
/** @import { LambdaRange } from '../state/shape.js' */
/** @import { CellIndex } from '../charts/phase-chart.js' */
/**
 * The grid of a diagram: the columns' λ and the rows' σ, the admissible range, and why it has the
 * shape it has (an extra column for λ = 0, λ clipped by the shape, a single column).
 * @typedef {{ lambdas: number[], sigmas: number[], range: LambdaRange, extraColumn: boolean, clipped: boolean, single: boolean }} Grid
 */
/** @typedef {{ lambda: number, sigma: number, r: number, c: number, kd?: number, loss?: number, gap?: number, converged?: boolean }} GridCell a cell (r, c) and the values read off its run */
/** @typedef {GridCell & { kd: number, loss: number }} FilledCell a cell with its kernel distance and loss at T (NaN: no exact solution) */
/** @typedef {{ label: string, short: string, field: 'kd' | 'loss' }} Quantity */
export { PHASE_PRESET } from '../catalog.js'; // the catalog holds every view's preset

// The quantities a cell can be coloured by; `field` names the cell's value.
/** @type {{ kernelDistance: Quantity, loss: Quantity }} */
export const QUANTITIES = {
  kernelDistance: { label: 'kernel distance S(T)', short: 'Kernel distance', field: 'kd' },
  loss: { label: 'final loss L(T)', short: 'Final loss', field: 'loss' },
};

// n values from lo to hi, evenly spaced in log scale, rounded to 4 significant digits.
/** @param {number} lo @param {number} hi @param {number} n @returns {number[]} */
export function logspace(lo, hi, n) {
  if (n === 1) return [lo];
  const a = Math.log10(lo), b = Math.log10(hi);
  return Array.from({ length: n }, (_, i) => Number((10 ** (a + ((b - a) * i) / (n - 1))).toPrecision(4)));
}

// The grid of the state: λ linear over the admissible part of [−λmax, λmax], σ log-spaced.
/** @param {PageState} state @returns {Grid} */
export function gridOf(state) {
  const { ni, no } = taskDims(state);
  const span = lambdaSpan(state.lambdaMax, [ni, state.nh, no]);
  // A symmetric range gets an odd number of columns, so that λ = 0 (where learning is richest) is one of them.
  const columns = span.lo === -span.hi && state.grid % 2 === 0 ? state.grid + 1 : state.grid;
  const lambdas = spanValues(span, columns);
  const sigmas = logspace(state.sigmaMin, state.sigmaMax, state.grid);
  return { lambdas, sigmas, range: span.range, extraColumn: !span.single && columns > state.grid, clipped: span.clipped, single: span.single };
}

// One cell: the exact solution only, state at t = 0 and t = T. With targets "perSigma" the task's
// targets are divided by σ (a later paper's normalisation, yoonsoonam119/linear_first); with "fixed" σ is also the size of
// the network's initial function, which training has to undo. A perSigma cell (λ, σ, T) is exactly
// the fixed-target cell at σλ with a σ-times larger initial function at T/σ (docs/theory.md §8).
/** @param {PageState} state @param {number} lambda @param {number} sigma @returns {ExperimentConfig} */
export function cellConfig(state, lambda, sigma) {
  const config = experimentConfig({ ...state, init: cellInit(state), sigma }, ['kernelDistance'], lambda);
  if (state.targets === 'perSigma') config.task = { ...config.task, targetScale: Number((1 / sigma).toPrecision(12)) };
  return /** @type {ExperimentConfig} */ ({ ...config, times: { end: state.T, count: 2 }, simulate: false, exact: true });
}

// The cells are λ-balanced networks: aligned with the task if that is the setting, else random.
/** @param {PageState} state @returns {'aligned' | 'balanced'} */
export function cellInit(state) {
  return state.init === 'aligned' ? 'aligned' : 'balanced';
}

// The cells row by row (σ up), each {lambda, sigma, r, c}; cell (r, c) is at index r·columns + c.
/** @param {Grid} grid @returns {GridCell[]} */
export function gridCells(grid) {
  /** @type {GridCell[]} */
  const cells = [];
  grid.sigmas.forEach((sigma, r) => grid.lambdas.forEach((lambda, c) => cells.push({ lambda, sigma, r, c })));
  return cells;
}

// Fills in each cell's kernel distance and loss at T (NaN where there is no exact solution).
/** @param {GridCell[]} cells @param {readonly ExperimentResult[]} results @returns {FilledCell[]} */
export function fillCells(cells, results) {
  results.forEach((result, i) => {
    cells[i].kd = result.exact?.kernelDistance?.at(-1) ?? NaN;
    cells[i].loss = result.exact?.loss?.at(-1) ?? NaN;
  });
  return /** @type {FilledCell[]} */ (cells);
}

// Whether each cell has converged by T: its loss gap (L(T) − L*) / (L(0) − L*) against CONVERGED_GAP
// (the architectures' criterion). L* is the task's loss floor, read from `first` (a result holding
// the task, of the first cell); with perSigma targets it scales like 1/σ² from that cell's σ.
// Sets cell.gap and cell.converged; returns the cells not converged.
/** @param {GridCell[]} cells @param {readonly ExperimentResult[]} results @param {ExperimentResult} first @param {PageState} state */
export function markConvergence(cells, results, first, state) {
  const floor0 = lossFloor(first.tasks[0]);
  const sigma0 = cells[0].sigma;
  results.forEach((result, i) => {
    const cell = cells[i], loss = result.exact?.loss;
    const floor = state.targets === 'perSigma' ? floor0 * (sigma0 / cell.sigma) ** 2 : floor0;
    cell.gap = loss ? Math.max(0, loss.at(-1) - floor) / Math.max(loss[0] - floor, 1e-300) : NaN;
    cell.converged = Number.isFinite(cell.gap) && cell.gap <= CONVERGED_GAP;
  });
  return cells.filter((cell) => Number.isFinite(cell.gap) && !cell.converged);
}

// Cells per message to a worker: about a dozen messages per worker, 4 to 64 cells each.
/** @param {number} count @param {number} workers */
export function cellBatch(count, workers) {
  return Math.max(4, Math.min(64, Math.ceil(count / (workers * 12))));
}

// The settings the diagram depends on (not the current λ and σ, which are only outlined): its grid
// and the configuration of one cell away from σ = 1 (so that targets scaled by σ show).
/** @param {PageState} state */
export function phaseKey(state) {
  return JSON.stringify([gridOf(state), cellConfig(state, 1, 0.5)]);
}

// Why the grid looks as it does, or '' when nothing needs saying.
/** @param {Grid} grid @param {number} lambdaMax */
export function gridNote(grid, lambdaMax) {
  if (grid.extraColumn) {
    return `${grid.lambdas.length} λ columns × ${grid.sigmas.length} σ rows: one column more than the grid size, so that λ = 0, where learning is richest, is one of them.`;
  }
  if (grid.single) return `This shape admits only λ = 0 (${grid.range.reason}), so the diagram is a single column: the kernel distance and loss as functions of σ alone.`;
  if (grid.clipped) return `λ covers only its admissible part of ±${lambdaMax}: ${grid.range.reason}.`;
  return '';
}

/** @param {readonly number[]} values @param {number} v */
const nearestIndex = (values, v) => values.reduce((best, x, i) => (Math.abs(x - v) < Math.abs(values[best] - v) ? i : best), 0);

// The cell {r, c} holding λ and σ, or null if the grid does not cover them.
/** @param {Grid} grid @param {{ lambda: number, sigma: number }} at @returns {CellIndex | null} */
export function currentCell(grid, { lambda, sigma }) {
  const { lambdas, sigmas } = grid;
  const c = nearestIndex(lambdas, lambda);
  const logs = sigmas.map(Math.log10);
  const r = nearestIndex(logs, Math.log10(sigma));
  const dl = lambdas.length > 1 ? (lambdas[1] - lambdas[0]) / 2 : 0.5;
  const ds = logs.length > 1 ? (logs[1] - logs[0]) / 2 : 0.5;
  const inside = Math.abs(lambdas[c] - lambda) <= dl + 1e-9 && Math.abs(logs[r] - Math.log10(sigma)) <= ds + 1e-9;
  return inside ? { r, c } : null;
}

// Where each navigation key moves the keyboard cursor from `at` (rows count σ upwards).
/** @param {CellIndex} at @param {number} rows @param {number} cols @returns {Record<'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown', CellIndex>} */
export function focusMoves(at, rows, cols) {
  return {
    ArrowLeft: { r: at.r, c: Math.max(0, at.c - 1) }, ArrowRight: { r: at.r, c: Math.min(cols - 1, at.c + 1) },
    ArrowUp: { r: Math.min(rows - 1, at.r + 1), c: at.c }, ArrowDown: { r: Math.max(0, at.r - 1), c: at.c },
    Home: { r: at.r, c: 0 }, End: { r: at.r, c: cols - 1 }, PageUp: { r: rows - 1, c: at.c }, PageDown: { r: 0, c: at.c },
  };
}

// The cells with the lowest and highest finite value of `field` (the first of equals), and how many
// cells have a value at all.
/** @param {readonly GridCell[]} cells @param {'kd' | 'loss' | 'gap'} field */
export function extremes(cells, field) {
  const finite = cells.filter((cell) => Number.isFinite(cell[field]));
  return {
    count: finite.length,
    lowest: finite.reduce((a, b) => (b[field] < a[field] ? b : a), finite[0]),
    highest: finite.reduce((a, b) => (b[field] > a[field] ? b : a), finite[0]),
  };
}

// What the view shows, for download: one row per cell (λ, σ, kernel distance, final loss).
/** @param {{ grid: Grid, cells: readonly GridCell[], state: PageState }} shown */
export function phaseExport({ grid, cells, state }) {
  return {
    csv: () => `lambda,sigma,kernel distance at T,loss at T,loss gap at T,converged (loss gap <= ${CONVERGED_GAP})\n` +
      `${cells.map((c) => `${c.lambda},${c.sigma},${Number.isFinite(c.kd) ? c.kd : ''},${Number.isFinite(c.loss) ? c.loss : ''},${Number.isFinite(c.gap) ? c.gap : ''},${c.converged ?? ''}`).join('\n')}\n`,
    json: () => ({ link: globalThis.location?.href, T: state.T, lambdas: grid.lambdas, sigmas: grid.sigmas, convergedGap: CONVERGED_GAP,
      cells: cells.map(({ lambda, sigma, kd, loss, gap, converged }) => ({ lambda, sigma, kernelDistance: Number.isFinite(kd) ? kd : null, loss: Number.isFinite(loss) ? loss : null,
        lossGap: Number.isFinite(gap) ? gap : null, converged: converged ?? null })) }),
  };
}
