#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test: the front end's type check (tsc),
# the engine's Catch2 tests and CLI tests (ctest), the wasm API tests and the page's pure logic (Node's
# test runner) and the browser tests, twice: in headless Chromium driven by playwright-core, then in
# headless Firefox ESR driven by puppeteer-core over WebDriver BiDi (LDYN_BROWSER=firefox). Exits
# non-zero if any fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
bash scripts/build.sh

echo "== types (tsc --checkJs: web/js and the wasm facade against wasm/ldyn.d.mts)"
npm run --silent typecheck
echo "types: 0 errors"

echo "== engine and CLI tests (ctest)"
(cd build/native && ctest --output-on-failure -j"$(nproc 2>/dev/null || echo 2)")

echo "== wasm API tests (node --test tests/wasm)"
node --test tests/wasm/

echo "== page logic tests in Node (node --test tests/web)"
node --test tests/web/

echo "== browser tests in Chromium (node --test tests/browser)"
node --test --test-concurrency=1 tests/browser/

echo "== browser tests in Firefox (LDYN_BROWSER=firefox node --test tests/browser)"
LDYN_BROWSER=firefox node --test --test-concurrency=1 tests/browser/

echo "All tests passed."
