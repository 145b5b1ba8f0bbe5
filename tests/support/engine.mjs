// Shared helpers for the wasm API tests and the benchmark: where the built artefacts are, loading
// the engine from web/wasm (exactly what the page loads), running the native `ldyn` CLI on the
// same configuration, and comparing result trees number by number.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const webWasmDir = path.join(repoRoot, 'web', 'wasm');
export const wasmBinaryPath = path.join(webWasmDir, 'ldyn_wasm.wasm');
export const facadePath = path.join(webWasmDir, 'ldyn.mjs');
export const ldynPath = path.join(repoRoot, 'build', 'native', 'bin', 'ldyn');
export const benchTrajectoriesPath = path.join(repoRoot, 'build', 'native', 'bin', 'bench_trajectories');

// The reference cases (as tests/CMakeLists.txt).
export const fixturesPath = path.join(repoRoot, 'tests', 'fixtures', 'exact_cases.json');

export function requireBuild() {
  const missing = [wasmBinaryPath, facadePath, ldynPath].filter((p) => !fs.existsSync(p));
  if (missing.length) {
    throw new Error(`missing build outputs (run bash scripts/build.sh first): ${missing.map((p) => path.relative(repoRoot, p)).join(', ')}`);
  }
}

// The facade module (createEngine, transferables, toPlain, ConfigError) as the page gets it.
export async function importFacade() {
  requireBuild();
  return import(pathToFileURL(facadePath).href);
}

// An engine plus the Emscripten module object behind it. The facade passes its options object to
// the Emscripten factory, which (Emscripten 3.1.6, MODULARIZE) fills that very object in as the
// Module: so `module.HEAP8`, `module.asm` and `module._malloc` are reachable without the facade
// exporting them. `module` is null if a later build stops doing that.
export async function loadEngine() {
  const facade = await importFacade();
  const options = { wasmBinary: fs.readFileSync(wasmBinaryPath) };
  const engine = await facade.createEngine(options);
  const module = options.HEAP8 instanceof Int8Array ? options : null;
  return { ...facade, engine, module };
}

// The wasm linear memory, if the module object exposes it (see loadEngine).
export function wasmMemoryOf(module) {
  if (!module) return null;
  if (module.wasmMemory instanceof WebAssembly.Memory) return module.wasmMemory;
  for (const value of Object.values(module.asm ?? {})) if (value instanceof WebAssembly.Memory) return value;
  return null;
}

// Runs `ldyn --config -` with the configuration (object or JSON text) on standard input.
export function runCli(config, { maxBuffer = 1 << 30 } = {}) {
  const input = typeof config === 'string' ? config : JSON.stringify(config);
  const child = spawnSync(ldynPath, ['--config', '-'], { input, maxBuffer, encoding: 'utf8' });
  if (child.error) throw child.error;
  const out = { status: child.status, stdout: child.stdout, stderr: child.stderr, result: null };
  if (child.status === 0) out.result = JSON.parse(child.stdout);
  return out;
}

// Compares two plain result trees (arrays, objects, numbers, strings, null). Numbers must agree to
// `rtol` relative to the larger of the two magnitudes; near zero, to `rtol` times the largest
// magnitude of the array they sit in (an entry that is 1e-17 in one build and -1e-17 in the other
// is the same number). Returns a list of human-readable mismatches (empty when equal).
// Keys in `absolute` hold dimensionless round-off residues (balanceDeviation is ~1e-15 for balanced
// weights): there the tolerance is rtol itself, as an absolute bound.
export function compareTrees(actual, expected, { rtol = 1e-12, limit = 20, absolute = ['balanceDeviation'] } = {}) {
  const problems = [];
  const scaleOf = (value) => {
    let m = 0;
    const walk = (v) => {
      if (typeof v === 'number') m = Math.max(m, Math.abs(v));
      else if (Array.isArray(v)) v.forEach(walk);
    };
    walk(value);
    return m;
  };
  const visit = (a, b, where, scale, absoluteKey = false) => {
    if (problems.length >= limit) return;
    if (typeof b === 'number') {
      if (typeof a !== 'number') return problems.push(`${where}: expected a number, got ${JSON.stringify(a)}`);
      if (Number.isNaN(a) || Number.isNaN(b)) {
        if (!(Number.isNaN(a) && Number.isNaN(b))) problems.push(`${where}: ${a} vs ${b}`);
        return;
      }
      const tolerance = rtol * Math.max(Math.abs(a), Math.abs(b), scale, absoluteKey ? 1 : 0);
      if (!(Math.abs(a - b) <= tolerance)) {
        problems.push(`${where}: ${a} vs ${b} (relative difference ${(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), scale)).toExponential(2)})`);
      }
      return;
    }
    if (b === null || typeof b !== 'object') {
      if (a !== b) problems.push(`${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      return;
    }
    if (Array.isArray(b)) {
      if (!Array.isArray(a)) return problems.push(`${where}: expected an array, got ${a === null ? 'null' : typeof a}`);
      if (a.length !== b.length) return problems.push(`${where}: length ${a.length} vs ${b.length}`);
      const inner = b.length && (typeof b[0] === 'number' || Array.isArray(b[0])) ? Math.max(scale, scaleOf(b)) : 0;
      for (let i = 0; i < b.length; i++) visit(a[i], b[i], `${where}[${i}]`, inner, absoluteKey);
      return;
    }
    if (a === null || typeof a !== 'object' || Array.isArray(a)) return problems.push(`${where}: expected an object, got ${JSON.stringify(a)?.slice(0, 60)}`);
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) problems.push(`${where}: keys [${ka}] vs [${kb}]`);
    for (const key of kb) if (key in a) visit(a[key], b[key], where ? `${where}.${key}` : key, 0, absolute.includes(key));
  };
  visit(actual, expected, '', 0);
  return problems;
}

// The cases of the shared fixture file as engine configurations (custom task + explicit weights).
export function fixtureCases() {
  const { cases } = JSON.parse(fs.readFileSync(fixturesPath, 'utf8'));
  return cases.map((c, i) => ({
    name: `fixture ${i} (${c.dims.input}x${c.dims.hidden}x${c.dims.output}, lambda ${c.lambda})`,
    fixture: c,
    config: {
      schemaVersion: 1,
      task: { kind: 'custom', X: c.X, Y: c.Y, whiten: false },
      init: { kind: 'explicit', W1: c.W1, W2: c.W2 },
      times: c.times,
      learningRate: 0.01,
      metrics: ['loss', 'qqt'],
    },
  }));
}
