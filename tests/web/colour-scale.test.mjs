// The phase diagram's colour scale (web/js/charts/colour-scale.js): flat fields map to the dark,
// low end (every network lazy, or one loss everywhere), ranges map linearly or in log scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colourScale, fractionOf } from '../../web/js/charts/colour-scale.js';

test('a kernel distance of 0 everywhere is flat and dark (lazy), not mid-range', () => {
  const scale = colourScale([0, 0, 0, 0], true);
  assert.equal(scale.flat, true);
  assert.equal(fractionOf(scale, 0), 0);
});

test('a kernel distance below 1e-12 everywhere (rounding noise) is flat too', () => {
  const values = [0, 3e-17, 1e-16, 2e-13];
  const scale = colourScale(values, true);
  assert.equal(scale.flat, true);
  for (const v of values) assert.equal(fractionOf(scale, v), 0);
});

test('a kernel distance with a range maps linearly from 0', () => {
  const scale = colourScale([0, 0.1, 0.4], true);
  assert.deepEqual(scale, { lo: 0, hi: 0.4, log: false, flat: false });
  assert.equal(fractionOf(scale, 0), 0);
  assert.equal(fractionOf(scale, 0.1), 0.25);
  assert.equal(fractionOf(scale, 0.4), 1);
  assert.equal(fractionOf(scale, -1e-17), 0, 'a rounding-noise negative is clamped to the lazy end');
});

test('a flat loss maps to fraction 0 (dark = low)', () => {
  for (const values of [[0.47, 0.47, 0.47], [0, 0, 0], [0.47, 0.47 + 1e-17]]) {
    const scale = colourScale(values, false);
    assert.equal(scale.flat, true, `${values}`);
    for (const v of values) assert.equal(fractionOf(scale, v), 0);
  }
});

test('a loss spanning more than a factor 20 is coloured in log scale', () => {
  const scale = colourScale([1e-6, 1e-3, 1], false);
  assert.equal(scale.log, true);
  assert.deepEqual([scale.lo, scale.hi], [-6, 0]);
  assert.equal(fractionOf(scale, 1e-3), 0.5);
  assert.equal(fractionOf(scale, 1), 1);
});

test('a loss over a narrow range is coloured linearly over it', () => {
  const scale = colourScale([0.2, 0.3, 0.4], false);
  assert.equal(scale.log, false);
  assert.ok(Math.abs(fractionOf(scale, 0.3) - 0.5) < 1e-12);
});

test('missing values: NaN fractions; no finite value at all: a flat scale', () => {
  const scale = colourScale([NaN, 0.1, Infinity, 0.3], false);
  assert.equal(scale.flat, false);
  assert.ok(Number.isNaN(fractionOf(scale, NaN)));
  const empty = colourScale([NaN, NaN], true);
  assert.equal(empty.flat, true);
  assert.ok(Number.isNaN(fractionOf(empty, NaN)));
});
