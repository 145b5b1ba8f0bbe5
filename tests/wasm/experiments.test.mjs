// The experiment views' pure logic (web/js/experiments/) against the engine, as the page runs it:
// a phase-diagram cell is the same network as the single view opened from it; every sequence
// scenario's configuration is accepted, has the phases and task references it claims, and its exact
// task losses continue across each switch; the hierarchy task's SVD has one value per level; the
// sensitivity closed form agrees with its Monte Carlo estimate; the architecture sweeps stay within
// each shape's admissible λ. Runs in Node on web/wasm (tests/support/engine.mjs).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../support/engine.mjs';
import { defaultState, TIME_POINTS } from '../../web/js/state/schema.js';
import { experimentConfig } from '../../web/js/state/config.js';
import { lambdaRange } from '../../web/js/state/shape.js';
import { linspace, lambdaSpan } from '../../web/js/experiments/sweep.js';
import { PHASE_PRESET, gridOf, gridCells, cellConfig, fillCells, logspace, currentCell, gridNote } from '../../web/js/experiments/phase-grid.js';
import { lossFloor } from '../../web/js/experiments/results.js';
import {
  SEQUENCES_PRESET, PER_PHASE, SUMMARY_POINTS, CONVERGED_LEFT, sequencesPlan, crossingTime, reversalSummary, continualSummary, phaseBands, unconvergedPhases, sequencesExport,
} from '../../web/js/experiments/sequences.js';
import {
  HIERARCHY_PRESET, learnedColumns, learnedConfigs, hierarchyPlan, sensitivityLambdas, sensitivityConfigs, taskMatrices,
} from '../../web/js/experiments/hierarchy.js';
import {
  ARCHITECTURES_PRESET, SWEEP_POINTS, SIMULATION_POINTS, architecturesPlan, sweepLambdas, parseShape, perShape,
} from '../../web/js/experiments/architectures.js';

let engine;
before(async () => {
  ({ engine } = await loadEngine());
});

const relative = (a, b) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
const withLr = (config, learningRate) => ({ ...config, learningRate });

// ---------------------------------------------------------------- phase diagram

const SQUARE = { ...defaultState(), ...PHASE_PRESET, grid: 8 };
const FUNNEL = { ...SQUARE, ni: 4, nh: 3, no: 2 }; // Nh > No: only λ ≤ 0 is admissible

test('phase grid: λ over the admissible part of ±λmax, an odd column count when symmetric, σ log-spaced', () => {
  const square = gridOf(SQUARE);
  assert.equal(square.lambdas.length, 9, 'an even grid on a symmetric range gets one more column');
  assert.ok(square.lambdas.includes(0) && square.extraColumn && !square.clipped && !square.single);
  assert.deepEqual([square.lambdas[0], square.lambdas.at(-1)], [-6, 6]);
  assert.equal(square.sigmas.length, 8);
  assert.deepEqual([square.sigmas[0], square.sigmas.at(-1)], [0.001, 10]);
  const ratios = square.sigmas.slice(1).map((s, i) => s / square.sigmas[i]);
  for (const r of ratios) assert.ok(Math.abs(r - ratios[0]) < 1e-3 * ratios[0], `σ evenly spaced in log scale (${ratios})`);
  assert.match(gridNote(square, SQUARE.lambdaMax), /one column more/);

  const funnel = gridOf(FUNNEL);
  assert.equal(funnel.lambdas.length, 8);
  assert.deepEqual([funnel.lambdas[0], funnel.lambdas.at(-1)], [-6, 0], 'the funnel keeps only λ ≤ 0');
  assert.ok(funnel.clipped && !funnel.extraColumn);
  assert.match(gridNote(funnel, FUNNEL.lambdaMax), /admissible part/);

  const onlyZero = gridOf({ ...SQUARE, ni: 2, nh: 4, no: 2 });
  assert.deepEqual(onlyZero.lambdas, [0]);
  assert.ok(onlyZero.single);

  assert.deepEqual(gridCells(funnel).slice(0, 2).map(({ r, c }) => [r, c]), [[0, 0], [0, 1]], 'cells row by row');
  assert.deepEqual(currentCell(square, { lambda: 0.1, sigma: 0.05 }), { r: 3, c: 4 });
  assert.equal(currentCell(funnel, { lambda: 3, sigma: 0.05 }), null, 'λ outside the grid');
  assert.deepEqual(logspace(0.01, 100, 5), [0.01, 0.1, 1, 10, 100]);
});

