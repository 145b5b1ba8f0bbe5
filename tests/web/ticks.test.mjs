// Axis numbers and chart summaries (web/js/charts/ticks.js, series.js): labels with just enough
// digits at every scale, sensible ranges for flat data, log ticks, and the text alternative.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatValue, readingDigits, stepDecimals, tickLabels, isFlat, paddedRange, logTicks, logAxis, niceTicks } from '../../web/js/charts/ticks.js';
import { describeCurves } from '../../web/js/charts/series.js';

test('formatValue: 4 significant digits, compact, exponent form outside [1e-3, 1e5)', () => {
  assert.equal(formatValue(0.531234), '0.5312');
  assert.equal(formatValue(0.0012), '0.0012');
  assert.equal(formatValue(2.220446049250313e-16), '2.22e-16');
  assert.equal(formatValue(1.5e8), '1.5e+8');
  assert.equal(formatValue(-123456), '-1.235e+5');
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(NaN), '—');
  assert.equal(formatValue(0.53, 2), '0.53');
});

test('readingDigits: 4, or as many as a narrow axis needs', () => {
  assert.equal(readingDigits(0.53, 1.5), 4);
  assert.equal(readingDigits(1e-16, 3e-16), 4);
  assert.equal(readingDigits(0, 1), 4);
  assert.equal(readingDigits(1.4884416, 6e-7), 9);
  assert.equal(readingDigits(1, 1e-20), 12);
  assert.equal(readingDigits(1, 0), 4, 'a degenerate axis: the default');
});

test('stepDecimals: the places multiples of a step need', () => {
  assert.equal(stepDecimals(0.25), 2);
  assert.equal(stepDecimals(0.2), 1);
  assert.equal(stepDecimals(5), 0);
  assert.equal(stepDecimals(50), -1);
  assert.equal(stepDecimals(2.5e-19), 20);
});

test('tickLabels: ordinary linear axes', () => {
  assert.deepEqual(tickLabels([0, 5, 10, 15, 20]), ['0', '5', '10', '15', '20']);
  assert.deepEqual(tickLabels([0, 0.25, 0.5, 0.75, 1]), ['0', '0.25', '0.5', '0.75', '1']);
  assert.deepEqual(tickLabels([-0.8, -0.4, 0, 0.4, 0.8]), ['-0.8', '-0.4', '0', '0.4', '0.8']);
  // A bound tick off the step (a caller's max) gets the digits it needs; the others stay short.
  assert.deepEqual(tickLabels([0, 0.2, 0.4, 0.6, 0.63]), ['0', '0.2', '0.4', '0.6', '0.63']);
});

test('tickLabels: no floating-point noise', () => {
  assert.deepEqual(tickLabels([0, 0.1, 0.2, 0.30000000000000004]), ['0', '0.1', '0.2', '0.3']);
  assert.deepEqual(tickLabels([0.9999999999990001, 1, 1.000000000001]), ['0.999999999999', '1', '1.000000000001']);
  assert.deepEqual(tickLabels([-2e-16, 5e-33, 2e-16]), ['-2e-16', '0', '2e-16']);
});

test('tickLabels: exponent form for very large and very small magnitudes', () => {
  assert.deepEqual(tickLabels([1e8, 1.5e8, 2e8]), ['1e+8', '1.5e+8', '2e+8']);
  assert.deepEqual(tickLabels([2.2e-16, 2.3e-16, 2.4e-16]), ['2.2e-16', '2.3e-16', '2.4e-16']);
  assert.deepEqual(tickLabels([9.5e-18, 9.75e-18, 1e-17, 1.025e-17]), ['9.5e-18', '9.75e-18', '1e-17', '1.025e-17']);
});

test('tickLabels: log axes label each tick with its own digits', () => {
  assert.deepEqual(tickLabels([0.001, 0.002, 0.005, 0.01, 0.1, 1], { log: true }), ['0.001', '0.002', '0.005', '0.01', '0.1', '1']);
  assert.deepEqual(tickLabels([1e-12, 1e-8, 1e-4, 1, 1e4, 1e8], { log: true }), ['1e-12', '1e-8', '1e-4', '1', '1e+4', '1e+8']);
  assert.deepEqual(tickLabels([0.5, 0.7, 1, 1.5], { log: true }), ['0.5', '0.7', '1', '1.5']);
});

test('tickLabels: neighbours always differ and read back as their values, at every scale', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 3000; i++) {
    const magnitude = 10 ** (random() * 600 - 300) * (random() < 0.3 ? -1 : 1);
    const width = Math.abs(magnitude) * 10 ** (random() * 14 - 11.5); // down to ~3e-12 of the value
    const lo = magnitude - width * random(), hi = lo + width;
    const ticks = niceTicks(lo, hi, 2 + Math.floor(random() * 9));
    if (ticks.length < 2) continue;
    const labels = tickLabels(ticks);
    const step = ticks[1] - ticks[0];
    labels.forEach((label, k) => {
      assert.ok(label.length <= 22, `short label: ${label}`);
      if (k > 0) assert.notEqual(label, labels[k - 1], `distinct neighbours in ${labels}`);
      assert.ok(Math.abs(Number(label) - ticks[k]) <= step * 0.01, `${label} reads as ${ticks[k]}`);
    });
  }
});

test('tickLabels: a lone tick gets three significant digits', () => {
  assert.deepEqual(tickLabels([0.123456]), ['0.123']);
  assert.deepEqual(tickLabels([0]), ['0']);
});

