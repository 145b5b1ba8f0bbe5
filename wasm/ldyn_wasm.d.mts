// Types of the Emscripten module built from wasm/bindings.cpp (build/wasm/bin/ldyn_wasm.mjs, copied to
// web/wasm/): what wasm/ldyn.mjs calls. Only for type checking the facade; not part of the JS API.
import type { EngineModuleOptions } from './ldyn.mjs';

/** A numeric array as the binding returns it: row-major data of the given shape. */
export interface RawTensor {
  shape: number[];
  data: Float64Array;
}

/** The result tree before the facade nests the tensors. */
export type RawValue = null | boolean | number | string | RawTensor | RawValue[] | { [key: string]: RawValue };

export type RawObject = { [key: string]: RawValue };

/** A failure, as the binding reports it instead of throwing. */
export interface RawError {
  error: { kind: 'config' | 'engine' | 'progress'; message: string; field: string };
}

/** What run and estimate return: the tree, or the failure. */
export type RawReply = (RawObject & { error?: undefined }) | RawError;

export interface LdynModule {
  /** Runs a configuration given as JSON text; progress, if a function, gets the fraction done and returns false to stop the run (then the reply's error kind is "progress"). */
  run(configJson: string, progress?: (fraction: number) => boolean): RawReply;
  /** The cost estimate of a configuration given as JSON text. */
  estimate(configJson: string): RawReply;
  readonly schemaVersion: number;
  /** The wasm heap. */
  readonly HEAP8: Int8Array;
}

export default function createLdynModule(options?: EngineModuleOptions): Promise<LdynModule>;
