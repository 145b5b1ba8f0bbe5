// "Figures of the paper": each of the paper's figures laid out like the paper's, computed with its
// settings (figures/), with the paper's caption, how it was made, a link that opens the same
// configuration in the explorable, one PNG of the whole figure and a CSV of every plotted series.
import { createFigureChart, setFigureSeries } from '../charts/figure-chart.js';
import { shareYRange } from '../charts/shared-range.js';
import { createHeatmap, setMatrix, maxAbs } from '../charts/heatmap.js';
import { schematic } from '../charts/schematic.js';
import { createPhaseChart, showPhaseGrid } from '../charts/phase-chart.js';
import { whenDrawn } from '../charts/setup.js';
import { createRecordDialog } from '../record/record-dialog.js';
import { revealAnimation } from '../record/reveal.js';
import { createSelectField } from '../ui/fields.js';
import { el, clear, bumpCounter, download, slug } from '../ui/dom.js';
import { FIGURE_MODULES, figureById } from '../figures/index.js';
import { figureCsv, figureJson } from '../figures/export.js';
import { figurePng } from '../ui/figure-png.js';
import { createTimeAxisField } from '../ui/time-axis.js';
import { createChangeNotice } from '../ui/change-notice.js';
import { timeAxisOf, logTimes, firstPositiveTime } from '../state/times.js';
import { saddleText } from '../experiments/trajectory-notes.js';
import { formatNumber } from '../charts/ticks.js';
import { createViewFrame } from './frame.js';
import { byId, FIGURE_CATALOG } from '../catalog.js';
/** @import { View } from './index.js' */
/** @import { FigureId, PageState } from '../state/schema.js' */
/** @import { Figure, FigureLayout } from '../figures/index.js' */
/** @import { FigurePanel } from '../figures/common.js' */
/** @import { Card } from '../ui/card.js' */
/** @import { Source } from '../record/source.js' */
/** @import { ExperimentConfig, TimeGrid } from '../../wasm/ldyn.mjs' */
/** @import { TrajectoryChart } from '../charts/trajectory-chart.js' */
/** @typedef {FigureLayout['runs']} FigureRuns */
/** @typedef {TrajectoryChart | import('chart.js').Chart<'matrix'> | import('../charts/heatmap.js').Heatmap | null} Drawn a chart or heatmap of the figure (null: a schematic) */


// The time axis: a panel whose x values are a run's recorded times is over training time. A
// figure's own time axis is the one its time panels are drawn on (log for Figures 2 and 3). A
// figure of several tasks in a row (its runs have phases) keeps its linear axis: it has no control.
/** @param {FigurePanel} panel @param {FigureRuns} runs */
const isTimePanel = (panel, runs) => panel.kind === 'lines' && panel.series.some((s) => runs.some(({ result }) => s.x === result.times));
/** @param {FigureLayout} data */
const hasTimeAxis = (data) => !data.runs.some(({ config }) => config.phases) && data.panels.some((panel) => isTimePanel(panel, data.runs));
/** @param {FigureLayout} data @returns {'linear' | 'log'} */
const ownTimeAxis = (data) => (data.panels.some((panel) => isTimePanel(panel, data.runs) && panel.kind === 'lines' && panel.logX) ? 'log' : 'linear');

// The figure's configurations with times spaced for a log axis: those recording a grid of times
// ({end, count}) get geometric ones from the first step; explicit lists, two-point runs (an end
// value) and runs of several tasks (phases: drawn on a linear axis) are kept.
/** @param {ExperimentConfig} config */
const gridded = (config) => config.times && 'count' in config.times && config.times.count > 2 && config.learningRate > 0 && !config.phases;
/** @param {ExperimentConfig[]} configs @returns {ExperimentConfig[]} */
const withLogTimes = (configs) => configs.map((config) => {
  if (!gridded(config)) return config;
  const { end, count } = /** @type {TimeGrid} */ (config.times);
  return { ...config, times: logTimes(config.learningRate, end, count - 1) };
});

