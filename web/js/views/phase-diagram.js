// The rich/lazy phase diagram: the kernel distance from initialization at the end of training and
// the final loss over a grid of (relative scale λ, absolute scale σ), one exact solution per cell,
// on the task and shape of the settings panel. Clicking a cell opens it in the single-λ view.
// The grid and its configurations are in experiments/phase-grid.js, the chart in charts/phase-chart.js.
import { createPhaseChart, showPhaseGrid, showFocus, hideFocus } from '../charts/phase-chart.js';
import { formatNumber } from '../charts/ticks.js';
import { createSelectField } from '../ui/fields.js';
import { el, bumpCounter } from '../ui/dom.js';
import { PARAM_BY_KEY } from '../state/schema.js';
import {
  QUANTITIES, gridOf, gridCells, cellConfig, cellInit, fillCells, cellBatch, phaseKey, gridNote, currentCell, focusMoves, extremes, phaseExport, markConvergence,
} from '../experiments/phase-grid.js';
import { firstUnavailable } from '../experiments/results.js';
import { createViewFrame } from './frame.js';
/** @import { View } from './index.js' */
/** @import { PageState } from '../state/schema.js' */
/** @import { Card } from '../ui/card.js' */
/** @import { CellIndex, PhaseGrid } from '../charts/phase-chart.js' */
/** @import { ColourScale } from '../charts/colour-scale.js' */
/** @typedef {keyof typeof QUANTITIES} Quantity what the cells are coloured by */
/** @typedef {{ lambda: number, sigma: number, r: number, c: number, kd: number, loss: number, gap?: number, converged?: boolean }} DiagramCell a computed cell */
/** @typedef {ReturnType<typeof gridOf>} DiagramGrid */
/** @typedef {{ grid: DiagramGrid, cells: DiagramCell[], state: PageState }} DiagramData what is drawn */

const INTRO = [
  'Each cell of the diagram is one network, trained on the task of the settings panel, with the shape and seeds set there, for the training time T, ' +
  'from λ-balanced weights of relative scale λ (across) and absolute scale σ (up, on a log scale). The exact solution gives the state at T directly, ' +
  'so every cell is computed exactly and without simulating gradient descent.',
  'The colour shows how the network learned. The kernel distance S compares the Neural Tangent Kernel at the end of training with the one it started with. ' +
  'Near 0, the kernel hardly changed: the network learned lazily, like a fixed kernel method using the features it was born with. ' +
  'Large values mean the network rebuilt its kernel on the way: it learned richly, shaping its hidden representations to the task.',
  'In a square network learning is rich for λ near 0 and lazy for large |λ|, where one layer is so much larger than the other that it barely has to move. ' +
  'How large |λ| must be is set by the task and the weights together: each mode learns at the rate √(s² + λ²/4), so what counts is |λ| compared with ' +
  'the task’s singular values s (targets c times larger give the same kernel distance at c times the λ, c times the initial function and time T/c: ' +
  'the flow’s scaling symmetry) and with the ' +
  'singular values of the initial network function, which σ sets. From small weights the rich band is about |λ| ≲ s; with larger σ it is wider. When the input or the output layer is wider than the hidden ' +
  'layer (the semantic hierarchy, for one), one sign of λ stays rich even when large (see “Architectures”).',
  'Two views of “lazy” meet here. With the targets as they are, σ is also the size of the network’s initial function, which training has to undo, ' +
  'so a large σ on its own does not make learning lazy. Dividing the targets by σ (as a later paper’s code draws its λ × scale diagram: yoonsoonam119/linear_first, not this paper’s authors) makes the task small ' +
  'compared with the weights, but the initial function still has to be undone: a cell (λ, σ, T) is then exactly the fixed-target network at relative ' +
  'scale σλ, initial function σ times larger and time T/σ, with the same kernel distance. It is the same diagram with rescaled axes, not the ' +
  'classic lazy limit of the kernel literature (see docs/theory.md, section 8).',
  'Switch to the final loss to see where training has not finished by T (long plateaus from small weights near λ = 0). ' +
  'Hover over a cell for its values; click it to open that network in “Explore λ”.',
];
const FORMULAS = [String.raw`K_t = I_{N_o} \otimes X^\top W_1^\top W_1 X + W_2W_2^\top \otimes X^\top X`,
  String.raw`S(t) = 1 - \frac{\langle K_0, K_t\rangle_F}{\|K_0\|_F\,\|K_t\|_F}`];
const KEYBOARD_HELP = 'Use the arrow keys on the diagram to move between cells (Home/End, Page Up/Page Down jump to the edges), Enter to open a cell, or hover and click.';

