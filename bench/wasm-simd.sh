#!/usr/bin/env bash
# Does -msimd128 pay off? Builds the wasm module without it (build/wasm-nosimd) next to the normal
# one (build/wasm) and times the same trajectories with both in Node.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
[ -f build/wasm/bin/ldyn_wasm.wasm ] || bash scripts/build.sh
if [ ! -f build/wasm-nosimd/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm-nosimd -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" -DLDYN_WASM_SIMD=OFF >/dev/null
fi
cmake --build build/wasm-nosimd -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
for variant in wasm wasm-nosimd; do
  mkdir -p "build/$variant/facade"
  cp "build/$variant/bin/ldyn_wasm.mjs" "build/$variant/bin/ldyn_wasm.wasm" wasm/ldyn.mjs "build/$variant/facade/"
done
node bench/wasm-simd.mjs build/wasm/facade build/wasm-nosimd/facade
