// web/wasm/ldyn.mjs is a copy of wasm/ldyn.mjs made by scripts/build.sh (with its types, ldyn.d.mts):
// this stands in for it before a build.
export * from '../../../wasm/ldyn.mjs';
