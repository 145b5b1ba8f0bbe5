// The page: the state from the URL, the settings panel, the view switch and the views. Data flows
// one way: an edit patches the state, the state is validated and written to the URL, and the view
// on screen shows it. Computation belongs to the views (through the one scheduler); main.js only
// wires things together.
import { parseUrl, validateState, serializeState, shapeNotices } from './state/url.js';
import { createHistorySync } from './state/history.js';
import { describeSettings, exportName as exportNameOf } from './state/describe.js';
import { createScheduler } from './engine/scheduler.js';
import { createControls } from './ui/controls.js';
import { createNotices } from './ui/notices.js';
import { createShare } from './ui/share.js';
import { createExport } from './ui/export.js';
import { matchChartFonts } from './charts/font-scale.js';
import { afterNextDraw } from './charts/setup.js';
import { createPresetOffer } from './ui/preset.js';
import { watchForUpdates } from './ui/updates.js';
import { postHeightToParent } from './ui/embed-height.js';
import { lookup, remember, load } from './data/store.js';
import { linkWeightsProblem } from './data/weights.js';
import { taskDims } from './state/shape.js';
import { VIEWS } from './views/index.js';
import { VIEW_CATALOG, viewEntry } from './catalog.js';
import { el, setAttribute } from './ui/dom.js';
import './ui/scroll-focused.js'; // a focused view button scrolls clear of the row's faded edge

/** @import { PageState, ViewId } from './state/schema.js' */
/** @import { View, ViewInstance } from './views/index.js' */

/** @param {string} selector @returns {HTMLElement} */
const $ = (selector) => document.querySelector(selector);
const notices = createNotices($('#notices'));
const scheduler = createScheduler();
// For the page benchmark and the tests: how many workers, how busy, how much memory.
window.__ldynStats = () => scheduler.stats();

let { state, notices: urlNotices } = parseUrl(location.search);
// The user's data and weights carried by the link, decoded before anything is drawn.
/** @param {PageState} from @returns {Promise<Array<{ param: string, message: string }>>} */
async function loadMatrices(from) {
  const problems = [];
  for (const [kind, param] of /** @type {const} */ ([['data', 'data'], ['weights', 'weights']])) {
    // Weights from a link get the dialog's checks against the link's network.
    const { ni, no } = taskDims(from);
    const check = kind === 'weights' ? (/** @type {{ W1: number[][], W2: number[][] }} */ weights) => linkWeightsProblem(weights, { input: ni, output: no, hidden: from.nh }) : undefined;
    const problem = await load(kind, from[param], { check });
    if (problem) problems.push({ param, message: problem });
  }
  return problems;
}
urlNotices.push(...await loadMatrices(state));

const exportName = () => exportNameOf(state);
/** @param {string} text */
const announce = (text) => {
  $('#announcer').textContent = text;
};

// What every view is given (the ViewContext of views/index.js).
/** @type {import('./views/index.js').ViewContext} */
const context = {
  scheduler,
  exportName,
  getState: () => state,
  describe: () => describeSettings(state),
  onChange: (patch, options) => applyPatch(patch, options),
  isEmbed: () => state.embed,
  // After an action that opened another view (a phase cell), the reader goes on at that view's
  // start: its heading takes the focus (not <body>) and the page scrolls to the top.
  focusView: (id) => {
    const heading = document.getElementById(`${id}-heading`);
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  },
  // The address of the full (not embedded) explorable with `patch` applied.
  linkFor: (patch) => new URL(`?${serializeState({ ...state, ...patch, embed: false })}`, location.href).href,
};

