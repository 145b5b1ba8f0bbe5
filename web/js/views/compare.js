// "Compare λ": small multiples for several λ side by side (the paper's Figure 2 columns) and the
// family of output curves across λ (Figure 1B), with their own time cursor. The λ of the settings
// panel plays no part here: the λ list of this view is what is compared.
import { experimentConfig, layersOf } from '../state/config.js';
import { firstUnavailable } from '../experiments/results.js';
import { admissibleLambdas } from '../state/url.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import { lambdaRange, taskDims, isBalancedInit } from '../state/shape.js';
import { createTrajectoryChart, setTrajectories, setCursor, setTimeAxis, setYRange, entrySeries } from '../charts/trajectory-chart.js';
import { shareYRange } from '../charts/shared-range.js';
import { timeAxisOf, firstPositiveTime } from '../state/times.js';
import { formatNumber } from '../charts/ticks.js';
import { createSelectField } from '../ui/fields.js';
import { createTimeAxisField } from '../ui/time-axis.js';
import { whenDrawn } from '../charts/setup.js';
import { curveColor, familyColor } from '../charts/palette.js';
import { createTimeline } from '../ui/timeline.js';
import { createLambdaListField } from '../ui/lambda-list.js';
import { el, clear, bumpCounter } from '../ui/dom.js';
import { tableToCsv } from '../ui/export.js';
import { createViewFrame } from './frame.js';
/** @import { PageState } from '../state/schema.js' */
/** @import { MetricName, ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { View } from './index.js' */
/** @import { TrajectoryChart, Values } from '../charts/trajectory-chart.js' */
/** @typedef {'simulation' | 'exact'} Which */
/** @typedef {{ label: string, color: string, values: Values | null | undefined }} RowCurve */
/**
 * A row of the small multiples: what each chart shows, from a trajectory of a result.
 * @typedef {{ id: 'loss' | 'outputs' | 'input' | 'output' | 'kernel', label: string, deepLabel?: string, logY?: boolean, twoLayerOnly?: boolean,
 *   curves: (r: ExperimentResult, which: Which) => RowCurve[] }} Row
 */
/**
 * What is drawn: its configurations' key, the compared λ (null: read off the weights), the family's
 * λ, the runs (compared, then family) and the y scales and rows they were drawn with.
 * @typedef {{ key: string, lambdas: Array<number | null>, familyValues: number[], configs: ExperimentConfig[], results: ExperimentResult[],
 *   yScale: PageState['yScale'], rows: Row[] }} Shown
 */

const FAMILY_SIZE = 9;
const MAX_ITEMS = 8;

// Rows of the small multiples: what each shows, from a trajectory's result.
/** @type {Row[]} */
const ROWS = [
  { id: 'loss', label: 'loss', logY: true, curves: (r, which) => [{ label: 'loss', color: curveColor(0), values: r[which]?.loss }] },
  { id: 'outputs', label: 'output (unit 1)', curves: (r, which) => Array.from({ length: Math.min(r.items, MAX_ITEMS) }, (_, p) =>
    ({ label: `item ${p + 1}`, color: curveColor(p), values: entrySeries(r[which]?.outputs, 0, p) })) },
  { id: 'input', label: 'W₁ᵀW₁ diagonal', curves: (r, which) => Array.from({ length: Math.min(r.dims.input, MAX_ITEMS) }, (_, i) =>
    ({ label: `[${i + 1},${i + 1}]`, color: curveColor(i), values: entrySeries(r[which]?.inputRepresentation, i, i) })) },
  { id: 'output', label: 'W₂W₂ᵀ diagonal', deepLabel: '(W_L⋯W₂)(W_L⋯W₂)ᵀ diagonal', curves: (r, which) => Array.from({ length: Math.min(r.dims.output, MAX_ITEMS) }, (_, i) =>
    ({ label: `[${i + 1},${i + 1}]`, color: curveColor(i), values: entrySeries(r[which]?.outputRepresentation, i, i) })) },
  { id: 'kernel', label: 'kernel distance', twoLayerOnly: true, curves: (r, which) => [{ label: 'kernel distance', color: curveColor(2), values: r[which]?.kernelDistance }] },
];
// A row's k-th curve as a download's column, named as the engine's series (as `ldyn` prints them,
// indices from 1): loss, outputs[unit][item], inputRepresentation[i][i], ...
/** @type {Record<Row['id'], (k: number) => string>} */
const COLUMN = { loss: () => 'loss', outputs: (k) => `outputs[1][${k + 1}]`, input: (k) => `inputRepresentation[${k + 1}][${k + 1}]`,
  output: (k) => `outputRepresentation[${k + 1}][${k + 1}]`, kernel: () => 'kernelDistance' };
