// The JS API of the engine: one entry point that takes the same JSON configuration as the `ldyn`
// CLI and returns the same result, with every vector a Float64Array and every matrix or series of
// matrices one Tensor: a flat Float64Array `data` (row-major, its own buffer) with a `shape`, as
// ndarray and TensorFlow.js keep them. Row views are made only on request (row(i), rows()).
//
//   import { createEngine } from './ldyn.mjs';
//   const engine = await createEngine();            // in Node: createEngine({ wasmBinary })
//   const result = engine.run({ task: ..., init: ..., times: ... });
//   result.exact.qqt.get(t, i, j);                   // QQᵀ[i][j] at the t-th time
//
// A bad configuration throws a ConfigError whose message starts with the offending field
// ("init.lambda: ...") and whose `field` property holds that path; other failures an EngineError.
// Types: ldyn.d.mts (the configuration, the result and this module's exports).
import createLdynModule from './ldyn_wasm.mjs';
/** @import { Engine, EngineModuleOptions, ExperimentConfig, ExperimentResult, CostEstimate, RunOptions, Plain, Rows } from './ldyn.mjs' */
/** @import { RawTensor, RawValue, RawObject, RawReply } from './ldyn_wasm.mjs' */

// An array of two or more dimensions: `data` holds its entries row-major, `shape` its extents.
// Making one costs the same for any size (a row view per matrix row cost 0.3 ms per 1000 small
// matrices, most of the facade's time); views of its parts share `data`'s buffer.
export class Tensor {
  /** @param {readonly number[]} shape @param {Float64Array} data */
  constructor(shape, data) {
    /** @type {readonly number[]} */
    this.shape = shape;
    /** @type {Float64Array} */
    this.data = data;
  }

  /** The extent of the first dimension (the number of times of a series, of rows of a matrix). */
  get length() {
    return this.shape[0];
  }

  /** The entry at the given indices (one per dimension). @param {...number} indices */
  get(...indices) {
    let offset = 0;
    for (let d = 0; d < this.shape.length; d++) offset = offset * this.shape[d] + indices[d];
    return this.data[offset];
  }

  /** Entries per index of the first dimension. */
  get stride() {
    let stride = 1;
    for (let d = 1; d < this.shape.length; d++) stride *= this.shape[d];
    return stride;
  }

  /**
   * The i-th part along the first dimension, as a view (negative i counts from the end, as
   * Array.prototype.at): a Float64Array row of a matrix, a matrix (Tensor) of a series of matrices.
   * @param {number} i
   * @returns {Float64Array | Tensor | undefined}
   */
  at(i) {
    const index = i < 0 ? this.shape[0] + i : i;
    if (!(index >= 0 && index < this.shape[0])) return undefined;
    const stride = this.stride;
    const part = this.data.subarray(index * stride, (index + 1) * stride);
    return this.shape.length === 2 ? part : new Tensor(this.shape.slice(1), part);
  }

  /** Row i of a matrix: a Float64Array view of `data`. @param {number} i */
  row(i) {
    if (this.shape.length !== 2) throw new RangeError(`row(): a ${this.shape.length}-dimensional tensor has no rows (at(i) gives its parts)`);
    return /** @type {Float64Array} */ (this.at(i));
  }

  /** The i-th matrix of a series of matrices (a view). @param {number} i */
  matrix(i) {
    if (this.shape.length !== 3) throw new RangeError(`matrix(): a ${this.shape.length}-dimensional tensor is not a series of matrices`);
    return /** @type {Tensor} */ (this.at(i));
  }

  /** Nested arrays down to Float64Array rows, every row a view of `data` (the former result shape). */
  rows() {
    return /** @type {Rows} */ (nest(this.shape, this.data));
  }
}

