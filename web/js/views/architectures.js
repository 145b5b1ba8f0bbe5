// Funnel, square and inverted-funnel networks (the paper's Figure 5): how far the Neural Tangent
// Kernel moves from initialization, at the end of training as a function of λ and over training
// for chosen λ. The shape decides which sign of λ makes a network lazy.
import { EnginePool, Cancelled } from '../engine/pool.js';
import { createTrajectoryChart, setTrajectories } from '../charts/trajectory-chart.js';
import { refresh } from '../charts/setup.js';
import { curveColor } from '../charts/palette.js';
import { createCard } from '../ui/card.js';
import { createNumberField } from '../ui/fields.js';
import { el, clear } from '../ui/dom.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import { lambdaRange } from '../state/shape.js';
import { createViewFrame, linspace } from './frame.js';

const NAMES = ['Funnel', 'Square', 'Inverted funnel'];
const SWEEP_POINTS = 41;
const SIMULATION_POINTS = 7;
const TIME_POINTS = 201;
const SVG = 'http://www.w3.org/2000/svg';

function shapeConfig(state, [ni, nh, no], { lambda, simulate = true, exact = true, count = 2 }) {
  return {
    schemaVersion: 1,
    dims: { input: ni, hidden: nh, output: no },
    task: { kind: 'random', items: 2 * Math.max(ni, no), seed: state.taskSeed },
    init: { kind: 'balanced', lambda, sigma: state.sigma, seed: state.seed },
    times: { end: state.T, count },
    learningRate: state.lr,
    simulate,
    exact,
    metrics: ['kernelDistance'],
  };
}

function sweepRange(state, [ni, nh, no]) {
  const range = lambdaRange(ni, nh, no);
  return { lo: Math.max(-state.lambdaMax, range.min), hi: Math.min(state.lambdaMax, range.max), reason: range.reason };
}

// A schematic of the layer widths: three bars joined by trapezoids.
function schematic([ni, nh, no]) {
  const widest = Math.max(ni, nh, no), height = 70, x = [10, 60, 110];
  const h = (n) => 8 + ((height - 8) * n) / widest;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 130 ${height + 20}`);
  svg.setAttribute('class', 'schematic');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${ni} inputs, ${nh} hidden units, ${no} outputs`);
  const widths = [ni, nh, no];
  for (let i = 0; i < 2; i++) {
    const poly = document.createElementNS(SVG, 'polygon');
    const [a, b] = [h(widths[i]), h(widths[i + 1])];
    const mid = height / 2;
    poly.setAttribute('points', `${x[i] + 5},${mid - a / 2} ${x[i + 1]},${mid - b / 2} ${x[i + 1]},${mid + b / 2} ${x[i] + 5},${mid + a / 2}`);
    poly.setAttribute('class', 'schematic-link');
    svg.append(poly);
  }
  widths.forEach((n, i) => {
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', x[i]);
    rect.setAttribute('y', height / 2 - h(n) / 2);
    rect.setAttribute('width', 5);
    rect.setAttribute('height', h(n));
    rect.setAttribute('class', 'schematic-layer');
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', x[i] + 2.5);
    label.setAttribute('y', height + 16);
    label.setAttribute('text-anchor', 'middle');
    label.textContent = String(n);
    svg.append(rect, label);
  });
  return svg;
}

