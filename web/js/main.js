// The page: state from the URL, controls, the engine worker, the panels and the time cursor.
// Data flows one way: an edit patches the state, the state is validated, written to the URL and
// turned into an engine configuration; the result is drawn by every visible panel.
import { parseUrl, validateState, serializeState } from './state/url.js';
import { experimentConfig } from './state/config.js';
import { createHistorySync } from './state/history.js';
import { EngineChannel, Superseded } from './engine/channel.js';
import { PANELS } from './panels/index.js';
import { createCard } from './ui/card.js';
import { createControls } from './ui/controls.js';
import { createTimeline } from './ui/timeline.js';
import { createNotices } from './ui/notices.js';
import { createShare } from './ui/share.js';
import { createExport } from './ui/export.js';
import { createSweep } from './ui/sweep.js';
import { createCompareView } from './views/compare.js';
import { EXPERIMENTS } from './views/index.js';
import { el, bumpCounter } from './ui/dom.js';

const $ = (selector) => document.querySelector(selector);
const notices = createNotices($('#notices'));
const status = $('#status');
const channel = new EngineChannel();

let { state, notices: urlNotices } = parseUrl(location.search);
let current = null; // {config, result, times}

const exportName = () => `lazy-to-rich_lambda${state.lambda}_sigma${state.sigma}_${state.task}`;
const announce = (text) => {
  $('#announcer').textContent = text;
};

const cards = PANELS.map((panel) => {
  const card = createCard($('#panels'), { id: panel.id, title: panel.title, caption: panel.caption, exportName });
  return { panel, card, view: panel.create(card) };
});

const controls = createControls($('#controls'), (patch, options) => applyPatch(patch, options));
const timeline = createTimeline($('#timeline'), {
  onTime(time, { commit }) {
    state.t = time;
    drawCursor();
    history.write(state, { commit });
  },
});
const history = createHistorySync({
  onRestore(search) {
    const parsed = parseUrl(search);
    state = parsed.state;
    showUrlNotices(parsed.notices);
    render();
  },
});
const compare = createCompareView($('#compare'), {
  notices,
  exportName,
  onChange: (patch, options) => applyPatch(patch, options),
  onComputed(times, message) {
    timeline.setTimes(times, state.t);
    status.textContent = message;
  },
});
// The paper's experiments, each created the first time it is shown.
const experiments = new Map(EXPERIMENTS.map((view) => [view.id, { view, instance: null, container: null }]));
const experimentContext = {
  notices,
  exportName,
  onChange: (patch, options) => applyPatch(patch, options),
  setStatus: (text) => {
    status.textContent = text;
  },
  setBusy: (busy) => setBusy(busy),
};
function experimentFor(id) {
  const entry = experiments.get(id);
  if (!entry.instance) {
    entry.container = el('div', { class: 'experiment', id: `view-${id}-content` });
    $('#experiments').append(entry.container);
    entry.instance = entry.view.create(entry.container, experimentContext);
  }
  return entry;
}

createShare($('#share'), { getState: () => state, announce });
createExport($('#share'), { getCurrent: () => current, exportName });
createSweep($('#sweep'), {
  getState: () => state,
  onLambda: (lambda, options) => applyPatch({ lambda }, options),
});

function showUrlNotices(list) {
  notices.clearPrefix('url:');
  for (const notice of list) notices.show(`url:${notice.param}`, notice.message);
}

function applyPatch(patch, { commit }) {
  const before = JSON.stringify(state);
  state = { ...state, ...patch };
  if ('T' in patch && state.t >= Math.min(patch.T, current?.times.at(-1) ?? Infinity)) state.t = patch.T;
  const fixes = validateState(state);
  for (const fix of fixes) notices.show(`edit:${fix.param}`, fix.message);
  history.write(state, { commit });
  // A slider's release repeats its last input: nothing changed, nothing to recompute.
  if (JSON.stringify(state) !== before) render();
}

// Shows the state: controls, layout, then a (superseding) request to the engine.
function render() {
  controls.sync(state);
  document.body.classList.toggle('embed', state.embed);
  $('#full-view').href = `?${serializeState({ ...state, embed: false })}`;
  document.body.dataset.view = state.view;
  for (const button of document.querySelectorAll('[data-view]')) {
    button.setAttribute('aria-pressed', String(button.dataset.view === state.view));
  }
  $('#panels').hidden = state.view !== 'single';
  $('#compare').hidden = state.view !== 'compare';
  $('#timeline').hidden = state.view !== 'single' && state.view !== 'compare';
  for (const { panel, card } of cards) card.setHidden(!state.panels.includes(panel.id));
  for (const [id, entry] of experiments) if (entry.container) entry.container.hidden = id !== state.view;
  if (state.view === 'single') {
    compute();
  } else if (state.view === 'compare') {
    compare.show(state);
  } else {
    experimentFor(state.view).instance.show(state);
  }
}

async function compute() {
  const visible = cards.filter(({ panel }) => state.panels.includes(panel.id));
  const metrics = visible.flatMap(({ panel }) => panel.metrics);
  const config = experimentConfig(state, metrics);
  setBusy(true);
  try {
    const { results: [result], milliseconds } = await channel.run([config]);
    current = { config, result, times: result.times };
    notices.clearPrefix('engine:');
    reportTrajectoryProblems(result);
    timeline.setTimes(result.times, state.t);
    // New data first, then everything that depends on the time cursor (drawn once).
    const view = cursorView();
    for (const { view: panelView } of visible) panelView.update({ ...view, result, times: result.times });
    drawCursor();
    status.textContent = `Computed in ${milliseconds.toFixed(0)} ms (simulation and exact solution, ${result.times.length} time points).`;
    bumpCounter('rendered');
  } catch (error) {
    if (error instanceof Superseded) return;
    notices.show('engine:error', `The engine could not run this configuration: ${error.message}`, { level: 'error' });
    status.textContent = 'Not computed (see the notice above).';
  } finally {
    setBusy(channel.busy);
  }
}

function reportTrajectoryProblems(result) {
  if (result.simulation?.diverged) {
    notices.show('engine:diverged', `Simulation: ${result.simulation.diverged.message}. Lower the learning rate; the exact curves are unaffected.`);
  }
  if (result.exactUnavailable) notices.show('engine:exact', `No exact curve: ${result.exactUnavailable}.`, { level: 'info' });
}

function cursorView() {
  const index = timeline.setTime(state.t);
  return { state, index, time: current ? current.times[index] : state.t };
}

function drawCursor() {
  if (state.view === 'compare') return compare.setTime(state.t);
  if (!current) return;
  const view = cursorView();
  for (const { panel, view: panelView } of cards) if (state.panels.includes(panel.id)) panelView.setTime(view);
}

function setBusy(busy) {
  document.body.classList.toggle('busy', busy);
  $('#busy').hidden = !busy;
}

// The view switch. An experiment opens with its paper preset, unless it is already showing.
for (const button of document.querySelectorAll('[data-view]')) {
  button.addEventListener('click', () => {
    const id = button.dataset.view;
    const preset = id !== state.view ? experiments.get(id)?.view.preset ?? {} : {};
    applyPatch({ ...structuredClone(preset), view: id }, { commit: true });
  });
}

showUrlNotices(urlNotices);
history.replace(state);
render();
