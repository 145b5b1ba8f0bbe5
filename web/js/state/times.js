// The time axis of the charts over training time and the recorded times that go with it. On a
// log axis the times are spaced geometrically, so that the early part of training (all of it for
// a lazy network at large |λ|) is resolved instead of joined by a straight line.
/** @import { PageState } from './schema.js' */

// The axis drawn: the state's, or for `auto` the view's own (linear, or a paper figure's axis).
/** @param {PageState} state @param {'linear' | 'log'} [own] @returns {'linear' | 'log'} */
export function timeAxisOf(state, own = 'linear') {
  return state.timeAxis === 'linear' || state.timeAxis === 'log' ? state.timeAxis : own;
}

// Recorded times for a log time axis: 0, then about `count` times spaced evenly in log scale from
// one step to T, each a whole number of steps (gradient descent records at whole steps, so the
// simulation and the exact solution are compared at the very same times), the last at most T.
/** @param {number} learningRate @param {number} T @param {number} [count] @returns {number[]} */
export function logTimes(learningRate, T, count = 300) {
  const steps = new Set([0]);
  const last = Math.max(1, Math.floor((T / learningRate) * (1 + 1e-12)));
  for (let i = 0; i < count; i++) steps.add(Math.min(last, Math.round(last ** (i / (count - 1)))));
  return [...steps].sort((a, b) => a - b).map((k) => Number((k * learningRate).toPrecision(12)));
}

// The first recorded time a log axis can show (t = 0 cannot be on it).
/** @param {ArrayLike<number>} times @returns {number} */
export function firstPositiveTime(times) {
  for (let i = 0; i < times.length; i++) if (times[i] > 0) return times[i];
  return NaN;
}
