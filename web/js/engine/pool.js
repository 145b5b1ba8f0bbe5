// Many independent engine runs (a λ sweep, a phase diagram) spread over one worker per core,
// with progress and cancellation. Configurations go out in small batches, so progress is smooth
// and cancelling (which terminates the workers) loses little.
import { EngineError } from './channel.js';

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

export class EnginePool {
  constructor(size = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2))) {
    this.size = size;
    this.workers = [];
    this.job = null;
  }

  // Runs every configuration; resolves with their results in order. onProgress(done, total).
  run(configs, { onProgress = () => {}, batch = 8 } = {}) {
    this.cancel();
    return new Promise((resolve, reject) => {
      const results = new Array(configs.length);
      let next = 0, done = 0;
      const job = { reject, cancelled: false };
      this.job = job;
      while (this.workers.length < this.size) this.workers.push(new Worker(WORKER_URL, { type: 'module' }));
      if (configs.length === 0) return resolve(results);

      const feed = (worker) => {
        if (job.cancelled || next >= configs.length) return;
        const start = next;
        const chunk = configs.slice(start, start + batch);
        next += chunk.length;
        worker.onmessage = ({ data }) => {
          if (job.cancelled) return;
          if (data.error) {
            job.cancelled = true;
            this.job = null;
            return reject(new EngineError(data.error));
          }
          data.results.forEach((result, i) => { results[start + i] = result; });
          done += data.results.length;
          onProgress(done, configs.length);
          if (done === configs.length) {
            this.job = null;
            return resolve(results);
          }
          feed(worker);
        };
        worker.onerror = (event) => {
          job.cancelled = true;
          this.job = null;
          reject(new Error(`an engine worker failed: ${event.message ?? 'unknown error'}`));
        };
        worker.postMessage({ id: start, configs: chunk });
      };
      for (const worker of this.workers) feed(worker);
    });
  }

  // Stops the current job at once: its promise rejects with Cancelled, the workers are replaced.
  cancel() {
    if (!this.job) return;
    this.job.cancelled = true;
    this.job.reject(new Cancelled());
    this.job = null;
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
  }
}
