// The panels of the single view, in page order (their ids are the URL's "panels" values).
import loss from './loss.js';
import outputs from './outputs.js';
import representations from './representations.js';
import ntk from './ntk.js';
import singular from './singular.js';

// Loss and singular values first: two compact panels that sit side by side on wide screens.
export const PANELS = [loss, singular, outputs, representations, ntk];