// Draws one panel into `cell`; returns what must be destroyed when the figure is drawn again.
// timeAxis: the axis of time panels ('linear' | 'log'), or null to draw the figure's own.
/**
 * @param {Card} card @param {HTMLElement} cell @param {FigurePanel} panel @param {number | undefined} divergedAt
 * @param {{ time: boolean, timeAxis: 'linear' | 'log' | null }} axis @returns {Drawn}
 */
function drawPanel(card, cell, panel, divergedAt, { time, timeAxis }) {
  if (panel.kind === 'schematic') {
    cell.append(el('figure', { class: 'chart figure-schematic', 'data-chart': panel.id }, el('figcaption', { text: panel.title }), schematic(panel.shape)));
    return null;
  }
  const canvas = card.addChart(panel.id, panel.title || panel.quantity || panel.id, { size: panel.kind === 'heatmap' ? 'square' : 'figure', into: cell });
  if (!panel.title) canvas.closest('figure').querySelector('figcaption').classList.add('visually-hidden');
  if (panel.kind === 'phase') {
    // A phase diagram (figure=phase): its cells are not opened from a figure.
    const chart = createPhaseChart(canvas, { onOpen: () => {}, describe: (raw) => [`${panel.quantity} = ${formatNumber(raw[panel.field])}`, `loss L(T) = ${formatNumber(raw.loss)}`] });
    chart.options.plugins.tooltip.callbacks.footer = () => ''; // the view's "click to open" does not apply here
    showPhaseGrid(chart, { grid: panel.grid, cells: panel.cells, quantity: panel.quantity, field: panel.field, fromZero: true, quantityLabel: panel.quantity, current: null });
    return chart;
  }
  if (panel.kind === 'heatmap') {
    const heatmap = createHeatmap(canvas);
    setMatrix(heatmap, panel.matrix, panel.scale ?? maxAbs(panel.matrix), { note: panel.note ?? '', emptyText: panel.emptyText });
    return heatmap;
  }
  const logX = time && timeAxis ? timeAxis === 'log' : panel.logX;
  const xTitle = time && panel.xTitle && timeAxis ? `${panel.xTitle.replace(/ \(log scale\)$/, '')}${logX ? ' (log scale)' : ''}` : panel.xTitle;
  const chart = createFigureChart(canvas, { xTitle, yTitle: panel.yTitle, logY: panel.logY, logX, legend: panel.legend });
  if (panel.yMin !== undefined) {
    // A figure's fixed range may end just past a round value (1.005, so that points at exactly 1 are
    // not cut by the edge): only round ticks then, never the bound labelled as if it were 1.
    Object.assign(chart.options.scales.y, { min: panel.yMin, max: panel.yMax });
    chart.options.scales.y.ticks = { ...chart.options.scales.y.ticks, includeBounds: false };
  }
  setFigureSeries(chart, panel.series, { divergedAt: panel.divergedAt ?? divergedAt, time });
  return chart;
}

