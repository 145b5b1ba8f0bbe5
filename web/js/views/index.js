// Every view of the page, in the order of the view switch. A view is
// { id, title, create(container, context) } where create returns
// { frame, show(state), hide(), exportData() -> {csv(), json()} | null };
// main.js shows one at a time and hides the one it leaves.
import explore from './explore.js';
import compare from './compare.js';
import hierarchy from './hierarchy.js';
import architectures from './architectures.js';
import phaseDiagram from './phase-diagram.js';
import sequences from './sequences.js';
import mode from './mode.js';
import learningRate from './learning-rate.js';
import figure from './figure.js';

export const VIEW_MODULES = [explore, compare, hierarchy, architectures, phaseDiagram, sequences, mode, learningRate, figure];
