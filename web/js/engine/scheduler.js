// The one owner of computation on the page: a pool of engine workers through which every view
// submits its jobs. A job is a list of engine configurations that belongs to a view (its owner):
//   - a newer job of the same owner supersedes the older one at once (its promise rejects with
//     Superseded); a configuration of the old job that is still running is let finish if it is
//     nearly done, and its worker is terminated otherwise (wasm cannot be interrupted);
//   - park(owner) holds a hidden view's jobs: queued work waits, running work is stopped and put
//     back in the queue; resume(owner) goes on where it stopped; cancel(owner) drops them;
//   - results arrive per configuration (onResult), with progress (onProgress) from the engine
//     during long runs, so a view can show a bar and a Cancel button;
//   - workers are started on demand from one compiled wasm module, terminated when idle, recycled
//     when their memory has grown large, and never more than a phone can hold.
/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
import { reviveTensors } from '../../wasm/ldyn.mjs';
/** @import { FromWorker, ToWorker } from './worker.js' */

/** @typedef {(index: number, result: ExperimentResult) => void} ResultCallback */
/** @typedef {(fraction: number, done: number, total: number) => void} ProgressCallback */
/** @typedef {{ results: ExperimentResult[], milliseconds: number }} JobOutcome results in the order of the configurations */

/**
 * What a view submits: its configurations, run in batches of `batch` per worker message.
 * @typedef {object} SubmitOptions
 * @property {unknown} owner the view (any value compared with ===): its newer job supersedes this one
 * @property {ExperimentConfig[]} configs
 * @property {number} [batch] default 1
 * @property {ResultCallback} [onResult] as each configuration's result arrives
 * @property {ProgressCallback} [onProgress]
 */
/** @typedef {{ promise: Promise<JobOutcome>, cancel: (message?: string) => void }} JobHandle */

/**
 * A submitted job, as the scheduler keeps it.
 * @typedef {object} Job
 * @property {number} id
 * @property {unknown} owner
 * @property {ExperimentConfig[]} configs
 * @property {number} batch
 * @property {ResultCallback} [onResult]
 * @property {ProgressCallback} [onProgress]
 * @property {boolean} parked
 * @property {boolean} finished
 * @property {number[]} pending indices of the configurations not yet sent to a worker
 * @property {Set<Slot>} running the workers running some of its configurations
 * @property {Map<number, number>} partial index -> fraction done, for those that reported progress
 * @property {number[]} of index -> the configuration asked for that it is a part of
 * @property {boolean} split whether some configuration runs as two parts
 * @property {ExperimentResult[]} results
 * @property {number} done
 * @property {number} milliseconds
 * @property {Promise<JobOutcome>} [promise]
 * @property {(outcome: JobOutcome) => void} [resolve]
 * @property {(error: Error) => void} [reject]
 */
/** @typedef {{ job: Job, indices: number[], started: number }} Batch configurations of one job sent to a worker in one message */
/** @typedef {{ worker: Worker, batch: Batch | null, memory: number, idleTimer: ReturnType<typeof setTimeout> | null }} Slot */

/**
 * @typedef {object} Scheduler
 * @property {number} size workers at most
 * @property {(options: SubmitOptions) => JobHandle} submit
 * @property {(owner: unknown) => void} park
 * @property {(owner: unknown) => void} resume
 * @property {(owner: unknown, message?: string) => void} cancel
 * @property {(owner: unknown) => boolean} pending
 * @property {() => { workers: number, busy: number, queued: number, wasmBytes: number }} stats
 * @property {Promise<void>} ready the wasm compiled (or given up on)
 * @property {Promise<void>} warm ready, and the first workers' scripts running (or failed): the page's
 *   first long task waits for it (the browser starts a worker and hands over the compiled wasm only
 *   when the page's thread is free, so a long task would hold both up)
 */

export class Superseded extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'Superseded';
  }
}

export class Cancelled extends Error {
  /** @param {string} [message] */
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'Cancelled';
  }
}

// A failure the engine reported (ConfigError: the configuration; EngineError: anything else).
export class JobError extends Error {
  /** @param {{ name: string, message: string, field?: string }} error as the worker reports it (WorkerError) */
  constructor({ name, message, field }) {
    super(message);
    this.name = name === 'ConfigError' ? 'ConfigError' : 'EngineError';
    this.field = field;
  }
}

const WORKER_URL = new URL('./worker.js', import.meta.url);
const WASM_URL = new URL('../../wasm/ldyn_wasm.wasm', import.meta.url);
// A superseded configuration still running after this long is stopped (its worker terminated).
const GRACE_MS = 100;
const IDLE_MS = 15000;
const MEMORY_LIMIT_BYTES = 256 * 2 ** 20;