/** @type {View} */
export default {
  id: 'figure',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'figure', context,
      intro: ['Each figure of the paper, computed here with the authors’ settings where they are known, laid out like the paper’s, with its caption ' +
        'and how it was made. Hover over a chart for its values; “Change the settings” opens the same networks in the explorable.'] });
    const select = createSelectField({ label: 'Figure', options: FIGURE_MODULES.map((f) => [f.id, byId(FIGURE_CATALOG, f.id).label]),
      onValue: (figure, options) => context.onChange({ figure: /** @type {FigureId} */ (figure) }, options) });
    const png = el('button', { type: 'button', id: 'figure-png', text: 'PNG of the whole figure' });
    const change = el('button', { type: 'button', id: 'figure-change', text: 'Change the settings ↗' });
    frame.toolbar.append(select.element);
    const timeAxis = createTimeAxisField(frame.toolbar, { prefix: 'figure-', onValue: (axis) => context.onChange({ timeAxis: axis }, { commit: true }) });
    timeAxis.element.hidden = true; // until a figure with a time axis is drawn
    frame.toolbar.append(png, change);
    const changeNotice = createChangeNotice(document.getElementById('notices'), { getState: context.getState, onChange: context.onChange });

    // A figure has no time cursor: its video draws the curves from left to right.
    /** @param {{ source: Source }} what */
    const record = ({ source }) => figure && shownId === figure.id && createRecordDialog().open({ title: figure.title, lines: [figure.caption], source,
      animations: [revealAnimation(grid, { label: 'draw the curves from left to right' })], fileName: `figure_${figure.id}`, size: 'own:1920' });
    const card = frame.addCard({ id: 'figure-panels', title: '', caption: '', record });
    const heading = card.section.querySelector('h2');
    const grid = el('div', { class: 'figure-grid' });
    const caption = el('blockquote', { class: 'figure-caption' });
    const made = el('div', { class: 'figure-made' });
    const notes = el('ul', { class: 'figure-notes' });
    // A figure not in the paper (inPaper: false) has a caption of its own.
    // The headings wait for their texts (the first figure's arrive with its drawing): a projector
    // showed "The paper's caption:" and "How this was made:" over nothing while it computed.
    const captionLabel = el('p', { class: 'figure-caption-label', text: 'The paper’s caption:', hidden: true });
    const madeLabel = el('p', { class: 'figure-caption-label', text: 'How this was made:', hidden: true });
    card.body.append(grid, captionLabel, caption, madeLabel, made, notes);

    /** @type {Map<string, FigureLayout>} */
    const computed = new Map(); // figure id and times ('log' or 'own') -> the figure's layout
    /** @type {Drawn[]} */
    let drawn = []; // charts and heatmaps of the figure on screen
    /** @type {string | null} */
    let shownId = null; // the figure on screen, and its time axis
    /** @type {'linear' | 'log' | null} */
    let shownAxis = null;
    /** @type {Figure | undefined} */
    let figure;
    /** @type {PageState} */
    let state = null;
    // The time axis drawn: the page's, or (auto) the figure's own.
    /** @param {FigureLayout} data */
    const axisOf = (data) => timeAxisOf(state, ownTimeAxis(data));

    /** @param {Figure} spec @param {FigureLayout} data */
    const draw = (spec, data) => {
      for (const item of drawn) item?.destroy();
      drawn = [];
      clear(grid);
      grid.style.setProperty('--columns', String(spec.columns));
      grid.dataset.columns = String(spec.columns);
      heading.textContent = spec.title;
      caption.textContent = spec.caption;
      captionLabel.textContent = spec.inPaper === false ? 'Caption (this figure is not in the paper):' : 'The paper’s caption:';
      made.replaceChildren(...spec.made.map((text) => el('p', { text })));
      captionLabel.hidden = madeLabel.hidden = false;
      const diverged = data.runs.find((r) => r.result.simulation?.diverged)?.result.simulation.diverged.time;
      const axis = hasTimeAxis(data) ? axisOf(data) : null;
      for (const panel of data.panels) {
        const [row, col, rowSpan = 1, colSpan = 1] = panel.area;
        const cell = el('div', { class: 'figure-cell' });
        cell.style.gridArea = `${row} / ${col} / span ${rowSpan} / span ${colSpan}`;
        grid.append(cell);
        drawn.push(drawPanel(card, cell, panel, diverged, { time: isTimePanel(panel, data.runs), timeAxis: axis }));
      }
      // Charts compared side by side (panels of one yShare group) get one y range.
      const yShare = (/** @type {FigurePanel} */ panel) => (panel.kind === 'lines' ? panel.yShare : undefined);
      for (const group of new Set(data.panels.map(yShare).filter(Boolean))) {
        shareYRange(/** @type {TrajectoryChart[]} */ (drawn.filter((_, i) => yShare(data.panels[i]) === group)));
      }
      timeAxis.element.hidden = !axis;
      if (axis) timeAxis.sync(axis, state.timeAxis);
      const lines = [...(data.notes ?? [])];
      if (axis === 'log') {
        const first = Math.min(...data.runs.map(({ result }) => firstPositiveTime(result.times)).filter(Number.isFinite));
        lines.push(`The time axes are logarithmic, from the first recorded step t = ${formatNumber(first)}: t = 0 cannot be on them.`);
      }
      for (const { result } of data.runs) for (const w of result.exactWarnings ?? []) lines.push(`λ = ${result.lambda}: ${w.kind === 'saddle' ? saddleText(w.message) : w.message}.`);
      notes.replaceChildren(...[...new Set(lines)].map((text) => el('li', { text })));
      shownId = spec.id;
      shownAxis = axis;
      whenDrawn().then(() => bumpCounter('figureRendered'));
    };

    png.addEventListener('click', async () => {
      if (!figure || shownId !== figure.id) return;
      const blob = await figurePng(grid, { title: figure.title, lines: [figure.caption] });
      if (blob) download(blob, `${slug(`lazy-to-rich_figure_${figure.id}`)}.png`);
    });
    // The figure's settings, with the time axis it is drawn on; in the page, a notice names what
    // they change of the user's settings, with Undo.
    change.addEventListener('click', () => {
      if (!figure) return;
      const link = { ...structuredClone(figure.link), ...(shownId === figure.id && shownAxis ? { timeAxis: shownAxis } : {}) };
      if (context.isEmbed()) {
        window.open(context.linkFor(link), '_blank', 'noopener');
        return;
      }
      const before = structuredClone(context.getState());
      context.onChange(link, { commit: true });
      // The view as the view switch names it.
      const view = document.querySelector(`.view-switch [data-view="${link.view}"]`)?.textContent ?? link.view;
      changeNotice.show(before, link, { what: byId(FIGURE_CATALOG, figure.id).label, where: `Opened “${view}”`, differs: figure.linkDiffers });
    });

    // Computed once per figure and recorded times: a log axis asked for in the page gets times
    // spaced for it; otherwise the figure's own (Figures 2 and 3 record geometric times anyway).
    const logAsked = () => state.timeAxis === 'log';
    /** @param {Figure | undefined} f */
    const keyOf = (f) => (f ? `${f.id}|${logAsked() ? 'log' : 'own'}` : '');
    /** @param {ExperimentConfig[]} configs */
    const timesFor = (configs) => (logAsked() ? withLogTimes(configs) : configs);

    return {
      frame,
      hide: () => frame.hide(),
      exportData() {
        const data = figure && computed.get(keyOf(figure));
        if (!data || shownId !== figure.id) return null;
        return {
          csv: () => figureCsv(figure, data.panels),
          json: () => ({ link: location.href, ...figureJson(figure, data.panels, data.runs) }),
        };
      },
      show(newState) {
        state = newState;
        select.setValue(state.figure);
        figure = /** @type {Figure | undefined} */ (figureById(state.figure));
        const key = keyOf(figure);
        if (computed.has(key)) {
          const data = computed.get(key);
          if (shownId !== figure.id || shownAxis !== (hasTimeAxis(data) ? axisOf(data) : null)) draw(figure, data);
          return;
        }
        if (frame.isCurrent(key)) return;
        frame.runJob({
          key,
          what: 'Computing the figure',
          failure: 'The figure could not be computed',
          work: (progress, submit) => figure.compute(async (configs) => (await submit(timesFor(configs), { onProgress: progress })).results),
          /** @param {FigureLayout} data @param {number} seconds */
          onDone(data, seconds) {
            computed.set(key, data);
            draw(figure, data);
            return `${figure.title.split(':')[0]}: ${data.runs.length} network${data.runs.length > 1 ? 's' : ''} computed in ${seconds.toFixed(1)} s.`;
          },
        });
      },
    };
  },
};
