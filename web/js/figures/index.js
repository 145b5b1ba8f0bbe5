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

export const FIGURE_MODULES = [figure1b, figure1c, figure2, figure3, figure4, figure5, continual, reversal, specificity, phase, transfer];
/** @param {string} id */
export const figureById = (id) => byId(FIGURE_MODULES, id);