// shape + data -> nested arrays of Float64Array row views (made by the constructor: faster than
// subarray() for many small rows).
/** @param {readonly number[]} shape @param {Float64Array} data @returns {Float64Array | Rows} */
function nest(shape, data) {
  if (shape.length <= 1) return data;
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const { buffer, byteOffset } = data;
  /** @type {(dim: number, offset: number) => Float64Array | Rows} */
  const build = (dim, offset) => {
    if (dim === shape.length - 1) return new Float64Array(buffer, byteOffset + offset * 8, shape[dim]);
    const out = new Array(shape[dim]);
    for (let i = 0; i < shape[dim]; i++) out[i] = build(dim + 1, offset + i * strides[dim]);
    return out;
  };
  return build(0, 0);
}

// {shape, data} from the binding -> a Float64Array (1-D) or a Tensor.
/** @param {RawTensor} tensor @returns {Float64Array | Tensor} */
function wrap({ shape, data }) {
  return shape.length <= 1 ? data : new Tensor(shape, data);
}

/** @param {any} value @returns {value is RawTensor} */
function isTensor(value) {
  return value !== null && typeof value === 'object' && value.data instanceof Float64Array && Array.isArray(value.shape);
}

/** @param {RawValue} value @returns {unknown} */
function convert(value) {
  if (isTensor(value)) return wrap(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(convert);
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of Object.keys(value)) out[key] = convert(value[key]);
  return out;
}

export class ConfigError extends Error {
  /** @param {string} message @param {string} field */
  constructor(message, field) {
    super(message);
    this.name = 'ConfigError';
    this.field = field;
  }
}

// Anything else the engine reports (the CLI's exit status 1).
export class EngineError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'EngineError';
  }
}

// Limits checked here, before anything is copied into the engine (which checks the same again).
const MAX_CONFIG_CHARACTERS = 256 * 2 ** 20;
const MAX_DEPTH = 64;
const MAX_TIMES = 100000;
const MAX_ARRAY_LENGTH = 4000000;

// A lone surrogate: half of a UTF-16 pair, which no Unicode text (and so no UTF-8) can hold.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** @param {string} text @returns {string} why, or '' when the text is well-formed */
function surrogateProblem(text) {
  // isWellFormed (Node 20, current browsers) is the fast check; the search finds where.
  if (/** @type {any} */ (text).isWellFormed?.() === true) return '';
  const at = text.search(LONE_SURROGATE);
  if (at < 0) return '';
  const unit = text.charCodeAt(at).toString(16).toUpperCase();
  return `a lone surrogate (U+${unit}, half of a UTF-16 pair) at character ${at}: text must be valid Unicode`;
}

