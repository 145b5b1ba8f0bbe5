// Every view of the page, in the order of the view switch (catalog.js names them). A view is a
// `View`: main.js loads and creates it the first time it is shown, with the page's `ViewContext`,
// shows one at a time and hides the one it leaves. Explore λ, the view a first visit opens, is part
// of the page's own module; the others are imported when one of them is first opened (with
// on-demand.js: the published site keeps them out of the page's bundle, precached for offline
// use), so that a first visit does not download, parse and run the code of eight views it does not show.
/** @import { PageState, ViewId } from '../state/schema.js' */
/** @import { Scheduler } from '../engine/scheduler.js' */
/** @import { ViewFrame } from './frame.js' */

/**
 * What main.js gives every view: the page's one scheduler, the state, and the ways to change it.
 * @typedef {object} ViewContext
 * @property {Scheduler} scheduler engine work, owned by the view and paused when it is left
 * @property {() => PageState} getState the page state now
 * @property {(patch: Partial<PageState>, options: { commit: boolean, dragging?: boolean }) => void} onChange
 *   changes the settings (commit: a history entry; dragging: a slider still moving)
 * @property {() => string} exportName the files' base name for these settings
 * @property {() => string} describe the settings in one line (printed on exported images)
 * @property {() => boolean} isEmbed whether the page is an embed (its settings panel out of reach)
 * @property {(id: ViewId) => void} focusView gives another view's heading the focus, at the page's top
 * @property {(patch: Partial<PageState>) => string} linkFor the full explorable's address with `patch` applied
 */
/**
 * What "Download data" gets from the view on screen.
 * @typedef {{ csv(): string, json(): object, values?: number }} ViewData values: how many numbers the files hold, when that can be large
 */
/**
 * A view on the page.
 * @typedef {object} ViewInstance
 * @property {ViewFrame} frame its frame (views/frame.js)
 * @property {(state: PageState, options?: { dragging?: boolean }) => void | Promise<void>} show shows `state`, computing what it needs
 * @property {() => void} hide stops its animations and parks its engine work
 * @property {() => Partial<PageState>} [leave] before it is left: stops the animations that move a
 *   setting of the user's (the λ sweep) and returns the user's values, which the view change carries
 * @property {() => ViewData | null} exportData what it shows (null: nothing computed yet)
 */
/**
 * A view module: its id (the URL's view=) and how to build it in its container.
 * @typedef {object} View
 * @property {ViewId} id
 * @property {(container: HTMLElement, context: ViewContext) => ViewInstance} create
 */
import explore from './explore.js';

/** @typedef {{ id: ViewId, bundled?: View, load: () => Promise<View> }} ViewLoader bundled: the view's module, already loaded with the page */

const later = () => import('../on-demand.js');
/** @type {ViewLoader[]} */
export const VIEWS = [
  { id: 'single', bundled: explore, load: async () => explore },
  { id: 'compare', load: async () => (await later()).compare },
  { id: 'hierarchy', load: async () => (await later()).hierarchy },
  { id: 'architectures', load: async () => (await later()).architectures },
  { id: 'phase', load: async () => (await later()).phaseDiagram },
  { id: 'sequences', load: async () => (await later()).sequences },
  { id: 'mode', load: async () => (await later()).mode },
  { id: 'learning-rate', load: async () => (await later()).learningRate },
  { id: 'figure', load: async () => (await later()).figure },
];

// Every view's module, in the order of VIEWS (for tests that read their declarations).
/** @returns {Promise<View[]>} */
export const loadAllViews = () => Promise.all(VIEWS.map((view) => view.load()));
