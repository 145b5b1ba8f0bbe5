// Numbers on axes and colour bars: round tick values for linear and log10 axes, and short labels.
// Pure: importable from Node.

// A number in at most 3 significant digits, in exponent form outside [1e-3, 1e5); '—' if missing.
export function formatNumber(v) {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

// Ticks for a log10 axis spanning [lo, hi] (log10 units): decades, with 2 and 5 when few.
export function logTicks(lo, hi) {
  const span = hi - lo;
  const mantissas = span > 2.5 ? [1] : span > 1.2 ? [1, 2, 5] : [1, 1.5, 2, 3, 5, 7];
  const every = span > 7 ? 2 : 1;
  const ticks = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    if (mantissas.length === 1 && e % every !== 0) continue;
    for (const m of mantissas) {
      const v = e + Math.log10(m);
      if (v >= lo - 1e-9 && v <= hi + 1e-9) ticks.push(v);
    }
  }
  return ticks.length >= 2 ? ticks : [lo, hi];
}

// About `count` round values covering [lo, hi].
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / (count - 1), magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}
