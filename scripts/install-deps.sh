#!/usr/bin/env bash
# Installs what the project needs on Debian 12, and only what is missing.
#   scripts/install-deps.sh build   compilers, libraries, Emscripten, Node packages
#   scripts/install-deps.sh test    the same plus Chromium and Firefox ESR for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-build}
packages=(cmake g++ make libeigen3-dev catch2 nlohmann-json3-dev emscripten)
[ "$purpose" = test ] && packages+=(chromium firefox-esr)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node packages, pinned by package-lock.json; reinstalled when the lock file changes.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing Node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
