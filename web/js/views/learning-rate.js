// Gradient descent against the gradient flow: a map over (λ, η) of how far gradient descent departs
// from the exact flow, with the stability edge η·2μ_max = 2 drawn, divergence and catapults marked;
// how far it lets λ drift; and, for one network (the settings' λ and η), its loss against the flow
// and, for aligned weights, against the exact per-mode scalar map of gradient descent.
// What is computed is in experiments/learning-rate.js; this module draws it.
import { createPhaseChart, showPhaseGrid } from '../charts/phase-chart.js';
import { setTrajectories, summarize } from '../charts/trajectory-chart.js';
import { refresh } from '../charts/setup.js';
import { sequentialColor, curveColor } from '../charts/palette.js';
import { fractionOf } from '../charts/colour-scale.js';
import { formatNumber } from '../charts/ticks.js';
import { el } from '../ui/dom.js';
import {
  probeConfig, learningRatePlan, detailConfig, learningRateKey, cellSummary, taskScale, edgeEta, modeMapLoss, learningRateExport,
} from '../experiments/learning-rate.js';
import { createViewFrame } from './frame.js';
/** @import { View } from './index.js' */
/** @import { PageState } from '../state/schema.js' */
/** @import { PhaseCell } from '../charts/phase-chart.js' */
/** @import { ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @typedef {ReturnType<typeof learningRatePlan>} LearningRatePlan */
/** @typedef {ReturnType<typeof cellSummary>} CellSummary */
/** @typedef {LearningRatePlan['cells'][number] & Partial<CellSummary>} MapCell a cell of the map as drawn (its summary once computed) */
/** @typedef {{ plan: LearningRatePlan, summaries: CellSummary[], detail: ExperimentResult, mapLoss: ReturnType<typeof modeMapLoss> }} LearningRateData */

const INTRO = [
  'The exact solution is the gradient flow, the limit of small steps. Gradient descent with a step η follows it while η times the fastest rate of the flow is small, ' +
  'and departs from it as η grows: the fastest mode moves by η·2μ per step, μ = √(s² + λ²/4), and the flow’s end point is stable for gradient descent only while η·2μ_max < 2.',
  'Beyond that edge gradient descent may still converge — after its loss first rises (a catapult, which also lets λ drift to a smaller |λ|) — or it diverges. ' +
  'Large |λ| makes the flow faster, so the edge comes at smaller η. Click a cell to follow that network below.',
];
const FORMULAS = [String.raw`\eta \cdot 2\mu_{\text{max}} < 2,\qquad \mu_{\text{max}} = \sqrt{s_{\text{max}}^2 + \lambda^2/4}`];
const DIVERGED = '#bdbdbd';

/** @param {PhaseCell & Partial<MapCell>} cell a cell of the map (phase-chart.js) */
function describeCell(cell) {
  if (!cell || cell.eta === undefined) return '';
  if (cell.diverged) return 'gradient descent diverged';
  return `${cell.catapult ? 'catapult: the loss rose, then fell; ' : ''}gap ${formatNumber(cell.gap)} of ‖Σyx‖, λ drift ${formatNumber(cell.drift)}`;
}

