// The page's catalog: every view and every panel of "Explore λ", declared once, with no DOM. The
// URL schema's enums, the view switch, the heading of each view, which groups of the settings
// panel a view uses, which views draw deep networks, why a view does not use the settings' λ, the
// panels' names, the paper's figures and their names, the settings of the paper's figure that a view
// offers ("Use the paper's settings") and the tests' lists all come from here;
// tests/web/catalog.test.mjs fails when a module and the catalog disagree.
// It imports nothing (the URL schema imports it), so the experiments take their presets from here.
/** @import { PageState } from './state/schema.js' */

/**
 * The groups of the settings panel (their fieldsets in ui/controls.js).
 * @typedef {'init' | 'shape' | 'task' | 'training' | 'panels'} SettingsGroup
 */

/**
 * The settings of the paper's figure that a view offers: a patch of the page state.
 * @typedef {Partial<PageState>} Preset
 */

// Trained to convergence (T = 400): for λ > 0 the finest modes of this (Ni = Nh < No) network align slowly.
/** @type {Preset} */
export const HIERARCHY_PRESET = { lambda: 0, lambdas: [-2, 0, 2], depth: 3, sigma: 0.01, T: 400, lr: 0.01, noise: 0.1, samples: 5000, lambdaMax: 6 };
/** @type {Preset} */
export const ARCHITECTURES_PRESET = { lambdas: [-2, 0, 2], lambdaMax: 6, sigma: 0.05, T: 20, lr: 0.01, shapes: [[6, 3, 3], [3, 3, 3], [3, 3, 6]] };
/** @type {Preset} */
export const PHASE_PRESET = { grid: 40, sigmaMin: 0.001, sigmaMax: 10, lambdaMax: 6, cell: 'kernelDistance', T: 20 };
/** @type {Preset} */
export const SEQUENCES_PRESET = { scenario: 'continual', phaseT: 10, ntasks: 3, similarity: 0.5, lambdas: [-2, 0, 2], sigma: 0.05, lambdaMax: 6 };

/**
 * @typedef {object} ViewEntry
 * @property {string} id the URL's view=
 * @property {string} label its one name: the view switch's button and the view's heading
 * @property {SettingsGroup[]} settings the groups of the settings panel it uses ([]: no settings panel)
 * @property {boolean} inEmbed whether an embed of it keeps the settings panel (its λ slider)
 * @property {string} embedShows what an embed of it shows (the Embed dialog says it)
 * @property {boolean} deep whether it draws networks of more than two layers
 * @property {string} [lambdaUnused] why it does not use the settings' λ (absent: it does)
 * @property {Preset} [preset] the settings of the paper's figure it offers (absent: none)
 */

/** @type {ViewEntry[]} in the order of the view switch */
export const VIEW_CATALOG = [
  { id: 'single', label: 'Explore λ', settings: ['init', 'shape', 'task', 'training', 'panels'], inEmbed: true, deep: true,
    embedShows: 'the chosen panels with the λ slider, the time cursor and “Sweep λ”' },
  { id: 'compare', label: 'Compare λ', settings: ['init', 'shape', 'task', 'training'], inEmbed: false, deep: true, embedShows: 'the compared λ (their list can be edited) with the time cursor',
    lambdaUnused: '“Compare λ” compares the λ values listed in the view.' },
  { id: 'hierarchy', label: 'Semantic hierarchy', settings: ['init', 'training'], inEmbed: true, deep: false, preset: HIERARCHY_PRESET,
    embedShows: 'the hierarchy with the λ slider and the view’s own settings' },
  { id: 'architectures', label: 'Architectures', settings: ['init', 'training'], inEmbed: false, deep: false, preset: ARCHITECTURES_PRESET, embedShows: 'the architectures compared, with their shapes and λ list',
    lambdaUnused: 'this view follows the λ values of its own list and sweeps λ across its range.' },
  { id: 'phase', label: 'Rich/lazy phase diagram', settings: ['init', 'shape', 'task', 'training'], inEmbed: true, deep: false, preset: PHASE_PRESET,
    embedShows: 'the phase diagram with the λ slider and the diagram’s settings' },
  { id: 'sequences', label: 'Continual, reversal, transfer', settings: ['init', 'shape', 'task', 'training'], inEmbed: false, deep: false, preset: SEQUENCES_PRESET, embedShows: 'the task sequence’s timelines with the scenario’s settings and λ list',
    lambdaUnused: 'this view follows the λ values of its own list and sweeps λ across its range.' },
  { id: 'mode', label: 'One mode up close', settings: ['training'], inEmbed: false, deep: false,
    embedShows: 'the mode’s charts with their own λ slider and settings' },
  { id: 'learning-rate', label: 'Gradient descent vs the flow', settings: ['init', 'shape', 'task', 'training'], inEmbed: false, deep: false,
    embedShows: 'the comparison of gradient descent with the flow and its own setting' },
  { id: 'figure', label: 'Figures of the paper', settings: [], inEmbed: false, deep: false, embedShows: 'the chosen figure',
    lambdaUnused: 'the figures use the paper’s settings (“Change the settings” opens them in the explorable).' },
];

/**
 * @typedef {object} PanelEntry
 * @property {string} id the URL's panels= value
 * @property {string} label its short name (the "Panels shown" checkboxes)
 * @property {boolean} [offByDefault] not among the panels shown when the link has no panels=
 */

/** @type {PanelEntry[]} in page order */
export const PANEL_CATALOG = [
  { id: 'loss', label: 'Loss' },
  { id: 'singular', label: 'Singular values' },
  { id: 'outputs', label: 'Network output' },
  { id: 'representations', label: 'Representations' },
  { id: 'ntk', label: 'NTK' },
  { id: 'task', label: 'Task' },
  // A check of the simulation against the flow rather than a picture of learning: the default page stays as it was.
  { id: 'balance', label: 'Balance', offByDefault: true },
];

/**
 * @typedef {object} FigureEntry
 * @property {string} id the URL's figure= (with view=figure)
 * @property {string} label its name in the figure choice and in notices
 */

/** @type {FigureEntry[]} the paper's figures in the paper's order, then the figures beyond it */
export const FIGURE_CATALOG = [
  { id: '1b', label: 'Figure 1B' },
  { id: '1c', label: 'Figure 1C' },
  { id: '2', label: 'Figure 2' },
  { id: '3', label: 'Figure 3' },
  { id: '4', label: 'Figure 4' },
  { id: '5', label: 'Figure 5' },
  { id: 'continual', label: 'Continual learning' },
  { id: 'reversal', label: 'Reversal learning' },
  { id: 'specificity', label: 'Task specificity' },
  { id: 'phase', label: 'Phase diagram' },
  { id: 'transfer', label: 'Fine-tuning' },
];

// The one lookup by id, for the catalog's lists and the modules' (undefined: no such id).
/** @template {{ id: string }} T @param {readonly T[]} list @param {string} id @returns {T | undefined} */
export const byId = (list, id) => list.find((item) => item.id === id);
// A view's entry; an unknown id (the URL's view= is validated before) is the first view's.
/** @param {string} id */
export const viewEntry = (id) => byId(VIEW_CATALOG, id) ?? VIEW_CATALOG[0];
