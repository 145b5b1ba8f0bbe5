// "Explore λ": one network at the chosen λ, the simulation and the exact solution on top of each
// other in every panel, a time cursor with play, and "Sweep λ", which animates λ. The panels are in
// panels/; what must be said about a trajectory (divergence, step size) in experiments/trajectory-notes.js.
import { experimentConfig } from '../state/config.js';
import { PANELS } from '../panels/index.js';
import { whenDrawn } from '../charts/setup.js';
import { setTimeAxisIn } from '../charts/trajectory-chart.js';
import { timeAxisOf } from '../state/times.js';
import { createTimeAxisField } from '../ui/time-axis.js';
import { createTimeline } from '../ui/timeline.js';
import { createSweep, sweepRange } from '../ui/sweep.js';
import { LAMBDA_SLIDER } from '../state/schema.js';
import { layersOf } from '../state/config.js';
import { resultToCsv, countNumbers } from '../ui/export.js';
import { bumpCounter, whenIdle } from '../ui/dom.js';
import { toPlain } from '../../wasm/ldyn.mjs';
import { trajectoryNotes } from '../experiments/trajectory-notes.js';
import { createViewFrame } from './frame.js';
import { previewConfig, PREVIEW_EVERY, REFINE_AFTER_MS } from './preview.js';
/** @import { View } from './index.js' */
/** @import { Panel, PanelInstance } from '../panels/index.js' */
/** @import { Card } from '../ui/card.js' */
/** @import { Animation } from '../record/record-dialog.js' */
/** @import { Source } from '../record/source.js' */
/** @import { PageState } from '../state/schema.js' */
/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { NoticeLevel } from '../ui/notices.js' */
/** @typedef {{ panel: Panel, card: Card, view: PanelInstance, behind: boolean }} PanelEntry behind: not updated by the latest result (off screen) */

// How many times a configuration records.
/** @param {ExperimentConfig} config */
const timeCount = (config) => ('count' in config.times ? config.times.count : config.times.length);