test('isFlat and paddedRange: a band around flat data, nothing else changed', () => {
  assert.ok(isFlat(0, 0));
  assert.ok(isFlat(1e-17, 1e-17));
  assert.ok(isFlat(0.3, 0.3 + 1e-17));
  assert.ok(!isFlat(0, 1e-30));
  assert.ok(!isFlat(1, 1 + 1e-9));
  assert.deepEqual(paddedRange(0, 0), [-1, 1]);
  const [a, b] = paddedRange(0.53, 0.53 + 1e-17);
  assert.ok(Math.abs(a - 0.5035) < 1e-12 && Math.abs(b - 0.5565) < 1e-12);
  const [c, d] = paddedRange(-1e-17, -1e-17);
  assert.ok(c < -1e-17 && d > -1e-17 && d < 0);
  assert.deepEqual(paddedRange(0.1, 0.9), [0.1, 0.9]);
});

test('niceTicks: round multiples of 1, 2, 2.5 or 5, exactly representable', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(niceTicks(0.03, 0.71, 8), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  assert.deepEqual(niceTicks(0.95e-17, 1.05e-17, 5), [9.5e-18, 9.75e-18, 1e-17, 1.025e-17, 1.05e-17]);
  assert.deepEqual(niceTicks(2, 2), [2]);
});

test('logTicks: decades, 1-2-5 over short spans, thinned to maxCount', () => {
  assert.deepEqual(logTicks(-3, 0), [-3, -2, -1, 0]);
  assert.deepEqual(logTicks(-1, 1).map((v) => Number((10 ** v).toPrecision(6))), [0.1, 0.2, 0.5, 1, 2, 5, 10]);
  const wide = logTicks(-3, 300, 7);
  assert.ok(wide.length <= 8 && wide.length >= 4, `${wide.length} ticks`);
  assert.ok(wide.every((v) => Number.isInteger(v)));
  assert.deepEqual(logTicks(0.1, 0.2), [0.1, 0.2]); // nothing round inside: the ends
});

test('logAxis: whole decades, or round values within half a decade', () => {
  assert.deepEqual(logAxis(0.0012, 0.53), { min: 0.001, max: 1, ticks: [0.001, 0.01, 0.1, 1] });
  assert.deepEqual(logAxis(0.5, 0.53), { min: 0.5, max: 0.53, ticks: [0.5, 0.51, 0.52, 0.53] });
  const huge = logAxis(1e-3, 1e300, 7);
  assert.equal(huge.min, 1e-3);
  assert.equal(huge.max, 1e300);
  assert.ok(huge.ticks.length <= 8);
  const flat = logAxis(...paddedRange(0.53, 0.53));
  assert.ok(flat.ticks.length >= 2 && flat.ticks.every((v) => v > 0));
});

const pts = (xs, ys) => xs.map((x, i) => ({ x, y: ys[i] }));

test('describeCurves: one curve, simulation and exact', () => {
  const xs = [0, 10, 20];
  const text = describeCurves({ quantity: 'loss', curves: [{ label: 'loss', simulation: pts(xs, [0.531, 0.1, 0.0012]), exact: pts(xs, [0.531, 0.1, 0.0012]) }] });
  assert.equal(text, 'Loss from t = 0 to 20: simulation 0.53 → 0.0012, exact 0.53 → 0.0012.');
});

test('describeCurves: a diverged simulation says where it stopped', () => {
  const text = describeCurves({ quantity: 'loss', divergedAt: 0.07,
    curves: [{ label: 'loss', simulation: pts([0, 0.05], [4.9e4, 5e5]), exact: pts([0, 0.05, 20], [4.9e4, 4e4, 0.47]) }] });
  assert.equal(text, 'Loss from t = 0 to 20: simulation 49000 → 5e+5 until it diverged at t = 0.07, exact 49000 → 0.47.');
});

test('describeCurves: a few curves each, many in aggregate, values a log axis masked', () => {
  const xs = [0, 1];
  const few = describeCurves({ quantity: 'singular value', curves: [
    { label: 'σ1', simulation: pts(xs, [0.1, 3]), exact: pts(xs, [0.1, 3]) },
    { label: 'σ2', exact: pts(xs, [0.05, 1.2]) }] });
  assert.equal(few, 'Singular value from t = 0 to 1. σ1: simulation 0.1 → 3, exact 0.1 → 3; σ2: exact 0.05 → 1.2.');
  const many = describeCurves({ quantity: 'W₂W₁ entry', divergedAt: 2, curves: Array.from({ length: 12 }, (_, k) =>
    ({ label: `${k}`, simulation: pts([0], [0]), exact: pts(xs, [0, -0.4 + k * 0.155]) })) });
  assert.equal(many, 'W₂W₁ entry from t = 0 to 1, 12 curves: values between −0.4 and 1.3 at the end; the simulation diverged at t = 2.');
  const masked = describeCurves({ quantity: 'loss', curves: [{ label: 'loss', exact: [{ x: 0, y: 1 }, { x: 5, y: NaN, value: 0 }] }] });
  assert.equal(masked, 'Loss from t = 0 to 5: exact 1 → 0.');
  assert.equal(describeCurves({ quantity: 'loss', curves: [] }), 'Loss: nothing computed yet.');
});

test('describeCurves: more digits when two would make different values read alike', () => {
  const text = describeCurves({ quantity: 'loss', curves: [{ label: 'loss', exact: pts([0, 0.1], [1.4884, 1.4836]) }] });
  assert.equal(text, 'Loss from t = 0 to 0.1: exact 1.49 → 1.48.');
});
