// Reductions over the results of many engine runs that every experiment view reports. Pure.

// How many runs' gradient descent blew up.
export function divergedCount(results) {
  return results.filter((r) => r.simulation?.diverged).length;
}

// Why the exact solution was not given, for the first run without one (undefined if all have it).
export function firstUnavailable(results) {
  return results.find((r) => r.exactUnavailable)?.exactUnavailable;
}

// The last value of a series.
export const last = (series) => series?.[series.length - 1];
