// Imports the page's modules in Node for tests that read their declarations (ids, names, lists).
// Some modules register page-wide listeners when loaded (charts/setup.js: an IntersectionObserver
// and a resize listener; controls: matchMedia); these stand-ins let them load, and nothing here
// draws or runs them.
globalThis.window ??= globalThis;
globalThis.addEventListener ??= () => {};
globalThis.matchMedia ??= () => ({ matches: false, addEventListener() {} });
globalThis.IntersectionObserver ??= class { observe() {} unobserve() {} disconnect() {} };

const views = await import('../../web/js/views/index.js');
// Every view's module (Explore λ is bundled with the page, the others are imported on demand).
export const VIEW_LOADERS = views.VIEWS;
export const VIEW_MODULES = await views.loadAllViews();
export const { PANELS } = await import('../../web/js/panels/index.js');
export const { FIGURE_MODULES } = await import('../../web/js/figures/index.js');