/** @param {{ lambda: number, sigma: number }} cell */
const where = (cell) => `λ = ${formatNumber(cell.lambda)}, σ = ${formatNumber(cell.sigma)}`;
/** @param {DiagramCell} raw */
const describeCell = (raw) => [`kernel distance S(T) = ${formatNumber(raw.kd)}`, `final loss L(T) = ${formatNumber(raw.loss)}`];

// The sentence under the diagram: the range of the quantity and where the current setting is.
/** @param {DiagramData} data @param {Quantity} quantity @param {ColourScale} scale @param {PageState} state @param {CellIndex | null} current */
function summaryText({ cells, state: computed }, quantity, scale, state, current) {
  const q = QUANTITIES[quantity];
  const { count, lowest, highest } = extremes(cells, q.field);
  const T = computed.T;
  let text;
  if (!count) text = 'No exact solution was available for these settings.';
  else if (quantity === 'loss' && scale.flat) {
    text = `The final loss is ${formatNumber(highest.loss)} in every cell: every network has finished learning by T = ${T}. ` +
      'Lower the training time T in the settings panel to see where learning is slow.';
  } else {
    text = `${q.short} from ${formatNumber(lowest[q.field])} (at ${where(lowest)}) to ${formatNumber(highest[q.field])} (at ${where(highest)}), at T = ${T}.` +
      (current ? ` Outlined: the current λ = ${state.lambda}, σ = ${state.sigma}.` : ' The current λ and σ of the settings panel lie outside the diagram.');
  }
  const missing = cells.length - count;
  return missing ? `${text} ${missing} grey cells have no exact solution.` : text;
}

// The kernel distance's colours run from 0 to the largest value shown (colourScale): the caption
// says what yellow is for these data, not what it would be on a 0–1 scale.
/** @param {Quantity} quantity @param {number} T @param {ColourScale} scale */
function captionText(quantity, T, scale) {
  const top = formatNumber(scale.hi);
  const kernelColours = scale.flat
    ? '(every cell is dark: no kernel moved measurably).'
    : `(dark: lazy, no change; yellow: the largest change in this diagram, S = ${top}).` +
      (scale.hi < 1 ? ` The colour bar runs from 0 to ${top}, not from 0 to 1: yellow is the richest cell of these settings, not a kernel that was rebuilt.` : '');
  return quantity === 'kernelDistance'
    ? `Colour: how far the Neural Tangent Kernel moved from its initial value by the end of training ${kernelColours} ` +
      'λ runs across, σ up on a log scale; one exact solution per cell.'
    : `Colour: the loss at the end of training, T = ${T} (dark: low; yellow: high — still learning). λ runs across, σ up on a log scale; one exact solution per cell.`;
}

/** @param {PhaseGrid} grid @param {{ label: string }} q */
function ariaLabel(grid, q) {
  return `Phase diagram of the ${q.label} over ${grid.lambdas.length} λ values from ${grid.lambdas[0]} to ${grid.lambdas.at(-1)} ` +
    `and ${grid.sigmas.length} σ values from ${grid.sigmas[0]} to ${grid.sigmas.at(-1)}. Use the arrow keys to move between cells and Enter to open one.`;
}

// The "Colour by" switch in the card's header; returns setPressed(quantity).
/** @param {Card} card @param {(quantity: Quantity) => void} onQuantity @returns {(quantity: Quantity) => void} */
function createQuantitySwitch(card, onQuantity) {
  const buttons = /** @type {Array<[Quantity, { short: string }]>} */ (Object.entries(QUANTITIES)).map(([value, q]) => {
    const button = el('button', { type: 'button', 'data-cell': value, 'aria-pressed': 'false', text: q.short });
    button.addEventListener('click', () => onQuantity(value));
    return button;
  });
  card.controls.append(el('div', { class: 'phase-switch', role: 'group', 'aria-label': 'Colour the cells by' },
    el('span', { class: 'phase-switch-label', text: 'Colour by' }), ...buttons));
  return (quantity) => {
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.cell === quantity));
  };
}

// The diagram's canvas: focusable, keys go to it (arrows move between cells).
/** @param {Card} card */
function createDiagramCanvas(card) {
  const canvas = card.addChart('phase-diagram', 'Phase diagram', { size: 'wide' });
  canvas.closest('figure').classList.add('phase-figure');
  canvas.setAttribute('tabindex', '0');
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-roledescription', 'phase diagram');
  canvas.setAttribute('aria-describedby', 'phase-readout');
  return canvas;
}

