// The URL <-> state mapping. Every parameter is parsed on its own: an invalid or hostile value
// produces a notice naming it and falls back to its own default, leaving the rest of the link
// intact. Values are only ever compared, converted to numbers or shown as text (never as HTML).
// A parameter gets at most one notice from parseUrl, since the page shows one notice per parameter.
import { PARAMS, PARAM_BY_KEY, SCHEMA_VERSION, defaultState } from './schema.js';
import { lambdaRange, taskDims, isBalancedInit, splitAdmissible } from './shape.js';
/** @import { PageState, ParamSpec, ParamValue, Shape } from './schema.js' */

/**
 * A notice about one parameter (or UNKNOWN_PARAMS), shown in the page.
 * @typedef {{ param: string, message: string }} Notice
 */
/**
 * A parameter's text read: { value }, { value, note } (used, with something left out) or { why } (refused).
 * @typedef {{ value?: ParamValue, note?: string, why?: string }} Parsed
 */

// A decimal number. Number() alone would also take '0x10', 'Infinity' and ''; the pattern has no
// ambiguous repetition, so a long hostile value cannot make it backtrack.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
// No valid value is this long; longer ones are refused before any parsing.
export const MAX_VALUE_LENGTH = 500;
// Added to links by sites and mail tools; they say nothing about the view, so they pass quietly.
const TRACKING = new Set(['fbclid', 'gclid', 'dclid', 'msclkid', 'mc_cid', 'mc_eid', 'ref', '_ga', 'igshid']);
const isTracking = (/** @type {string} */ key) => key.toLowerCase().startsWith('utm_') || TRACKING.has(key.toLowerCase());
// The `param` of the one notice listing unknown parameters (not a parameter name, so no clash).
export const UNKNOWN_PARAMS = '(unknown)';
// Characters that would be invisible or reorder the text of a notice (controls, bidi overrides).
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// A value as shown in a notice: visible characters only, cut (by code point) to `max`.
/** @param {unknown} raw @param {number} [max] */
function shown(raw, max = 40) {
  const chars = Array.from(String(raw).slice(0, 2 * max + 2).replace(UNSAFE_CHARS, '\uFFFD'));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

// "a", "b", "c" and 4 more
/** @param {unknown[]} items @param {number} max @param {(item: any) => string} [quote] */
function listed(items, max, quote = (item) => `"${shown(item, 24)}"`) {
  const head = items.slice(0, max).map(quote).join(', ');
  return items.length > max ? `${head} and ${items.length - max} more` : head;
}

/** @param {unknown} value */
function describe(value) {
  if (Array.isArray(value)) return value.map((v) => (Array.isArray(v) ? v.join('-') : String(v))).join(',');
  return String(value);
}

const splitList = (/** @type {string} */ text) => text.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** @param {string} text @param {ParamSpec} p @returns {Parsed & { value?: number }} */
function parseNumber(text, p) {
  if (!NUMBER.test(text)) return { why: 'is not a number (write it in decimal, like 0.5 or 1e-3)' };
  const value = Number(text);
  // Also catches 1e400, which Number() reads as Infinity.
  if (!(value >= p.min && value <= p.max)) return { why: `is outside [${p.min}, ${p.max}]` };
  return { value: value === 0 ? 0 : value }; // -0 would be written back as "0" anyway
}

// Each returns { value }, { value, note } (used, with something left out) or { why } (refused).
/** @type {Record<ParamSpec['kind'], (text: string, p: ParamSpec) => Parsed>} */
const parsers = {
  number: parseNumber,
  int(text, p) {
    const parsed = parseNumber(text, p);
    if (parsed.why || Number.isInteger(parsed.value)) return parsed;
    return { why: 'is not a whole number' };
  },
  enum(text, p) {
    const value = p.values.find((v) => v.toLowerCase() === text.toLowerCase());
    return value !== undefined ? { value } : { why: `is not one of ${p.values.join(', ')}` };
  },
  bool(text) {
    const lower = text.toLowerCase();
    if (lower === '1' || lower === 'true') return { value: true };
    if (lower === '0' || lower === 'false') return { value: false };
    return { why: 'is not 1 or 0' };
  },
  // A list keeps its usable entries (first p.maxLength, duplicates once) and names the others.
  numbers(text, p) {
    /** @type {number[]} */
    const values = [], bad = [];
    /** @type {number[]} */
    const repeated = [];
    for (const entry of splitList(text)) {
      const parsed = parseNumber(entry, p);
      if (parsed.why) bad.push(entry);
      else if (p.repeats || !values.includes(parsed.value)) values.push(parsed.value);
      else if (!repeated.includes(parsed.value)) repeated.push(parsed.value);
    }
    if (values.length === 0) return { why: bad.length ? `has no number in [${p.min}, ${p.max}]` : 'lists no number' };
    const notes = [];
    if (bad.length) notes.push(`has ${bad.length > 1 ? 'entries that are not numbers' : 'an entry that is not a number'} in [${p.min}, ${p.max}], left out: ${listed(bad, 3)}`);
    if (repeated.length) notes.push(`repeats ${listed(repeated, 3, String)}, kept once`);
    if (values.length > p.maxLength) notes.push(`has more than ${p.maxLength} values, left out: ${listed(values.slice(p.maxLength), 3, String)}`);
    return notes.length ? { value: values.slice(0, p.maxLength), note: `${notes.join('; ')}; using ${describe(values.slice(0, p.maxLength))}` } : { value: values };
  },
  shapes(text, p) {
    const parts = splitList(text);
    if (parts.length !== p.length) return { why: `must list ${p.length} shapes Ni-Nh-No separated by commas, not ${parts.length}` };
    /** @type {Shape[]} */
    const shapes = [];
    for (const part of parts) {
      const widths = part.split('-').map((w) => w.trim());
      if (widths.length !== 3 || widths.some((w) => !/^\d+$/.test(w))) return { why: `has "${shown(part, 24)}", which is not three whole numbers Ni-Nh-No` };
      const [ni, nh, no] = widths.map(Number);
      if ([ni, nh, no].some((w) => w < p.min || w > p.max)) return { why: `has a width outside [${p.min}, ${p.max}] in ${shown(part, 24)}` };
      if (nh < Math.min(ni, no)) return { why: `has a bottleneck shape ${part} (Nh < min(Ni, No))` };
      shapes.push([ni, nh, no]);
    }
    return { value: shapes };
  },
  // Compressed matrices: only the characters base64url uses (decoded later, see data/store.js).
  blob(text, p) {
    if (text === 'local') return { value: text };
    const bad = /[^A-Za-z0-9_-]/.exec(text);
    if (bad) return { why: `holds a character it never has ("${shown(bad[0], 1)}" at position ${bad.index + 1}): copy the whole link again` };
    return { value: text };
  },
  // The panels named (any case, any order, repeats once), in page order; unknown names are named.
  panels(text, p) {
    const names = splitList(text).map((s) => s.toLowerCase());
    const value = p.values.filter((id) => names.includes(id));
    const unknown = [...new Set(names.filter((s) => !p.values.includes(s)))];
    if (value.length === 0) return { why: `names no known panel (known: ${p.values.join(', ')})` };
    if (unknown.length) return { value, note: `names ${unknown.length > 1 ? 'unknown panels' : 'an unknown panel'}, left out: ${listed(unknown, 3)} (known: ${p.values.join(', ')})` };
    return { value };
  },
};

// One parameter's text as given (whitespace around it dropped: '+' in a query is a space).
/** @param {string} text @param {ParamSpec} p @returns {Parsed} */
function parseValue(text, p) {
  if (text === '') return { why: 'is empty' };
  const max = p.maxLength && p.kind === 'blob' ? p.maxLength : MAX_VALUE_LENGTH;
  if (text.length > max) return { why: `is too long (${text.length} characters, at most ${max})` };
  return parsers[p.kind](text, p);
}

// The value a parameter falls back to, and how a notice says it.
/** @param {ParamSpec} p @param {PageState} state @returns {{ value: ParamValue, text: string }} */
function fallback(p, state) {
  // A flag is written 1 or 0 in a link, and named so.
  const shown = p.kind === 'bool' ? (p.default ? '1' : '0') : describe(p.default);
  // An empty default (no data, no weights) is named as such, not as "()".
  if (!p.defaultFrom) return { value: structuredClone(p.default), text: shown === '' ? `the default (none: ${p.label} not given)` : `the default (${shown})` };
  const value = state[p.defaultFrom];
  return { value, text: `the default (${describe(value)}, the ${PARAM_BY_KEY[p.defaultFrom].label})` };
}

const times = (/** @type {number} */ count) => (count === 2 ? 'twice' : `${count} times`);

// The notice for one given parameter, or null. `given` is {text (the last), count}.
/** @param {ParamSpec} p @param {{ text: string, count: number }} given @param {Parsed} parsed @param {string} used @returns {string | null} */
function noticeFor(p, given, parsed, used) {
  const { label, key } = p;
  const head = given.count > 1
    ? `The link gives ${label} "${key}" ${times(given.count)}; the last value, "${shown(given.text)}",`
    : `The link's ${label} "${key}" = "${shown(given.text)}"`;
  if (parsed.why) return `${head} ${parsed.why}; using ${used}.`;
  if (parsed.note) return `${head} ${parsed.note}.`;
  if (given.count > 1) return `The link gives ${label} "${key}" ${times(given.count)}; using the last value, ${describe(parsed.value)}.`;
  return null;
}

// Parses a query string ("?lambda=2&..."). Returns the state and the notices to show, at most
// one per parameter, plus one listing unknown parameters.
/** @param {string} search @returns {{ state: PageState, notices: Notice[] }} */
export function parseUrl(search) {
  const state = defaultState();
  const notices = [];
  const given = new Map(); // key -> {text: the last value, count}
  const unknown = new Set();
  for (const [rawKey, raw] of new URLSearchParams(search)) {
    const key = rawKey.trim();
    // hasOwn: 'constructor' or '__proto__' are not parameters.
    if (key === 'v' || Object.hasOwn(PARAM_BY_KEY, key)) given.set(key, { text: raw.trim(), count: (given.get(key)?.count ?? 0) + 1 });
    else if (!isTracking(key)) unknown.add(key);
  }
  const version = given.get('v');
  if (version && !(NUMBER.test(version.text) && Number(version.text) === SCHEMA_VERSION)) {
    notices.push({ param: 'v', message: `This link was made for schema version "${shown(version.text)}"; this page reads version ${SCHEMA_VERSION}, so some settings may differ.` });
  }
  // In schema order, so that a defaultFrom parameter comes after the one it follows.
  const values = /** @type {Record<string, ParamValue>} */ (state); // the same object, by parameter
  for (const p of PARAMS) {
    const entry = given.get(p.key);
    if (!entry) {
      if (p.defaultFrom) values[p.key] = values[p.defaultFrom];
      continue;
    }
    const parsed = parseValue(entry.text, p);
    const back = fallback(p, state);
    values[p.key] = parsed.why ? back.value : parsed.value;
    const message = noticeFor(p, entry, parsed, back.text);
    if (message) notices.push({ param: p.key, message });
  }
  if (unknown.size > 0) {
    const names = [...unknown];
    const message = names.length === 1
      ? `This page does not know the link's parameter ${listed(names, 5)}; it was ignored.`
      : `This page does not know the link's parameters ${listed(names, 5)}; they were ignored.`;
    notices.push({ param: UNKNOWN_PARAMS, message });
  }
  // shapeNotices(state) are not among them: they follow the shape as it is edited (main.js).
  notices.push(...validateState(state));
  return { state, notices: mergeByParam(notices) };
}

// One notice per parameter: later messages about the same parameter join the first.
/** @param {Notice[]} notices @returns {Notice[]} */
function mergeByParam(notices) {
  const byParam = new Map();
  for (const { param, message } of notices) {
    const first = byParam.get(param);
    if (first) first.message += ` ${message}`;
    else byParam.set(param, { param, message });
  }
  return [...byParam.values()];
}

// Fixes combinations that cannot run together, resetting the offending parameter. Mutates `state`.
// Settings that are only unusable for the current shape (compared λ, output unit) are kept, so
// that they come back with the shape; see admissibleLambdas, shownOutputUnit and shapeNotices.
// With `edit`, the notices speak of an edit in the page (the user's value is kept for later, see
// main.js) rather than of a link.
/** @param {PageState} state @param {{ edit?: boolean }} [options] @returns {Notice[]} */
export function validateState(state, { edit = false } = {}) {
  const notices = [];
  const values = /** @type {Record<string, ParamValue>} */ (state); // the same object, by parameter
  /** @type {(key: keyof PageState, why: string, value?: ParamValue) => void} */
  const reset = (key, why, value = PARAM_BY_KEY[key].default) => {
    const label = PARAM_BY_KEY[key].label, was = describe(state[key]);
    notices.push({ param: key, message: edit
      ? `The ${label} is ${describe(value)} for now: ${was} ${why}. Your ${was} comes back when the other settings allow it.`
      : `The link's ${label} "${key}" = ${was} ${why}; using ${describe(value)}.` });
    values[key] = structuredClone(value);
  };
  if (state.task === 'data' && state.data === '') reset('task', 'needs data, and none are given (“data”)');
  if (state.init === 'explicit' && state.weights === '') reset('init', 'needs weights, and none are given (“weights”)');
  if (state.init === 'explicit' && state.layers > 2) reset('layers', 'is for random initial weights: your own weights are two layers', 2);
  const { ni, no } = taskDims(state);
  if (state.task === 'random' && state.items < ni) reset('items', `is fewer than the ${ni} inputs (X must be whitened)`, Math.max(ni, /** @type {number} */ (PARAM_BY_KEY.items.default)));
  if (state.nh < Math.min(ni, no)) reset('nh', `makes the hidden layer a bottleneck (Nh < min(Ni, No) = ${Math.min(ni, no)})`, Math.max(Math.min(ni, no), /** @type {number} */ (PARAM_BY_KEY.nh.default)));
  const range = lambdaRange(ni, state.nh, no);
  if (isBalancedInit(state) && !(state.lambda >= range.min && state.lambda <= range.max)) reset('lambda', `is not admissible: ${range.reason}`, 0);
  if (state.sigmaMin >= state.sigmaMax) reset('sigmaMin', `is not below the largest σ (${state.sigmaMax})`, Math.min(/** @type {number} */ (PARAM_BY_KEY.sigmaMin.default), state.sigmaMax / 10));
  if (state.t > state.T) {
    if (!edit) notices.push({ param: 't', message: `The time cursor "t" = ${state.t} is after the training time ${state.T}; moved to the end.` });
    state.t = state.T;
  }
  return notices;
}

// The compared λ values this shape admits (default: state.lambdas), for views to use at the point
// of use. kept: in the given order; when none is admissible, [0] (always admissible) with the
// reason saying so. dropped: the others. reason: why they are dropped ('' when none is).
/** @param {PageState} state @param {number[]} [lambdas] @returns {{ kept: number[], dropped: number[], reason: string }} */
export function admissibleLambdas(state, lambdas = state.lambdas) {
  const { ni, no } = taskDims(state);
  const { kept, dropped, reason, range } = splitAdmissible(lambdas, ni, state.nh, no);
  if (dropped.length === 0) return { kept, dropped, reason: '' };
  if (kept.length === 0 && range.min <= 0 && range.max >= 0) return { kept: [0], dropped, reason: `${reason}; λ = 0 is compared instead` };
  return { kept, dropped, reason };
}

// The 1-based output unit to show: state.unit, or the last unit when the shape has fewer outputs.
/** @param {PageState} state @returns {{ unit: number, reason: string }} */
export function shownOutputUnit(state) {
  const { no } = taskDims(state);
  if (state.unit <= no) return { unit: state.unit, reason: '' };
  return { unit: no, reason: `the network has ${no} output unit${no > 1 ? 's' : ''}, so unit ${no} is shown instead of unit ${state.unit}` };
}

// Informational notices about settings kept but not used with this shape (nothing is changed).
/** @param {PageState} state @returns {Notice[]} */
export function shapeNotices(state) {
  const notices = [];
  const lambdas = admissibleLambdas(state);
  if (lambdas.dropped.length) {
    notices.push({ param: 'lambdas', message: `The ${PARAM_BY_KEY.lambdas.label} "lambdas": ${describe(lambdas.dropped)} ${lambdas.dropped.length > 1 ? 'are' : 'is'} skipped for this shape (${lambdas.reason}); the list is kept for other shapes.` });
  }
  const unit = shownOutputUnit(state);
  if (unit.reason) notices.push({ param: 'unit', message: `The ${PARAM_BY_KEY.unit.label} "unit" = ${state.unit}: ${unit.reason}.` });
  return notices;
}

// The query string for a state: every parameter, so that a link means the same view even if a
// later version changes the defaults.
/** @param {PageState} state @returns {string} */
export function serializeState(state) {
  const query = new URLSearchParams();
  query.set('v', String(SCHEMA_VERSION));
  for (const p of PARAMS) {
    const value = state[p.key];
    if (p.kind === 'blob' && value === '') continue; // no data: nothing to carry
    query.set(p.key, p.kind === 'bool' ? (value ? '1' : '0') : describe(value));
  }
  return query.toString().replaceAll('%2C', ',');
}
