// The engine in a module worker. The page compiles the wasm once and sends the compiled module
// ({type: 'init', module}), so that a new worker is ready in milliseconds; then each
// {type: 'run', job, indices, configs} runs its configurations one by one and answers, per
// configuration, {type: 'result', job, index, result, milliseconds, memoryBytes} (the result's
// buffers transferred, not copied) or {type: 'error', job, index, error}, with
// {type: 'progress', job, index, fraction} now and then during a long one. It says {type: 'started'}
// once its script runs.
import { createEngine, transferables } from '../../wasm/ldyn.mjs';
/** @import { Engine, ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */

/** @typedef {{ type: 'init', module: WebAssembly.Module | null }} InitMessage the compiled engine (null: fetch it) */
/** @typedef {{ type: 'run', job: number, indices: number[], configs: ExperimentConfig[] }} RunMessage configs[k] is the job's configuration indices[k] */
/** @typedef {InitMessage | RunMessage} ToWorker */
/** @typedef {{ name: string, message: string, field: string }} WorkerError name: 'ConfigError' or anything else; field: '' when none */
/** @typedef {{ type: 'result', job: number, index: number, result: ExperimentResult, milliseconds: number, memoryBytes: number }} ResultMessage */
/** @typedef {{ type: 'error', job: number, index: number, error: WorkerError }} ErrorMessage */
/** @typedef {{ type: 'progress', job: number, index: number, fraction: number }} ProgressMessage */
/** @typedef {{ type: 'started' }} StartedMessage the worker's script is running (sent once, first) */
/** @typedef {ResultMessage | ErrorMessage | ProgressMessage | StartedMessage} FromWorker */

/**
 * The worker's global scope, as far as this module uses it (the project's type checking uses the
 * page's library, DOM, in which `self` is a window).
 * @typedef {object} WorkerScope
 * @property {(message: FromWorker, transfer?: Transferable[]) => void} postMessage
 * @property {((event: MessageEvent<ToWorker>) => void) | null} onmessage
 */
const scope = /** @type {WorkerScope} */ (/** @type {unknown} */ (self));

const PROGRESS_INTERVAL_MS = 100;
/** @type {Promise<Engine> | null} */
let engine = null;

/** @param {WebAssembly.Module | null} module @returns {Promise<Engine>} */
function start(module) {
  if (!module) return createEngine();
  return createEngine({
    // Emscripten's hook: instantiate the module the page compiled instead of fetching the wasm again.
    instantiateWasm(imports, receiveInstance) {
      WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module));
      return {};
    },
  });
}

/** @param {RunMessage} message */
async function run({ job, indices, configs }) {
  let ready;
  try {
    ready = await engine;
  } catch (error) {
    scope.postMessage({ type: 'error', job, index: indices[0], error: { name: 'EngineError', message: `the engine could not start: ${error.message ?? error}`, field: '' } });
    return;
  }
  for (let k = 0; k < configs.length; k++) {
    const index = indices[k];
    let reported = performance.now();
    const onProgress = (/** @type {number} */ fraction) => {
      const now = performance.now();
      if (now - reported < PROGRESS_INTERVAL_MS) return;
      reported = now;
      scope.postMessage({ type: 'progress', job, index, fraction });
    };
    try {
      const started = performance.now();
      const result = ready.run(configs[k], { onProgress });
      const milliseconds = performance.now() - started;
      scope.postMessage({ type: 'result', job, index, result, milliseconds, memoryBytes: ready.memoryBytes() }, transferables(result));
    } catch (error) {
      scope.postMessage({ type: 'error', job, index, error: { name: error.name, message: error.message, field: error.field ?? '' } });
      return; // the job has failed: the rest of the batch is not needed
    }
  }
}

scope.onmessage = ({ data }) => {
  if (data.type === 'init') engine = start(data.module);
  else if (data.type === 'run') run(data);
};
// The page waits for this before its first heavy work, which would otherwise hold up the worker's start.
scope.postMessage({ type: 'started' });
