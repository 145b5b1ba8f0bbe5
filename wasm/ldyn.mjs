// The JS API of the engine: one entry point that takes the same JSON configuration as the `ldyn`
// CLI and returns the same result, with every numeric array as a Float64Array (matrices as arrays
// of Float64Array rows that are views into one buffer per series).
//
//   import { createEngine } from './ldyn.mjs';
//   const engine = await createEngine();            // in Node: createEngine({ wasmBinary })
//   const result = engine.run({ task: ..., init: ..., times: ... });
//
// A bad configuration throws a ConfigError whose message starts with the offending field
// ("init.lambda: ...") and whose `field` property holds that path; other failures an EngineError.
import createLdynModule from './ldyn_wasm.mjs';

// {shape, data} from the binding -> Float64Array (1-D) or nested arrays of Float64Array rows.
function nest({ shape, data }) {
  if (shape.length <= 1) return data;
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const build = (dim, offset) => {
    if (dim === shape.length - 1) return data.subarray(offset, offset + shape[dim]);
    const out = new Array(shape[dim]);
    for (let i = 0; i < shape[dim]; i++) out[i] = build(dim + 1, offset + i * strides[dim]);
    return out;
  };
  return build(0, 0);
}

function isTensor(value) {
  return value !== null && typeof value === 'object' && value.data instanceof Float64Array && Array.isArray(value.shape);
}

function convert(value) {
  if (isTensor(value)) return nest(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(convert);
  const out = {};
  for (const key of Object.keys(value)) out[key] = convert(value[key]);
  return out;
}

export class ConfigError extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'ConfigError';
    this.field = field;
  }
}

// Anything else the engine reports (the CLI's exit status 1).
export class EngineError extends Error {
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

// "task.X[2]" from a path of keys and indices, as the engine names fields.
const joinPath = (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
const fail = (field, why) => {
  throw new ConfigError(`${field || 'config'}: ${why}`, field);
};

// The configuration as JSON text. Typed arrays (what run() returns) count as arrays, so a result's
// weights can be fed back; values JSON cannot hold (BigInt, functions, cycles, absurd nesting or
// lengths) are ConfigErrors naming the field, raised before any large copy is made.
function configText(config) {
  if (typeof config === 'string') {
    if (config.length > MAX_CONFIG_CHARACTERS) fail('', `the configuration is longer than ${MAX_CONFIG_CHARACTERS} characters`);
    return config;
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config) || ArrayBuffer.isView(config)) {
    fail('', `must be an object or JSON text, got ${config === null ? 'null' : Array.isArray(config) ? 'an array' : typeof config}`);
  }
  const open = new Set();
  const write = (value, path, depth) => {
    if (depth > MAX_DEPTH) fail(path, `is nested more than ${MAX_DEPTH} levels deep`);
    switch (typeof value) {
      case 'number': return Number.isFinite(value) ? String(value) : fail(path, 'must be a finite number');
      case 'string': return JSON.stringify(value);
      case 'boolean': return String(value);
      case 'bigint': return fail(path, 'must be a number, got a BigInt');
      case 'undefined': return fail(path, 'is undefined');
      case 'function': case 'symbol': return fail(path, `must be JSON data, got a ${typeof value}`);
      default: break;
    }
    if (value === null) return 'null';
    if (open.has(value)) fail(path, 'refers to itself (a circular structure cannot be a configuration)');
    const list = Array.isArray(value) || ArrayBuffer.isView(value);
    if (list) {
      const limit = path === 'times' ? MAX_TIMES : MAX_ARRAY_LENGTH;
      if (value.length > limit) fail(path, `has ${value.length} entries (at most ${limit})`);
      if (ArrayBuffer.isView(value) && !(value instanceof Float64Array || value instanceof Float32Array || value instanceof Int32Array ||
        value instanceof Int16Array || value instanceof Int8Array || value instanceof Uint32Array || value instanceof Uint16Array ||
        value instanceof Uint8Array || value instanceof Uint8ClampedArray)) fail(path, 'must be an array of numbers');
    }
    open.add(value);
    let text;
    if (list) {
      const parts = new Array(value.length);
      for (let i = 0; i < value.length; i++) parts[i] = write(value[i], joinPath(path, i), depth + 1);
      text = `[${parts.join(',')}]`;
    } else {
      const parts = [];
      for (const key of Object.keys(value)) {
        if (value[key] === undefined) continue; // as JSON.stringify: an undefined field is absent
        parts.push(`${JSON.stringify(key)}:${write(value[key], joinPath(path, key), depth + 1)}`);
      }
      text = `{${parts.join(',')}}`;
    }
    open.delete(value);
    return text;
  };
  return write(config, '', 0);
}

function unwrap(raw) {
  if (raw.error?.kind === 'config') throw new ConfigError(raw.error.message, raw.error.field);
  if (raw.error) throw new EngineError(raw.error.message);
  return convert(raw);
}

export async function createEngine(moduleOptions = {}) {
  const module = await createLdynModule(moduleOptions);
  return {
    schemaVersion: module.schemaVersion,
    // config: an object or a JSON string, as for `ldyn --config`. onProgress(fraction), if given, is
    // called now and then during a long run (from inside the run: it cannot stop it).
    run(config, { onProgress } = {}) {
      return unwrap(module.run(configText(config), onProgress));
    },
    // What run(config) would cost, without running it (as `ldyn --estimate`):
    // {operations, limit, seconds (natively), numbers, parts: {setup, exact, simulation, metrics, monteCarlo, output}}.
    estimate(config) {
      return unwrap(module.estimate(configText(config)));
    },
    // Bytes of wasm memory (it grows, never shrinks): for leak checks.
    memoryBytes() {
      return module.HEAP8.length;
    },
  };
}

// The distinct ArrayBuffers under a result, for postMessage's transfer list.
export function transferables(result, found = new Set()) {
  if (ArrayBuffer.isView(result)) found.add(result.buffer);
  else if (result !== null && typeof result === 'object') for (const v of Object.values(result)) transferables(v, found);
  return [...found];
}

// The result as plain JSON-ready data (Float64Arrays -> arrays): what `ldyn` prints.
export function toPlain(result) {
  if (ArrayBuffer.isView(result)) return Array.from(result);
  if (Array.isArray(result)) return result.map(toPlain);
  if (result !== null && typeof result === 'object') {
    const out = {};
    for (const key of Object.keys(result)) out[key] = toPlain(result[key]);
    return out;
  }
  return result;
}