// Workers for this device: one per core, fewer when the device reports little memory (each worker
// holds its own wasm heap of 32 MiB and more).
/** @param {number} [cores] @param {number} [memoryGiB] @returns {number} */
export function poolSize(cores = navigator.hardwareConcurrency || 2, memoryGiB = navigator.deviceMemory) {
  const byMemory = memoryGiB === undefined ? 8 : memoryGiB <= 2 ? 2 : memoryGiB <= 4 ? 3 : 8;
  return Math.max(1, Math.min(cores, byMemory, 8));
}

async function compileEngine() {
  try {
    return await WebAssembly.compileStreaming(fetch(WASM_URL));
  } catch {
    // A server that does not send application/wasm: compile from the bytes instead.
    return WebAssembly.compile(await (await fetch(WASM_URL)).arrayBuffer());
  }
}

// The exact solution and the simulation of one configuration are independent: when workers would
// otherwise stand idle, they run at once, one per worker, and are put back together. (Neither can
// itself be split in time for speed: gradient descent needs every step before, and the exact flow's
// state at a later start costs the stepping up to it; see bench/README.md, "Long runs".)
/** @type {(config: ExperimentConfig) => boolean} */
const canHaveExact = (config) => config.exact !== false && !Array.isArray(config.dims?.hidden) &&
  !['gaussian', 'lecun'].includes(config.init?.kind);
/** @type {(config: ExperimentConfig) => boolean} */
const splittable = (config) => config.simulate !== false && canHaveExact(config);

// Parts of `configs` to run: [{config, of, part}] with part 'exact', 'simulation' or 'whole'.
/** @typedef {{ config: ExperimentConfig, of: number, part: 'exact' | 'simulation' | 'whole' }} TrajectoryPart */
/** @param {ExperimentConfig[]} configs @param {number} workers @returns {TrajectoryPart[]} */
export function splitTrajectories(configs, workers) {
  const split = configs.length < workers;
  return configs.flatMap((config, of) => /** @type {TrajectoryPart[]} */ (split && splittable(config)
    ? [{ config: { ...config, simulate: false }, of, part: 'exact' }, { config: { ...config, exact: false }, of, part: 'simulation' }]
    : [{ config, of, part: 'whole' }]));
}

// The result of a configuration from its parts' results (in part order).
/** @param {Array<TrajectoryPart & { result: ExperimentResult }>} parts @returns {ExperimentResult} */
export function mergeTrajectories(parts) {
  if (parts.length === 1) return parts[0].result;
  const exact = parts.find((p) => p.part === 'exact').result, simulation = parts.find((p) => p.part === 'simulation').result;
  return { ...exact, simulation: simulation.simulation };
}