// Each view is loaded (views/index.js) and created the first time it is shown, in a container of its own.
/** @typedef {{ load: () => Promise<View>, loading: Promise<void> | null, module: View | null, instance: ViewInstance | null, container: HTMLElement | null }} ViewSlot */
/** @type {Map<ViewId, ViewSlot>} */
const views = new Map(VIEWS.map(({ id, bundled, load }) => [id, /** @type {ViewSlot} */ ({ load, loading: null, module: bundled ?? null, instance: null, container: null })]));
/** @param {ViewId} id the view's slot, its instance created (its module loaded) */
function viewFor(id) {
  const entry = views.get(id);
  if (!entry.instance) {
    entry.container = el('div', { class: 'view', id: `view-${id}-content`, 'data-view-id': id });
    $('#views').append(entry.container);
    entry.instance = entry.module.create(entry.container, context);
  }
  return entry;
}
/** @type {ViewSlot | null} */
let shownView = null;
// A view's module, loaded the first time the view is opened; then it is shown if it is still the
// view asked for. A failed load (no network, and a release not cached) says so and is tried again
// on the next render.
/** @param {ViewId} id */
function loadView(id) {
  const entry = views.get(id);
  entry.loading ??= entry.load().then((module) => {
    entry.module = module;
    notices.clear('view-load');
    if (state.view === id) render();
  }, (/** @type {Error} */ error) => {
    entry.loading = null;
    notices.show('view-load', `${viewEntry(id).label}: this view could not be loaded (${error.message}). Open it again, or reload the page.`);
  });
}

// Your data and your weights: kept in the store (in the link when small enough), then chosen.
/** @param {'data' | 'weights'} what @param {string} problem */
const tellLink = (what, problem) => {
  notices.clearPrefix(`link:${what}`);
  if (problem) notices.show(`link:${what}`, `Your ${what}: ${problem}.`, { level: 'info' });
};
// The two dialogs, with the parsers and checks of pasted matrices, load when one is first opened (on-demand.js).
/** @type {Promise<{ data: ReturnType<typeof import('./ui/data-dialog.js').createDataDialog>, weights: ReturnType<typeof import('./ui/data-dialog.js').createWeightsDialog> }> | null} */
let dialogs = null;
/** @param {(opened: Awaited<typeof dialogs>) => void} then */
const withDialogs = (then) => {
  dialogs ??= import('./on-demand.js').then(({ createDataDialog, createWeightsDialog }) => ({
    data: createDataDialog(dataDialogOptions), weights: createWeightsDialog(weightsDialogOptions) }));
  dialogs.then(then, (/** @type {Error} */ error) => {
    dialogs = null;
    notices.show('dialog-load', `The dialog could not be loaded (${error.message}). Try again, or reload the page.`);
  });
};
const dataDialogOptions = {
  /** @param {{ X: number[][], Y: number[][], whiten: boolean }} data */
  async onApply({ X, Y, whiten }) {
    const { key, problem } = await remember('data', { X, Y, whiten });
    tellLink('data', problem);
    applyPatch({ task: 'data', data: key }, { commit: true });
  },
};
const weightsDialogOptions = {
  dims: { input: 3, output: 3 },
  /** @param {{ W1: number[][], W2: number[][] }} weights */
  async onApply({ W1, W2 }) {
    const { key, problem } = await remember('weights', { W1, W2 });
    tellLink('weights', problem);
    // The weights fix the shape: Nh always, Ni and No where the task leaves them free.
    const shape = state.task === 'random' || state.task === 'spectrum' ? { ni: W1[0].length, no: W2.length } : {};
    applyPatch({ init: 'explicit', weights: key, nh: W1.length, layers: 2, ...shape }, { commit: true });
  },
};
const controls = createControls($('#controls'), (/** @type {Partial<PageState>} */ patch, /** @type {EditOptions} */ options) => applyPatch(patch, options), {
  openData: () => {
    const data = lookup('data', state.data);
    withDialogs((opened) => opened.data.open(data));
  },
  openWeights: () => {
    const { ni, no } = taskDims(state);
    // Ni and No are free with a random or designed task: the weights may set them.
    const free = state.task === 'random' || state.task === 'spectrum';
    const weights = lookup('weights', state.weights);
    const hidden = state.nh;
    withDialogs((opened) => opened.weights.open(weights, free ? { input: undefined, output: undefined, hidden, currentInput: ni, currentOutput: no }
      : { input: ni, output: no, hidden }));
  },
});
const history = createHistorySync({
  async onRestore(search) {
    const parsed = parseUrl(search);
    parsed.notices.push(...await loadMatrices(parsed.state));
    state = parsed.state;
    wanted = {};
    showUrlNotices(parsed.notices);
    render();
  },
});
createShare($('#share'), { getState: () => state, announce });
// (A view still loading has nothing to download.)
createExport($('#share'), { getData: () => views.get(state.view).instance?.exportData() ?? null, exportName, describe: () => describeSettings(state), announce,
  tell: (text) => notices.show('download', text, { level: 'info' }), isBusy: () => Boolean(views.get(state.view).instance?.frame?.busy) });
