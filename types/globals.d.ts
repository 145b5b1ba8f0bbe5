// Browser globals the page uses that TypeScript's DOM library does not declare.
interface Navigator {
  /** Device memory in GiB, rounded (Chromium only; undefined elsewhere). */
  readonly deviceMemory?: number;
}

interface Window {
  /** web/js/main.js: the scheduler's statistics, for the page benchmark and the browser tests. */
  __ldynStats?: () => { workers: number; busy: number; queued: number; wasmBytes: number };
}
