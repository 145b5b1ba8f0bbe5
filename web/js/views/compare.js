// The compare view: small multiples for several λ values side by side (the paper's Figure 2
// columns) and the family of output curves across λ (Figure 1B). It runs on its own worker.
import { EngineChannel, Superseded } from '../engine/channel.js';
import { experimentConfig } from '../state/config.js';
import { LAMBDA_SLIDER, PARAM_BY_KEY } from '../state/schema.js';
import { lambdaRange, taskDims, isBalancedInit } from '../state/shape.js';
import { createTrajectoryChart, setTrajectories, setCursor, entrySeries } from '../charts/trajectory-chart.js';
import { curveColor, familyColor } from '../charts/palette.js';
import { createCard } from '../ui/card.js';
import { el, clear, bumpCounter } from '../ui/dom.js';

const FAMILY_SIZE = 9;
const MAX_ITEMS = 8;

// Rows of the small multiples: what each shows, from a trajectory's result.
const ROWS = [
  { id: 'loss', label: 'loss', logY: true, curves: (r, which) => [{ label: 'loss', color: curveColor(0), values: r[which]?.loss }] },
  { id: 'outputs', label: 'output (unit 1)', curves: (r, which) => Array.from({ length: Math.min(r.items, MAX_ITEMS) }, (_, p) =>
    ({ label: `item ${p + 1}`, color: curveColor(p), values: entrySeries(r[which]?.outputs, 0, p) })) },
  { id: 'input', label: 'W₁ᵀW₁ diagonal', curves: (r, which) => Array.from({ length: Math.min(r.dims.input, MAX_ITEMS) }, (_, i) =>
    ({ label: `[${i + 1},${i + 1}]`, color: curveColor(i), values: entrySeries(r[which]?.inputRepresentation, i, i) })) },
  { id: 'output', label: 'W₂W₂ᵀ diagonal', curves: (r, which) => Array.from({ length: Math.min(r.dims.output, MAX_ITEMS) }, (_, i) =>
    ({ label: `[${i + 1},${i + 1}]`, color: curveColor(i), values: entrySeries(r[which]?.outputRepresentation, i, i) })) },
  { id: 'kernel', label: 'kernel distance', curves: (r, which) => [{ label: 'kernel distance', color: curveColor(2), values: r[which]?.kernelDistance }] },
];
const METRICS = ['loss', 'outputs', 'representations', 'kernelDistance'];

function familyLambdas(state) {
  const { ni, no } = taskDims(state);
  const range = lambdaRange(ni, state.nh, no);
  const lo = Math.max(LAMBDA_SLIDER.min / 2, range.min), hi = Math.min(LAMBDA_SLIDER.max / 2, range.max);
  if (!(hi > lo)) return [lo];
  return Array.from({ length: FAMILY_SIZE }, (_, i) => Number((lo + ((hi - lo) * i) / (FAMILY_SIZE - 1)).toFixed(2)));
}

