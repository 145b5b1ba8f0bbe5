// The engine in a module worker: runs batches of experiment configurations and sends the results
// back with their buffers transferred (no copy). Errors travel as {message, field}.
import { createEngine, transferables } from '../../wasm/ldyn.mjs';

const engine = createEngine();

self.onmessage = async ({ data }) => {
  const { id, configs } = data;
  try {
    const ready = await engine;
    const started = performance.now();
    const results = configs.map((config) => ready.run(config));
    self.postMessage({ id, results, milliseconds: performance.now() - started }, transferables(results));
  } catch (error) {
    self.postMessage({ id, error: { message: error.message, field: error.field ?? '' } });
  }
};
