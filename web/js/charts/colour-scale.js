// How a quantity's values map to the [0, 1] of a sequential colour map (the phase diagram's cells
// and colour bar): linear, or in log scale for a positive quantity spanning a wide range. Pure.

// The kernel distance (fromZero): linearly from 0, so that dark always means lazy. The loss:
// linearly over its range, or in log scale when it spans more than a factor 20. `flat`: one value.
export function colourScale(values, fromZero) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { lo: 0, hi: 1, log: false, flat: true };
  let lo = fromZero ? 0 : Math.min(...finite), hi = Math.max(...finite);
  const log = !fromZero && lo > 0 && hi / lo > 20;
  if (log) [lo, hi] = [Math.log10(lo), Math.log10(hi)];
  const flat = !(hi - lo > 1e-9 * Math.max(1, Math.abs(hi)));
  return { lo, hi, log, flat };
}

// Where a value sits on the scale: 0 at its low end, 1 at its high end (NaN for a missing value).
export function fractionOf(scale, value) {
  if (!Number.isFinite(value)) return NaN;
  if (scale.flat) return 0.5;
  const v = scale.log ? Math.log10(Math.max(value, 1e-300)) : value;
  return (v - scale.lo) / (scale.hi - scale.lo);
}
