#!/usr/bin/env bash
# Builds everything: the native engine, CLI, tests and benchmark (build/native), the wasm module
# (build/wasm, copied to web/wasm) and the front end's third-party modules (web/vendor).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

echo "== native build (build/native)"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$jobs"

echo "== wasm build (build/wasm -> web/wasm)"
# Debian's emcc finds its Node modules (acorn) only through NODE_PATH; without the emulator
# setting, emcmake passes a flag to Node 20 that it rejects.
export NODE_PATH=/usr/share/nodejs
if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" >/dev/null
fi
cmake --build build/wasm -j"$jobs"
mkdir -p web/wasm
# The facade with its types (ldyn.d.mts: for editors, and so that tsc reads the types, not the JS).
cp build/wasm/bin/ldyn_wasm.mjs build/wasm/bin/ldyn_wasm.wasm wasm/ldyn.mjs wasm/ldyn.d.mts web/wasm/

echo "== front-end modules (web/vendor)"
node scripts/vendor.mjs