export function createCompareView(container, { notices, exportName, onChange, onComputed }) {
  const channel = new EngineChannel();
  const p = PARAM_BY_KEY.lambdas;
  const lambdaInput = el('input', { id: 'compare-lambdas', type: 'text', inputmode: 'decimal', 'aria-describedby': 'compare-lambdas-message' });
  const message = el('span', { id: 'compare-lambdas-message', class: 'field-message', 'aria-live': 'polite' });
  container.append(el('div', { class: 'field compare-field' },
    el('label', { for: 'compare-lambdas', text: `λ values to compare (comma-separated, up to ${p.maxLength})` }), lambdaInput, message));
  lambdaInput.addEventListener('change', () => {
    const values = lambdaInput.value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
    const bad = values.length === 0 || values.length > p.maxLength || values.some((v) => !Number.isFinite(v) || v < p.min || v > p.max);
    message.textContent = bad ? `enter 1 to ${p.maxLength} numbers between ${p.min} and ${p.max}, separated by commas` : '';
    lambdaInput.setAttribute('aria-invalid', String(bad));
    if (!bad) onChange({ lambdas: values }, { commit: true });
  });

  const multiples = createCard(container, { id: 'compare-grid', title: 'Side by side across λ',
    caption: 'Each column is one λ; each row one quantity over training time, simulation solid and exact dotted. ' +
      'Read across a row to see the move from rich (λ near 0, from small weights) to lazy (large |λ|).', exportName });
  const grid = el('div', { class: 'multiples' });
  multiples.body.append(grid);
  const family = createCard(container, { id: 'compare-family', title: 'Output across λ',
    caption: 'The output of unit 1 on item 1 over training for λ across its admissible range (dark blue: most negative, orange: most positive), ' +
      'simulation solid and exact dotted. In a square network the network function is the same for λ and −λ, so those curves coincide; ' +
      'the representations (rows above) are what tell them apart.', exportName });
  const familyChart = createTrajectoryChart(family.addChart('family', 'Output of unit 1 on item 1 across λ'), { yTitle: 'output' });
  let charts = [];
  let lastTime = NaN;

  const buildGrid = (lambdas) => {
    for (const chart of charts) chart.destroy();
    clear(grid);
    charts = [];
    grid.style.setProperty('--columns', String(lambdas.length));
    grid.append(el('div', { class: 'multiples-corner' }), ...lambdas.map((l) => el('div', { class: 'multiples-head', text: `λ = ${l}` })));
    for (const row of ROWS) {
      grid.append(el('div', { class: 'multiples-row-label', text: row.label }));
      for (const lambda of lambdas) {
        const chart = createTrajectoryChart(multiples.addChart(`${row.id}_lambda${lambda}`, `${row.label} at λ = ${lambda}`,
          { size: 'small', into: grid }), { legend: false, logY: row.logY, xTitle: '' });
        chart.$row = row;
        charts.push(chart);
      }
    }
  };

  return {
    async show(state) {
      lambdaInput.value = state.lambdas.join(', ');
      const lambdas = isBalancedInit(state) ? state.lambdas : [state.lambda];
      const familyValues = isBalancedInit(state) ? familyLambdas(state) : [];
      const configs = [...lambdas, ...familyValues].map((l) => experimentConfig(state, METRICS, l));
      try {
        const { results, milliseconds } = await channel.run(configs);
        notices.clearPrefix('compare:');
        onComputed(results[0].times, `Computed ${configs.length} trajectories in ${milliseconds.toFixed(0)} ms.`);
        buildGrid(lambdas);
        lambdas.forEach((lambda, column) => {
          const result = results[column];
          for (let r = 0; r < ROWS.length; r++) {
            const row = ROWS[r];
            const sim = row.curves(result, 'simulation'), exact = row.curves(result, 'exact');
            setTrajectories(charts[r * lambdas.length + column], result.times,
              sim.map((curve, k) => ({ label: curve.label, color: curve.color, simulation: curve.values, exact: exact[k].values })));
          }
        });
        const familyResults = results.slice(lambdas.length);
        setTrajectories(familyChart, familyResults[0]?.times ?? [], familyResults.map((result, i) => ({
          label: `λ = ${familyValues[i]}`, color: familyColor(i / Math.max(1, familyValues.length - 1)),
          simulation: entrySeries(result.simulation?.outputs, 0, 0), exact: entrySeries(result.exact?.outputs, 0, 0) })));
        family.setHidden(familyValues.length === 0);
        lastTime = state.t;
        for (const chart of [...charts, familyChart]) setCursor(chart, lastTime);
        bumpCounter('compareRendered');
      } catch (error) {
        if (error instanceof Superseded) return;
        notices.show('compare:error', `The comparison could not be computed: ${error.message}`, { level: 'error' });
      }
    },
    setTime(time) {
      lastTime = time;
      for (const chart of [...charts, familyChart]) setCursor(chart, time);
    },
  };
}