/** @type {View} */
export default {
  id: 'phase',
  create(container, context) {
    const frame = createViewFrame(container, { id: 'phase', intro: INTRO, formulas: FORMULAS, context });
    const fields = frame.numberFields({ grid: 'Grid size (cells per side)', sigmaMin: 'Smallest σ', sigmaMax: 'Largest σ', lambdaMax: 'λ range ±' });
    const targets = createSelectField({ label: 'Targets', onValue: (value, options) => context.onChange({ targets: value }, options), options: [
      ['fixed', 'as they are (σ also sizes the initial function)'], ['perSigma', 'divided by σ (the normalisation of a later paper’s code)']] });
    frame.addControls([...Object.values(fields), targets], 'The task, network shape, seeds and training time T are those of the settings panel; the current λ and σ are outlined on the diagram.');

    const card = frame.addCard({ id: 'phase-diagram', title: 'Kernel distance and loss over (λ, σ)', caption: '' });
    const caption = card.section.querySelector('.caption');
    const setPressed = createQuantitySwitch(card, (cell) => context.onChange({ cell }, { commit: true }));
    const note = el('p', { class: 'phase-note', hidden: true });
    card.body.append(note);
    const canvas = createDiagramCanvas(card);
    const readout = el('p', { class: 'phase-readout', id: 'phase-readout', 'aria-live': 'polite' });
    const summary = el('p', { class: 'phase-summary' });
    card.body.append(readout, summary);


    /** @type {DiagramData | null} */
    let data = null;
    /** @type {CellIndex | null} */
    let focus = null; // the keyboard cursor
    /** @param {CellIndex} cell */
    const indexOf = ({ r, c }) => r * data.grid.lambdas.length + c;
    // A tap on a touch screen first shows the cell's values (there is no hover); a second tap on the
    // same cell opens it. A mouse click opens at once.
    /** @param {number} index @param {Event} [event] */
    const open = (index, event) => {
      const cell = data?.cells[index];
      if (!cell) return;
      if (/** @type {PointerEvent | undefined} */ (event)?.pointerType === 'touch' && (!focus || indexOf(focus) !== index)) {
        moveFocus({ r: cell.r, c: cell.c });
        readout.textContent = `Cell ${where(cell)}: kernel distance ${formatNumber(cell.kd)}, final loss ${formatNumber(cell.loss)}. Tap it again to open it in “Explore λ”.`;
        return;
      }
      // The cells are λ-balanced networks: open exactly that one, whatever the initialization setting was.
      /** @type {Partial<PageState>} */
      const patch = { view: 'single', lambda: cell.lambda, sigma: cell.sigma, init: cellInit(data.state) };
      // An embedded diagram keeps its frame: the cell opens in the full explorable, in a new tab.
      if (context.isEmbed()) window.open(context.linkFor(patch), '_blank', 'noopener');
      else {
        context.onChange(patch, { commit: true });
        context.focusView('single');
      }
    };
    const chart = createPhaseChart(canvas, { onOpen: open, describe: describeCell });

    /** @param {DiagramCell | null | undefined} cell */
    const showReadout = (cell) => {
      readout.textContent = cell
        ? `Cell ${where(cell)}: kernel distance ${formatNumber(cell.kd)}, final loss ${formatNumber(cell.loss)}. Press Enter to open it in “Explore λ”.`
        : KEYBOARD_HELP;
    };
    /** @param {CellIndex} next */
    const moveFocus = (next) => {
      focus = next;
      showFocus(chart, focus, indexOf(focus));
      showReadout(data.cells[indexOf(focus)]);
    };
    canvas.addEventListener('keydown', (event) => {
      if (!data) return;
      const cols = data.grid.lambdas.length, rows = data.grid.sigmas.length;
      const at = focus ?? { r: Math.floor(rows / 2), c: Math.floor(cols / 2) };
      const move = /** @type {Record<string, CellIndex | undefined>} */ (focusMoves(at, rows, cols))[event.key];
      if (move) {
        event.preventDefault();
        moveFocus(focus ? move : at);
      } else if ((event.key === 'Enter' || event.key === ' ') && focus) {
        event.preventDefault();
        open(indexOf(focus));
      }
    });
    canvas.addEventListener('focus', () => {
      if (data && !focus) showReadout(null);
    });
    canvas.addEventListener('blur', () => hideFocus(chart));

    /** @param {PageState} state */
    const draw = (state) => {
      const quantity = state.cell;
      setPressed(quantity);
      if (!data) return;
      const q = QUANTITIES[quantity];
      const { grid, cells } = data;
      const current = currentCell(grid, state);
      canvas.closest('figure').classList.toggle('phase-single', grid.lambdas.length === 1);
      const scale = showPhaseGrid(chart, { grid, cells, quantity, field: q.field, fromZero: quantity === 'kernelDistance', quantityLabel: q.label, current });
      canvas.setAttribute('aria-label', ariaLabel(grid, q));
      // The figure's caption names what is coloured (it titles the PNG too) and the outline.
      canvas.closest('figure').querySelector('figcaption').textContent =
        `Phase diagram of the ${q.label}${current ? '; outlined: the current λ and σ of the settings' : ''}`;
      summary.textContent = summaryText(data, quantity, scale, state, current);
      caption.textContent = captionText(quantity, data.state.T, scale);
      if (focus && (focus.r >= grid.sigmas.length || focus.c >= grid.lambdas.length)) focus = null;
      showReadout(focus ? data.cells[indexOf(focus)] : null);
    };

    // Notices and the note on what the grid covers; false if no cell can be computed.
    /** @param {DiagramGrid} grid @param {PageState} state */
    const explainGrid = (grid, state) => {
      frame.notices.clearPrefix('phase:');
      if (!grid.lambdas.every(Number.isFinite)) {
        frame.notices.show('phase:shape', `No λ-balanced network has this shape: ${grid.range.reason}.`, { level: 'error' });
        return false;
      }
      if (state.init !== 'balanced' && state.init !== 'aligned') {
        frame.notices.show('phase:init', 'The phase diagram starts every cell from random λ-balanced weights (the settings panel’s initialization is not λ-balanced, so λ would have no meaning there).', { level: 'info' });
      }
      note.textContent = gridNote(grid, state.lambdaMax);
      note.hidden = !note.textContent;
      return true;
    };

    return {
      frame,
      hide: () => frame.hide(),
      exportData: () => data && phaseExport(data),
      async show(state) {
        for (const key of /** @type {const} */ (['grid', 'sigmaMin', 'sigmaMax', 'lambdaMax'])) fields[key].setValue(state[key]);
        targets.setValue(state.targets);
        fields.sigmaMin.setLimits(PARAM_BY_KEY.sigmaMin.min, state.sigmaMax, `must be below the largest σ (${state.sigmaMax})`);
        fields.sigmaMax.setLimits(state.sigmaMin, PARAM_BY_KEY.sigmaMax.max, `must be above the smallest σ (${state.sigmaMin})`);
        const key = phaseKey(state);
        draw(state);
        if (frame.isCurrent(key)) {
          if (frame.isShown(key)) bumpCounter('phaseRendered');
          return;
        }
        const grid = gridOf(state);
        if (!explainGrid(grid, state)) return;
        const cells = gridCells(grid);
        const configs = cells.map((cell) => cellConfig(state, cell.lambda, cell.sigma));
        // The first cell also reports the task, for the loss floor (has each cell converged by T?).
        configs[0] = { ...configs[0], metrics: [...configs[0].metrics, 'task'] };
        await frame.runConfigs(configs, {
          key,
          what: 'Solving cells',
          batch: cellBatch(configs.length, context.scheduler.size),
          failure: 'The phase diagram could not be computed',
          cancelled: 'Phase diagram cancelled.',
          counter: 'phaseRendered',
          onDone(results, seconds) {
            data = { grid, cells: fillCells(cells, results), state };
            const late = /** @type {DiagramCell[]} */ (markConvergence(cells, results, results[0], state));
            focus = null;
            draw(state);
            frame.notices.clearPrefix('phase:converged');
            if (late.length) {
              frame.notices.show('phase:converged', `At T = ${state.T}, ${late.length} of ${cells.length} cells have not converged (loss gap up to ` +
                `${formatNumber(Math.max(...late.map((c) => c.gap)))} of its start; converged means within 1e-8): their colours show the state at T, not the end of learning. ` +
                'Raise the training time T to see the converged diagram.', { level: 'info', asksToChange: true });
            }
            const unavailable = firstUnavailable(results);
            if (unavailable) frame.notices.show('phase:exact', `Some cells have no exact solution: ${unavailable}.`);
            document.body.dataset.phaseSeconds = seconds.toFixed(3);
            return `Phase diagram: ${cells.length} exact solutions (${grid.lambdas.length} λ × ${grid.sigmas.length} σ) in ${seconds.toFixed(2)} s on ${context.scheduler.size} worker${context.scheduler.size > 1 ? 's' : ''}.`;
          },
        });
      },
    };
  },
};
