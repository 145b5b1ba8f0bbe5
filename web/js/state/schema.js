// The declarative description of everything the page's URL holds: one entry per parameter with
// its type, range and default. The URL module parses and writes these; nothing else reads the URL.

import { LINK_LIMIT } from '../data/link.js';
import { VIEW_CATALOG, PANEL_CATALOG, FIGURE_CATALOG } from '../catalog.js';

export const SCHEMA_VERSION = 1;

// The panels of the single view, in page order, and the views (catalog.js declares both; the
// typedefs below list the same ids, which tests/web/catalog.test.mjs checks).
export const PANEL_IDS = PANEL_CATALOG.map((p) => p.id);
export const DEFAULT_PANELS = PANEL_CATALOG.filter((p) => !p.offByDefault).map((p) => p.id);
export const VIEWS = VIEW_CATALOG.map((v) => v.id);
// The paper's figures (view=figure&figure=…).
export const FIGURES = FIGURE_CATALOG.map((f) => f.id);

/** @typedef {'loss' | 'singular' | 'outputs' | 'representations' | 'ntk' | 'task' | 'balance'} PanelId */
/** @typedef {'single' | 'compare' | 'hierarchy' | 'architectures' | 'phase' | 'sequences' | 'mode' | 'learning-rate' | 'figure'} ViewId */
/** @typedef {'1b' | '1c' | '2' | '3' | '4' | '5' | 'continual' | 'reversal' | 'specificity' | 'phase' | 'transfer'} FigureId */
/** @typedef {[ni: number, nh: number, no: number]} Shape */

/**
 * The page state: one value per parameter of PARAMS (docs/web-app.md lists them). The URL
 * holds all of it; parseUrl makes one, serializeState writes one.
 * @typedef {object} PageState
 * @property {number} lambda
 * @property {number} sigma
 * @property {number} ni
 * @property {number} nh
 * @property {number} no
 * @property {number} layers weight layers L (2: the exact solution applies)
 * @property {'random' | 'hierarchy' | 'spectrum' | 'data'} task
 * @property {number} items
 * @property {number} taskSeed
 * @property {number} depth
 * @property {number[]} spectrum
 * @property {'random' | 'axes'} vectors
 * @property {string} data compressed X, Y (data/link.js), 'local', or '' for none
 * @property {'balanced' | 'aligned' | 'gaussian' | 'lecun' | 'explicit'} init
 * @property {string} weights compressed W1, W2, 'local', or '' for none
 * @property {number} seed
 * @property {number} lr
 * @property {number} T
 * @property {number} t
 * @property {ViewId} view
 * @property {PanelId[]} panels
 * @property {number} unit
 * @property {number[]} lambdas
 * @property {boolean} embed
 * @property {boolean} present
 * @property {number} lambdaMax
 * @property {number} noise
 * @property {number} samples
 * @property {Shape[]} shapes
 * @property {number} grid
 * @property {number} sigmaMin
 * @property {number} sigmaMax
 * @property {'kernelDistance' | 'loss'} cell
 * @property {'continual' | 'reversal' | 'transfer'} scenario
 * @property {number} phaseT
 * @property {number} ntasks
 * @property {number} similarity
 * @property {'product' | 'factors'} scaleOf
 * @property {'nodes' | 'contrasts'} features
 * @property {'fixed' | 'perSigma'} targets
 * @property {FigureId} figure
 * @property {number} s the singular value of the mode (view=mode)
 * @property {number} a0 the mode's strength at t = 0 (view=mode)
 * @property {'auto' | 'linear' | 'log'} timeAxis
 * @property {'shared' | 'own'} yScale
 */

/** @typedef {number | boolean | string | number[] | string[] | Shape[]} ParamValue */

/**
 * One URL parameter (see the comment below for the kinds).
 * @typedef {object} ParamSpec
 * @property {keyof PageState} key
 * @property {'number' | 'int' | 'enum' | 'bool' | 'numbers' | 'panels' | 'shapes' | 'blob'} kind
 * @property {ParamValue} default
 * @property {keyof PageState} [defaultFrom]
 * @property {number} [min]
 * @property {number} [max]
 * @property {string[]} [values] enum and panels: the names allowed
 * @property {number} [maxLength] numbers: entries kept; blob: characters
 * @property {boolean} [repeats] numbers: a value may repeat
 * @property {number} [length] shapes: how many
 * @property {string} label
 */