// "a number", "an array", "a Float64Array", ... for messages about a value of the wrong type.
/** @param {unknown} value */
function describeType(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor?.name || 'typed array'}`;
  if (typeof value === 'bigint') return 'a BigInt';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** @param {unknown} value @returns {value is ArrayLike<unknown>} */
const isList = (value) => Array.isArray(value) || ArrayBuffer.isView(value);

// "task.X[2]" from a path of keys and indices, as the engine names fields.
/** @type {(path: string, key: string | number) => string} */
const joinPath = (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
/** @type {(field: string, why: string) => never} */
const fail = (field, why) => {
  throw new ConfigError(`${field || 'config'}: ${why}`, field);
};

// The configuration as JSON text. Typed arrays (what run() returns) count as arrays, so a result's
// weights can be fed back; values JSON cannot hold (BigInt, functions, cycles, absurd nesting or
// lengths) are ConfigErrors naming the field, raised before any large copy is made.
/** @param {unknown} config @returns {string} */
function configText(config) {
  if (typeof config === 'string') {
    if (config.length > MAX_CONFIG_CHARACTERS) fail('', `the configuration is longer than ${MAX_CONFIG_CHARACTERS} characters`);
    // Embind would encode a lone surrogate as bytes that are not UTF-8: say what it is instead.
    const problem = surrogateProblem(config);
    if (problem) fail('', `the JSON text has ${problem}`);
    return config;
  }
  if (config === null || typeof config !== 'object' || isList(config)) fail('', `must be an object or JSON text, got ${describeType(config)}`);
  const open = new Set();
  // Numbers in the arrays so far: each takes at least two characters of the text ("0,").
  let numbers = 0;
  /** @type {(path: string, count: number) => void} */
  const countNumbers = (path, count) => {
    numbers += count;
    if (2 * numbers > MAX_CONFIG_CHARACTERS) {
      fail(path, `brings the configuration to ${numbers} numbers, more than its ${MAX_CONFIG_CHARACTERS} characters can hold`);
    }
  };
  /** @type {(value: unknown, path: string, depth: number, counted?: boolean) => string} */
  const write = (value, path, depth, counted = false) => {
    if (depth > MAX_DEPTH) fail(path, `is nested more than ${MAX_DEPTH} levels deep`);
    switch (typeof value) {
      case 'number': return Number.isFinite(value) ? String(value) : fail(path, 'must be a finite number');
      case 'string': {
        const problem = surrogateProblem(value);
        return problem ? fail(path, `has ${problem}`) : JSON.stringify(value);
      }
      case 'boolean': return String(value);
      case 'bigint': return fail(path, 'must be a number, got a BigInt');
      case 'undefined': return fail(path, 'is undefined');
      case 'function': case 'symbol': return fail(path, `must be JSON data, got a ${typeof value}`);
      default: break;
    }
    if (value === null) return 'null';
    // A result's matrix fed back (explicit weights, custom data), also as postMessage leaves it
    // ({shape, data}, no class): written as its rows.
    if (isTensor(value)) return write(nest(value.shape, value.data), path, depth, counted);
    if (open.has(value)) fail(path, 'refers to itself (a circular structure cannot be a configuration)');
    // Arrays and typed arrays (a DataView, which has no length, is refused just below).
    const list = isList(value);
    const items = /** @type {ArrayLike<unknown>} */ (value);
    if (list) {
      const limit = path === 'times' ? MAX_TIMES : MAX_ARRAY_LENGTH;
      if (items.length > limit) fail(path, `has ${items.length} entries (at most ${limit})`);
      if (ArrayBuffer.isView(value) && !(value instanceof Float64Array || value instanceof Float32Array || value instanceof Int32Array ||
        value instanceof Int16Array || value instanceof Int8Array || value instanceof Uint32Array || value instanceof Uint16Array ||
        value instanceof Uint8Array || value instanceof Uint8ClampedArray)) fail(path, 'must be an array of numbers');
      // A matrix (an array of rows) is counted from its rows' lengths, before any row is written:
      // the engine's limit is on its entries, and writing 40 rows of 4e6 first took 15 s and 1 GB.
      if (!counted && items.length > 0 && isList(items[0])) {
        let entries = 0;
        for (let i = 0; i < items.length; i++) if (isList(items[i])) entries += /** @type {ArrayLike<unknown>} */ (items[i]).length;
        if (entries > MAX_ARRAY_LENGTH) fail(path, `has ${entries} entries (at most ${MAX_ARRAY_LENGTH})`);
        countNumbers(path, entries);
        counted = true;
      } else if (!counted) {
        countNumbers(path, items.length);
      }
    }
    open.add(value);
    let text;
    if (list) {
      const parts = new Array(items.length);
      for (let i = 0; i < items.length; i++) parts[i] = write(items[i], joinPath(path, i), depth + 1, counted);
      text = `[${parts.join(',')}]`;
    } else {
      const fields = /** @type {Record<string, unknown>} */ (value);
      const parts = [];
      for (const key of Object.keys(fields)) {
        if (fields[key] === undefined) continue; // as JSON.stringify: an undefined field is absent
        const problem = surrogateProblem(key);
        if (problem) fail(path, `has a key that holds ${problem}`);
        parts.push(`${JSON.stringify(key)}:${write(fields[key], joinPath(path, key), depth + 1)}`);
      }
      text = `{${parts.join(',')}}`;
    }
    open.delete(value);
    return text;
  };
  return write(config, '', 0);
}

/** @param {RawReply} raw @returns {unknown} */
function unwrap(raw) {
  if (raw.error?.kind === 'config') throw new ConfigError(raw.error.message, raw.error.field);
  // (run() rethrows the callback's own exception before this; only a wrapper bug would get here.)
  if (raw.error) throw new EngineError(raw.error.message);
  return convert(/** @type {RawObject} */ (raw));
}

/** @param {EngineModuleOptions} [moduleOptions] @returns {Promise<Engine>} */
export async function createEngine(moduleOptions = {}) {
  const module = await createLdynModule(moduleOptions);
  /** @type {Engine} */
  const engine = {
    schemaVersion: module.schemaVersion,
    // config: an object or a JSON string, as for `ldyn --config`. onProgress(fraction), if given, is
    // called now and then during a long run (from inside the run). If it throws, the run stops, its
    // memory is freed and run() rethrows that very exception.
    /** @param {ExperimentConfig | string} config @param {RunOptions} [options] */
    run(config, { onProgress } = {}) {
      const text = configText(config);
      if (typeof onProgress !== 'function') return /** @type {ExperimentResult} */ (unwrap(module.run(text, undefined)));
      // An exception must not cross the engine's C++ frames (it would skip their destructors and leak
      // the run's memory, ~21 MB a time): it is kept here and the engine told to stop (false).
      /** @type {{ error: unknown } | null} */
      let stopped = null;
      /** @param {number} fraction */
      const report = (fraction) => {
        try {
          onProgress(fraction);
          return true;
        } catch (error) {
          stopped = { error };
          return false;
        }
      };
      const raw = module.run(text, report);
      if (stopped) throw /** @type {{ error: unknown }} */ (stopped).error;
      return /** @type {ExperimentResult} */ (unwrap(raw));
    },
    // What run(config) would cost, without running it (as `ldyn --estimate`):
    // {operations, limit, seconds (natively), numbers, parts: {setup, exact, simulation, metrics, monteCarlo, output}}.
    /** @param {ExperimentConfig | string} config */
    estimate(config) {
      return /** @type {CostEstimate} */ (unwrap(module.estimate(configText(config))));
    },
    // Bytes of wasm memory (it grows, never shrinks): for leak checks.
    memoryBytes() {
      return module.HEAP8.length;
    },
  };
  return engine;
}

// The distinct ArrayBuffers under a result, for postMessage's transfer list: one per series.
// (A result's buffers are ArrayBuffers: the binding copies every series into a new one.)
/** @param {unknown} result @param {Set<ArrayBuffer>} [found] @returns {ArrayBuffer[]} */
export function transferables(result, found = new Set()) {
  if (ArrayBuffer.isView(result)) found.add(/** @type {ArrayBuffer} */ (result.buffer));
  else if (result !== null && typeof result === 'object') for (const v of Object.values(result)) transferables(v, found);
  return [...found];
}

// A result that crossed postMessage, its Tensors back: structured cloning keeps a Tensor's `shape`
// and `data` but not its class. Changes `value` in place (a Tensor per series, nothing copied) and
// returns it.
/** @template T @param {T} value @returns {T} */
export function reviveTensors(value) {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof Tensor) return value;
  const fields = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (value));
  for (const key of Object.keys(fields)) {
    const child = fields[key];
    if (isTensor(child) && !(child instanceof Tensor)) fields[key] = new Tensor(child.shape, child.data);
    else reviveTensors(child);
  }
  return value;
}

// The result as plain JSON-ready data (Float64Arrays -> arrays, Tensors -> nested arrays): what `ldyn` prints.
/** @template T @param {T} result @returns {Plain<T>} */
export function toPlain(result) {
  return /** @type {Plain<T>} */ (plain(result));
}

/** @param {unknown} value @returns {unknown} */
function plain(value) {
  if (ArrayBuffer.isView(value)) return Array.from(/** @type {Float64Array} */ (value));
  if (value instanceof Tensor) return plain(value.rows());
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [key, v] of Object.entries(value)) out[key] = plain(v);
    return out;
  }
  return value;
}
