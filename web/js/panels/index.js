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
import balance from './balance.js';
/** @import { PageState, PanelId } from '../state/schema.js' */
/** @import { ExperimentResult, MetricName } from '../../wasm/ldyn.mjs' */
/** @import { Card } from '../ui/card.js' */

/**
 * What update and setTime get: the state, the result, and the time cursor (index into times).
 * @typedef {{ state: PageState, index: number, time: number, result: ExperimentResult, times: Float64Array }} PanelView
 */
/**
 * What a panel may do to the page (the view's context gives it): change a setting.
 * @typedef {{ onChange(patch: Partial<PageState>, options: { commit: boolean }): void }} PanelContext
 */
/**
 * A panel on the page: update takes a new result, setTime draws what depends on the time cursor.
 * @typedef {{ update(view: PanelView): void, setTime(view: PanelView): void }} PanelInstance
 */
/**
 * @typedef {object} Panel
 * @property {PanelId} id
 * @property {string} title
 * @property {string} caption
 * @property {MetricName[]} metrics the result series it needs
 * @property {boolean} [twoLayerOnly] not drawn for a deep network
 * @property {(card: Card, context: PanelContext) => PanelInstance} create draws into its card (ui/card.js)
 */

// Loss and singular values first: two compact panels that sit side by side on wide screens.
/** @type {Panel[]} */
export const PANELS = [loss, singular, outputs, representations, ntk, task, balance];
