// Series picked out of a result's trajectories (one entry per recorded time), as Float64Arrays for
// the charts and the summaries. Pure: importable from Node.

// The (row, col) entry of every matrix in a series: [T][R][C] -> values over T.
export function entrySeries(series, row, col) {
  if (!series) return null;
  const out = new Float64Array(series.length);
  for (let t = 0; t < series.length; t++) out[t] = series[t][row][col];
  return out;
}

// The k-th entry of every vector in a series: [T][K] -> values over T.
export function componentSeries(series, k) {
  if (!series) return null;
  const out = new Float64Array(series.length);
  for (let t = 0; t < series.length; t++) out[t] = series[t][k];
  return out;
}
