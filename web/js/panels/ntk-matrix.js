// The NTK of the two-layer network from the series the engine records (pure: no DOM), so that the
// page draws the kernel without asking the engine for its (No P)² entries; tests/wasm/parity.test.mjs
// checks it against the engine's own `ntk`.
// K = I_No (x) X^T W1^T W1 X + W2 W2^T (x) X^T X, index (output o, item p) -> o * P + p
// (core/include/ldyn/metrics.hpp); itemRsm is X^T W1^T W1 X and gram is X^T X. Written into
// `buffer` when it has the right size (a hierarchy's kernel has millions of entries: reuse it).
// Returns the rows (views into the buffer).
/**
 * @param {ArrayLike<number>[]} itemRsm P rows of P @param {ArrayLike<number>[]} outputRepresentation No rows of No
 * @param {ArrayLike<number>[]} gram P rows of P @param {Float64Array | null} [buffer] @returns {Float64Array[]}
 */
export function assembleNtk(itemRsm, outputRepresentation, gram, buffer = null) {
  const p = gram.length, no = outputRepresentation.length, n = no * p;
  const data = buffer?.length === n * n ? buffer : new Float64Array(n * n);
  for (let o = 0; o < no; o++) {
    for (let o2 = 0; o2 < no; o2++) {
      const b = outputRepresentation[o][o2];
      for (let i = 0; i < p; i++) {
        const row = (o * p + i) * n + o2 * p, g = gram[i], m = itemRsm[i];
        if (o === o2) for (let j = 0; j < p; j++) data[row + j] = b * g[j] + m[j];
        else for (let j = 0; j < p; j++) data[row + j] = b * g[j];
      }
    }
  }
  return Array.from({ length: n }, (_, r) => data.subarray(r * n, (r + 1) * n));
}