/** @type {View} */
export default {
  id: 'learning-rate',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'learning-rate', intro: INTRO, formulas: FORMULAS, context });
    const { lambdaMax } = frame.numberFields({ lambdaMax: 'λ range ±' });
    frame.addControls([lambdaMax], 'The map sweeps η and λ; the network followed below is the settings panel’s (λ, learning rate η, training time, task and initialization).');

    const mapCard = frame.addCard({ id: 'learning-rate-map', title: 'Where gradient descent follows the flow',
      caption: 'Each cell is one network (its λ, its learning rate η): colour is the largest distance between the network function W₂W₁ of gradient descent and of the exact flow over training, ' +
        '‖W₂W₁(GD) − W₂W₁(flow)‖_F / ‖Σyx‖_F. The colour stops at 1 (a gap as large as ‖Σyx‖). The white line is the stability edge η = 1/μ_max(λ); grey cells diverged; rings mark catapults.' });
    const canvas = mapCard.addChart('map', 'Gap between gradient descent and the flow over (λ, η)', { size: 'wide' });
    const map = createPhaseChart(canvas, {
      describe: describeCell,
      onOpen: (index) => {
        const cell = data?.plan.cells[index];
        if (!cell) return;
        context.onChange({ lambda: cell.lambda, lr: Number(cell.eta.toPrecision(6)) }, { commit: true });
      },
    });
    map.options.scales.y.title.text = 'learning rate η (log scale)';
    map.options.plugins.tooltip.callbacks.title = (/** @type {any[]} */ items) => (items[0]?.raw?.eta !== undefined ? `λ = ${formatNumber(items[0].raw.lambda)}, η = ${formatNumber(items[0].raw.eta)}` : '');
    map.options.plugins.tooltip.callbacks.footer = () => 'Click to follow this network below';
    map.data.datasets[0].backgroundColor = (/** @type {any} */ ctx) => (ctx.raw?.diverged ? DIVERGED : sequentialColor(fractionOf(ctx.chart.$scale ?? {}, ctx.raw?.[ctx.chart.$field])));

    const { chart: drift } = frame.addChartCard({ id: 'learning-rate-drift', title: 'λ drifts under gradient descent',
      caption: 'At the settings’ λ, for each η of the map: ‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖_F at the end of training. The flow keeps it at 0; gradient descent changes it by O(η²) a step, and by much more past the edge (dashed line).' },
    { name: 'drift', label: 'Balance deviation at the end of training against η', xTitle: 'learning rate η', yTitle: '‖W₂ᵀW₂ − W₁W₁ᵀ − λI‖_F', logY: true, xName: 'η' });
    drift.options.scales.x.type = 'logarithmic';

    const { card: detailCard, chart: detail } = frame.addChartCard({ id: 'learning-rate-detail', title: 'One network: gradient descent, the flow, and the per-mode map',
      caption: 'The loss of the settings’ network: gradient descent solid, the exact flow dotted; for weights aligned with the task (Initialization → “λ-balanced, aligned with the task”), ' +
        'markers: gradient descent computed mode by mode, a₁ ← a₁ + η a₂(s − a₁a₂), a₂ ← a₂ + η a₁(s − a₁a₂), which is exactly the full simulation.' },
    { name: 'detail', label: 'Loss over training', yTitle: 'loss', logY: true });
    const note = el('p', { class: 'mode-note', id: 'learning-rate-note', 'aria-live': 'polite' });
    detailCard.body.append(note);

    /** @type {LearningRateData | null} */
    let data = null; // what is drawn

    /** @param {PageState} state */
    const draw = (state) => {
      const { plan, summaries } = data;
      // The colour stops at a gap of 1 (‖ΔW₂W₁‖ as large as ‖Σyx‖: nothing left of the flow); the
      // tooltip and the export keep the value.
      const cells = plan.cells.map((cell, i) => ({ ...cell, sigma: cell.eta, ...summaries[i], shown: Math.min(summaries[i].gap, 1) }));
      const current = plan.cells.find((cell) => cell.lambda === closest(plan.lambdas, state.lambda) && cell.eta === closest(plan.etas, state.lr));
      showPhaseGrid(map, { grid: { lambdas: plan.lambdas, sigmas: plan.etas }, cells, quantity: 'gap', field: 'shown', fromZero: false,
        quantityLabel: 'gap of W₂W₁', current: current ? { r: current.r, c: current.c } : null });
      // The edge and the catapults, over the cells (the y axis is log10 η).
      const lambdas = Array.from({ length: 121 }, (_, k) => plan.lambdas[0] + ((plan.lambdas.at(-1) - plan.lambdas[0]) * k) / 120);
      map.data.datasets.length = 1;
      /** @type {any[]} */ (map.data.datasets).push({ type: 'line', label: 'stability edge', data: lambdas.map((x) => ({ x, y: Math.log10(edgeEta(plan.sMax, x)) })),
        borderColor: '#ffffff', borderWidth: 2.5, pointRadius: 0, order: -1 },
      { type: 'scatter', label: 'catapult', data: cells.filter((c) => c.catapult).map((c) => ({ x: c.lambda, y: Math.log10(c.eta) })),
        borderColor: '#ffffff', backgroundColor: 'rgba(0,0,0,0)', pointRadius: 4, borderWidth: 1.5, order: -1 });
      refresh(map);

      const column = closest(plan.lambdas, state.lambda);
      const points = cells.filter((c) => c.lambda === column && Number.isFinite(c.drift) && c.drift > 0).map((c) => ({ x: c.eta, y: c.drift }));
      const edge = edgeEta(plan.sMax, column);
      const top = Math.max(...points.map((p) => p.y), 1e-12);
      drift.data.datasets = [
        { label: `λ = ${formatNumber(column)}`, data: points, borderColor: curveColor(0), backgroundColor: curveColor(0), borderWidth: 2, pointRadius: 3 },
        { label: 'stability edge', data: [{ x: edge, y: Math.min(...points.map((p) => p.y), top) }, { x: edge, y: top }], borderColor: '#000000', borderDash: [4, 3], borderWidth: 1, pointRadius: 0 },
      ];
      summarize(drift);
      refresh(drift);

      const run = data.detail;
      setTrajectories(detail, Array.from(run.times), [{ label: `λ = ${formatNumber(state.lambda)}, η = ${formatNumber(state.lr)}`, color: curveColor(0), simulation: run.simulation?.loss, exact: run.exact?.loss }],
        { divergedAt: run.simulation?.diverged?.time ?? NaN });
      if (data.mapLoss) {
        detail.data.datasets.push({ label: 'per-mode map', data: Array.from(run.times).map((t, i) => ({ x: t, y: data.mapLoss[i] })).filter((_, i) => i % 10 === 0),
          showLine: false, pointRadius: 3, pointStyle: 'rectRot', borderColor: curveColor(3), backgroundColor: curveColor(3) });
        refresh(detail);
      }
      const sim = run.simulation?.loss;
      const mapGap = data.mapLoss && sim ? Math.max(...Array.from(sim).map((v, i) => Math.abs(v - data.mapLoss[i]) / Math.max(Math.abs(sim[0]), 1e-300))) : NaN;
      const step = state.lr * 2 * Math.hypot(plan.sMax, state.lambda / 2);
      note.textContent = `Here η·2μ_max = ${formatNumber(step)} (${step < 2 ? 'inside' : 'beyond'} the stability edge at 2). ` +
        (run.simulation?.diverged ? 'Gradient descent diverged. ' : '') +
        (data.mapLoss ? `The per-mode map and the full simulation agree to ${formatNumber(mapGap)} of the initial loss: for aligned weights gradient descent is exactly this scalar map in each mode. `
          : 'These weights are not aligned with the task, so the modes do not decouple and there is no per-mode map (choose “λ-balanced, aligned with the task”). ');
    };

    return {
      frame,
      hide: () => frame.hide(),
      exportData: () => data && learningRateExport(data.plan, data.summaries, data.detail, data.mapLoss),
      async show(state) {
        lambdaMax.setValue(state.lambdaMax);
        const key = learningRateKey(state);
        if (frame.isCurrent(key)) return;
        await frame.runJob({
          key,
          what: 'Training the grid',
          failure: 'The learning-rate map could not be computed',
          counter: 'learningRateRendered',
          /** @returns {Promise<LearningRateData>} */
          async work(progress, submit) {
            const [probe] = (await submit([probeConfig(state)])).results;
            const { sMax, syxNorm } = taskScale(probe);
            const plan = learningRatePlan(state, sMax);
            const { results } = await submit([...plan.configs, detailConfig(state)], { batch: 8, onProgress: progress });
            const run = results.pop();
            return { plan, summaries: results.map((r) => cellSummary(r, syxNorm)), detail: run, mapLoss: modeMapLoss(run, state.lr) };
          },
          /** @param {LearningRateData} result @param {number} seconds */
          onDone(result, seconds) {
            data = result;
            draw(state);
            return `Trained ${result.plan.configs.length + 1} networks in ${seconds.toFixed(1)} s.`;
          },
        });
      },
    };
  },
};

// The grid value nearest to `x`.
/** @param {number[]} values @param {number} x */
function closest(values, x) {
  return values.reduce((best, v) => (Math.abs(v - x) < Math.abs(best - x) ? v : best), values[0]);
}
