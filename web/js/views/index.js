// The paper's experiments, in the order of the view switch. Each is
// { id, title, preset (state patch applied when opened from the switch), create(container, context) }
// where create returns { show(state) }.
import hierarchy from './hierarchy.js';
import architectures from './architectures.js';
import phaseDiagram from './phase-diagram.js';
import sequences from './sequences.js';

export const EXPERIMENTS = [hierarchy, architectures, phaseDiagram, sequences];
