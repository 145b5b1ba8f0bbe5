// The settings of a view in one line of text, for the parameters printed on exported images and
// files: "λ = 0, σ = 0.05 · 3–3–3 network · random task (P = 6, seed 1) · η = 0.01, T = 20".
import { PARAM_BY_KEY } from './schema.js';
import { taskDims } from './shape.js';

const INIT_NAMES = { balanced: 'λ-balanced', aligned: 'λ-balanced, aligned', gaussian: 'Gaussian', lecun: 'LeCun' };

export function describeSettings(state) {
  const { ni, no } = taskDims(state);
  const task = state.task === 'hierarchy' ? `hierarchy task (depth ${state.depth})` : `random task (P = ${state.items}, seed ${state.taskSeed})`;
  const init = state.init === 'balanced' || state.init === 'aligned' ? `λ = ${state.lambda}, σ = ${state.sigma}` : `${INIT_NAMES[state.init]} weights${state.init === 'gaussian' ? ` (σ = ${state.sigma})` : ''}`;
  return `${init} · ${ni}–${state.nh}–${no} network · ${task} · η = ${state.lr}, T = ${state.T}, seed ${state.seed}`;
}

// The differences between two states as "σ 0.05 → 0.01, T 20 → 400" (labels from the URL schema).
export function describeChanges(from, to) {
  const show = (v) => (Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join('-') : x)).join(', ') : String(v));
  return Object.keys(to).filter((key) => show(from[key]) !== show(to[key]))
    .map((key) => `${PARAM_BY_KEY[key]?.label ?? key} ${show(from[key])} → ${show(to[key])}`).join(', ');
}
