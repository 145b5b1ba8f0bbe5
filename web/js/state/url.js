// The URL <-> state mapping. Every parameter is parsed on its own: an invalid or hostile value
// produces a notice naming it and falls back to its own default, leaving the rest of the link
// intact. Values are only ever compared, converted to numbers or shown as text.
import { PARAMS, PARAM_BY_KEY, SCHEMA_VERSION, defaultState } from './schema.js';
import { lambdaRange, taskDims, isBalancedInit } from './shape.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INTEGER = /^[+-]?\d+$/;

// Shortens a value for display in a notice (it is shown with textContent, never as HTML).
function shown(raw) {
  const text = String(raw);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function describe(value) {
  if (Array.isArray(value)) return value.map((v) => (Array.isArray(v) ? v.join('-') : String(v))).join(',');
  return String(value);
}

function parseNumber(raw, p) {
  if (!NUMBER.test(raw)) return { why: 'is not a number' };
  const value = Number(raw);
  if (!Number.isFinite(value)) return { why: 'is not a finite number' };
  if (value < p.min || value > p.max) return { why: `is outside [${p.min}, ${p.max}]` };
  return { value };
}

const parsers = {
  number: parseNumber,
  int(raw, p) {
    if (!INTEGER.test(raw)) return { why: 'is not a whole number' };
    return parseNumber(raw, p);
  },
  enum(raw, p) {
    return p.values.includes(raw) ? { value: raw } : { why: `is not one of ${p.values.join(', ')}` };
  },
  bool(raw) {
    if (raw === '1' || raw === 'true') return { value: true };
    if (raw === '0' || raw === 'false') return { value: false };
    return { why: 'is not 1 or 0' };
  },
  numbers(raw, p) {
    const parts = raw.split(',');
    if (parts.length < 1 || parts.length > p.maxLength) return { why: `must list 1 to ${p.maxLength} numbers` };
    const values = [];
    for (const part of parts) {
      const parsed = parseNumber(part.trim(), p);
      if (parsed.why) return { why: `has an entry that ${parsed.why}` };
      values.push(parsed.value);
    }
    return { value: values };
  },
  shapes(raw, p) {
    const parts = raw.split(',');
    if (parts.length !== p.length) return { why: `must list ${p.length} shapes Ni-Nh-No, separated by commas` };
    const shapes = [];
    for (const part of parts) {
      const widths = part.split('-');
      if (widths.length !== 3 || widths.some((w) => !INTEGER.test(w))) return { why: 'has a shape that is not three whole numbers Ni-Nh-No' };
      const [ni, nh, no] = widths.map(Number);
      if ([ni, nh, no].some((w) => w < p.min || w > p.max)) return { why: `has a width outside [${p.min}, ${p.max}]` };
      if (nh < Math.min(ni, no)) return { why: `has a bottleneck shape ${part} (Nh < min(Ni, No))` };
      shapes.push([ni, nh, no]);
    }
    return { value: shapes };
  },
  panels(raw, p) {
    const parts = raw.split(',').filter((s) => s !== '');
    if (parts.length === 0) return { why: 'names no panel' };
    const unknown = parts.find((s) => !p.values.includes(s));
    if (unknown !== undefined) return { why: `names an unknown panel (known: ${p.values.join(', ')})` };
    return { value: p.values.filter((id) => parts.includes(id)) };
  },
};

// Parses a query string ("?lambda=2&..."). Returns the state and the notices to show.
export function parseUrl(search) {
  const state = defaultState();
  const notices = [];
  const query = new URLSearchParams(search);
  for (const [key, raw] of query) {
    if (key === 'v') {
      if (raw !== String(SCHEMA_VERSION)) {
        notices.push({ param: 'v', message: `This link was made for schema version "${shown(raw)}"; this page reads version ${SCHEMA_VERSION}, so some settings may differ.` });
      }
      continue;
    }
    const p = PARAM_BY_KEY[key];
    if (!p) {
      notices.push({ param: key, message: `The link's parameter "${shown(key)}" is not known and was ignored.` });
      continue;
    }
    const parsed = parsers[p.kind](raw, p);
    if (parsed.why) {
      notices.push({ param: key, message: `The link's ${p.label} "${key}" = "${shown(raw)}" ${parsed.why}; using the default (${describe(p.default)}).` });
    } else {
      state[key] = parsed.value;
    }
  }
  notices.push(...validateState(state));
  return { state, notices };
}

// Fixes combinations that cannot run together, resetting the offending parameter. Mutates `state`.
export function validateState(state) {
  const notices = [];
  const reset = (key, why, fallback = PARAM_BY_KEY[key].default) => {
    notices.push({ param: key, message: `${PARAM_BY_KEY[key].label} "${key}" = ${describe(state[key])} ${why}; using ${describe(fallback)}.` });
    state[key] = structuredClone(fallback);
  };
  const { ni, no } = taskDims(state);
  if (state.task === 'random' && state.items < ni) reset('items', `is fewer than the ${ni} inputs (X must be whitened)`, Math.max(ni, PARAM_BY_KEY.items.default));
  if (state.nh < Math.min(ni, no)) reset('nh', `makes the hidden layer a bottleneck (Nh < min(Ni, No) = ${Math.min(ni, no)})`, Math.max(Math.min(ni, no), PARAM_BY_KEY.nh.default));
  const range = lambdaRange(ni, state.nh, no);
  const admissible = (l) => l >= range.min && l <= range.max;
  if (isBalancedInit(state) && !admissible(state.lambda)) reset('lambda', `is not admissible: ${range.reason}`, 0);
  const kept = state.lambdas.filter(admissible);
  if (kept.length < state.lambdas.length) reset('lambdas', `includes values that are not admissible: ${range.reason}`, kept.length ? kept : [0]);
  if (state.sigmaMin >= state.sigmaMax) reset('sigmaMin', `is not below the largest σ (${state.sigmaMax})`, Math.min(PARAM_BY_KEY.sigmaMin.default, state.sigmaMax / 10));
  if (state.t > state.T) {
    notices.push({ param: 't', message: `time cursor "t" = ${state.t} is after the training time ${state.T}; moved to the end.` });
    state.t = state.T;
  }
  return notices;
}

// The query string for a state: every parameter, so that a link means the same view even if a
// later version changes the defaults.
export function serializeState(state) {
  const query = new URLSearchParams();
  query.set('v', String(SCHEMA_VERSION));
  for (const p of PARAMS) {
    const value = state[p.key];
    query.set(p.key, p.kind === 'bool' ? (value ? '1' : '0') : describe(value));
  }
  return query.toString().replaceAll('%2C', ',');
}