// Corners, the middle and the λ = 0 column of the grid.
function someCells(grid) {
  const rows = grid.sigmas.length, cols = grid.lambdas.length;
  const picks = [[0, 0], [0, cols - 1], [rows - 1, 0], [rows - 1, cols - 1], [rows >> 1, cols >> 1], [rows >> 1, grid.lambdas.indexOf(0)]];
  return picks.filter(([, c]) => c >= 0).map(([r, c]) => ({ lambda: grid.lambdas[c], sigma: grid.sigmas[r] }));
}

for (const [name, state] of [['square 3-3-3', SQUARE], ['funnel 4-3-2 (λ clipped to ≤ 0)', FUNNEL]]) {
  test(`phase-diagram cells equal the single view opened from them: ${name}`, () => {
    for (const { lambda, sigma } of someCells(gridOf(state))) {
      const where = `λ = ${lambda}, σ = ${sigma}`;
      const cell = engine.run(cellConfig(state, lambda, sigma));
      const [filled] = fillCells([{ lambda, sigma }], [cell]);
      // What clicking the cell opens: the settings with that λ and σ, as the single view configures them.
      const openedConfig = experimentConfig({ ...state, lambda, sigma }, ['kernelDistance']);
      const single = engine.run(openedConfig);
      assert.equal(single.times.length, TIME_POINTS, `${where}: the single view records ${TIME_POINTS} times`);
      assert.equal(single.times.at(-1), state.T);
      assert.equal(cell.times.length, 2);
      const exact = { kd: single.exact.kernelDistance.at(-1), loss: single.exact.loss.at(-1) };
      // The exact solution is exact whatever the time grid: only round-off separates the two.
      assert.ok(relative(filled.kd, exact.kd) < 1e-10, `${where}: kernel distance ${filled.kd} vs ${exact.kd}`);
      assert.ok(relative(filled.loss, exact.loss) < 1e-10, `${where}: loss ${filled.loss} vs ${exact.loss}`);

      // Gradient descent is first order in the learning rate: close, and twice as close at half of it.
      const error = { kd: single.simulation.kernelDistance.at(-1) - exact.kd, loss: single.simulation.loss.at(-1) - exact.loss };
      assert.ok(Math.abs(error.kd) <= 2 * state.lr, `${where}: simulated kernel distance off by ${error.kd}`);
      assert.ok(Math.abs(error.loss) <= 2 * state.lr * Math.max(1, exact.loss), `${where}: simulated loss off by ${error.loss}`);
      if (Math.abs(error.kd) > 1e-8) {
        const half = engine.run(withLr(openedConfig, state.lr / 2));
        const ratio = (half.simulation.kernelDistance.at(-1) - half.exact.kernelDistance.at(-1)) / error.kd;
        assert.ok(ratio > 0.3 && ratio < 0.7, `${where}: halving the learning rate scales the error by ${ratio}, not about ½`);
      }
    }
  });
}

// ---------------------------------------------------------------- sequences

const SEQUENCE_STATES = {
  reversal: { ...defaultState(), ...SEQUENCES_PRESET, scenario: 'reversal' },
  'continual (3 tasks)': { ...defaultState(), ...SEQUENCES_PRESET, scenario: 'continual', ntasks: 3 },
  'continual (5 tasks)': { ...defaultState(), ...SEQUENCES_PRESET, scenario: 'continual', ntasks: 5, phaseT: 4 },
  transfer: { ...defaultState(), ...SEQUENCES_PRESET, scenario: 'transfer', similarity: 0.8 },
  'transfer (hierarchy task)': { ...defaultState(), ...SEQUENCES_PRESET, scenario: 'transfer', similarity: -0.3, task: 'hierarchy', depth: 2, nh: 4 },
};

