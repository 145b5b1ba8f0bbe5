// The control panel: every setting of the experiment, labelled and keyboard-operable. It reports
// edits as patches of the state; main.js validates and applies them and calls sync() back.
import { PARAM_BY_KEY, LAMBDA_SLIDER, LOG_SIGMA_SLIDER, PANEL_IDS } from '../state/schema.js';
import { viewEntry, byId, PANEL_CATALOG } from '../catalog.js';
import { lambdaRange, taskDims, isBalancedInit } from '../state/shape.js';
import { createNumberField, createSelectField, createSlider } from './fields.js';
import { createSpectrumEditor } from './spectrum-editor.js';
import { lookup, LOCAL } from '../data/store.js';
import { isWhite } from '../data/whitening.js';
import { balanceOf, BALANCE_TOLERANCE } from '../data/weights.js';
import { formatNumber } from '../charts/ticks.js';
import { el, setAttribute, setDisabled, setHidden, setText } from './dom.js';
import { serializeState } from '../state/url.js';
/** @import { PageState, PanelId } from '../state/schema.js' */
/** @import { SettingsGroup } from '../catalog.js' */
/** @import { EditOptions } from './fields.js' */

// What the user's data are and whether the link carries them.
/** @param {PageState} state */
function dataSummary(state) {
  const data = lookup('data', state.data);
  if (!data) return 'No data yet: enter them with “Your data…”.';
  const where = state.data === LOCAL ? 'Too large for a link: they stay in this page, and a shared link will not contain them.'
    : 'They are in the link (compressed).';
  return `X: ${data.X.length} inputs × ${data.X[0].length} items, Y: ${data.Y.length} outputs; ${data.whiten ? 'whitened' : isWhite(data.X) ? 'used as they are (already white)' : 'X used as it is (not white: exact curves only for aligned weights when X Xᵀ/P shares Σyx’s input directions)'}. ${where}`;
}

// The λ read off the user's weights and whether they are balanced (`readOff`: balanceOf of them).
/** @param {PageState} state @param {{ W1: number[][], W2: number[][] } | null | undefined} weights @param {{ lambda: number, deviation: number }} readOff */
function weightsSummary(state, weights, readOff) {
  if (!weights) return 'No weights yet: enter them with “Your weights…”.';
  const { lambda, deviation } = readOff;
  const balance = deviation <= BALANCE_TOLERANCE ? 'λ-balanced: the exact solution applies'
    : `no exact solution: the weights are not λ-balanced (deviation ${formatNumber(deviation)})`;
  const where = state.weights === LOCAL ? ' Too large for a link: a shared link will not contain them.' : '';
  return `W1: ${weights.W1.length} × ${weights.W1[0].length}, W2: ${weights.W2.length} × ${weights.W2[0].length}; λ = ${formatNumber(lambda)} read off them, ${balance}.${where}`;
}

/** @param {keyof PageState} key */
function limitsOf(key) {
  const p = PARAM_BY_KEY[key];
  return { min: p.min, max: p.max, integer: p.kind === 'int' };
}

// openData / openWeights: open the dialogs for the user's own data and weights.
/**
 * @param {HTMLElement} form @param {(patch: Partial<PageState>, options: EditOptions) => void} onChange
 * @param {{ openData?: () => void, openWeights?: () => void }} [dialogs]
 */
