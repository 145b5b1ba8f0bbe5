// Fine-tuning to a changed hierarchy: a network trained to convergence on the authors' hierarchy
// task, then fine-tuned on the same items with the last feature reversed. A: the loss on the new task
// over fine-tuning (simulation in colour, exact black dotted); B: the time to fit it against λ;
// C: the zero-shot loss against λ (the same for every λ, by construction).
import { curveColor } from '../charts/palette.js';
import { componentSeries } from '../charts/series.js';
import { EXACT } from './common.js';
import { TRANSFER, CURVE_LAMBDAS, SIMULATED_LAMBDAS, FITTED, summaryLambdas, reversedLastFeature, taskAConfig, transferConfig, timeToFit } from '../experiments/transfer-figure.js';

/** @import { Trajectory } from '../../wasm/ldyn.mjs' */
/** @import { PlottedSeries } from './common.js' */
/** @param {ArrayLike<number>} times */
const sinceSwitch = (times) => Float64Array.from(times, (t) => t - TRANSFER.pretrain);
/** @param {Trajectory} trajectory */
const lossOnB = (trajectory) => componentSeries(trajectory.taskLosses, 1);

/** @import { Figure } from './index.js' */
/** @type {Figure} */
export default {
  id: 'transfer',
  title: 'Fine-tuning to a changed hierarchy: the last feature reversed',
  caption: 'A network trained to convergence on the hierarchy task (8 items, 8 features) is fine-tuned on the same items with the last feature ' +
    'reversed. A: the loss on the new task during fine-tuning (gradient descent in colour, exact solution black dotted). B: the time to fit the new ' +
    'task against λ. C: the loss on the new task before fine-tuning (zero-shot) against λ.',
  inPaper: false,
  made: [
    'The paper discusses transfer and fine-tuning without a figure of it; this follows the authors’ setting of a hierarchy network fine-tuned to a ' +
    'changed hierarchy. Task A: their 8 items and 8 features of ±1 and 0 (8–8–8), from small λ-balanced weights (σ = 0.01 on W₂W₁, seed 1), ' +
    'learning rate 0.01, trained to t = 100 (converged: the loss on A is at rounding level for every λ). Task B: the same inputs, the targets of the ' +
    'last feature (the one that tells items 7 and 8 apart) negated; then t = 20 of fine-tuning. The exact solution continues from the trained ' +
    'weights: λ is conserved by the flow, so they are still λ-balanced. “Fitted”: the loss on B below 10⁻³ of its zero-shot loss.',
    'What transfers: the zero-shot loss is 0.5 for every λ — the trained network computes Σyx of A whatever λ, so on the same inputs its loss on B ' +
    'cannot depend on λ. What depends on λ is how fast fine-tuning repairs it. The reversed feature is one mode of the task (s = 0.5) whose ' +
    'output direction flips sign: the mode must pass through zero. At λ = 0 both layers of that mode shrink towards zero together, into a ' +
    'saddle: in exact arithmetic the mode is never relearned, and the curves leave the plateau only through rounding (exact) or finite steps ' +
    '(gradient descent, near t = 20), at times that mean nothing. With |λ| > 0 the conserved balance keeps one layer ' +
    'large, the mode passes through zero without a saddle, and the larger |λ|, the faster (B). In this square network λ and −λ give the same ' +
    'losses (A shows λ ≥ 0).',
    '“Change the settings” opens task A in the hierarchy view; the explorable itself has no fine-tuning to a changed hierarchy.',
  ],
  columns: 3,
  link: { view: 'hierarchy', task: 'hierarchy', depth: 3, features: 'contrasts', nh: 8, lambda: 0, lambdas: [-2, 0, 2], sigma: 0.01, scaleOf: 'product', seed: 1, T: 100, lr: 0.01 },
  async compute(submit) {
    const [probe] = await submit([taskAConfig()]);
    const taskB = reversedLastFeature(probe.tasks[0]);
    const sweep = summaryLambdas();
    const configs = [...CURVE_LAMBDAS.map((l) => transferConfig(l, taskB, { simulate: true })), ...sweep.map((l) => transferConfig(l, taskB, { simulate: false })),
      ...SIMULATED_LAMBDAS.map((l) => transferConfig(l, taskB, { simulate: true }))];
    const results = await submit(configs);
    const curves = results.slice(0, CURVE_LAMBDAS.length), exactSweep = results.slice(CURVE_LAMBDAS.length, CURVE_LAMBDAS.length + sweep.length);
    const simulated = results.slice(CURVE_LAMBDAS.length + sweep.length);
    /** @type {PlottedSeries[]} */
    const curveSeries = CURVE_LAMBDAS.flatMap((lambda, k) => {
      const r = curves[k], x = sinceSwitch(r.times), run = k + 1;
      return [{ label: `λ = ${lambda}`, x, y: lossOnB(r.simulation), color: curveColor(k), style: 'simulation', from: { run, trajectory: 'simulation', field: 'taskLosses', at: [1] } },
        { label: `λ = ${lambda} (exact)`, x, y: lossOnB(r.exact), color: EXACT, style: 'exact', from: { run, trajectory: 'exact', field: 'taskLosses', at: [1] } }];
    });
    const fitExact = exactSweep.map((r) => timeToFit(r.times, r.exact.taskLosses)), fitSim = simulated.map((r) => timeToFit(r.times, r.simulation.taskLosses));
    const zeroShot = exactSweep.map((r) => r.exact.taskLosses.get(0, 1));
    const zeroMax = Math.max(...zeroShot);
    /** @type {string[]} */
    const notes = [];
    const unfitted = [...fitExact, ...fitSim].filter((v) => !Number.isFinite(v)).length;
    if (unfitted) notes.push(`${unfitted} of the summary’s networks did not fit B within t = ${TRANSFER.finetune}: they are left out of B.`);
    const lossA = Math.max(...exactSweep.map((r) => r.exact.taskLosses.get(0, 0)));
    notes.push(`Pretraining converged: the loss on A at the switch is at most ${lossA.toExponential(1)} for every λ of the summary.`);
    // A curve of A still on its plateau when fine-tuning ends is not where fine-tuning ends.
    const stalled = CURVE_LAMBDAS.flatMap((lambda, k) => /** @type {const} */ (['exact', 'simulation'])
      .filter((which) => !Number.isFinite(timeToFit(curves[k].times, curves[k][which].taskLosses)))
      .map((which) => `λ = ${lambda} (${which === 'exact' ? 'exact solution' : 'gradient descent'})`));
    if (stalled.length) {
      notes.push(`Not converged when fine-tuning ends (t = ${TRANSFER.finetune} after the switch, the loss on B still above ${FITTED} × its zero-shot loss), in A: ` +
        `${stalled.join(', ')}.`);
    }
    return {
      panels: [
        { id: 'finetune', kind: 'lines', area: [1, 1], title: 'A. Loss on B during fine-tuning', quantity: 'loss on B', xTitle: 'time since the switch to B', yTitle: 'loss on B',
          legend: true, series: curveSeries },
        { id: 'fit-time', kind: 'lines', area: [1, 2], title: `B. Time to fit B (loss below ${FITTED} × zero-shot; λ = 0: never)`, quantity: 'time to fit B', xTitle: 'λ', xName: 'λ',
          yTitle: 'time since the switch', legend: true, yMin: 0,
          // Two lines, λ < 0 and λ > 0: at λ = 0 B is never fitted, and no line may bridge it.
          series: [...[-1, 1].map((side) => {
            const keep = sweep.map((l, i) => Math.sign(l) === side && Number.isFinite(fitExact[i]));
            /** @type {PlottedSeries} */
            const line = { label: `exact solution, λ ${side < 0 ? '<' : '>'} 0`, x: sweep.filter((_, i) => keep[i]), y: fitExact.filter((_, i) => keep[i]), color: curveColor(0), style: 'dashed', source: 'exact' };
            return line;
          }),
            { label: 'gradient descent', x: SIMULATED_LAMBDAS.filter((_, i) => Number.isFinite(fitSim[i])), y: fitSim.filter(Number.isFinite), color: curveColor(1), style: 'points', source: 'simulation' }] },
        { id: 'zero-shot', kind: 'lines', area: [1, 3], title: 'C. Zero-shot loss on B (before fine-tuning)', quantity: 'zero-shot loss on B', xTitle: 'λ', xName: 'λ',
          yTitle: 'loss on B at the switch', legend: true, yMin: 0, yMax: Number((1.2 * zeroMax).toPrecision(2)),
          series: [{ label: 'exact solution', x: sweep, y: zeroShot, color: curveColor(2), style: 'dashed', source: 'exact' }] },
      ],
      notes,
      runs: [{ config: taskAConfig(), result: probe }, ...configs.map((config, i) => ({ config, result: results[i] }))],
    };
  },
};