export default {
  id: 'architectures',
  title: 'Architectures',
  preset: { lambdas: [-2, 0, 2], lambdaMax: 6, sigma: 0.05, T: 20, lr: 0.01, shapes: [[6, 3, 3], [3, 3, 3], [3, 3, 6]] },
  create(container, context) {
    const frame = createViewFrame(container, {
      id: 'architectures',
      title: 'Funnel, square and inverted-funnel networks',
      intro: [
        'The same λ can make one network lazy and another rich. In a funnel network (wide input, Ni > Nh) the first layer cannot be a multiple of the identity ' +
        'on all of its inputs, so a large negative λ does not freeze the kernel; in an inverted funnel (wide output, No > Nh) the same holds for large positive λ. ' +
        'A square network is lazy for large |λ| of either sign.',
        'The kernel distance measures how far the Neural Tangent Kernel has moved from its value at initialization: 0 means it never changed (lazy), values near 1 mean it was rebuilt (rich).',
      ],
      formulas: [String.raw`K = I_{N_o} \otimes X^\top W_1^\top W_1 X + W_2W_2^\top \otimes X^\top X,\qquad
        S(t) = 1 - \frac{\langle K_0, K_t\rangle_F}{\|K_0\|_F\,\|K_t\|_F}`],
    });
    const shapeInputs = NAMES.map((name, i) => {
      const id = `architecture-shape-${i}`;
      const input = el('input', { id, type: 'text', inputmode: 'numeric', 'aria-describedby': `${id}-message`, size: 9 });
      const message = el('span', { id: `${id}-message`, class: 'field-message', 'aria-live': 'polite' });
      frame.controls.append(el('div', { class: 'field' }, el('label', { for: id, text: `${name} Ni-Nh-No` }), input, message));
      return { input, message };
    });
    const lambdaMax = createNumberField({ label: 'λ range ±', min: PARAM_BY_KEY.lambdaMax.min, max: PARAM_BY_KEY.lambdaMax.max,
      onValue: (value, options) => context.onChange({ lambdaMax: value }, options) });
    frame.controls.append(lambdaMax.element, el('p', { class: 'field-hint', text: 'The λ values followed over time are the “Compare λ” list; σ, training time and learning rate are in the settings panel.' }));
    let currentShapes = null;
    shapeInputs.forEach(({ input, message }, i) => {
      input.addEventListener('change', () => {
        const widths = input.value.trim().split(/[-–,\s]+/).map(Number);
        const p = PARAM_BY_KEY.shapes;
        let error = '';
        if (widths.length !== 3 || widths.some((w) => !Number.isInteger(w) || w < p.min || w > p.max)) error = `three whole numbers from ${p.min} to ${p.max}, like 6-3-3`;
        else if (widths[1] < Math.min(widths[0], widths[2])) error = 'the hidden layer must be at least min(Ni, No) wide';
        message.textContent = error;
        input.setAttribute('aria-invalid', String(Boolean(error)));
        if (!error) context.onChange({ shapes: currentShapes.map((s, k) => (k === i ? widths : s)) }, { commit: true });
      });
    });

    const sweepCard = createCard(frame.body, { id: 'architectures-sweep', title: 'Kernel distance at the end of training',
      caption: 'For each architecture, how far the NTK has moved by the end of training, as a function of λ (lines: exact solution over the admissible λ; ' +
        'points: gradient-descent simulation).', exportName: context.exportName });
    const sweepChart = createTrajectoryChart(sweepCard.addChart('kernel-distance-vs-lambda', 'Final kernel distance vs λ'), { xTitle: 'λ', yTitle: 'kernel distance', legend: true });
    const timeCard = createCard(frame.body, { id: 'architectures-time', title: 'Kernel distance over training',
      caption: 'The kernel distance over training time for each compared λ, one chart per architecture; simulation solid, exact dotted.', exportName: context.exportName });
    const timeGrid = el('div', { class: 'architecture-grid' });
    timeCard.body.append(timeGrid);
    let timeCharts = [];
    const pool = new EnginePool();
    frame.onCancel(() => pool.cancel());

    const drawTime = (shapes, lambdasPerShape, results) => {
      for (const chart of timeCharts) chart.destroy();
      timeCharts = [];
      clear(timeGrid);
      let k = 0;
      shapes.forEach((shape, s) => {
        const column = el('div', { class: 'architecture-column' }, el('h3', { text: `${NAMES[s]} ${shape.join('–')}` }), schematic(shape));
        timeGrid.append(column);
        const chart = createTrajectoryChart(timeCard.addChart(`kernel-distance-${s}`, `${NAMES[s]}: kernel distance over time`, { into: column }),
          { yTitle: 'kernel distance', legend: true });
        const lambdas = lambdasPerShape[s];
        const curves = lambdas.map((lambda, j) => {
          const result = results[k++];
          return { label: `λ = ${lambda}`, color: curveColor(j), simulation: result.simulation?.kernelDistance, exact: result.exact?.kernelDistance, times: result.times };
        });
        setTrajectories(chart, curves[0]?.times ?? [], curves);
        if (lambdas.length === 0) column.append(el('p', { class: 'field-hint', text: 'None of the compared λ is admissible for this shape.' }));
        timeCharts.push(chart);
      });
    };

    const drawSweep = (shapes, sweeps, sweepResults, simSweeps, simResults) => {
      const datasets = [];
      let k = 0, m = 0;
      shapes.forEach((shape, s) => {
        const color = curveColor(s);
        datasets.push({ label: `${NAMES[s]} ${shape.join('–')}`, data: sweeps[s].map((lambda) => ({ x: lambda, y: sweepResults[k++].exact.kernelDistance[1] })),
          borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0 });
        datasets.push({ label: `${NAMES[s]} (simulation)`, exact: true,
          data: simSweeps[s].map((lambda) => ({ x: lambda, y: simResults[m++].simulation?.kernelDistance?.[1] })).filter((p) => Number.isFinite(p.y)),
          showLine: false, borderColor: color, backgroundColor: color, pointRadius: 4, pointStyle: 'rectRot' });
      });
      sweepChart.data.datasets = datasets;
      refresh(sweepChart);
    };

    let shownKey = '';
    let runs = 0;
    return {
      async show(state) {
        currentShapes = state.shapes;
        shapeInputs.forEach(({ input }, i) => {
          if (document.activeElement !== input) input.value = state.shapes[i].join('-');
        });
        lambdaMax.setValue(state.lambdaMax);
        const key = JSON.stringify(['shapes', 'lambdas', 'lambdaMax', 'sigma', 'T', 'lr', 'seed', 'taskSeed'].map((k) => state[k]));
        if (key === shownKey) return;
        const shapes = state.shapes;
        const sweeps = shapes.map((shape) => {
          const { lo, hi } = sweepRange(state, shape);
          return hi > lo ? linspace(lo, hi, SWEEP_POINTS) : [lo];
        });
        const simSweeps = shapes.map((shape) => {
          const { lo, hi } = sweepRange(state, shape);
          return hi > lo ? linspace(lo, hi, SIMULATION_POINTS) : [lo];
        });
        const lambdasPerShape = shapes.map((shape) => {
          const range = lambdaRange(...shape);
          return state.lambdas.filter((l) => l >= range.min && l <= range.max);
        });
        const configs = [
          ...shapes.flatMap((shape, s) => lambdasPerShape[s].map((lambda) => shapeConfig(state, shape, { lambda, count: TIME_POINTS }))),
          ...shapes.flatMap((shape, s) => sweeps[s].map((lambda) => shapeConfig(state, shape, { lambda, simulate: false }))),
          ...shapes.flatMap((shape, s) => simSweeps[s].map((lambda) => shapeConfig(state, shape, { lambda, exact: false }))),
        ];
        const run = ++runs;
        frame.progress.start(configs.length, 'Training networks');
        context.setBusy(true);
        const started = performance.now();
        try {
          const results = await pool.run(configs, { onProgress: (done, total) => frame.progress.update(done, total), batch: 4 });
          shownKey = key;
          context.notices.clearPrefix('architectures:');
          const nTime = lambdasPerShape.flat().length, nSweep = sweeps.flat().length;
          drawTime(shapes, lambdasPerShape, results.slice(0, nTime));
          drawSweep(shapes, sweeps, results.slice(nTime, nTime + nSweep), simSweeps, results.slice(nTime + nSweep));
          const diverged = results.filter((r) => r.simulation?.diverged).length;
          if (diverged) context.notices.show('architectures:diverged', `Gradient descent diverged in ${diverged} of the runs: lower the learning rate.`);
          context.setStatus(`Trained ${configs.length} networks in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
          document.body.dataset.architecturesRendered = String(Number(document.body.dataset.architecturesRendered ?? 0) + 1);
        } catch (error) {
          if (run !== runs) return;
          if (error instanceof Cancelled) context.setStatus('Cancelled.');
          else context.notices.show('architectures:error', `The architecture experiment could not run: ${error.message}`, { level: 'error' });
        } finally {
          if (run === runs) {
            frame.progress.finish();
            context.setBusy(false);
          }
        }
      },
    };
  },
};