/** @param {{ size?: number }} [options] @returns {Scheduler} */
export function createScheduler({ size = poolSize() } = {}) {
  /** @type {Slot[]} */
  const workers = []; // {worker, batch: {job, indices, started} | null, memory, idleTimer}
  /** @type {Job[]} */
  const jobs = []; // in submission order
  /** @type {WebAssembly.Module | null | false} */
  let module = null;
  let nextJob = 1;

  const moduleReady = compileEngine().then((m) => {
    module = m;
    started();
  }, () => {
    module = false; // workers fetch and compile the wasm themselves
    started();
  });
  // The first two workers (one configuration's exact solution and simulation) start with the page,
  // while the wasm compiles: their scripts load meanwhile instead of after it (a first visit drew
  // its charts 0.4 s after the compile, waiting for the worker's script).
  const first = Array.from({ length: Math.min(size, 2) }, () => spawn());
  const warm = Promise.all([moduleReady, ...first.map((slot) => new Promise((resolve) => {
    slot.worker.addEventListener('message', resolve, { once: true });
    slot.worker.addEventListener('error', resolve, { once: true });
  }))]).then(() => {});

  // The compiled module (or none) reaches the workers started before it.
  function started() {
    for (const slot of workers) slot.worker.postMessage(/** @satisfies {ToWorker} */ ({ type: 'init', module: module || null }));
    dispatch();
  }

  function spawn() {
    const worker = new Worker(WORKER_URL, { type: 'module' });
    if (module !== null) worker.postMessage(/** @satisfies {ToWorker} */ ({ type: 'init', module: module || null }));
    /** @type {Slot} */
    const slot = { worker, batch: null, memory: 0, idleTimer: null };
    worker.onmessage = ({ data }) => receive(slot, data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      const job = slot.batch?.job;
      retire(slot);
      if (job) fail(job, new JobError({ name: 'EngineError', message: `an engine worker failed: ${event.message ?? 'unknown error'}` }));
      dispatch();
    };
    workers.push(slot);
    return slot;
  }

  /** @param {Slot} slot */
  function retire(slot) {
    clearTimeout(slot.idleTimer);
    slot.worker.terminate();
    const i = workers.indexOf(slot);
    if (i >= 0) workers.splice(i, 1);
  }

  // The next batch of configurations to run: from the oldest job that is neither parked nor done.
  /** @returns {{ job: Job, indices: number[] } | null} */
  function nextBatch() {
    for (const job of jobs) {
      if (job.parked || job.pending.length === 0) continue;
      return { job, indices: job.pending.splice(0, job.batch) };
    }
    return null;
  }

  function dispatch() {
    if (module === null) return; // still compiling
    for (;;) {
      let slot = workers.find((w) => w.batch === null);
      if (!slot && workers.length < size && jobs.some((j) => !j.parked && j.pending.length)) slot = spawn();
      if (!slot) break;
      const batch = nextBatch();
      if (!batch) break;
      clearTimeout(slot.idleTimer);
      slot.batch = { ...batch, started: performance.now() };
      batch.job.running.add(slot);
      slot.worker.postMessage(/** @satisfies {ToWorker} */ ({ type: 'run', job: batch.job.id, indices: batch.indices, configs: batch.indices.map((i) => batch.job.configs[i]) }));
    }
    for (const slot of workers) {
      if (slot.batch === null && slot.idleTimer === null) slot.idleTimer = setTimeout(() => retire(slot), IDLE_MS);
    }
  }

  // A worker has finished its batch (or its job is gone): free it, or recycle it when it has grown.
  /** @param {Slot} slot */
  function release(slot) {
    slot.batch?.job.running.delete(slot);
    slot.batch = null;
    slot.idleTimer = null;
    if (slot.memory > MEMORY_LIMIT_BYTES) retire(slot);
  }

  /** @param {Slot} slot @param {FromWorker} data */
  function receive(slot, data) {
    const batch = slot.batch;
    if (data.type === 'started') return; // (the warm promise listens for it)
    if (!batch || batch.job.id !== data.job) return; // a stopped job's late message
    const job = batch.job;
    if (data.type === 'progress') {
      job.partial.set(data.index, data.fraction);
      report(job);
      return;
    }
    if (data.type === 'error') {
      release(slot);
      fail(job, new JobError(data.error));
      dispatch();
      return;
    }
    slot.memory = data.memoryBytes ?? slot.memory;
    job.partial.delete(data.index);
    if (!job.finished) {
      // Structured cloning kept each Tensor's shape and data (its one transferred buffer), not its class.
      job.results[data.index] = reviveTensors(data.result);
      job.done++;
      job.milliseconds += data.milliseconds;
      job.onResult?.(data.index, data.result);
      report(job);
    }
    const remaining = batch.indices.indexOf(data.index);
    if (remaining >= 0) batch.indices.splice(remaining, 1);
    if (batch.indices.length === 0) release(slot);
    if (job.done === job.configs.length && !job.finished) finish(job);
    dispatch();
  }

  /** @param {Job} job */
  // Progress in the configurations asked for. The parts of one configuration run at once, so it
  // is as far as its slowest part (the smallest fraction): the exact part, done in a moment, does
  // not make a long simulation look half done.
  function report(job) {
    if (!job.split) { // one part per configuration: a sum over those in progress (a job may hold thousands)
      let partial = 0;
      for (const fraction of job.partial.values()) partial += fraction;
      job.onProgress?.((job.done + partial) / job.configs.length, job.done, job.configs.length);
      return;
    }
    // (Split only when there are fewer configurations than workers: a short loop.)
    /** @type {Map<number, number>} */
    const least = new Map();
    job.configs.forEach((_, index) => {
      const fraction = job.results[index] !== undefined ? 1 : job.partial.get(index) ?? 0;
      const of = job.of[index];
      least.set(of, Math.min(least.get(of) ?? 1, fraction));
    });
    let sum = 0;
    for (const fraction of least.values()) sum += fraction;
    job.onProgress?.(sum / Math.max(1, least.size), job.done, job.configs.length);
  }

  /** @param {Job} job */
  function remove(job) {
    job.finished = true;
    const i = jobs.indexOf(job);
    if (i >= 0) jobs.splice(i, 1);
  }

  /** @param {Job} job */
  function finish(job) {
    remove(job);
    job.resolve({ results: job.results, milliseconds: job.milliseconds });
  }

  /** @param {Job} job @param {Error} error */
  function fail(job, error) {
    if (job.finished) return;
    remove(job);
    stopRunning(job, 0);
    job.reject(error);
  }

  // Stops the job's running configurations: at once, or after `grace` ms if still running then.
  /** @param {Job} job @param {number} grace */
  function stopRunning(job, grace) {
    for (const slot of [...job.running]) {
      const batch = slot.batch;
      const elapsed = performance.now() - batch.started;
      if (elapsed >= grace) {
        retire(slot);
        job.running.delete(slot);
      } else {
        setTimeout(() => {
          if (slot.batch === batch) {
            retire(slot);
            job.running.delete(slot);
            dispatch();
          }
        }, grace - elapsed);
      }
    }
  }

  /** @param {Job} job @param {Error} error */
  function drop(job, error) {
    if (job.finished) return;
    remove(job);
    stopRunning(job, GRACE_MS);
    job.reject(error);
    dispatch();
  }

  return {
    get size() {
      return size;
    },

    // Runs `configs` for `owner`; returns {promise, cancel()}. The promise resolves with
    // {results (in order), milliseconds (engine time summed)}; it rejects with Superseded when a newer
    // job of the owner replaces it, Cancelled on cancel(), JobError when the engine refuses.
    // onResult(index, result) as results arrive; onProgress(fraction, done, total).
    submit({ owner, configs: wanted, batch = 1, onResult: onWanted, onProgress }) {
      for (const job of [...jobs]) if (job.owner === owner) drop(job, new Superseded());
      // Each wanted configuration may run as two parts; its result is reported when both are in.
      const parts = splitTrajectories(wanted, size);
      const configs = parts.map((p) => p.config);
      // The part indices of each configuration asked for, found once (a job may hold thousands).
      const partsOf = wanted.map(() => /** @type {number[]} */ ([]));
      parts.forEach((p, i) => partsOf[p.of].push(i));
      /** @type {(of: number, results: ExperimentResult[]) => ExperimentResult} */
      const merged = (of, results) => mergeTrajectories(partsOf[of].map((i) => ({ ...parts[i], result: results[i] })));
      let complete = 0;
      /** @type {ResultCallback} */
      const onResult = (index) => {
        const of = parts[index].of;
        if (partsOf[of].every((i) => job.results[i] !== undefined)) {
          complete++;
          onWanted?.(of, merged(of, job.results));
        }
      };
      // Progress in the configurations asked for, not in parts.
      const onPartsProgress = onProgress && ((/** @type {number} */ fraction) => onProgress(fraction, complete, wanted.length));
      /** @type {Job} */
      const job = { id: nextJob++, owner, configs, batch, onResult, onProgress: onPartsProgress, parked: false, finished: false,
        pending: configs.map((_, i) => i), running: new Set(), partial: new Map(), of: parts.map((p) => p.of), split: parts.length > wanted.length,
        results: new Array(configs.length), done: 0, milliseconds: 0 };
      job.promise = new Promise((resolve, reject) => {
        job.resolve = resolve;
        job.reject = reject;
      });
      if (configs.length === 0) finish(job);
      else jobs.push(job);
      dispatch();
      const promise = job.promise.then(({ results, milliseconds }) => ({
        results: wanted.map((_, of) => merged(of, results)),
        milliseconds,
      }));
      return { promise, cancel: (message) => drop(job, new Cancelled(message)) };
    },

    // A hidden view's jobs wait: running configurations are stopped and queued again.
    park(owner) {
      for (const job of jobs) {
        if (job.owner !== owner || job.parked) continue;
        job.parked = true;
        for (const slot of [...job.running]) {
          job.pending.unshift(...slot.batch.indices);
          for (const index of slot.batch.indices) job.partial.delete(index);
          retire(slot);
          job.running.delete(slot);
        }
        job.pending.sort((a, b) => a - b);
      }
      dispatch();
    },
    resume(owner) {
      for (const job of jobs) if (job.owner === owner) job.parked = false;
      dispatch();
    },
    cancel(owner, message) {
      for (const job of [...jobs]) if (job.owner === owner) drop(job, new Cancelled(message));
    },
    // Whether the owner has a job that is not finished (parked or not).
    pending(owner) {
      return jobs.some((job) => job.owner === owner);
    },
    // For the page benchmark and the tests: workers alive, busy, queued configurations, and the wasm
    // memory the workers last reported.
    stats() {
      return {
        workers: workers.length,
        busy: workers.filter((w) => w.batch).length,
        queued: jobs.reduce((n, job) => n + job.pending.length, 0),
        wasmBytes: workers.reduce((n, w) => n + w.memory, 0),
      };
    },
    ready: moduleReady,
    warm,
  };
}
