// Series picked out of a result's trajectories (one entry per recorded time), as Float64Arrays for
// the charts and the summaries, and a text summary of a chart's curves. Pure: importable from Node.
/** @import { Matrix, MatrixSeries } from '../../wasm/ldyn.mjs' */
import { formatValue } from './ticks.js';

// The (row, col) entry of every matrix in a series: [T, R, C] -> values over T.
/** @param {MatrixSeries | null | undefined} series @param {number} row @param {number} col @returns {Float64Array | null} */
export function entrySeries(series, row, col) {
  if (!series) return null;
  const [count, , cols] = series.shape, stride = series.stride, data = series.data;
  const out = new Float64Array(count);
  for (let t = 0, at = row * cols + col; t < count; t++, at += stride) out[t] = data[at];
  return out;
}

// The k-th entry of every vector in a series: [T, K] -> values over T.
/** @param {Matrix | null | undefined} series @param {number} k @returns {Float64Array | null} */
export function componentSeries(series, k) {
  if (!series) return null;
  const [count, width] = series.shape, data = series.data;
  const out = new Float64Array(count);
  for (let t = 0; t < count; t++) out[t] = data[t * width + k];
  return out;
}

// A plain-text summary of a chart of curves over x (a canvas's aria-label): the x range, then per
// curve the first and last values of the simulation and of the exact solution, and where the
// simulation stopped if it diverged; in aggregate when there are more than three curves.
// quantity: the y axis title; xName: 't' or 'λ'; curves: [{label, simulation, exact, values}],
// each an array of {x, y} (or {x, y: NaN, value}: a value a log axis cannot draw) or null;
/** @typedef {{ x: number, y: number, value?: number }} CurvePoint */
/** @typedef {{ label?: string, simulation?: CurvePoint[] | null, exact?: CurvePoint[] | null, values?: CurvePoint[] | null }} DescribedCurve */
// divergedAt: the time the simulation diverged, if it did.
/** @param {{ quantity?: string, xName?: string, curves: DescribedCurve[], divergedAt?: number }} chart */
export function describeCurves({ quantity, xName = 't', curves, divergedAt }) {
  const name = quantity ? quantity[0].toUpperCase() + quantity.slice(1) : 'Values';
  /** @param {DescribedCurve} curve */
  const parts = (curve) => /** @type {Array<[string, CurvePoint[]]>} */ ([['simulation', curve.simulation], ['exact', curve.exact], ['', curve.values]])
    .filter(([, points]) => points?.length);
  const all = curves.flatMap((curve) => parts(curve).map(([, points]) => points));
  if (!all.length) return `${name}: nothing computed yet.`;
  const x0 = Math.min(...all.map((p) => p[0].x)), x1 = Math.max(...all.map((p) => p.at(-1).x));
  const head = `${name} from ${xName} = ${say(x0, 3)} to ${say(x1, 3)}`;
  const diverged = Number.isFinite(divergedAt) ? `the simulation diverged at t = ${say(divergedAt, 3)}` : '';
  if (curves.length > 3) {
    // Where the curves end: the exact solution where there is one (a diverged simulation ends anywhere).
    const ends = curves.map((c) => (c.exact?.length ? c.exact : c.values?.length ? c.values : c.simulation)).filter((p) => p?.length)
      .map((p) => yOf(p.at(-1)));
    return `${head}, ${curves.length} curves: values between ${say(Math.min(...ends))} and ${say(Math.max(...ends))} at the end` +
      `${diverged ? `; ${diverged}` : ''}.`;
  }
  /** @param {DescribedCurve} curve */
  const text = (curve) => parts(curve).map(([kind, points]) => {
    let span = `${kind ? `${kind} ` : ''}${fromTo(yOf(points[0]), yOf(points.at(-1)))}`;
    if (kind === 'simulation' && diverged) span += ` until it diverged at t = ${say(divergedAt, 3)}`;
    else if (kind === 'simulation' && points.at(-1).x < x1) span += ` (stops at ${xName} = ${say(points.at(-1).x, 3)})`;
    return span;
  }).join(', ');
  const described = curves.filter((curve) => parts(curve).length);
  if (described.length === 1) return `${head}: ${text(described[0])}.`;
  return `${head}. ${described.map((curve) => `${curve.label}: ${text(curve)}`).join('; ')}.`;
}

/** @param {CurvePoint} point */
const yOf = (point) => point.value ?? point.y;

// 'a → b' in two significant digits, or up to four when two would make different values alike.
/** @param {number} a @param {number} b */
function fromTo(a, b) {
  let digits = 2;
  while (digits < 4 && a !== b && say(a, digits) === say(b, digits)) digits++;
  return `${say(a, digits)} → ${say(b, digits)}`;
}

// A number for reading aloud: `digits` significant digits, a real minus sign.
/** @param {number} v */
function say(v, digits = 2) {
  if (!Number.isFinite(v)) return 'missing';
  const text = formatValue(Math.abs(v), digits);
  return v < 0 && text !== '0' ? `−${text}` : text;
}
