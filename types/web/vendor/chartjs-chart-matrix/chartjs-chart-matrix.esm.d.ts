// web/vendor/chartjs-chart-matrix/chartjs-chart-matrix.esm.js is the package's ESM build (scripts/vendor.mjs): its own types.
export * from 'chartjs-chart-matrix';
