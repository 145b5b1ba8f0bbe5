// The paper's figures (view=figure&figure=ID), in the paper's order. Each is a layout over engine
// runs: {id, title, caption, made, columns, link (the page state of its settings), compute(submit)}.
import figure1b from './figure1b.js';
import figure1c from './figure1c.js';
import figure2 from './figure2.js';
import figure3 from './figure3.js';
import figure4 from './figure4.js';
import figure5 from './figure5.js';
import { continual, reversal } from './sequences.js';
import specificity from './figure-specificity.js';
import phase from './figure-phase.js';
import transfer from './figure-transfer.js';
import { byId } from '../catalog.js';
/** @import { ExperimentConfig, ExperimentResult } from '../../wasm/ldyn.mjs' */
/** @import { PageState } from '../state/schema.js' */
/** @import { FigurePanel } from './common.js' */

/**
 * What a figure's compute gives: its panels in the grid's order (each a chart, heatmaps or a
 * schematic, as views/figure.js draws them), notes under the figure, and the runs they come from.
 * @typedef {{ panels: FigurePanel[], notes?: string[], runs: Array<{ config: ExperimentConfig, result: ExperimentResult }> }} FigureLayout
 */
/**
 * A figure: id (the URL's figure=, named in catalog.js), title, the paper's caption, how it was
 * made (paragraphs), its grid's columns, link (the page state of its settings, for "Change the
 * settings"), and compute, which submits engine runs and lays the figure out.
 * @typedef {object} Figure
 * @property {string} id
 * @property {string} title
 * @property {string} caption
 * @property {string[]} made
 * @property {number} columns
 * @property {Partial<PageState>} link
 * @property {boolean} [inPaper] false: a figure not in the paper, with a caption of its own
 * @property {string} [linkDiffers] what of the figure its link cannot carry over, said when it is opened
 * @property {(submit: (configs: ExperimentConfig[]) => Promise<ExperimentResult[]>) => Promise<FigureLayout>} compute
 */

export const FIGURE_MODULES = [figure1b, figure1c, figure2, figure3, figure4, figure5, continual, reversal, specificity, phase, transfer];
/** @param {string} id */
export const figureById = (id) => byId(FIGURE_MODULES, id);
