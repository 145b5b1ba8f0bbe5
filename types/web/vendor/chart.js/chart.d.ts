// web/vendor/chart.js/chart.js is node_modules/chart.js/dist/chart.js (scripts/vendor.mjs): its own types.
export * from 'chart.js';