export function createControls(form, onChange, { openData = () => {}, openWeights = () => {} } = {}) {
  /** @param {keyof PageState} key @returns {(value: unknown, options: EditOptions) => void} */
  const set = (key) => (value, options) => onChange({ [key]: value }, options);
  /** @type {PageState} */
  let current = null;

  const lambdaSlider = createSlider({ id: 'lambda-slider', label: 'λ — relative scale (slider)', ...LAMBDA_SLIDER, onValue: set('lambda') });
  const lambda = createNumberField({ id: 'lambda-number', label: 'λ (any admissible value)', ...limitsOf('lambda'), onValue: set('lambda') });
  const sigmaSlider = createSlider({ id: 'sigma-slider', label: 'σ — absolute scale (log slider)', ...LOG_SIGMA_SLIDER,
    toSlider: Math.log10, fromSlider: (s) => Number((10 ** s).toPrecision(3)), onValue: set('sigma') });
  const sigma = createNumberField({ id: 'sigma-number', label: 'σ', ...limitsOf('sigma'), onValue: set('sigma') });
  // Choosing your own weights or data before there are any opens the dialog; the choice is made
  // when they are applied.
  const init = createSelectField({ id: 'init-select', label: 'Initialization', options: [
    ['balanced', 'λ-balanced (random)'], ['aligned', 'λ-balanced, aligned with the task'],
    ['gaussian', 'Gaussian (not balanced)'], ['lecun', 'LeCun (not balanced)'], ['explicit', 'Your weights…']],
  onValue: (value, options) => {
    if (value === 'explicit' && !lookup('weights', current.weights)) {
      init.setValue(current.init);
      openWeights();
    } else onChange({ init: value }, options);
  } });
  const weightsButton = el('button', { type: 'button', class: 'data-button', id: 'weights-open', text: 'Your weights…', onclick: () => openWeights() });
  const weightsNote = el('p', { class: 'field-hint data-note', id: 'weights-summary', 'aria-live': 'polite' });
  const seed = createNumberField({ label: 'Initialization seed', ...limitsOf('seed'), onValue: set('seed') });
  // The paper's authors draw each layer with scale σ; this explorable scales the network function.
  const scaleOf = createSelectField({ label: 'σ scales', onValue: set('scaleOf'), options: [
    ['product', 'W₂W₁ (this explorable)'], ['factors', 'each layer (the paper’s authors)']] });

  const ni = createNumberField({ label: 'Input units Ni', ...limitsOf('ni'), onValue: set('ni') });
  const nh = createNumberField({ id: 'nh-number', label: 'Hidden units Nh', ...limitsOf('nh'), onValue: set('nh') });
  const layers = createNumberField({ id: 'layers-number', label: 'Weight layers L', ...limitsOf('layers'), onValue: set('layers') });
  const no = createNumberField({ label: 'Output units No', ...limitsOf('no'), onValue: set('no') });
  const shapeNote = el('p', { class: 'shape-note', id: 'shape-note', 'aria-live': 'polite' });

  const task = createSelectField({ id: 'task-select', label: 'Task', options: [['random', 'Random regression'], ['hierarchy', 'Semantic hierarchy'],
    ['spectrum', 'Designed by its spectrum'], ['data', 'Your data…']],
  onValue: (value, options) => {
    if (value === 'data' && !lookup('data', current.data)) {
      task.setValue(current.task);
      openData();
    } else onChange({ task: value }, options);
  } });
  const spectrum = createSpectrumEditor(onChange);
  const dataButton = el('button', { type: 'button', class: 'data-button', id: 'data-open', text: 'Your data…', onclick: () => openData() });
  const dataNote = el('p', { class: 'field-hint data-note', id: 'data-summary', 'aria-live': 'polite' });
  const items = createNumberField({ label: 'Items P', ...limitsOf('items'), onValue: set('items') });
  const taskSeed = createNumberField({ label: 'Task seed', ...limitsOf('taskSeed'), onValue: set('taskSeed') });
  const depth = createNumberField({ label: 'Hierarchy depth', ...limitsOf('depth'), onValue: set('depth') });
  const features = createSelectField({ label: 'Hierarchy features', onValue: set('features'), options: [
    ['nodes', 'one 0/1 output per tree node'], ['contrasts', 'the paper’s ±1 features (2^depth of them)']] });

  const lr = createNumberField({ label: 'Learning rate η', ...limitsOf('lr'), onValue: set('lr') });
  const T = createNumberField({ id: 'training-time', label: 'Training time', ...limitsOf('T'), onValue: set('T') });

  const panelBoxes = PANEL_IDS.map((id) => {
    const box = el('input', { type: 'checkbox', id: `show-${id}`, value: id });
    box.addEventListener('change', () => {
      const shown = /** @type {PanelId[]} */ (panelBoxes.filter((b) => b.checked).map((b) => b.value));
      if (shown.length === 0) box.checked = true; // keep at least one panel
      else onChange({ panels: shown }, { commit: true });
    });
    return box;
  });

  // The groups of settings (catalog.js names them; a view shows the ones it uses).
  /** @type {Record<import('../catalog.js').SettingsGroup, HTMLElement>} */
  const groups = {
    init: el('fieldset', { class: 'settings-init' }, el('legend', { text: 'Initialization' }),
      lambdaSlider.element, lambda.element, sigmaSlider.element, sigma.element, init.element, weightsButton, weightsNote, scaleOf.element, seed.element),
    shape: el('fieldset', { class: 'settings-shape' }, el('legend', { text: 'Network shape' }), ni.element, nh.element, no.element, layers.element, shapeNote),
    task: el('fieldset', { class: 'settings-task' }, el('legend', { text: 'Task' }), task.element, dataButton, dataNote, spectrum.element,
      items.element, taskSeed.element, depth.element, features.element),
    training: el('fieldset', { class: 'settings-training' }, el('legend', { text: 'Training' }), lr.element, T.element),
    panels: el('fieldset', { class: 'settings-panels panel-choice' }, el('legend', { text: 'Panels shown' }),
      panelBoxes.map((box) => el('label', { class: 'check' }, box, ` ${byId(PANEL_CATALOG, box.value).label}`))),
  };
  // The sticky λ/σ block on a narrow (or zoomed) page can fold to one button row, and stays so while
  // the page is open (the state of this form, not of the link). Presenter mode has a way out.
  const collapse = el('button', { type: 'button', class: 'settings-collapse', 'aria-expanded': 'true', 'aria-controls': 'controls' });
  /** @param {boolean} collapsed */
  const setCollapsed = (collapsed) => {
    form.classList.toggle('collapsed', collapsed);
    collapse.setAttribute('aria-expanded', String(!collapsed));
    collapse.textContent = collapsed ? 'Show the settings' : 'Hide the settings';
  };
  setCollapsed(false);
  collapse.addEventListener('click', () => setCollapsed(collapse.getAttribute('aria-expanded') === 'true'));
  const leavePresent = el('a', { class: 'leave-present', text: 'Leave presenter mode' });
  form.append(groups.init, el('div', { class: 'settings-bar' }, collapse, leavePresent),
    // On a phone the charts come right after λ and σ: the rest folds away (open on wide screens).
    el('details', { class: 'more-settings', open: window.matchMedia('(min-width: 56rem)').matches },
      el('summary', { text: 'More settings' }), groups.shape, groups.task, groups.training, groups.panels));

  return {
    // Shows the state, with the groups of settings the view on screen uses (catalog.js).
    /** @param {PageState} state */
    sync(state) {
      setAttribute(leavePresent, 'href', `?${serializeState({ ...state, present: false })}`);
      const view = viewEntry(state.view);
      for (const [name, group] of Object.entries(groups)) setHidden(group, !view.settings.includes(/** @type {SettingsGroup} */ (name)));
      // Why the view on screen does not use this λ ('' when it does).
      const unusedLambda = view.lambdaUnused ?? '';
      current = state;
      const dims = taskDims(state);
      const range = lambdaRange(dims.ni, state.nh, dims.no);
      const balanced = isBalancedInit(state);
      // One admissible λ (0): the disabled slider keeps its whole range, so that its thumb sits at 0 in
      // the middle, not at the left end where λ = −8 is on every other shape.
      const single = range.min === range.max;
      lambdaSlider.setRange(single ? LAMBDA_SLIDER.min : Math.max(LAMBDA_SLIDER.min, range.min), single ? LAMBDA_SLIDER.max : Math.min(LAMBDA_SLIDER.max, range.max));
      lambda.setLimits(range.min, range.max, range.reason ? `not admissible: ${range.reason}` : '');
      // With the user's weights, λ is theirs: shown as read off them (the setting is not used).
      const weights = state.init === 'explicit' ? lookup('weights', state.weights) : null;
      const readOff = weights ? balanceOf(weights.W1, weights.W2) : null; // once per sync: it also feeds the note below
      const shownLambda = readOff ? Number(readOff.lambda.toPrecision(10)) : state.lambda;
      lambdaSlider.setValue(shownLambda);
      lambda.setValue(shownLambda);
      // A view that compares its own list of λ (or sweeps λ) would change nothing with this one
      // (presenter mode, which shows only the λ slider and none of its hints, then hides it: app.css).
      setAttribute(document.body, 'data-lambda-used', String(!unusedLambda));
      lambda.setDisabled(!balanced || Boolean(unusedLambda));
      setDisabled(lambdaSlider.input, !balanced || Boolean(unusedLambda) || range.min === range.max);
      lambda.setHint(unusedLambda ? `Not used here: ${unusedLambda}`
        : balanced ? '' : state.init === 'explicit' ? 'λ is read off your weights (below).'
          : 'λ is read off the weights: this initialization is not λ-balanced, so only the simulation is drawn.');
      // A live region: it speaks only where the shape settings are shown, and only when it changes.
      const shapeText = !view.settings.includes('shape') ? '' : range.reason ? `Admissible λ: ${range.reason}.` : 'Any λ is admissible for this shape.';
      if (shapeNote.textContent !== shapeText) shapeNote.textContent = shapeText;
      sigmaSlider.setValue(state.sigma);
      sigma.setValue(state.sigma);
      sigma.setDisabled(state.init === 'lecun');
      setDisabled(sigmaSlider.input, state.init === 'lecun');
      init.setValue(state.init);
      scaleOf.setValue(state.scaleOf);
      setHidden(scaleOf.element, !balanced);
      seed.setValue(state.seed);
      setHidden(seed.element, state.init === 'explicit');
      setHidden(sigma.element, state.init === 'explicit');
      setHidden(sigmaSlider.element, state.init === 'explicit');
      const explicit = state.init === 'explicit';
      setHidden(weightsButton, !explicit);
      setHidden(weightsNote, !explicit);
      if (explicit) setText(weightsNote, weightsSummary(state, weights, readOff));
      const hierarchy = state.task === 'hierarchy', data = state.task === 'data';
      ni.setValue(dims.ni);
      no.setValue(dims.no);
      ni.setDisabled(hierarchy || data || explicit);
      no.setDisabled(hierarchy || data || explicit);
      nh.setDisabled(explicit);
      ni.setHint(hierarchy ? `fixed by the hierarchy: 2^depth = ${dims.ni} items` : data ? 'fixed by your data (rows of X)' : explicit ? 'fixed by your weights' : '');
      no.setHint(hierarchy ? (state.features === 'contrasts' ? `one ±1 feature per internal node and a constant one: ${dims.no}` : `one per tree node: ${dims.no}`)
        : data ? 'fixed by your data (rows of Y)' : explicit ? 'fixed by your weights' : '');
      nh.setHint(explicit ? 'fixed by your weights (rows of W1)' : '');
      layers.setValue(state.layers);
      const deepHere = view.deep;
      layers.setDisabled(explicit || !deepHere);
      layers.setHint(explicit ? 'your weights are two layers'
        : !deepHere ? 'Not used here: this view’s experiments are two-layer networks.'
          : state.layers > 2 ? `${state.layers} layers, every hidden layer Nh wide: exact curves from weights aligned with the task (Initialization), gradient descent only otherwise`
            : 'L = 2 has the exact solution from any λ-balanced weights; deeper networks from aligned weights');
      nh.setValue(state.nh);
      nh.setLimits(Math.min(dims.ni, dims.no), Infinity, `at least min(Ni, No) = ${Math.min(dims.ni, dims.no)}: a narrower hidden layer is a bottleneck`);
      task.setValue(state.task);
      items.setValue(state.items);
      taskSeed.setValue(state.taskSeed);
      items.setLimits(dims.ni, Infinity, `at least Ni = ${dims.ni}, so that the inputs can be whitened`);
      setHidden(items.element, state.task !== 'random');
      setHidden(taskSeed.element, !(state.task === 'random' || (state.task === 'spectrum' && state.vectors === 'random')));
      setHidden(spectrum.element, state.task !== 'spectrum');
      if (state.task === 'spectrum') spectrum.sync(state);
      setHidden(dataButton, !data);
      setHidden(dataNote, !data);
      if (data) setText(dataNote, dataSummary(state));
      setHidden(depth.element, !hierarchy);
      depth.setValue(state.depth);
      setHidden(features.element, !hierarchy);
      features.setValue(state.features);
      lr.setValue(state.lr);
      T.setValue(state.T);
      for (const box of panelBoxes) box.checked = state.panels.includes(/** @type {PanelId} */ (box.value));
    },
  };
}