// The tasks each scenario's phases must hold, after task A.
function expectedLaterTasks(state) {
  switch (state.scenario) {
    case 'reversal': return [{ kind: 'reversed', phase: 0 }];
    case 'transfer': return [{ kind: 'related', phase: 0, similarity: state.similarity, seed: state.taskSeed + 1 }];
    default: return [
      ...Array.from({ length: state.ntasks - 1 }, (_, k) => ({ kind: 'related', phase: 0, similarity: 0, seed: state.taskSeed + 1 + k })),
      { kind: 'related', phase: 0, similarity: 1, seed: state.taskSeed },
    ];
  }
}

for (const [name, state] of Object.entries(SEQUENCE_STATES)) {
  test(`sequences, ${name}: the phases and references are right and the engine accepts every configuration`, () => {
    const plan = sequencesPlan(state);
    const later = expectedLaterTasks(state);
    const phaseCount = later.length + 1;
    assert.equal(plan.phases.length, phaseCount);
    assert.equal(plan.timelineConfigs.length, state.lambdas.length);
    assert.equal(plan.summaryConfigs.length, SUMMARY_POINTS);
    assert.equal(plan.total, state.lambdas.length + SUMMARY_POINTS * (state.scenario === 'transfer' ? 2 : 1));
    const A = experimentConfig(state, []).task;
    for (const config of [...plan.timelineConfigs, ...plan.summaryConfigs]) {
      assert.equal(config.task, undefined, 'a sequence has phases, not a task');
      assert.deepEqual(config.phases.map((p) => p.task), [A, ...later]);
      assert.deepEqual(config.phases.map((p) => p.duration), [...Array(phaseCount - 1).fill(state.phaseT), undefined]);
      assert.deepEqual(config.times, { end: phaseCount * state.phaseT, count: phaseCount * PER_PHASE + 1 });
      assert.equal(config.init.kind, 'balanced');
    }
    assert.deepEqual(plan.timelineConfigs.map((c) => c.init.lambda), state.lambdas);
    assert.ok(plan.timelineConfigs.every((c) => c.simulate) && plan.summaryConfigs.every((c) => !c.simulate));

    const results = plan.timelineConfigs.map((config) => engine.run(config));
    for (const result of results) {
      assert.deepEqual(Array.from(result.phaseStarts), Array.from({ length: phaseCount }, (_, k) => k * state.phaseT));
      assert.deepEqual(result.exact.taskLosses.shape, [result.times.length, phaseCount], 'one loss per phase task per time');
      // The bands of the timelines sit on recorded times: the switches.
      for (const band of phaseBands(plan.phases, state.phaseT).slice(1)) {
        const index = Math.round(band.start / state.phaseT) * PER_PHASE;
        assert.ok(Math.abs(result.times[index] - band.start) < 1e-9, `switch at ${band.start} is recorded (${result.times[index]})`);
      }
      assert.equal(result.simulation.diverged, undefined);
    }
    const first = engine.run(plan.summaryConfigs[0]);
    const [taskA, taskB] = first.tasks;
    assert.equal(first.tasks.length, phaseCount);
    if (state.scenario === 'reversal') {
      taskB.syx.data.forEach((v, k) => assert.equal(v, -taskA.syx.data[k], 'the reversed task has −Σyx'));
    }
    if (state.scenario === 'continual') {
      assert.deepEqual(first.tasks.at(-1).Y, taskA.Y, 'the last phase is task A again');
      assert.notDeepEqual(taskB.Y, taskA.Y);
    }
    for (const task of first.tasks) assert.deepEqual(task.X, taskA.X, 'every task has the inputs of task A');
    if (state.scenario === 'transfer') {
      const scratch = plan.scratchConfigs(taskB);
      assert.equal(scratch.length, SUMMARY_POINTS);
      const alone = engine.run(scratch[0]);
      assert.equal(alone.exact.loss.length, PER_PHASE + 1);
      assert.ok(relative(alone.exact.loss[0], first.exact.taskLosses.get(0, 1)) < 1e-12, 'B alone starts from the same weights: the same untrained loss on B');
    }
  });

  test(`sequences, ${name}: the exact task losses continue across every switch`, () => {
    const plan = sequencesPlan(state);
    const eps = 1e-9;
    const switches = plan.phases.slice(1).map((_, i) => (i + 1) * state.phaseT);
    const times = [0, ...switches.flatMap((t) => [t - eps, t, t + eps]), plan.phases.length * state.phaseT];
    for (const config of plan.timelineConfigs) {
      const result = engine.run({ ...config, times, simulate: false });
      const loss = result.exact.loss, taskLosses = result.exact.taskLosses.rows();
      switches.forEach((t, s) => {
        const k = s + 1, before = 1 + 3 * s, after = before + 2;
        const where = `λ = ${config.init.lambda}, switch to phase ${k} at t = ${t}`;
        // The loss being trained just after the switch is the new task's loss just before it.
        assert.ok(relative(loss[after], taskLosses[before][k]) < 1e-6, `${where}: ${loss[after]} after vs ${taskLosses[before][k]} before`);
        for (let j = 0; j < plan.phases.length; j++) {
          // Relative to the task's untrained loss: a learned task's loss may be ~1e-20 on both sides.
          const jump = Math.abs(taskLosses[after][j] - taskLosses[before][j]);
          assert.ok(jump < 1e-6 * Math.max(taskLosses[before][j], taskLosses[0][j]), `${where}: loss on task ${j} jumps from ${taskLosses[before][j]} to ${taskLosses[after][j]}`);
        }
      });
    }
  });
}

