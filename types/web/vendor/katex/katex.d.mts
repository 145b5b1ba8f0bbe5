// web/vendor/katex/katex.mjs is node_modules/katex/dist/katex.mjs (scripts/vendor.mjs): its own types.
export { default } from 'katex';
export * from 'katex';
