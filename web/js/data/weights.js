// The user's initial weights W1 (Nh × Ni) and W2 (No × Nh): shapes against the task, λ read off
// them and how far they are from λ-balance, exactly as the engine does (core/src/math/init.cpp,
// core/src/schema/config.cpp), so the dialog can say before running whether the exact solution applies.
// Pure: importable from Node.
import { formatValue } from '../charts/ticks.js';

// The engine's default init.balanceTolerance and its limit on |λ|; the page's widest hidden layer.
/** @typedef {{ field: 'W1' | 'W2', message: string }} WeightProblem */
/** @typedef {{ input?: number, output?: number, hidden?: number, currentInput?: number, currentOutput?: number }} WeightDims the task's and network's sizes (undefined: left to the weights) */
/**
 * @typedef {object} WeightsAnalysis what the weights dialog says
 * @property {boolean} ok
 * @property {WeightProblem[]} problems
 * @property {number} hidden
 * @property {number} [lambda]
 * @property {number} [deviation]
 * @property {boolean} [balanced]
 * @property {string} summary
 * @property {string[]} notes
 * @property {{ W1: string, W2: string }} [shapes]
 */
export const BALANCE_TOLERANCE = 1e-6;
export const MAX_LAMBDA = 1e4;
export const MAX_HIDDEN = 64;

/** @param {number} n @param {string} word */
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** @param {number[][]} m */
const shape = (m) => `${m.length} × ${m[0].length}`;

// Problems with the shapes, each {field: 'W1' | 'W2', message}; `dims` = {input, output} of the task.
// dims.input / dims.output undefined: the task leaves them free (a random or designed task), and
// the weights set them, up to MAX_SIDE.
export const MAX_SIDE = 32;
// A value just outside the λ range, with the digits that show it is outside (10000.2, not 10000).
/** @param {number} v */
const outsideValue = (v) => {
  for (let digits = 3; digits < 17; digits++) if (Math.abs(Number(v.toPrecision(digits))) > MAX_LAMBDA) return formatValue(v, digits);
  return String(v);
};

/** @param {number[][]} W1 @param {number[][]} W2 @param {WeightDims} dims @returns {WeightProblem[]} */
export function checkWeightShapes(W1, W2, dims) {
  /** @type {WeightProblem[]} */
  const problems = [];
  const nh = W1.length;
  if (dims.input === undefined) {
    if (W1[0].length > MAX_SIDE) problems.push({ field: 'W1', message: `W1 has ${W1[0].length} columns: at most ${MAX_SIDE} inputs` });
  } else if (W1[0].length !== dims.input) {
    const turned = nh === dims.input ? ` (it looks transposed: its transpose, ${W1[0].length} × ${nh}, would fit)` : '';
    problems.push({ field: 'W1', message: `W1 has ${plural(W1[0].length, 'column')} but the task has ${plural(dims.input, 'input')}: ` +
      `W1 must be Nh × Ni, ${plural(dims.input, 'column')}${turned}` });
  }
  if (nh > MAX_HIDDEN) problems.push({ field: 'W1', message: `W1 has ${nh} rows: at most ${MAX_HIDDEN} hidden units` });
  if (dims.output === undefined) {
    if (W2.length > MAX_SIDE) problems.push({ field: 'W2', message: `W2 has ${W2.length} rows: at most ${MAX_SIDE} outputs` });
  } else if (W2.length !== dims.output) {
    const turned = W2[0].length === dims.output ? ` (it looks transposed: its transpose, ${W2[0].length} × ${W2.length}, would fit)` : '';
    problems.push({ field: 'W2', message: `W2 has ${plural(W2.length, 'row')} but the task has ${plural(dims.output, 'output')}: ` +
      `W2 must be No × Nh, ${plural(dims.output, 'row')}${turned}` });
  }
  if (W2[0].length !== nh) {
    const saidAlready = problems.some((p) => p.field === 'W2'); // the output count's message names the transpose
    const turned = W2.length === nh && !saidAlready ? ` (W2 looks transposed: its transpose, ${W2[0].length} × ${nh}, would fit)` : '';
    problems.push({ field: 'W2', message: `W2 has ${plural(W2[0].length, 'column')} but W1 has ${plural(nh, 'row')}: ` +
      `both are the number of hidden units Nh${turned}` });
  }
  return problems;
}

// Mᵀ M for M with `cols` columns (Aᵀ A over rows), and M Mᵀ.
/** @param {number[][]} m @returns {number[][]} */
function gramOfColumns(m) {
  const n = m[0].length;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => m.reduce((s, row) => s + row[i] * row[j], 0)));
}
/** @param {number[][]} m @returns {number[][]} */
function gramOfRows(m) {
  return m.map((ri) => m.map((rj) => ri.reduce((s, x, k) => s + x * rj[k], 0)));
}
/** @param {number[][]} m */
const frobenius = (m) => Math.sqrt(m.reduce((s, row) => s + row.reduce((t, x) => t + x * x, 0), 0));

