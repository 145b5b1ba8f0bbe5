// While a settings slider is being dragged, "Explore λ" draws a preview: the same configuration
// recorded at every PREVIEW_EVERY-th time point only (61 of 301), so that the engine, the transfer
// and the charts do a fifth of the work and the charts follow the pointer. Each preview point is
// computed, not interpolated: the exact solution and gradient descent (which still takes every step)
// at that time. The full trajectory replaces it as soon as the drag ends.
/** @import { ExperimentConfig } from '../../wasm/ldyn.mjs' */

export const PREVIEW_EVERY = 5;
// A drag held still this long is treated as ended (the release refines too).
export const REFINE_AFTER_MS = 200;

// The configuration at every PREVIEW_EVERY-th recorded time and the last one (a subset of the
// configuration's own times); null when there are too few times for a preview to save anything.
/** @param {ExperimentConfig} config @returns {ExperimentConfig | null} */
export function previewConfig(config) {
  const { times } = config;
  if (Array.isArray(times) || ArrayBuffer.isView(times)) {
    const list = Array.from(/** @type {ArrayLike<number>} */ (times));
    if (list.length <= 2 * PREVIEW_EVERY) return null;
    const kept = list.filter((_, i) => i % PREVIEW_EVERY === 0);
    if (kept.at(-1) !== list.at(-1)) kept.push(list.at(-1));
    return { ...config, times: kept };
  }
  if (!times || typeof times !== 'object' || !('count' in times)) return null;
  // {end, count}: count − 1 equal steps; every PREVIEW_EVERY-th of them when they divide evenly.
  const steps = times.count - 1;
  if (steps <= 2 * PREVIEW_EVERY || steps % PREVIEW_EVERY !== 0) return null;
  return { ...config, times: { ...times, count: steps / PREVIEW_EVERY + 1 } };
}