// One y range for the charts of a row, so that a row compares sizes across λ (charts/shared-range.js).
const shareRowRange = shareYRange;

// A deep network has no kernel distance of this form: its row and metric are left out.
/** @param {PageState} state */
const rowsFor = (state) => ROWS.filter((row) => !(row.twoLayerOnly && layersOf(state) > 2));
/** @type {(state: PageState) => MetricName[]} */
const metricsFor = (state) => (layersOf(state) > 2 ? ['loss', 'outputs', 'representations'] : ['loss', 'outputs', 'representations', 'kernelDistance']);

// The λ of the family curves: nine across the admissible part of ±λ range (lambdaMax).
/** @param {PageState} state @returns {number[]} */
export function familyLambdas(state) {
  const { ni, no } = taskDims(state);
  const range = lambdaRange(ni, state.nh, no);
  const lo = Math.max(-state.lambdaMax, range.min), hi = Math.min(state.lambdaMax, range.max);
  if (!(hi > lo)) return [lo];
  return Array.from({ length: FAMILY_SIZE }, (_, i) => Number((lo + ((hi - lo) * i) / (FAMILY_SIZE - 1)).toFixed(2)));
}

// The compared λ this shape admits, and the ones it does not (kept in the list for other shapes).
// Without λ-balanced weights there is one network, whose λ is read off its weights.
/** @param {PageState} state @returns {{ lambdas: Array<number | null>, skipped: number[], reason?: string }} */
function comparedLambdas(state) {
  if (!isBalancedInit(state)) return { lambdas: [null], skipped: [] };
  const { kept, dropped, reason } = admissibleLambdas(state);
  return { lambdas: kept, skipped: dropped, reason };
}