const presets = createPresetOffer($('#preset'), { presets: Object.fromEntries(VIEW_CATALOG.filter((v) => v.preset).map((v) => [v.id, v.preset])),
  onChange: (patch, options) => applyPatch(patch, options), announce });

/** @param {Array<{ param: string, message: string }>} list */
function showUrlNotices(list) {
  notices.clearPrefix('url:');
  for (const notice of list) notices.show(`url:${notice.param}`, notice.message);
}

// The user's own values of settings that another edit made impossible (a hierarchy raises Nh, a
// wide hidden layer allows only λ = 0): kept, and put back as soon as the settings allow them.
const RESTORABLE = /** @type {const} */ (['items', 'nh', 'lambda', 'sigmaMin']);
/** @type {Partial<PageState>} */
let wanted = {};

// A settings slider is being dragged (input events until its release): the view may draw a preview,
// and the release (which repeats the last value) shows it again in full.
let dragging = false;

/** @typedef {{ commit: boolean, dragging?: boolean }} EditOptions */
/** @param {Partial<PageState>} patch @param {EditOptions} options */
function applyPatch(patch, { commit, dragging: moving = false }) {
  // A view left while its animation moves a setting (the λ sweep) gives the user's value back
  // first, into the animation's own history entry: the view change's entry, and Back from it,
  // then hold the user's λ, not the sweep's of the moment.
  if ('view' in patch && patch.view !== state.view && shownView) {
    const handed = shownView.instance.leave?.() ?? {};
    if (Object.keys(handed).length) {
      for (const key of RESTORABLE) if (key in handed) wanted[key] = handed[key];
      state = { ...state, ...handed };
      history.write(state, { commit: false });
    }
  }
  const before = JSON.stringify(state);
  const atEnd = state.t >= state.T;
  for (const key of RESTORABLE) if (key in patch) wanted[key] = patch[key];
  state = { ...state, ...patch };
  for (const [key, value] of /** @type {Array<[typeof RESTORABLE[number], number]>} */ (Object.entries(wanted))) {
    if (state[key] !== value && !validateState({ ...state, [key]: value }).some((fix) => fix.param === key)) state[key] = value;
  }
  // A cursor at the end of training stays at the end when the training time changes.
  if ('T' in patch && !('t' in patch) && (atEnd || state.t > state.T)) state.t = state.T;
  // A slider's release repeats its last input: nothing changed, nothing to show again but the
  // full drawing of what the drag previewed.
  const released = dragging && !moving;
  dragging = moving;
  const changed = JSON.stringify(state) !== before;
  if (moving && shownView !== null && shownView === views.get(state.view)) {
    // A drag's input: the view on screen first (its engine work starts at once), the rest of the
    // page once the preview is drawn.
    if (changed) shownView.instance.show(state, { dragging });
    syncAfterDrawing(() => {
      showEditNotices();
      history.write(state, { commit: false });
      syncPage();
    });
    return;
  }
  // Anything else comes after what a drag left to do (its first input's history entry first).
  syncPending?.run();
  showEditNotices();
  history.write(state, { commit });
  if (changed || released) render({ dragging });
}

// The notices say what the settings are now; one that no longer applies goes.
function showEditNotices() {
  notices.clearPrefix('edit:');
  for (const fix of validateState(state, { edit: true })) notices.show(`edit:${fix.param}`, fix.message, { level: 'info' });
}

