// The user's own matrices — data {X, Y, whiten} and weights {W1, W2} — by the key the state holds:
// their compressed text when it fits in a link (so the link reproduces them), or LOCAL when they are
// too large for one (they then live in this page only, and the page says the link lacks them).
// Lookups are synchronous, so that building a configuration never waits; decoding a link's text is
// asynchronous and happens once, before the page first draws (main.js).
import { encodeData, decodeData, linkSizeProblem } from './link.js';

/** @typedef {{ X: number[][], Y: number[][], whiten: boolean }} DataPayload the user's data (task=data) */
/** @typedef {{ W1: number[][], W2: number[][] }} WeightsPayload the user's weights (init=explicit) */
/** @typedef {{ data: DataPayload, weights: WeightsPayload }} Payloads */
/** @typedef {keyof Payloads} PayloadKind */

export const LOCAL = 'local';
const KINDS = { data: ['X', 'Y'], weights: ['W1', 'W2'] };
/** @type {{ [K in PayloadKind]: Map<string, Payloads[K]> }} */
const stores = { data: new Map(), weights: new Map() };

// A rectangular list of lists of finite numbers, or why not. `name` names it in the message.
/** @param {unknown} value @param {string} name */
function matrixProblem(value, name) {
  if (!Array.isArray(value) || value.length === 0) return `${name} is not a list of rows`;
  const cols = Array.isArray(value[0]) ? value[0].length : 0;
  for (let r = 0; r < value.length; r++) {
    const row = value[r];
    if (!Array.isArray(row) || row.length === 0) return `${name} row ${r + 1} is not a list of numbers`;
    if (row.length !== cols) return `${name} row ${r + 1} has ${row.length} values, expected ${cols}`;
    const bad = row.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) return `${name} row ${r + 1}, column ${bad + 1} is not a finite number`;
  }
  return '';
}

// The payload of `kind` checked for its matrices; throws an Error naming the first problem.
/** @template {PayloadKind} K @param {K} kind @param {any} value @returns {Payloads[K]} */
function checked(kind, value) {
  for (const name of KINDS[kind]) {
    const problem = matrixProblem(value?.[name], name);
    if (problem) throw new Error(`the ${kind} in the link are not usable: ${problem}`);
  }
  /** @type {any} */
  const out = Object.fromEntries(KINDS[kind].map((name) => [name, value[name]]));
  if (kind === 'data') out.whiten = value.whiten !== false;
  return out;
}

// The matrices under `key`, or null.
/** @template {PayloadKind} K @param {K} kind @param {string} key @returns {Payloads[K] | null} */
export function lookup(kind, key) {
  return stores[kind].get(key) ?? null;
}

// Keeps `payload` and returns {key, inLink, problem}: problem says why the link will not carry it.
/** @template {PayloadKind} K @param {K} kind @param {any} payload @returns {Promise<{ key: string, inLink: boolean, problem: string }>} */
export async function remember(kind, payload) {
  const value = checked(kind, payload);
  const encoded = await encodeData(value);
  const problem = linkSizeProblem(encoded);
  const key = problem ? LOCAL : encoded;
  stores[kind].set(key, value);
  return { key, inLink: !problem, problem: problem ?? '' };
}

// Makes `key` (from a link) available to lookup(). Returns '' or why it could not (the message says
// which parameter and what is wrong, in the page's words). `check(payload)`: '' or why the dialog
// would refuse these matrices (weights.js linkWeightsProblem); refused ones are not kept.
/** @template {PayloadKind} K @param {K} kind @param {string} key @param {{ check?: (payload: Payloads[K]) => string }} [options] @returns {Promise<string>} */
export async function load(kind, key, { check = () => '' } = {}) {
  if (!key || stores[kind].has(key)) return '';
  const label = kind === 'data' ? 'Your data (“data”)' : 'Your weights (“weights”)';
  if (key === LOCAL) {
    return `${label}: this link was made from ${kind} too large to put in a link, so they stayed on the computer that made it. ` +
      `Enter them again (“Your ${kind}…”) to see this view.`;
  }
  let value;
  try {
    value = checked(kind, await decodeData(key));
  } catch (e) {
    return `${label} could not be read from the link: ${e.message}.`;
  }
  const problem = check(value);
  if (problem) return `${label} in the link are not used: ${problem}. The other settings are kept; enter the ${kind} again (“Your ${kind}…”).`;
  stores[kind].set(key, value);
  return '';
}