test('sequence summaries: the lowest loss is reached by long training, and the time to relearn is where the loss is 99.9 % of the way down', () => {
  const state = SEQUENCE_STATES.reversal;
  const plan = sequencesPlan(state);
  const lambdas = [-4, -1, 2];
  const results = lambdas.map((lambda) => engine.run({ ...plan.summaryConfigs[0], init: { ...plan.summaryConfigs[0].init, lambda } }));
  const summary = reversalSummary(results);
  const floor = lossFloor(results[0].tasks[0]);
  assert.equal(summary.floor, floor);
  // A long run on task A alone gets to the floor.
  const long = engine.run({ ...experimentConfig(state, []), times: { end: 400, count: 2 }, simulate: false });
  assert.ok(Math.abs(long.exact.loss.at(-1) - floor) < 1e-9 * Math.max(1, floor), `loss after long training ${long.exact.loss.at(-1)} vs floor ${floor}`);
  // Gradient flow never raises the loss being trained, and the time to relearn is interpolated between
  // recorded times dt apart: one dt before it the loss is still above its target, one dt after it below.
  const dt = state.phaseT / PER_PHASE;
  lambdas.forEach((lambda, i) => {
    const t = summary.relearned[i];
    assert.ok(Number.isFinite(t) && t > 0 && t < state.phaseT - dt, `λ = ${lambda}: relearned at ${t}`);
    const check = engine.run({ ...plan.summaryConfigs[0], init: { ...plan.summaryConfigs[0].init, lambda },
      times: [0, state.phaseT, state.phaseT + Math.max(0, t - dt), state.phaseT + t + dt] });
    const reversed = check.exact.taskLosses.rows().map((row) => row[1]);
    const target = floor + CONVERGED_LEFT * (summary.atSwitch[i] - floor);
    assert.ok(relative(reversed[1], summary.atSwitch[i]) < 1e-9, 'atSwitch is the reversed loss at the switch');
    assert.ok(reversed[2] > target && reversed[3] < target, `λ = ${lambda}: loss ${reversed[2]} at t − dt and ${reversed[3]} at t + dt around ${target}`);
  });
  assert.equal(crossingTime([0, 1, 2, 3], [4, 3, 1, 0], 0, 3, 2), 1.5);
  assert.equal(crossingTime([0, 1, 2, 3], [4, 3, 1, 0], 1, 3, 2), 0.5, 'measured from `from`, crossing in its first interval');
  assert.equal(crossingTime([5, 6, 7], [4, 2, 2], 0, 2, 2), 1, 'reaching the target exactly');
  assert.equal(crossingTime([0, 1, 2, 3], [4, 3, 1, 0], 1, 3, 5), 0, 'already below the target');
  assert.ok(Number.isNaN(crossingTime([0, 1, 2, 3], [4, 3, 1, 0], 0, 1, 2)), 'not reached by `to`');

  const continual = SEQUENCE_STATES['continual (3 tasks)'];
  const cPlan = sequencesPlan(continual);
  const cResults = [engine.run(cPlan.summaryConfigs[0])];
  const c = continualSummary(cResults, cPlan.phases.length);
  const losses = cResults[0].exact.taskLosses.rows();
  assert.equal(c.lastNew, 2);
  assert.deepEqual([c.afterA[0], c.afterLast[0], c.afterReturn[0]], [losses[PER_PHASE][0], losses[3 * PER_PHASE][0], losses[4 * PER_PHASE][0]]);
  assert.equal(c.forgetting[0], losses[3 * PER_PHASE][0] - losses[PER_PHASE][0]);
});