// λ = tr(W2ᵀW2 − W1W1ᵀ)/Nh and the relative balance deviation
// ‖W2ᵀW2 − W1W1ᵀ − λI‖ / (‖W2ᵀW2‖ + ‖W1W1ᵀ‖ + |λ|√Nh) (Frobenius norms; 0 for zero weights).
// Needs matching inner shapes (W2 has as many columns as W1 has rows).
/** @param {number[][]} W1 @param {number[][]} W2 */
export function balanceOf(W1, W2) {
  const nh = W1.length;
  const out = gramOfColumns(W2);
  const inner = gramOfRows(W1);
  let trace = 0;
  for (let i = 0; i < nh; i++) trace += out[i][i] - inner[i][i];
  const lambda = trace / nh;
  const difference = out.map((row, i) => row.map((x, j) => x - inner[i][j] - (i === j ? lambda : 0)));
  const absolute = frobenius(difference);
  const scale = frobenius(out) + frobenius(inner) + Math.abs(lambda) * Math.sqrt(nh);
  return { lambda, absoluteDeviation: absolute, deviation: scale > 0 ? absolute / scale : 0 };
}

// Everything the weights dialog says: {ok, problems: [{field, message}], hidden, lambda, deviation,
// balanced, summary, notes}. `dims` = {input, output, hidden?} of the current network, and
// {currentInput, currentOutput} when the task leaves Ni and No to the weights.
/** @param {{ W1: number[][], W2: number[][] }} weights @param {WeightDims} dims @param {number} [tolerance] @returns {WeightsAnalysis} */
export function analyzeWeights({ W1, W2 }, dims, tolerance = BALANCE_TOLERANCE) {
  const problems = checkWeightShapes(W1, W2, dims);
  const hidden = W1.length;
  /** @type {string[]} */
  const notes = [];
  if (problems.length > 0) return { ok: false, problems, hidden, notes, summary: '' };
  const { lambda, deviation } = balanceOf(W1, W2);
  if (!Number.isFinite(lambda) || !Number.isFinite(deviation)) {
    return { ok: false, hidden, notes, summary: '',
      problems: [{ field: 'W1', message: 'the weights are too large for double precision: W2ᵀW2 − W1W1ᵀ overflows' }] };
  }
  // The engine refuses weights whose network function W2W1 overflows, or whose squares (in the loss) do.
  const product = W2.map((row) => W1[0].map((_, j) => row.reduce((sum, w, k) => sum + w * W1[k][j], 0)));
  if (!Number.isFinite(product.flat().reduce((sum, x) => sum + x * x, 0))) {
    return { ok: false, hidden, notes, summary: '',
      problems: [{ field: 'W1', message: 'the weights are too large for double precision: the network function W2W1 overflows in the loss' }] };
  }
  if (Math.abs(lambda) > MAX_LAMBDA) {
    return { ok: false, hidden, notes, summary: '', lambda, deviation, problems: [{ field: 'W1',
      message: `λ = tr(W2ᵀW2 − W1W1ᵀ)/Nh = ${outsideValue(lambda)} is outside [−${MAX_LAMBDA}, ${MAX_LAMBDA}], the range allowed for λ` }] };
  }
  const balanced = deviation <= tolerance;
  const summary = balanced
    ? `λ = ${formatValue(lambda, 3)}, balanced to ${formatValue(deviation, 1)}: the exact solution applies`
    : `no exact solution: the weights are not λ-balanced (deviation ${formatValue(deviation, 2)})`;
  if (!balanced) {
    notes.push(`gradient descent still runs from them; λ = ${formatValue(lambda, 3)} is read off as tr(W2ᵀW2 − W1W1ᵀ)/Nh, ` +
      `and the exact solution needs ‖W2ᵀW2 − W1W1ᵀ − λI‖ within ${formatValue(tolerance)} of the weights’ size`);
  }
  if (dims.hidden !== undefined && dims.hidden !== hidden) {
    notes.push(`the weights have ${plural(hidden, 'hidden unit')} (the network shape has ${dims.hidden}): applying them sets Nh = ${hidden}`);
  }
  // A random or designed task takes its sizes from the weights: say when that changes them.
  if (dims.input === undefined && dims.currentInput !== undefined && W1[0].length !== dims.currentInput) {
    notes.push(`the weights have ${plural(W1[0].length, 'input')} (the network has ${dims.currentInput}): applying them sets Ni = ${W1[0].length}`);
  }
  if (dims.output === undefined && dims.currentOutput !== undefined && W2.length !== dims.currentOutput) {
    notes.push(`the weights have ${plural(W2.length, 'output')} (the network has ${dims.currentOutput}): applying them sets No = ${W2.length}`);
  }
  return { ok: true, problems, hidden, lambda, deviation, balanced, summary, notes, shapes: { W1: shape(W1), W2: shape(W2) } };
}

// What the weights dialog would say against weights from a link: their shapes against the link's
// network (`dims` = {input, output, hidden}), their size and λ. '' when they are usable.
/** @param {{ W1: number[][], W2: number[][] }} weights @param {WeightDims} dims */
export function linkWeightsProblem({ W1, W2 }, dims) {
  const analysis = analyzeWeights({ W1, W2 }, { input: dims.input, output: dims.output });
  if (!analysis.ok) return analysis.problems.map((p) => p.message).join('; ');
  if (dims.hidden !== undefined && W1.length !== dims.hidden) {
    return `W1 has ${plural(W1.length, 'row')} but the link's hidden units Nh (“nh”) are ${dims.hidden}: W1 must be Nh × Ni = ${dims.hidden} × ${W1[0].length}`;
  }
  return '';
}
