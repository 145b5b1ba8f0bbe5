#!/usr/bin/env bash
# Which optimization level for the wasm module? Builds it at each level given (default: -O2 -Os
# -Oz; compile and link, LTO as usual) in build/wasm-opt<level>, next to the normal build
# (build/wasm, -O3), prints each module's size (as served and with gzip -6, as a compressing host
# sends it), then times the same trajectories with every build, runs alternating (bench/wasm-ab.mjs).
#   bash bench/wasm-opt.sh [-O2 -Os -Oz …]
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
levels=("$@")
[ ${#levels[@]} -gt 0 ] || levels=(-O2 -Os -Oz)
[ -f build/wasm/bin/ldyn_wasm.wasm ] || bash scripts/build.sh
dirs=(build/wasm)
for level in "${levels[@]}"; do
  dir="build/wasm-opt${level#-}"
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" \
      -DLDYN_WASM_OPT="$level" "-DCMAKE_CXX_FLAGS_RELEASE=$level -DNDEBUG" >/dev/null
  fi
  cmake --build "$dir" -j"$(nproc 2>/dev/null || echo 2)" --target ldyn_wasm >/dev/null
  dirs+=("$dir")
done
facades=()
for dir in "${dirs[@]}"; do
  mkdir -p "$dir/facade"
  cp "$dir/bin/ldyn_wasm.mjs" "$dir/bin/ldyn_wasm.wasm" wasm/ldyn.mjs "$dir/facade/"
  printf '%-22s %8d bytes, %7d with gzip\n' "$dir" "$(stat -c %s "$dir/bin/ldyn_wasm.wasm")" "$(gzip -6 -c "$dir/bin/ldyn_wasm.wasm" | wc -c)"
  facades+=("$dir/facade")
done
node bench/wasm-ab.mjs "${facades[@]}"
