// A figure's data for download: every plotted series as a column (its header names the panel's
// quantity, λ and whether it is the simulation or the exact solution), each preceded by the column of
// its x values; every heatmap as one column of its entries, row by row. Pure: no DOM.
import { tableToCsv } from '../ui/export.js';

// Words for series whose source is not recorded: a reference line, an expected value, measured points.
/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { Figure } from './index.js' */
/** @import { FigurePanel, PlottedSeries } from './common.js' */
/** @type {Partial<Record<PlottedSeries['style'], string>>} */
const STYLE_WORDS = { exact: 'exact', reference: 'reference', points: 'points', dashed: 'expected' };

// Where a series comes from, never from how it is drawn: its `source` ('exact' | 'simulation'), the
// trajectory it was read from, or what its label says (a solid coloured line is not always a simulation).
/** @param {PlottedSeries} series @returns {string} */
export function seriesSource(series) {
  if (series.source) return series.source;
  if (series.from?.trajectory) return series.from.trajectory;
  if (/\((exact|closed form)\b|\bclosed form\b|\bexact\b/.test(series.label)) return 'exact';
  if (/\(simulation\)$|gradient descent|Monte Carlo/.test(series.label)) return 'simulation';
  return STYLE_WORDS[series.style] ?? series.style;
}

/** @param {FigurePanel} panel @param {PlottedSeries} series @param {string} what */
function columnName(panel, series, what) {
  const quantity = panel.quantity ?? panel.title ?? panel.id;
  const lambda = panel.lambda !== undefined ? ` λ=${panel.lambda}` : '';
  const label = series.label.replace(/ \((exact|simulation)\)$/, '');
  return `${quantity}${lambda}: ${label} (${seriesSource(series)}) ${what}`;
}

/** @param {Pick<Figure, 'title'>} figure @param {readonly FigurePanel[]} panels */
export function figureCsv(figure, panels) {
  /** @type {Array<{ name: string, values: ArrayLike<unknown> }>} */
  const columns = [];
  for (const panel of panels) {
    if (panel.kind === 'lines') {
      for (const series of panel.series) {
        columns.push({ name: columnName(panel, series, panel.xName ?? (panel.xTitle || 'x')), values: Array.from(series.x) });
        columns.push({ name: columnName(panel, series, 'value'), values: Array.from(series.y) });
      }
    } else if (panel.kind === 'phase') {
      // A phase diagram: one row per cell, λ, σ and its value (and loss) as columns.
      columns.push({ name: `${panel.quantity}: λ of the cell`, values: panel.cells.map((c) => c.lambda) });
      columns.push({ name: `${panel.quantity}: σ of the cell`, values: panel.cells.map((c) => c.sigma) });
      columns.push({ name: `${panel.quantity} (exact) value`, values: panel.cells.map((c) => c[panel.field]) });
      columns.push({ name: `${panel.quantity}: loss L(T) (exact) value`, values: panel.cells.map((c) => c.loss) });
    } else if (panel.kind === 'heatmap' && panel.matrix) {
      const rows = panel.matrix.length, cols = panel.matrix[0]?.length ?? 0;
      columns.push({ name: `${panel.quantity ?? panel.title} (${rows} × ${cols}, row by row)`, values: panel.matrix.flatMap((row) => Array.from(row)) });
    }
  }
  const length = Math.max(0, ...columns.map((c) => c.values.length));
  const rows = Array.from({ length }, (_, i) => columns.map((c) => c.values[i]));
  return `# ${figure.title}\n${tableToCsv(columns.map((c) => c.name), rows)}`;
}

// A figure's JSON: what it plots (every series at the plotted points, every heatmap, every phase
// cell), each series named as in the CSV and with its source (exact or simulation), and the engine
// configurations that recompute everything else (`ldyn` or the JS API runs them). Not the full
// trajectories: those were tens of MB (Figure 2: 26 MB) for curves of a few hundred points.
/**
 * @param {Pick<Figure, 'id' | 'title'>} figure @param {readonly FigurePanel[]} panels
 * @param {ReadonlyArray<{ config: ExperimentConfig, result?: ExperimentResult }>} runs
 */
export function figureJson(figure, panels, runs) {
  /** @param {ArrayLike<number> | null | undefined} values */
  const plain = (values) => Array.from(values ?? [], (v) => (Number.isFinite(v) ? v : null));
  return {
    figure: figure.id,
    title: figure.title,
    panels: panels.map((panel) => {
      const head = { id: panel.id, kind: panel.kind, title: panel.title, quantity: panel.quantity, lambda: panel.lambda };
      if (panel.kind === 'lines') {
        return { ...head, x: panel.xName ?? (panel.xTitle || 'x'), series: panel.series.map((series) => ({ name: columnName(panel, series, 'value'), label: series.label,
          source: seriesSource(series), x: plain(series.x), y: plain(series.y) })) };
      }
      if (panel.kind === 'phase') return { ...head, field: panel.field, source: 'exact', cells: panel.cells.map((c) => ({ lambda: c.lambda, sigma: c.sigma, value: c[panel.field], loss: c.loss })) };
      if (panel.kind === 'heatmap' && panel.matrix) return { ...head, matrix: panel.matrix.map((row) => plain(row)) };
      return head;
    }),
    configs: runs.map(({ config }) => config),
  };
}
