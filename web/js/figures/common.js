// What the paper's figures share. A figure is a layout over the experiments' engine runs: its
// settings are a page state (so "change the settings" opens exactly its configuration in the
// explorable), its panels are series picked out of results, and every series says which run and
// which field it comes from (so a test can re-run that configuration alone and compare). No DOM.
import { defaultState } from '../state/schema.js';
import { experimentConfig } from '../state/config.js';
import { OKABE_ITO } from '../charts/palette.js';

/** @import { ExperimentConfig, ExperimentResult, MetricName, Tensor } from '../../wasm/ldyn.mjs' */
/** @import { PageState, Shape } from '../state/schema.js' */
/** @import { FigureSeries } from '../charts/figure-chart.js' */
/** @import { PhaseCell, PhaseGrid } from '../charts/phase-chart.js' */

/**
 * Where a plotted series was read from: runs[run]'s trajectory (none: the result itself), its
 * field, and the entry of each recorded value (seriesFrom). A test re-runs that configuration alone.
 * @typedef {{ run: number, trajectory?: 'exact' | 'simulation', field: string, at?: number[] }} SeriesSource
 */
/** @typedef {FigureSeries & { from?: SeriesSource, source?: 'exact' | 'simulation' }} PlottedSeries source: what it is when it has no `from` */
/** @typedef {{ id: string, area: number[], title?: string, quantity?: string, lambda?: number }} PanelPlace a panel's id, its [row, column, rows, columns] in the grid, its names */
/**
 * @typedef {PanelPlace & { kind: 'lines', series: PlottedSeries[], xTitle?: string, xName?: string, yTitle?: string, logX?: boolean, logY?: boolean,
 *   legend?: boolean, yMin?: number, yMax?: number, divergedAt?: number, yShare?: string }} LinesPanel yShare: the lines panels of one group share one y range
 */
/** @typedef {PanelPlace & { kind: 'heatmap', matrix: readonly ArrayLike<number>[] | null, scale?: number, note?: string, emptyText?: string, from?: SeriesSource | null }} HeatmapPanel */
/** @typedef {PanelPlace & { kind: 'phase', grid: PhaseGrid, cells: PhaseCell[], field: string }} PhasePanel */
/** @typedef {PanelPlace & { kind: 'schematic', shape: Shape }} SchematicPanel */
/** @typedef {LinesPanel | HeatmapPanel | PhasePanel | SchematicPanel} FigurePanel one panel of a figure's grid, as views/figure.js draws it */
export const EXACT = '#000000';

// The colour of simulated curve k: the palette without black, which is the exact curves' colour
// (a black simulation under the black dotted exact curve could not be told apart from it).
const SIMULATION_COLORS = OKABE_ITO.filter((c) => c !== EXACT);
/** @param {number} k */
export const simulationColor = (k) => SIMULATION_COLORS[k % SIMULATION_COLORS.length];

// The page state of a figure: the defaults with the figure's settings.
/** @param {Partial<PageState>} settings @returns {PageState} */
export function figureState(settings) {
  return { ...defaultState(), ...structuredClone(settings) };
}

// The engine configuration of the figure's state at λ (as the explorable would build it).
/** @param {PageState} state @param {readonly MetricName[]} metrics @param {number} [lambda] @param {Partial<ExperimentConfig>} [extra] @returns {ExperimentConfig} */
export function figureConfig(state, metrics, lambda = state.lambda, extra = {}) {
  return /** @type {ExperimentConfig} */ ({ ...experimentConfig(state, metrics, lambda), ...extra });
}

// The values a series takes from a run: trajectory ('exact' | 'simulation'), field, and where in
// each recorded value ([row, col] of a matrix, k of a vector, nothing for a number).
/** @param {ExperimentResult} result @param {Omit<SeriesSource, 'run'>} source @returns {Float64Array | null} */
export function seriesFrom(result, { trajectory, field, at = [] }) {
  // The field by name: a series of numbers (Float64Array) or of vectors or matrices (Tensor).
  const holder = /** @type {Record<string, Float64Array | Tensor | undefined>} */ (/** @type {unknown} */ (trajectory ? result[trajectory] : result));
  const series = holder?.[field];
  if (!series) return null;
  if (!at.length) return Float64Array.from(/** @type {Float64Array} */ (series)); // a series of numbers
  // A Tensor, [T, K] or [T, R, C]: its entry at `at` per time.
  const out = new Float64Array(series.length);
  for (let t = 0; t < series.length; t++) out[t] = /** @type {Tensor} */ (series).get(t, ...at);
  return out;
}

// A simulated series in colour and its exact counterpart black dotted on top (the paper's style),
// over the run's times. `from` without its trajectory.
/** @param {number} run @param {ExperimentResult} result @param {{ label: string, color: string, field: string, at?: number[] }} series @returns {PlottedSeries[]} */
export function pairOf(run, result, { label, color, field, at = [] }) {
  /** @type {PlottedSeries[]} */
  const out = [];
  const sim = seriesFrom(result, { trajectory: 'simulation', field, at });
  const exact = seriesFrom(result, { trajectory: 'exact', field, at });
  if (sim) out.push({ label, x: result.times, y: sim, color, style: 'simulation', from: { run, trajectory: 'simulation', field, at } });
  if (exact) out.push({ label: `${label} (exact)`, x: result.times, y: exact, color: EXACT, style: 'exact', from: { run, trajectory: 'exact', field, at } });
  return out;
}

// The entries of the upper triangle (with the diagonal) of a size x size matrix series, as pairs.
/** @param {number} run @param {ExperimentResult} result @param {string} field @param {number} size @param {number} [max] @returns {PlottedSeries[]} */
export function trianglePairs(run, result, field, size, max = 36) {
  /** @type {PlottedSeries[]} */
  const out = [];
  let k = 0;
  for (let r = 0; r < size; r++) {
    for (let c = r; c < size && k < max; c++, k++) out.push(...pairOf(run, result, { label: `[${r + 1},${c + 1}]`, color: simulationColor(k), field, at: [r, c] }));
  }
  return out;
}

// Every entry of a rows x cols matrix series, as pairs.
/** @param {number} run @param {ExperimentResult} result @param {string} field @param {number} rows @param {number} cols @param {number} [max] @returns {PlottedSeries[]} */
export function entryPairs(run, result, field, rows, cols, max = 40) {
  /** @type {PlottedSeries[]} */
  const out = [];
  let k = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols && k < max; c++, k++) out.push(...pairOf(run, result, { label: `[${r + 1},${c + 1}]`, color: simulationColor(k), field, at: [r, c] }));
  }
  return out;
}

// λ as the paper writes it.
/** @param {number} lambda */
export const lambdaLabel = (lambda) => `λ = ${lambda}`;


// Recorded times for a log time axis (state/times.js, shared with the explorable).
export { logTimes } from '../state/times.js';
