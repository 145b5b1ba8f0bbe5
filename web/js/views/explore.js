// "Explore λ": one network at the chosen λ, the simulation and the exact solution on top of each
// other in every panel, a time cursor with play, and "Sweep λ", which animates λ. The panels are in
// panels/; what must be said about a trajectory (divergence, step size) in experiments/trajectory-notes.js.
import { experimentConfig } from '../state/config.js';
import { PANELS } from '../panels/index.js';
import { whenDrawn } from '../charts/setup.js';
import { createCard } from '../ui/card.js';
import { createTimeline } from '../ui/timeline.js';
import { createSweep } from '../ui/sweep.js';
import { resultToCsv } from '../ui/export.js';
import { bumpCounter } from '../ui/dom.js';
import { toPlain } from '../../wasm/ldyn.mjs';
import { trajectoryNotes } from '../experiments/trajectory-notes.js';
import { createViewFrame } from './frame.js';

export default {
  id: 'single',
  title: 'Explore λ',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'single', title: 'One network, one λ', context,
      intro: ['The simulation (solid) and the exact solution (dotted) of one network at the λ and σ of the settings, over the training time. ' +
        'Move the time cursor to see the hidden representations and the kernel at that moment; “Sweep λ” moves λ across its range.'] });
    const timeline = createTimeline(frame.toolbar, { onTime: (time, options) => context.onChange({ t: time }, options) });
    const sweep = createSweep(frame.toolbar, { getState: context.getState, onLambda: (lambda, options) => context.onChange({ lambda }, options) });
    const cards = PANELS.map((panel) => {
      const card = createCard(frame.body, { id: panel.id, title: panel.title, caption: panel.caption, exportName: context.exportName, describe: context.describe });
      return { panel, card, view: panel.create(card, context) };
    });
    let current = null; // {key, config, result}
    let state = null;

    const visible = () => cards.filter(({ panel }) => state.panels.includes(panel.id));
    const cursor = () => {
      const index = timeline.setTime(state.t);
      return { state, index, time: current ? current.result.times[index] : state.t };
    };
    const drawCursor = () => {
      if (!current) return;
      const at = cursor();
      for (const { view } of visible()) view.setTime({ ...at, result: current.result, times: current.result.times });
    };

    const draw = (config, result, key) => {
      current = { key, config, result };
      timeline.setTimes(result.times, state.t);
      const at = cursor();
      for (const { view } of visible()) view.update({ ...at, result, times: result.times });
      drawCursor();
      frame.notices.clearPrefix('result:');
      for (const note of trajectoryNotes(result, config)) frame.notices.show(`result:${note.key}`, note.text, { level: note.level });
      whenDrawn().then(() => bumpCounter('rendered'));
    };

    const compute = (key, config) => frame.runJob({
      key,
      what: 'Training',
      failure: 'The engine could not run these settings',
      work: async (progress, submit) => (await submit([config], { onProgress: progress })).results[0],
      onDone(result, seconds) {
        draw(config, result, key);
        return `Computed in ${Math.round(seconds * 1000)} ms (simulation and exact solution, ${result.times.length} time points).`;
      },
    });

    return {
      frame,
      show(newState) {
        state = newState;
        for (const { panel, card } of cards) card.setHidden(!state.panels.includes(panel.id));
        const config = experimentConfig(state, [...new Set(visible().flatMap(({ panel }) => panel.metrics)), 'task']);
        const key = JSON.stringify(config);
        // A new computation draws its own cursor; otherwise only the cursor moves.
        if (!frame.isCurrent(key)) compute(key, config);
        else drawCursor();
      },
      hide() {
        sweep.stop({ commit: false });
        timeline.stop();
        frame.hide();
      },
      exportData() {
        if (!current) return null;
        const { config, result } = current;
        return { csv: () => resultToCsv(result), json: () => ({ link: location.href, config, result: toPlain(result) }) };
      },
    };
  },
};