/** @type {View} */
export default {
  id: 'single',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'single', context,
      intro: ['The simulation (solid) and the exact solution (dotted) of one network at the λ and σ of the settings, over the training time.',
        'Move the time cursor to see the hidden representations and the kernel at that moment; “Sweep λ” moves λ across its range.'] });
    const timeline = createTimeline(frame.toolbar, { onTime: (time, options) => context.onChange({ t: time }, options) });
    const timeAxis = createTimeAxisField(frame.toolbar, { onValue: (axis) => context.onChange({ timeAxis: axis }, { commit: true }) });
    const sweep = createSweep(frame.toolbar, { getState: context.getState, onLambda: (lambda, options) => context.onChange({ lambda }, options) });
    /** @type {{ key: string, config: ExperimentConfig, result: ExperimentResult } | null} */
    let current = null; // what is drawn
    /** @type {PageState} */
    let state = null;
    /** @type {Promise<unknown>} */
    let pending = Promise.resolve(); // the job of the latest settings (always settles)
    const settle = async () => {
      await pending;
      await whenDrawn();
    };
    // A panel's video: the time cursor played, or λ swept, each frame drawn before it is captured.
    /** @param {Panel} panel @returns {(what: { source: Source }) => void} */
    const record = (panel) => ({ source }) => {
      timeline.stop();
      sweep.stop(); // the user's λ back first: the recording starts from it and returns to it
      if (!current) return;
      const start = { t: state.t, lambda: state.lambda };
      /** @type {Animation[]} */
      const animations = [{ id: 'time', label: 'play the time cursor',
        /** @param {number} f */
        async advance(f) {
          const times = current.result.times;
          context.onChange({ t: Number(times[Math.round(f * (times.length - 1))].toPrecision(6)) }, { commit: false });
          await settle();
        },
        async restore() {
          context.onChange({ t: start.t }, { commit: false });
          await settle();
        } }];
      const { lo, hi } = sweepRange(state);
      if (hi > lo) {
        animations.push({ id: 'sweep', label: `sweep λ from ${lo} to ${hi}`,
          /** @param {number} f */
          async advance(f) {
            context.onChange({ lambda: Number((Math.round((lo + f * (hi - lo)) / LAMBDA_SLIDER.step) * LAMBDA_SLIDER.step).toFixed(2)) }, { commit: false });
            await settle();
          },
          async restore() {
            context.onChange({ lambda: start.lambda }, { commit: false });
            await settle();
          } });
      }
      // The recorder loads with the first recording (on-demand.js: not part of the page's first download).
      import('../on-demand.js').then(({ createRecordDialog }) => createRecordDialog()
        .open({ title: panel.title, lines: () => [context.describe()], source, animations, fileName: `${context.exportName()}_${panel.id}` }));
    };
    // The panels are built out of the document and put in at once: a Chart.js chart made on an
    // attached canvas reads its size (a layout of the page, with every card so far) and draws itself
    // empty, then again when the next cards change the grid; made detached, each chart waits for
    // the insertion and is sized and drawn once (bench/README.md, "First visit").
    const bodyPlace = frame.body.nextSibling;
    frame.body.remove();
    /** @type {PanelEntry[]} */
    const cards = PANELS.map((panel) => {
      const card = frame.addCard({ id: panel.id, title: panel.title, caption: panel.caption, record: record(panel) });
      return { panel, card, view: panel.create(card, context), behind: false };
    });
    container.insertBefore(frame.body, bodyPlace);
    // A result is drawn first in the panels in sight or nearly (at 1280 × 900 loss and singular
    // values; outputs start just below): the others' charts, heatmaps and tables would cost most of
    // a drag's move and half of a first visit. A full result then brings the panels left behind up
    // to date in idle time, one at a time; a drag's preview leaves them as they are. A panel left
    // behind is also brought up as it comes near the window.
    /** @type {Set<PanelEntry>} */
    const onScreen = new Set();
    /** @param {PanelEntry} entry */
    const bringUp = (entry) => {
      entry.behind = false;
      if (!current || !visible().includes(entry)) return;
      const at = cursor();
      entry.view.update({ ...at, result: current.result, times: current.result.times });
      entry.view.setTime({ ...at, result: current.result, times: current.result.times });
    };
    // Brings up the panels behind, one per idle period; settles once none is left, or once a newer
    // result has replaced the one of `key` (which then does its own).
    /** @param {string} key @returns {Promise<void>} */
    const catchUp = (key) => new Promise((resolve) => {
      const step = () => {
        const next = current?.key === key ? visible().find((entry) => entry.behind) : undefined;
        if (!next) return resolve();
        bringUp(next);
        whenIdle(step);
      };
      whenIdle(step);
    });
    const panelObserver = new IntersectionObserver((entries) => {
      for (const { target, isIntersecting } of entries) {
        const entry = cards.find(({ card }) => card.section === target);
        if (!isIntersecting) onScreen.delete(entry);
        else if (!onScreen.has(entry)) {
          onScreen.add(entry);
          if (entry.behind) bringUp(entry);
        }
      }
    }, { rootMargin: '100px 0px' });
    for (const { card } of cards) panelObserver.observe(card.section);

    // The NTK is a two-layer formula: a deep network does not draw it.
    /** @param {Panel} panel */
    const drawable = (panel) => !(panel.twoLayerOnly && layersOf(state) > 2);
    const visible = () => cards.filter(({ panel }) => state.panels.includes(panel.id) && drawable(panel));
    const cursor = () => {
      const index = timeline.setTime(state.t);
      return { state, index, time: current ? current.result.times[index] : state.t };
    };
    const drawCursor = () => {
      if (!current) return;
      const at = cursor();
      for (const { view, behind } of visible()) if (!behind) view.setTime({ ...at, result: current.result, times: current.result.times });
    };

    // body[data-drawn-in-sight] counts results drawn in the panels in sight, body[data-rendered]
    // results drawn in every panel (a preview's: in those in sight).
    /** @param {ExperimentConfig} config @param {ExperimentResult} result @param {string} key @param {{ preview?: boolean }} [options] */
    const draw = (config, result, key, { preview = false } = {}) => {
      current = { key, config, result };
      // The recorded times follow the axis (state/config.js), so a new axis always comes with a new result.
      setTimeAxisIn(frame.body, timeAxisOf(state));
      timeline.setTimes(result.times, state.t, { log: timeAxisOf(state) === 'log' });
      const at = cursor();
      for (const entry of visible()) {
        entry.behind = !onScreen.has(entry);
        if (!entry.behind) entry.view.update({ ...at, result, times: result.times });
      }
      drawCursor();
      frame.notices.clearPrefix('result:');
      for (const note of trajectoryNotes(result, config)) frame.notices.show(`result:${note.key}`, note.text, { level: /** @type {NoticeLevel} */ (note.level), asksToChange: note.asksToChange });
      whenDrawn().then(async () => {
        bumpCounter('drawnInSight');
        if (!preview) {
          await catchUp(key);
          await whenDrawn();
        }
        bumpCounter('rendered');
      });
    };

    // preview: the times of a drag's preview (preview.js), `total` of them in the full computation.
    /** @param {string} key @param {ExperimentConfig} config @param {{ total: number } | null} [preview] */
    const compute = (key, config, preview = null) => frame.runJob({
      key,
      what: preview ? 'Previewing' : 'Training',
      failure: 'The engine could not run these settings',
      staleNote: frame.body.dataset.preview === 'true' ? `Computing every time point: the charts show the drag's last preview (every ${PREVIEW_EVERY}th time point) until then.` : undefined,
      work: async (progress, submit) => (await submit([config], { onProgress: progress })).results[0],
      /** @param {ExperimentResult} result @param {number} seconds */
      onDone(result, seconds) {
        if (frame.body.dataset.preview !== String(Boolean(preview))) frame.body.dataset.preview = String(Boolean(preview));
        draw(config, result, key, { preview: Boolean(preview) });
        const what = result.exact ? 'simulation and exact solution' : result.simulation ? 'simulation only' : 'exact solution only';
        if (preview) {
          return `Preview while the slider moves: ${result.times.length} of ${preview.total} time points, each computed; all ${preview.total} when it stops.`;
        }
        return `Computed in ${Math.round(seconds * 1000)} ms (${what}, ${result.times.length} time points).`;
      },
    });
    // After a drag's last move: the full computation, unless the release has asked for it already.
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let refineTimer;

    return {
      frame,
      show(newState, { dragging = false } = {}) {
        state = newState;
        clearTimeout(refineTimer);
        // The engine's work is asked for first; the panels and notices below are updated meanwhile.
        const config = experimentConfig(state, [...new Set(visible().flatMap(({ panel }) => panel.metrics)), 'task']);
        const key = JSON.stringify(config);
        // While a slider is dragged, a preview at fewer time points (preview.js), replaced by the
        // full computation once the drag ends: at the release, or REFINE_AFTER_MS after the last move.
        const preview = dragging && !frame.isCurrent(key) ? previewConfig(config) : null;
        if (preview) {
          const previewKey = JSON.stringify(preview);
          if (!frame.isCurrent(previewKey)) pending = compute(previewKey, preview, { total: timeCount(config) });
          else drawCursor();
          refineTimer = setTimeout(() => this.show(state), REFINE_AFTER_MS);
        } else if (!frame.isCurrent(key)) {
          pending = compute(key, config); // a new computation draws its own cursor
        } else {
          drawCursor(); // only the cursor moves
        }
        // A slider's drag (λ or σ) changes none of what follows: left as it is, not written again.
        if (dragging) return;
        timeAxis.sync(timeAxisOf(state), state.timeAxis);
        sweep.sync(state);
        for (const { panel, card } of cards) card.setHidden(!state.panels.includes(panel.id) || !drawable(panel));
        frame.notices.clearPrefix('deep:');
        const hiddenHere = cards.filter(({ panel }) => state.panels.includes(panel.id) && !drawable(panel)).map(({ panel }) => panel.title);
        if (layersOf(state) > 2) {
          const hidden = hiddenHere.length ? ` ${hiddenHere.join(' and ')}: defined for two-layer networks only, so not drawn.` : '';
          frame.notices.show('deep:panels', `A network of ${layersOf(state)} weight layers, every hidden layer Nh wide: its panels read it at the first hidden layer ` +
            `(W₁ᵀW₁, and (W_L⋯W₂)(W_L⋯W₂)ᵀ as its output side); where a title says W₂W₁ or W₂W₂ᵀ, read the network function W_L⋯W₁ ` +
            `and (W_L⋯W₂)(W_L⋯W₂)ᵀ. ${state.init === 'aligned' ? 'From weights aligned with the task every mode is one scalar equation, so the exact curves are drawn (dotted).' : 'Exact curves exist for a deep network only from weights aligned with the task (Initialization → “λ-balanced, aligned with the task”): gradient descent only here.'}${hidden}`, { level: 'info' });
        }
      },
      leave: () => sweep.handBack(),
      hide() {
        clearTimeout(refineTimer);
        sweep.stop({ commit: false });
        timeline.stop();
        frame.hide();
      },
      exportData() {
        if (!current) return null;
        const { config, result } = current;
        return { csv: () => resultToCsv(result), json: () => ({ link: location.href, config, result: toPlain(result) }), values: countNumbers(result) };
      },
    };
  },
};