// kind: number | int | enum | bool | numbers (comma-separated list; `repeats`: a value may repeat)
//       | panels (comma-separated subset) | shapes (comma-separated Ni-Nh-No triples)
//       | blob (base64url text, decoded by data/store.js; empty: none)
// defaultFrom: when the link does not give this parameter, it takes the value of that (earlier)
// parameter instead of `default` (the time cursor opens at the end of training).
/** @type {ParamSpec[]} */
export const PARAMS = [
  { key: 'lambda', kind: 'number', default: 0, min: -1e4, max: 1e4, label: 'relative scale λ' },
  { key: 'sigma', kind: 'number', default: 0.05, min: 1e-6, max: 100, label: 'absolute scale σ' },
  { key: 'ni', kind: 'int', default: 3, min: 1, max: 32, label: 'input units Ni' },
  { key: 'nh', kind: 'int', default: 3, min: 1, max: 64, label: 'hidden units Nh' },
  { key: 'no', kind: 'int', default: 3, min: 1, max: 32, label: 'output units No' },
  // layers: the number of weight layers L (views marked deep in catalog.js draw L > 2; exact from aligned weights).
  { key: 'layers', kind: 'int', default: 2, min: 2, max: 6, label: 'weight layers L' },
  { key: 'task', kind: 'enum', default: 'random', values: ['random', 'hierarchy', 'spectrum', 'data'], label: 'task' },
  { key: 'items', kind: 'int', default: 6, min: 1, max: 64, label: 'items P' },
  { key: 'taskSeed', kind: 'int', default: 1, min: 0, max: 2 ** 31 - 1, label: 'task seed' },
  { key: 'depth', kind: 'int', default: 3, min: 1, max: 5, label: 'hierarchy depth' },
  // task=spectrum: Σyx = U diag(spectrum) Vᵀ; a value may repeat (equal modes).
  { key: 'spectrum', kind: 'numbers', default: [3, 2, 1], min: 0, max: 100, maxLength: 32, repeats: true, label: 'singular values of Σyx' },
  { key: 'vectors', kind: 'enum', default: 'random', values: ['random', 'axes'], label: 'singular vectors of Σyx' },
  // task=data and init=explicit: the user's matrices, compressed (data/link.js), or "local" when
  // too large for a link (they then stay in this page only).
  { key: 'data', kind: 'blob', default: '', maxLength: LINK_LIMIT, label: 'your data X, Y' },
  { key: 'init', kind: 'enum', default: 'balanced', values: ['balanced', 'aligned', 'gaussian', 'lecun', 'explicit'], label: 'initialization' },
  { key: 'weights', kind: 'blob', default: '', maxLength: LINK_LIMIT, label: 'your weights W1, W2' },
  { key: 'seed', kind: 'int', default: 1, min: 0, max: 2 ** 31 - 1, label: 'initialization seed' },
  { key: 'lr', kind: 'number', default: 0.01, min: 1e-4, max: 1, label: 'learning rate η' },
  { key: 'T', kind: 'number', default: 20, min: 0.1, max: 1000, label: 'training time' },
  { key: 't', kind: 'number', default: 20, defaultFrom: 'T', min: 0, max: 1000, label: 'time cursor' },
  { key: 'view', kind: 'enum', default: 'single', values: VIEWS, label: 'view' },
  { key: 'panels', kind: 'panels', default: DEFAULT_PANELS, values: PANEL_IDS, label: 'panels shown' },
  // 1-based; a unit beyond the shape's No is kept and shown as unit No (see shownOutputUnit).
  { key: 'unit', kind: 'int', default: 1, min: 1, max: 64, label: 'output unit shown' },
  { key: 'lambdas', kind: 'numbers', default: [-2, 0, 2], min: -1e4, max: 1e4, maxLength: 6, label: 'λ values compared' },
  { key: 'embed', kind: 'bool', default: false, label: 'embed mode' },
  // Presenter mode: bigger type, only the λ slider and the time cursor (a projector, a zoomed page).
  { key: 'present', kind: 'bool', default: false, label: 'presenter mode' },
  // The experiment views (view=hierarchy, architectures, phase, sequences).
  { key: 'lambdaMax', kind: 'number', default: 6, min: 0.1, max: 100, label: 'largest |λ| swept' },
  { key: 'noise', kind: 'number', default: 0.1, min: 0, max: 10, label: 'noise level' },
  { key: 'samples', kind: 'int', default: 2000, min: 10, max: 100000, label: 'Monte Carlo samples' },
  { key: 'shapes', kind: 'shapes', default: [[6, 3, 3], [3, 3, 3], [3, 3, 6]], min: 1, max: 32, length: 3, label: 'network shapes' },
  { key: 'grid', kind: 'int', default: 40, min: 4, max: 100, label: 'phase-diagram resolution' },
  { key: 'sigmaMin', kind: 'number', default: 0.001, min: 1e-6, max: 100, label: 'smallest σ' },
  { key: 'sigmaMax', kind: 'number', default: 10, min: 1e-6, max: 100, label: 'largest σ' },
  { key: 'cell', kind: 'enum', default: 'kernelDistance', values: ['kernelDistance', 'loss'], label: 'phase-diagram quantity' },
  { key: 'scenario', kind: 'enum', default: 'continual', values: ['continual', 'reversal', 'transfer'], label: 'scenario' },
  { key: 'phaseT', kind: 'number', default: 10, min: 0.1, max: 500, label: 'time per task' },
  { key: 'ntasks', kind: 'int', default: 3, min: 2, max: 6, label: 'number of tasks' },
  { key: 'similarity', kind: 'number', default: 0.5, min: -1, max: 1, label: 'task similarity ρ' },
  // The paper's conventions, as options (the explorable's defaults stay this project's).
  { key: 'scaleOf', kind: 'enum', default: 'product', values: ['product', 'factors'], label: 'what σ scales' },
  { key: 'features', kind: 'enum', default: 'nodes', values: ['nodes', 'contrasts'], label: 'hierarchy features' },
  { key: 'targets', kind: 'enum', default: 'fixed', values: ['fixed', 'perSigma'], label: 'phase-diagram targets' },
  { key: 'figure', kind: 'enum', default: '2', values: FIGURES, label: 'paper figure' },
  // One mode up close (view=mode): the task's singular value and the mode's strength at t = 0.
  { key: 's', kind: 'number', default: 2, min: 0.01, max: 100, label: 'the mode’s singular value s' },
  { key: 'a0', kind: 'number', default: 0.01, min: -100, max: 100, label: 'the mode’s strength a(0)' },
  // auto: linear, except in a paper figure drawn on a log time axis (Figures 2 and 3). With log,
  // the recorded times are spaced geometrically (state/config.js) so that the early part is resolved.
  { key: 'timeAxis', kind: 'enum', default: 'auto', values: ['auto', 'linear', 'log'], label: 'time axis' },
  // Compare λ: each row of small multiples on one y scale (shared) or each chart on its own.
  { key: 'yScale', kind: 'enum', default: 'shared', values: ['shared', 'own'], label: 'y scales of “Compare λ”' },
];

/** @type {Record<string, ParamSpec>} */
export const PARAM_BY_KEY = Object.fromEntries(PARAMS.map((p) => [p.key, p]));

// The state of a link that gives no parameter.
/** @returns {PageState} */
export function defaultState() {
  /** @type {Record<string, ParamValue>} */
  const state = {};
  for (const p of PARAMS) state[p.key] = p.defaultFrom ? state[p.defaultFrom] : structuredClone(p.default);
  return /** @type {PageState} */ (state);
}

// Time points recorded per trajectory (fixed by the schema version, so a link always redraws the same).
export const TIME_POINTS = 301;
// The views that draw networks of more than two layers; the others are two-layer experiments.
export const DEEP_VIEWS = new Set(VIEW_CATALOG.filter((v) => v.deep).map((v) => v.id));
// The useful range of the λ slider; the number field accepts any admissible value.
export const LAMBDA_SLIDER = { min: -8, max: 8, step: 0.05 };
// σ slider in log10 units.
export const LOG_SIGMA_SLIDER = { min: -6, max: 2, step: 0.05 };
