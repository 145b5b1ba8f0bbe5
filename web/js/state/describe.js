// The settings of a view in one line of text, for the parameters printed on exported images and
// files: "λ = 0, σ = 0.05 · 3–3–3 network · random task (P = 6, seed 1) · η = 0.01, T = 20".
import { PARAM_BY_KEY } from './schema.js';
import { taskDims, spectrumValues } from './shape.js';
import { layersOf } from './config.js';
import { lookup } from '../data/store.js';
import { isWhite } from '../data/whitening.js';
import { viewEntry } from '../catalog.js';
/** @import { PageState, ViewId } from './schema.js' */

/** @type {Record<string, string>} */
const INIT_NAMES = { balanced: 'λ-balanced', aligned: 'λ-balanced, aligned', gaussian: 'Gaussian', lecun: 'LeCun' };

// What each view adds to the settings of the network (its own settings).
/** @type {Partial<Record<ViewId, (s: PageState) => string>>} */
const VIEW_SETTINGS = {
  single: (s) => `time cursor t = ${s.t}`,
  compare: (s) => `λ compared: ${s.lambdas.join(', ')}; time cursor t = ${s.t}`,
  hierarchy: (s) => `λ compared: ${s.lambdas.join(', ')}; noise ${s.noise}, ${s.samples} Monte Carlo samples, λ range ±${s.lambdaMax}`,
  architectures: (s) => `shapes ${s.shapes.map((x) => x.join('–')).join(', ')}; λ compared: ${s.lambdas.join(', ')}; λ range ±${s.lambdaMax}`,
  phase: (s) => `${s.grid} × ${s.grid} cells, σ from ${s.sigmaMin} to ${s.sigmaMax}, λ range ±${s.lambdaMax}, targets ${s.targets === 'perSigma' ? 'divided by σ' : 'as they are'}`,
  sequences: (s) => `${s.scenario}, time per task ${s.phaseT}${s.scenario === 'continual' ? `, ${s.ntasks} tasks` : ''}${s.scenario === 'transfer' ? `, ρ = ${s.similarity}` : ''}; λ compared: ${s.lambdas.join(', ')}`,
  'learning-rate': (s) => `gradient descent against the exact flow over a grid of λ (range ±${s.lambdaMax}) and η, and in detail at λ = ${s.lambda}, η = ${s.lr}`,
};

// The network and task of the views that do not use the settings' shape and task (the catalog's
// settings groups say which): each trains its own, and the exported files must name that one.
/** @type {Partial<Record<ViewId, (s: PageState) => string>>} */
const OWN_NETWORK = {
  hierarchy: (s) => `hierarchy task (depth ${s.depth}, ${2 ** s.depth} items, ${s.features === 'contrasts' ? '±1 features' : 'one feature per node'}), hidden layer ${2 ** s.depth} wide`,
  architectures: (s) => `${s.shapes.length} shapes, each on its own random task (P = 2 · max(Ni, No), seed ${s.taskSeed})`,
  mode: (s) => `one mode: task singular value s = ${s.s}, strength a(0) = ${s.a0}, λ = ${s.lambda}`,
};

/** @param {PageState} state @returns {string} */
function describeTask(state) {
  if (state.task === 'hierarchy') return `hierarchy task (depth ${state.depth}, ${state.features === 'contrasts' ? '±1 features' : 'one feature per node'})`;
  if (state.task === 'spectrum') {
    const { used, missing } = spectrumValues(state);
    const values = [...used, ...Array(missing).fill(0)].join(', ');
    return `task by its spectrum (singular values ${values}; ${state.vectors === 'random' ? `random singular vectors, seed ${state.taskSeed}` : 'singular vectors along the axes'})`;
  }
  if (state.task === 'data') {
    const data = lookup('data', state.data);
    return data ? `your data (${data.X[0].length} items${data.whiten ? ', whitened' : isWhite(data.X) ? '' : ', X not white'})` : 'your data';
  }
  return `random task (P = ${state.items}, seed ${state.taskSeed})`;
}

/** @param {PageState} state @returns {string} */
function initText(state) {
  const scale = state.scaleOf === 'factors' ? ' per layer' : '';
  return state.init === 'explicit' ? 'your weights'
    : state.init === 'balanced' || state.init === 'aligned' ? `λ = ${state.lambda}, σ = ${state.sigma}${scale}`
      : `${INIT_NAMES[state.init]} weights${state.init === 'gaussian' ? ` (σ = ${state.sigma})` : ''}`;
}

/** @param {PageState} state @returns {string} */
export function describeSettings(state) {
  // A paper figure is computed with its own settings, not the settings panel's.
  if (state.view === 'figure') return `Figure ${state.figure} of the paper, with the settings stated under “How this was made” on its page`;
  const own = VIEW_SETTINGS[state.view]?.(state);
  const groups = viewEntry(state.view).settings;
  if (OWN_NETWORK[state.view] && !groups.includes('task')) {
    // Only the settings the view uses: its own network, and the initialization and training where it takes them.
    const init = groups.includes('init') ? `${initText(state)} · ` : '';
    const training = groups.includes('training') ? ` · η = ${state.lr}, T = ${state.T}${groups.includes('init') ? `, seed ${state.seed}` : ''}` : '';
    const network = `${init}${OWN_NETWORK[state.view](state)}${training}`;
    return own ? `${network} · ${own}` : network;
  }
  const { ni, no } = taskDims(state);
  const init = initText(state);
  const layers = layersOf(state);
  const widths = [ni, ...Array(layers - 1).fill(state.nh), no].join('–');
  const deep = state.init === 'aligned' ? 'exact from aligned weights' : 'gradient descent only';
  const shape = layers > 2 ? `${widths} network (${layers} weight layers, ${deep})` : `${widths} network`;
  const network = `${init} · ${shape} · ${describeTask(state)} · η = ${state.lr}, T = ${state.T}, seed ${state.seed}`;
  return own ? `${network} · ${own}` : network;
}

// A file name for what the view shows: "lazy-to-rich_hierarchy_depth3".
/** @param {PageState} state @returns {string} */
export function exportName(state) {
  /** @type {Partial<Record<ViewId, string>>} */
  const names = {
    single: `lambda${state.lambda}_sigma${state.sigma}_${state.task}`,
    compare: `lambdas${state.lambdas.join('_')}_sigma${state.sigma}`,
    hierarchy: `depth${state.depth}_sigma${state.sigma}_T${state.T}`,
    architectures: `sigma${state.sigma}_T${state.T}`,
    phase: `${state.cell}_grid${state.grid}_T${state.T}`,
    sequences: `${state.scenario}_sigma${state.sigma}`,
    figure: state.figure,
  };
  return `lazy-to-rich_${state.view}_${names[state.view] ?? ''}`;
}

// The differences between two states as "σ 0.05 → 0.01, T 20 → 400" (labels from the URL schema).
/** @param {Record<string, unknown>} from a state (or part of one) @param {Record<string, unknown>} to @returns {string} */
export function describeChanges(from, to) {
  const show = (/** @type {unknown} */ v) => (Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join('-') : x)).join(', ') : String(v));
  return Object.keys(to).filter((key) => show(from[key]) !== show(to[key]))
    .map((key) => `${PARAM_BY_KEY[key]?.label ?? key} ${show(from[key])} → ${show(to[key])}`).join(', ');
}
