// The panels of the single view, in page order (their ids are the URL's "panels" values).
// A panel is {id, title, caption, metrics (the result series it needs), create(card)}; create
// returns {update(view), setTime(view)}: update takes a new result, setTime draws what depends on
// the time cursor, and main.js calls setTime after every update.
import loss from './loss.js';
import outputs from './outputs.js';
import representations from './representations.js';
import ntk from './ntk.js';
import singular from './singular.js';
import task from './task.js';

// Loss and singular values first: two compact panels that sit side by side on wide screens.
export const PANELS = [loss, singular, outputs, representations, ntk, task];