/** @type {View} */
export default {
  id: 'compare',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'compare', context,
      intro: ['One network per λ of the list below, with everything else from the settings panel; below them, the output across the whole range of λ.'] });
    const timeline = createTimeline(frame.toolbar, { prefix: 'compare-', onTime: (time, options) => context.onChange({ t: time }, options) });
    const timeAxis = createTimeAxisField(frame.toolbar, { prefix: 'compare-', onValue: (axis) => context.onChange({ timeAxis: axis }, { commit: true }) });
    const yScale = createSelectField({ id: 'compare-y-scale', label: 'y axes of each row', onValue: (value) => context.onChange({ yScale: value }, { commit: true }),
      options: [['shared', 'one scale per row (sizes compare across λ)'], ['own', 'each chart its own scale']] });
    const lambdaList = createLambdaListField({ id: 'compare-lambdas', label: `λ values to compare (comma-separated, up to ${PARAM_BY_KEY.lambdas.maxLength})`,
      onLambdas: (lambdas) => context.onChange({ lambdas }, { commit: true }) });
    frame.controls.append(lambdaList.element, yScale.element);
    frame.controls.hidden = false;

    const multiples = frame.addCard({ id: 'compare-grid', title: 'Side by side across λ',
      caption: 'Each column is one λ; each row one quantity over training time, simulation solid and exact dotted. ' +
        'Read across a row to see the move from rich (λ near 0, from small weights) to lazy (large |λ|).' });
    const grid = el('div', { class: 'multiples' });
    multiples.body.append(grid);
    const family = frame.addCard({ id: 'compare-family', title: 'Output across λ',
      caption: 'The output of unit 1 on item 1 over training for λ across its admissible part of ±λ range (dark blue: most negative, orange: most positive), ' +
        'simulation solid and exact dotted. In a square network the network function is the same for λ and −λ, so those curves coincide; ' +
        'the representations (rows above) are what tell them apart.' });
    const familyChart = createTrajectoryChart(family.addChart('family', 'Output of unit 1 on item 1 across λ'), { yTitle: 'output' });
    /** @type {TrajectoryChart[]} */
    let charts = [];
    /** @type {Shown | null} */
    let shown = null;
    /** @type {PageState} */
    let state = null;

    // Shared y ranges per row, or each chart its own (state.yScale).
    /** @param {number} columns */
    const applyYScales = (columns) => {
      rowsFor(state).forEach((_, r) => {
        const row = charts.slice(r * columns, (r + 1) * columns);
        if (state.yScale === 'shared') shareRowRange(row);
        else for (const chart of row) setYRange(chart, null);
      });
    };

    /** @param {Array<number | null>} lambdas */
    const buildGrid = (lambdas) => {
      for (const chart of charts) chart.destroy();
      clear(grid);
      charts = [];
      grid.style.setProperty('--columns', String(lambdas.length));
      /** @param {number | null} l */
      const head = (l) => (l === null ? `λ = ${state.lambda} (read off the weights)` : `λ = ${l}`);
      grid.append(el('div', { class: 'multiples-corner' }), ...lambdas.map((l) => el('div', { class: 'multiples-head', text: head(l) })));
      for (const row of rowsFor(state)) {
        const label = layersOf(state) > 2 && row.deepLabel ? row.deepLabel : row.label;
        grid.append(el('div', { class: 'multiples-row-label', text: label }));
        for (const lambda of lambdas) {
          const chart = createTrajectoryChart(multiples.addChart(`${row.id}_lambda${lambda}`, `${label} at ${head(lambda)}`,
            { size: 'small', into: grid }), { legend: false, logY: row.logY, xTitle: '', xName: 't' });
          setTimeAxis(chart, timeAxisOf(state));
          charts.push(chart);
        }
      }
    };

    /** @param {Array<number | null>} lambdas @param {number[]} familyValues @param {ExperimentResult[]} results */
    const draw = (lambdas, familyValues, results) => {
      // Exact curves exist for every two-layer run and, deeper, from weights aligned with the task.
      const curves = results.every((r) => r.exact) ? 'simulation solid and exact dotted'
        : results.some((r) => r.exact) ? 'simulation solid, and exact dotted where the exact solution exists (see the notice)'
          : `gradient descent only (${layersOf(state) > 2 ? `a network of ${layersOf(state)} weight layers has exact curves from aligned weights only` : 'no exact solution for these settings'})`;
      const scales = state.yScale === 'shared' ? 'Every chart of a row has the same y axis, so sizes compare across λ. '
        : 'Each chart has its own y axis (“y axes of each row”): compare shapes, not sizes, across a row. ';
      const first = firstPositiveTime(results[0].times);
      const time = timeAxisOf(state) === 'log' ? `Time is on a log axis from the first step t = ${formatNumber(first)} (t = 0 cannot be on it). ` : '';
      multiples.setCaption(`Each column is one λ; each row one quantity over training time, ${curves}. ${scales}${time}` +
        'Read across a row to see the move from rich (λ near 0, from small weights) to lazy (large |λ|).');
      family.setCaption(`The output of unit 1 on item 1 over training for λ across its admissible part of ±λ range (dark blue: most negative, orange: most positive), ${curves}. ` +
        'In a square network the network function is the same for λ and −λ, so those curves coincide; the representations (rows above) are what tell them apart.');
      buildGrid(lambdas);
      lambdas.forEach((_, column) => {
        const result = results[column];
        const divergedAt = result.simulation?.diverged?.time;
        rowsFor(state).forEach((row, r) => {
          const sim = row.curves(result, 'simulation'), exact = row.curves(result, 'exact');
          setTrajectories(charts[r * lambdas.length + column], result.times,
            sim.map((curve, k) => ({ label: curve.label, color: curve.color, simulation: curve.values, exact: exact[k].values })), { divergedAt });
        });
      });
      applyYScales(lambdas.length);
      setTimeAxis(familyChart, timeAxisOf(state));
      const familyResults = results.slice(lambdas.length);
      setTrajectories(familyChart, familyResults[0]?.times ?? [], familyResults.map((result, i) => ({
        label: `λ = ${familyValues[i]}`, color: familyColor(i / Math.max(1, familyValues.length - 1)),
        simulation: entrySeries(result.simulation?.outputs, 0, 0), exact: entrySeries(result.exact?.outputs, 0, 0) })));
      family.setHidden(familyValues.length === 0);
      timeline.setTimes(results[0].times, state.t, { log: timeAxisOf(state) === 'log' });
      for (const chart of [...charts, familyChart]) setCursor(chart, state.t);
      frame.notices.clearPrefix('result:');
      const diverged = results.filter((r) => r.simulation?.diverged).length;
      const unavailable = firstUnavailable(results);
      if (unavailable) frame.notices.show('result:exact', `No exact curves: ${unavailable}.`, { level: 'info' });
      if (diverged) frame.notices.show('result:diverged', `Gradient descent diverged in ${diverged} of the ${results.length} runs (their solid curves end at a red dashed line; a triangle marks where one leaves a chart scaled to the exact curves): lower the learning rate η.${unavailable ? '' : ' The exact curves are unaffected.'}`, { asksToChange: true });
      whenDrawn().then(() => bumpCounter('compareRendered'));
    };

    return {
      frame,
      show(newState) {
        state = newState;
        lambdaList.sync(state.lambdas);
        timeAxis.sync(timeAxisOf(state), state.timeAxis);
        yScale.setValue(state.yScale);
        const { lambdas, skipped, reason } = comparedLambdas(state);
        frame.notices.clear('skipped');
        if (skipped.length) frame.notices.show('skipped', `λ = ${skipped.join(', ')} ${skipped.length > 1 ? 'are' : 'is'} not admissible for this shape and left out (${reason}); they stay in the list for other shapes.`, { level: 'info' });
        const familyValues = isBalancedInit(state) ? familyLambdas(state) : [];
        const configs = [...lambdas, ...familyValues].map((l) => experimentConfig(state, metricsFor(state), l ?? state.lambda));
        const key = JSON.stringify(configs);
        if (frame.isCurrent(key)) {
          // Only the y scales changed: the same results, drawn again (a running job draws with them anyway).
          if (shown?.key === key && shown.yScale !== state.yScale) {
            shown.yScale = state.yScale;
            draw(shown.lambdas, shown.familyValues, shown.results);
            return;
          }
          timeline.setTime(state.t);
          for (const chart of [...charts, familyChart]) setCursor(chart, state.t);
          return;
        }
        if (configs.length === 0) {
          frame.status('None of the compared λ is admissible for this shape: edit the list above.');
          return;
        }
        frame.runConfigs(configs, {
          key,
          what: 'Training networks',
          failure: 'The comparison could not be computed',
          onDone(results, seconds) {
            shown = { key, lambdas, familyValues, configs, results, yScale: state.yScale, rows: rowsFor(state) };
            draw(lambdas, familyValues, results);
            return `Computed ${configs.length} trajectories in ${seconds.toFixed(1)} s.`;
          },
        });
      },
      hide() {
        timeline.stop();
        frame.hide();
      },
      // What the view plots: every curve of the small multiples and of the family, simulation and
      // exact, at the recorded times (one column each), and the configurations that recompute the
      // rest (the whole trajectories were MBs: 9 MB for 6 λ).
      exportData() {
        if (!shown) return null;
        const { lambdas, familyValues, configs, results, rows } = shown;
        const labels = [...lambdas.map((l) => `lambda=${l ?? state.lambda}`), ...familyValues.map((l) => `family lambda=${l}`)];
        /** @type {Array<{ name: string, values: number[] }>} */
        const series = [];
        /** @param {string} name @param {Values | null | undefined} values */
        const add = (name, values) => { if (values?.length) series.push({ name, values: Array.from(values) }); };
        lambdas.forEach((_, column) => {
          for (const row of rows) {
            for (const which of /** @type {const} */ (['simulation', 'exact'])) {
              row.curves(results[column], which).forEach((curve, k) => add(`${labels[column]} ${which}.${COLUMN[row.id](k)}`, curve.values));
            }
          }
        });
        results.slice(lambdas.length).forEach((result, i) => {
          for (const which of /** @type {const} */ (['simulation', 'exact'])) add(`${labels[lambdas.length + i]} ${which}.${COLUMN.outputs(0)}`, entrySeries(result[which]?.outputs, 0, 0));
        });
        const times = Array.from(results[0].times);
        return {
          csv: () => tableToCsv(['t', ...series.map((s) => s.name)], times.map((t, i) => [t, ...series.map((s) => s.values[i])])),
          json: () => ({ link: location.href, times, series, runs: configs.map((config, i) => ({ label: labels[i], config })) }),
        };
      },
    };
  },
};