// ---------------------------------------------------------------- semantic hierarchy

const HIERARCHY = { ...defaultState(), ...HIERARCHY_PRESET };

// Distinct values (relative tolerance) and how often each occurs, largest first.
function multiplicities(values) {
  const groups = [];
  for (const v of [...values].sort((a, b) => b - a)) {
    const group = groups.at(-1);
    if (group && relative(group.value, v) < 1e-9) group.count++;
    else groups.push({ value: v, count: 1 });
  }
  return groups;
}

test('hierarchy: the task has one singular value per level of the tree, with multiplicities 1, 1, 2, 4, …', () => {
  for (const depth of [2, 3, 4]) {
    const state = { ...HIERARCHY, depth, T: 1 };
    const columns = learnedColumns(state);
    const result = engine.run(learnedConfigs(state, columns)[0]);
    const task = result.tasks[0];
    assert.equal(task.s.length, 2 ** depth, `depth ${depth}: one mode per item`);
    const groups = multiplicities(task.s);
    assert.deepEqual(groups.map((g) => g.count), [1, ...Array.from({ length: depth }, (_, l) => 2 ** l)], `depth ${depth}: ${groups.map((g) => `${g.value}×${g.count}`)}`);
    const drawn = taskMatrices(task);
    assert.equal(drawn.u.matrix[0].length, 2 ** depth, 'Ũ is cut to the modes');
    assert.deepEqual(drawn.s.matrix.map((row, i) => row[i]), Array.from(task.s));
  }
});

test('hierarchy: one learned column per distinct λ plus random large weights; a λ move retrains only the grid', () => {
  const state = { ...HIERARCHY, lambda: 1 };
  const columns = learnedColumns(state);
  assert.deepEqual(columns.map((c) => c.lambda), [1, -2, 0, 2, undefined]);
  assert.deepEqual(columns.at(-1).init, { kind: 'gaussian', sigma: 1 }, 'the last column starts from Gaussian weights, not λ-balanced');
  const large = engine.run(learnedConfigs(state, columns).at(-1));
  assert.equal(large.exact, null, 'no exact solution for unbalanced weights');
  assert.ok(large.simulation.inputRepresentation.length > 0);
  assert.equal(learnedColumns({ ...state, lambda: 2 }).length, 4, 'the chosen λ is not repeated');
  const first = hierarchyPlan(state);
  assert.equal(first.configs.length, 5 + 41 + 9);
  const moved = hierarchyPlan({ ...state, lambda: -1 }, first.keys);
  assert.deepEqual(moved.redo, { learned: true, sensitivity: false });
  assert.equal(moved.configs.length, 5);
  assert.equal(hierarchyPlan(state, first.keys).configs.length, 0);
});

