// A channel to a worker running the engine, for requests where only the newest matters (a slider
// being dragged): at most one request is computing and one waiting; a newer request replaces the
// waiting one, whose promise then rejects with a Superseded error. Nothing is ever queued.

export class Superseded extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'Superseded';
  }
}

export class EngineError extends Error {
  constructor({ message, field }) {
    super(message);
    this.name = 'EngineError';
    this.field = field;
  }
}

export class EngineChannel {
  constructor(workerUrl = new URL('./worker.js', import.meta.url)) {
    this.worker = new Worker(workerUrl, { type: 'module' });
    this.worker.onmessage = ({ data }) => this.#settle(data);
    this.worker.onerror = (event) => this.#fail(new Error(`the engine worker failed: ${event.message ?? 'unknown error'}`));
    this.nextId = 1;
    this.running = null; // {id, resolve, reject}
    this.waiting = null; // {configs, resolve, reject}
  }

  // Resolves with {results, milliseconds} for the configurations, in order.
  run(configs) {
    return new Promise((resolve, reject) => {
      if (this.waiting) this.waiting.reject(new Superseded());
      this.waiting = { configs, resolve, reject };
      if (!this.running) this.#dispatch();
    });
  }

  get busy() {
    return this.running !== null;
  }

  #dispatch() {
    const next = this.waiting;
    this.waiting = null;
    if (!next) {
      this.running = null;
      return;
    }
    const id = this.nextId++;
    this.running = { id, resolve: next.resolve, reject: next.reject };
    this.worker.postMessage({ id, configs: next.configs });
  }

  #settle(data) {
    const running = this.running;
    if (!running || running.id !== data.id) return;
    if (data.error) running.reject(new EngineError(data.error));
    else running.resolve({ results: data.results, milliseconds: data.milliseconds });
    this.#dispatch();
  }

  #fail(error) {
    this.running?.reject(error);
    this.waiting?.reject(error);
    this.running = null;
    this.waiting = null;
  }
}
