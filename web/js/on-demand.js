// What the page loads on demand, in one module: the views but the first (views/index.js), the
// dialogs for your data and weights (main.js), the recorder (views/explore.js) and the figures'
// titles for the Embed dialog (ui/share.js). One module rather than one each: the published site's
// bundler (esbuild, scripts/build-dist.mjs) then puts the code these share with the page in one
// chunk, so that a first visit fetches the page's bundle and that chunk, not fifteen scripts; the
// first of these on-demand uses fetches the rest at once (precached for offline use like the others).
export { default as compare } from './views/compare.js';
export { default as hierarchy } from './views/hierarchy.js';
export { default as architectures } from './views/architectures.js';
export { default as phaseDiagram } from './views/phase-diagram.js';
export { default as sequences } from './views/sequences.js';
export { default as mode } from './views/mode.js';
export { default as learningRate } from './views/learning-rate.js';
export { default as figure } from './views/figure.js';
export { createDataDialog, createWeightsDialog } from './ui/data-dialog.js';
export { createRecordDialog } from './record/record-dialog.js';
export { FIGURE_MODULES } from './figures/index.js';