test('hierarchy: the sensitivity closed form (exact) and its Monte Carlo estimate (simulation) agree within 3 standard errors', () => {
  const lambdas = sensitivityLambdas(HIERARCHY);
  assert.ok(lambdas.monteCarlo.every((l) => lambdas.curve.includes(l)), 'every Monte Carlo point sits on the curve');
  const picked = { curve: [-4.5, 0, 3], monteCarlo: [-4.5, 0, 3] };
  const configs = sensitivityConfigs(HIERARCHY, picked);
  const SEEDS = 8;
  picked.curve.forEach((lambda, i) => {
    const closed = engine.run(configs[i]);
    assert.equal(closed.simulation, null);
    const runs = Array.from({ length: SEEDS }, (_, k) => engine.run({ ...configs[3 + i], noise: { ...configs[3 + i].noise, seed: 1000 + k } }).simulation.sensitivity);
    assert.equal(runs[0].monteCarlo.samples, HIERARCHY.samples);
    for (const kind of ['input', 'parameter']) {
      const theory = closed.exact.sensitivity[kind].at(-1);
      const estimates = runs.map((r) => r.monteCarlo[kind]);
      const mean = estimates.reduce((a, b) => a + b) / SEEDS;
      const se = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (SEEDS - 1) / SEEDS);
      // Gradient descent ends a little away from the flow's final state: allow that gap too.
      const gap = Math.abs(runs[0][kind].at(-1) - theory);
      assert.ok(gap < 1e-2 * theory, `λ = ${lambda}, ${kind}: closed forms on the simulated and exact states differ by ${gap}`);
      assert.ok(Math.abs(mean - theory) <= 3 * se + gap, `λ = ${lambda}, ${kind}: Monte Carlo ${mean} ± ${se} vs closed form ${theory}`);
    }
  });
});

// ---------------------------------------------------------------- architectures

const ARCH = { ...defaultState(), ...ARCHITECTURES_PRESET, shapes: [[4, 3, 2], [3, 3, 3], [2, 3, 4]] };

test('architectures: each shape is swept over its admissible λ only', () => {
  const funnel = sweepLambdas(ARCH, [4, 3, 2], SWEEP_POINTS), square = sweepLambdas(ARCH, [3, 3, 3], SWEEP_POINTS), inverted = sweepLambdas(ARCH, [2, 3, 4], SWEEP_POINTS);
  assert.equal(funnel.length, SWEEP_POINTS);
  assert.ok(funnel.every((l) => l <= 0) && funnel[0] === -6 && funnel.at(-1) === 0, `4-3-2: λ ≤ 0 (${funnel[0]} … ${funnel.at(-1)})`);
  assert.ok(inverted.every((l) => l >= 0) && inverted[0] === 0 && inverted.at(-1) === 6, `2-3-4: λ ≥ 0 (${inverted[0]} … ${inverted.at(-1)})`);
  assert.deepEqual([square[0], square.at(-1)], [-6, 6]);
  assert.deepEqual(sweepLambdas(ARCH, [2, 4, 2], SWEEP_POINTS), [0], 'Nh wider than both sides: λ = 0 only');
  assert.equal(lambdaSpan(ARCH.lambdaMax, [6, 3, 3]).range.reason, '', '6-3-3 is not restricted');
  assert.deepEqual(sweepLambdas(ARCH, [3, 3, 6], 3), [-6, 0, 6]);
  assert.match(lambdaSpan(ARCH.lambdaMax, [4, 3, 2]).range.reason, /λ ≤ 0/);
  for (const shape of [[4, 3, 2], [2, 3, 4], [5, 5, 1], [1, 5, 5], [3, 3, 3], [2, 4, 2]]) {
    const range = lambdaRange(...shape);
    const span = lambdaSpan(2.5, shape);
    for (const l of sweepLambdas({ ...ARCH, lambdaMax: 2.5 }, shape, 11)) {
      assert.ok(l >= range.min && l <= range.max && Math.abs(l) <= 2.5, `${shape.join('-')}: λ = ${l} admissible and within ±2.5`);
    }
    assert.equal(span.single, !(range.max > range.min));
  }
});

