// The engine in a module worker. The page compiles the wasm once and sends the compiled module
// ({type: 'init', module}), so that a new worker is ready in milliseconds; then each
// {type: 'run', job, indices, configs} runs its configurations one by one and answers, per
// configuration, {type: 'result', job, index, result, milliseconds, memoryBytes} (the result's
// buffers transferred, not copied) or {type: 'error', job, index, error}, with
// {type: 'progress', job, index, fraction} now and then during a long one.
import { createEngine, transferables } from '../../wasm/ldyn.mjs';

const PROGRESS_INTERVAL_MS = 100;
let engine = null;

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

async function run({ job, indices, configs }) {
  let ready;
  try {
    ready = await engine;
  } catch (error) {
    self.postMessage({ type: 'error', job, index: indices[0], error: { name: 'EngineError', message: `the engine could not start: ${error.message ?? error}`, field: '' } });
    return;
  }
  for (let k = 0; k < configs.length; k++) {
    const index = indices[k];
    let reported = performance.now();
    const onProgress = (fraction) => {
      const now = performance.now();
      if (now - reported < PROGRESS_INTERVAL_MS) return;
      reported = now;
      self.postMessage({ type: 'progress', job, index, fraction });
    };
    try {
      const started = performance.now();
      const result = ready.run(configs[k], { onProgress });
      const milliseconds = performance.now() - started;
      self.postMessage({ type: 'result', job, index, result, milliseconds, memoryBytes: ready.memoryBytes() }, transferables(result));
    } catch (error) {
      self.postMessage({ type: 'error', job, index, error: { name: error.name, message: error.message, field: error.field ?? '' } });
      return; // the job has failed: the rest of the batch is not needed
    }
  }
}

self.onmessage = ({ data }) => {
  if (data.type === 'init') engine = start(data.module);
  else if (data.type === 'run') run(data);
};
