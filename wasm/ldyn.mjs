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

export async function createEngine(moduleOptions = {}) {
  const module = await createLdynModule(moduleOptions);
  return {
    schemaVersion: module.schemaVersion,
    // config: an object or a JSON string, as for `ldyn --config`.
    run(config) {
      const text = typeof config === 'string' ? config : JSON.stringify(config);
      if (typeof text !== 'string') throw new ConfigError(`config: must be an object or JSON text, got ${typeof config}`, '');
      const raw = module.run(text);
      if (raw.error?.kind === 'config') throw new ConfigError(raw.error.message, raw.error.field);
      if (raw.error) throw new EngineError(raw.error.message);
      return convert(raw);
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