test('architectures: the plan follows only admissible compared λ, and the engine accepts every configuration', () => {
  const plan = architecturesPlan(ARCH);
  assert.deepEqual(plan.lambdasPerShape, [[-2, 0], [-2, 0, 2], [0, 2]]);
  assert.equal(plan.configs.length, 7 + 3 * SWEEP_POINTS + 3 * SIMULATION_POINTS);
  const results = plan.configs.map((config) => engine.run(config)); // inadmissible λ would throw a ConfigError
  const { time, sweep, simulation } = plan.split(results);
  assert.deepEqual([time.length, sweep.length, simulation.length], [7, 3 * SWEEP_POINTS, 3 * SIMULATION_POINTS]);
  assert.ok(sweep.every((r) => r.simulation === null && r.exact) && simulation.every((r) => r.exact === null && r.simulation));
  const perShapeTime = perShape(time, plan.lambdasPerShape.map((l) => l.length));
  assert.deepEqual(perShapeTime.map((rs) => rs.map((r) => r.lambda)), plan.lambdasPerShape);
  assert.deepEqual(perShape(sweep, [SWEEP_POINTS, SWEEP_POINTS, SWEEP_POINTS]).map((rs) => [rs[0].lambda, rs.at(-1).lambda]), [[-6, 0], [-6, 6], [0, 6]]);
  perShapeTime.forEach((rs, s) => rs.forEach((r) => assert.deepEqual([r.dims.input, r.dims.hidden, r.dims.output], ARCH.shapes[s])));
});

test('architectures: typed shapes are parsed, and bottlenecks and bad widths are refused', () => {
  assert.deepEqual(parseShape(' 6-3-3 '), { widths: [6, 3, 3] });
  assert.deepEqual(parseShape('6, 3, 3'), { widths: [6, 3, 3] });
  assert.deepEqual(parseShape('6–4–2'), { widths: [6, 4, 2] });
  assert.match(parseShape('4-1-3').error, /at least min\(Ni, No\)/);
  assert.match(parseShape('0-3-3').error, /three whole numbers/);
  assert.match(parseShape('6-3').error, /three whole numbers/);
  assert.match(parseShape('6-3.5-3').error, /three whole numbers/);
  assert.deepEqual(linspace(-1, 1, 5), [-1, -0.5, 0, 0.5, 1]);
});

test('reversal at the defaults: λ = 0 has not learned A at the switch and is never relearned (the saddle), though it gets more than halfway; λ = ±2 converge', () => {
  const state = { ...defaultState(), ...SEQUENCES_PRESET, scenario: 'reversal' };
  const plan = sequencesPlan(state);
  const timelines = plan.timelineConfigs.map((c) => engine.run(c));
  const summary = plan.summaryConfigs.map((c) => engine.run(c));
  const late = unconvergedPhases(plan.phases, plan.lambdas, timelines, summary[0].tasks);
  assert.deepEqual(late.map((u) => [u.lambda, u.label, u.end]), [[0, 'task A', state.phaseT], [0, 'reversed A', 2 * state.phaseT]]);
  assert.ok(late[0].left > 0.1 && late[0].loss > late[0].floor + 0.1, `task A at λ = 0 still falling: ${late[0].loss} vs ${late[0].floor}`);
  const s = reversalSummary(summary);
  const zero = plan.sweep.lambdas.indexOf(0);
  assert.ok(Number.isNaN(s.relearned[zero]), 'λ = 0: not relearned by the end of the phase');
  // Halfway down it does get, early: the old measure called that relearned.
  assert.ok(Number.isFinite(crossingTime(summary[zero].times, summary[zero].exact.taskLosses.rows().map((r) => r[1]), PER_PHASE, 2 * PER_PHASE, (s.atSwitch[zero] + s.floor) / 2)));
  for (const i of plan.sweep.lambdas.map((l, k) => (Math.abs(l) >= 2 ? k : -1)).filter((k) => k >= 0)) assert.ok(Number.isFinite(s.relearned[i]), `λ = ${plan.sweep.lambdas[i]} relearned`);
  // The CSV has the time to relearn with what it measures in its header, empty where not relearned.
  const csv = sequencesExport({ state, plan, timelines, summary }).csv().split('\n');
  const at = csv.findIndex((line) => line.startsWith('"lambda","time after the reversal until the loss on reversed A is within 0.1 % of its distance'));
  assert.ok(at > 0, 'a table of the time to relearn');
  assert.match(csv[at], /empty: not relearned by t = 10 after the reversal/);
  assert.equal(csv[at + 1 + zero], '0,');
});