// What a drag's input leaves for later: the notices, the address bar and the settings panel follow
// once the view's preview has been drawn and painted (charts/setup.js), at the latest after
// SYNC_LATEST_MS, so that neither the engine's start nor the preview's frame waits for them; a
// newer input's replaces an older one's, and any other edit runs it first.
const SYNC_LATEST_MS = 100;
/** @type {{ run: () => void, cancel: () => void } | null} */
let syncPending = null;
/** @param {() => void} sync */
function syncAfterDrawing(sync) {
  syncPending?.cancel();
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {() => void} */
  let takeBack = () => {};
  const pending = {
    run() {
      if (syncPending !== pending) return;
      syncPending = null;
      pending.cancel();
      sync();
    },
    cancel() {
      clearTimeout(timer);
      takeBack();
    },
  };
  syncPending = pending;
  timer = setTimeout(pending.run, SYNC_LATEST_MS);
  takeBack = afterNextDraw(pending.run);
}

// The page around the view: the settings panel, the notices that follow the state, the layout.
function syncPage() {
  controls.sync(state);
  // Notices that follow the state: settings kept but unused with this shape, and "nothing to
  // download", which was said of the view and settings shown before.
  const shape = shapeNotices(state);
  for (const param of ['lambdas', 'unit']) notices.sync(`shape:${param}`, shape.find((n) => n.param === param)?.message ?? '', { level: 'info' });
  notices.clear('download');
  document.body.classList.toggle('embed', state.embed);
  document.body.classList.toggle('present', state.present);
  matchChartFonts();
  setAttribute(document.body, 'data-current-view', state.view);
  // The settings panel: for a view that uses some settings, and in an embed only if it keeps its λ.
  const catalogued = viewEntry(state.view);
  setAttribute(document.body, 'data-sidebar', catalogued.settings.length > 0 && (!state.embed || catalogued.inEmbed) ? 'shown' : 'hidden');
  setAttribute($('#full-view'), 'href', `?${serializeState({ ...state, embed: false })}`);
  for (const button of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.view-switch [data-view]'))) {
    setAttribute(button, 'aria-pressed', String(button.dataset.view === state.view));
  }
  presets.sync(state);
}

// Shows the state: the settings panel, the layout, then the view (which computes what it needs).
function render({ dragging = false } = {}) {
  syncPage();
  if (!views.get(state.view).module) {
    // The view it leaves goes at once (its animations stop, its engine work is parked); the new
    // one is shown once its module has loaded.
    if (shownView) {
      shownView.instance.hide();
      shownView.container.hidden = true;
      shownView = null;
    }
    loadView(state.view);
    return;
  }
  const entry = viewFor(state.view);
  if (shownView && shownView !== entry) {
    shownView.instance.hide();
    shownView.container.hidden = true;
  }
  entry.container.hidden = false;
  entry.instance.frame.show();
  shownView = entry;
  entry.instance.show(state, { dragging });
}

// The view switch: one button per view of the catalog. It changes the view and nothing else: the
// settings are the user's.
for (const { id, label } of VIEW_CATALOG) {
  const button = el('button', { type: 'button', 'data-view': id, id: `view-${id}`, 'aria-pressed': 'false', text: label });
  button.addEventListener('click', () => applyPatch({ view: /** @type {ViewId} */ (id) }, { commit: true }));
  $('.view-switch').append(button);
}

showUrlNotices(urlNotices);
history.replace(state);
// The first view's charts (a long task) are built once the engine's workers are running and have
// the compiled wasm: the browser starts a worker and delivers the compiled module only when this
// thread is free, and the first results wait for both (bench/README.md, "First visit"). A slow
// network (the wasm still arriving) does not keep the view from its frame and status that long.
const WARM_WAIT_MS = 300;
await Promise.race([scheduler.warm, new Promise((resolve) => setTimeout(resolve, WARM_WAIT_MS))]);
render();
watchForUpdates((notice) => $('#notices').append(notice));
postHeightToParent();
