// The network's output for each item over training (Figures 1B and 2), and the entries of the
// network function W2 W1.
import { createTrajectoryChart, setTrajectories, setCursor, entrySeries } from '../charts/trajectory-chart.js';
import { curveColor } from '../charts/palette.js';
import { el } from '../ui/dom.js';
/** @import { Panel } from './index.js' */

const MAX_CURVES = 40;

/** @type {Panel} */
export default {
  id: 'outputs',
  title: 'Network output',
  caption: 'Left: the output of one unit for every item (one colour per item) as the network learns. ' +
    'Right: the entries of the network function W₂W₁. Small λ (near 0) gives sigmoidal, stage-like curves; large |λ| gives smooth, exponential ones.',
  metrics: ['outputs', 'networkFunction'],
  create(card, context) {
    const select = el('select', { id: 'outputs-unit', 'aria-label': 'Output unit shown' });
    card.controls.append(el('label', { for: 'outputs-unit', text: 'output unit ' }), select);
    // The unit shown is part of the view: it goes into the URL.
    select.addEventListener('change', () => context.onChange({ unit: Number(select.value) + 1 }, { commit: true }));
    const outputs = createTrajectoryChart(card.addChart('outputs', 'Output of the selected unit for each item'), { yTitle: 'output' });
    const fn = createTrajectoryChart(card.addChart('network-function', 'Entries of the network function W₂W₁'), { yTitle: 'W₂W₁ entry', legend: false });
    card.charts.push(outputs, fn);
    /** @type {import('./index.js').PanelView | null} */
    let last = null;

    const drawOutputs = () => {
      const { result, times } = last;
      const unit = Math.min(result.dims.output, last.state.unit ?? 1) - 1;
      select.value = String(unit);
      const items = result.items;
      const curves = [];
      for (let p = 0; p < Math.min(items, MAX_CURVES); p++) {
        curves.push({ label: `item ${p + 1}`, color: curveColor(p),
          simulation: entrySeries(result.simulation?.outputs, unit, p), exact: entrySeries(result.exact?.outputs, unit, p) });
      }
      outputs.options.plugins.legend.display = items <= 8;
      setTrajectories(outputs, times, curves, { divergedAt: result.simulation?.diverged?.time });
    };

    return {
      update(view) {
        last = view;
        const { result, times } = view;
        const { output: no, input: ni } = result.dims;
        if (select.options.length !== no) {
          select.replaceChildren(...Array.from({ length: no }, (_, o) => el('option', { value: o, text: String(o + 1) })));
        }
        drawOutputs();
        const curves = [];
        for (let o = 0; o < no; o++) {
          for (let i = 0; i < ni && curves.length < MAX_CURVES; i++) {
            curves.push({ label: `W[${o + 1},${i + 1}]`, color: curveColor(o * ni + i),
              simulation: entrySeries(result.simulation?.networkFunction, o, i), exact: entrySeries(result.exact?.networkFunction, o, i) });
          }
        }
        setTrajectories(fn, times, curves, { divergedAt: result.simulation?.diverged?.time });
      },
      setTime({ time, state }) {
        // The unit shown is a setting that needs no new computation.
        if (last && state.unit !== last.state.unit) {
          last = { ...last, state };
          drawOutputs();
        }
        setCursor(outputs, time);
        setCursor(fn, time);
      },
    };
  },
};
