// "Copy link" and "Embed": the current URL holds the whole view; the embed snippet is an iframe
// of the same view in embed mode (with the panels or the figure picked in the dialog, previewed
// there live), as tall as that view needs, optionally with a few lines of script that size the
// frame to its content up to the window's height (web/js/ui/embed-height.js posts the height).
import { el } from './dom.js';
import { serializeState } from '../state/url.js';
import { HEIGHT_MESSAGE } from './embed-height.js';
import { PANEL_CATALOG, viewEntry } from '../catalog.js';
/** @import { PageState, PanelId, FigureId } from '../state/schema.js' */

// The plain frame's height: the view's content in embed mode, measured at 800 px wide in a 900 px
// frame (a course page's column; headless Chromium, 2026-12-07), at most MAX_HEIGHT so that the λ
// slider and the time cursor, which stick to the frame's top, stay in sight while the rest scrolls
// inside it. Explore's charts and the phase diagram take their height from the frame's (app.css):
// one Explore panel fits the 605 px frame it is given, and fills a taller one.
const MAX_HEIGHT = 900;
const MIN_HEIGHT = 360;
// Explore λ by number of panels (loss, + outputs, + singular values, + representations, + NTK).
const EXPLORE_HEIGHTS = [605, 935, 1270, 1858, 2575];
const VIEW_HEIGHTS = { compare: 1773, hierarchy: 2231, architectures: 1799, phase: 1361, sequences: 1984, mode: 1377, 'learning-rate': 1277 };
const FIGURE_HEIGHTS = { '1b': 957, '1c': 1235, 2: 1727, 3: 786, 4: 2035, 5: 1624, continual: 1130, reversal: 822, specificity: 1413, phase: 1022, transfer: 1153 };

/** @type {Record<string, number>} */
const BY_VIEW = VIEW_HEIGHTS, BY_FIGURE = FIGURE_HEIGHTS;

/** @param {Pick<PageState, 'view' | 'figure'> & { panels?: readonly string[] }} state */
export function frameHeight(state) {
  const content = state.view === 'single' ? EXPLORE_HEIGHTS[Math.min(Math.max(state.panels?.length ?? 5, 1), 5) - 1]
    : state.view === 'figure' ? BY_FIGURE[state.figure] : BY_VIEW[state.view];
  // Rounded up to 20 px: a little room below the last chart.
  return Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(((content ?? MAX_HEIGHT) + 10) / 20) * 20));
}

/** @param {string} text */
const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** @param {string} text @param {HTMLInputElement | HTMLTextAreaElement} fallbackInput */
async function copyText(text, fallbackInput) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (e.g. an insecure origin): select the text for Ctrl-C instead.
    fallbackInput.value = text;
    fallbackInput.hidden = false;
    fallbackInput.select();
    return false;
  }
}

// The snippet: an <iframe>, and with `autoHeight` a script for the host page that sets the frame's
// height from this page's messages, accepted only from this frame and this site's origin. Plain
// ES5, so that older course-page editors keep it as it is.
/** @param {PageState} state @param {string} [base] @param {{ autoHeight?: boolean, id?: string }} [options] */
export function embedSnippet(state, base = location.href, { autoHeight = false, id = 'lazy-to-rich' } = {}) {
  const url = new URL(`?${serializeState({ ...state, embed: true })}`, base);
  const frame = `<iframe src="${escapeAttribute(url.href)}"${autoHeight ? ` id="${escapeAttribute(id)}"` : ''} ` +
    'title="From lazy to rich: exact learning dynamics" ' +
    `width="100%" height="${frameHeight(state)}" loading="lazy" style="border:0; max-width:100%"></iframe>`;
  if (!autoHeight) return frame;
  return `${frame}
<script>
/* Sizes the frame above to its content: the explorable posts only its height. */
window.addEventListener('message', function (event) {
  var frame = document.getElementById(${JSON.stringify(id)});
  if (!frame || event.source !== frame.contentWindow || event.origin !== ${JSON.stringify(url.origin)}) return;
  var data = event.data;
  if (!data || data.type !== ${JSON.stringify(HEIGHT_MESSAGE)} || typeof data.height !== 'number' || !(data.height > 0)) return;
  height = Math.min(Math.ceil(data.height), 20000);
  fit();
});
/* At most the window's height: a taller view scrolls inside the frame, its λ slider and time
   cursor staying at the frame's top, in sight. */
var height = 0;
function fit() {
  var frame = document.getElementById(${JSON.stringify(id)});
  if (frame && height) frame.style.height = Math.min(height, Math.max(${MIN_HEIGHT}, window.innerHeight)) + 'px';
}
window.addEventListener('resize', fit);
</script>`;
}

/** @param {HTMLElement} toolbar @param {{ getState: () => PageState, announce: (text: string) => void }} page */
export function createShare(toolbar, { getState, announce }) {
  const copyButton = el('button', { type: 'button', id: 'copy-link', text: 'Copy link' });
  const embedButton = el('button', { type: 'button', id: 'embed-button', text: 'Embed' });
  const linkFallback = el('input', { type: 'text', readonly: true, hidden: true, 'aria-label': 'Link to this view', class: 'link-fallback' });
  const snippet = el('textarea', { id: 'embed-snippet', readonly: true, rows: 4, 'aria-label': 'HTML to embed this view' });
  const autoHeight = el('input', { type: 'checkbox', id: 'embed-auto-height' });
  // What the frame shows: Explore's panels (at least one), a figure, or the view as it is.
  const panelBoxes = PANEL_CATALOG.map((panel) => el('input', { type: 'checkbox', name: 'embed-panel', value: panel.id }));
  const panelPicker = el('fieldset', { class: 'embed-choice', id: 'embed-panels' }, el('legend', { text: 'Panels in the frame' }),
    ...PANEL_CATALOG.map((panel, i) => el('label', {}, panelBoxes[i], ` ${panel.label}`)));
  // Its options are the figures' titles, which come with their modules: filled when Embed is first
  // opened in the figure view (which has loaded them), so the page's own bundle leaves them out.
  const figurePicker = el('select', { id: 'embed-figure' });
  const listFigures = async () => {
    if (figurePicker.options.length) return;
    const { FIGURE_MODULES } = await import('../on-demand.js');
    if (!figurePicker.options.length) figurePicker.append(...FIGURE_MODULES.map((figure) => el('option', { value: figure.id, text: figure.title })));
  };
  const figureField = el('p', { class: 'embed-choice' }, el('label', { for: 'embed-figure', text: 'Figure in the frame ' }), figurePicker);
  // The preview frame exists only while the dialog is open: a page with a hidden frame would run a
  // second copy of the app (and is a child browsing context that tools and tests must skip).
  const previewBox = el('div', { class: 'embed-preview-box' });
  /** @type {HTMLIFrameElement | null} */
  let preview = null;
  const copySnippet = el('button', { type: 'button', id: 'copy-embed', text: 'Copy HTML' });
  const close = el('button', { type: 'button', text: 'Close' });
  // What the frame shows depends on the view (the catalog says it): set when the dialog opens.
  const explanation = el('p', { id: 'embed-explanation' });
  const dialog = el('dialog', { id: 'embed-dialog', 'aria-labelledby': 'embed-title' },
    el('h2', { id: 'embed-title', text: 'Embed this view' }),
    explanation,
    panelPicker, figureField,
    el('p', {}, el('label', {}, autoHeight, ' Resize the frame to its content, at most the window’s height (a taller view scrolls inside, its controls in sight): adds a few lines of script, for course pages that allow scripts (Canvas, for one, removes them; the plain frame works everywhere).')),
    snippet, el('p', { class: 'embed-preview-label', text: 'Preview (the frame as it will show, in this dialog’s width):' }), previewBox,
    el('div', { class: 'dialog-buttons' }, copySnippet, close));
  // What a copy did, where the eye is (the announcer is for screen readers only).
  const copied = el('span', { class: 'copy-confirmation', id: 'copy-confirmation', 'aria-hidden': 'true' });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let confirmTimer;
  /** @param {string} text */
  const confirm = (text) => {
    announce(text);
    copied.textContent = text;
    clearTimeout(confirmTimer);
    confirmTimer = setTimeout(() => { copied.textContent = ''; }, 4000);
  };
  toolbar.append(copyButton, embedButton, linkFallback, copied);
  document.body.append(dialog);

  // One id per opening of the dialog, so that two frames on one course page keep apart.
  let frameId = '';
  // The page's state with the dialog's choices: the panels ticked, the figure chosen.
  /** @returns {PageState} */
  const chosen = () => {
    const state = getState();
    if (state.view === 'single') return { ...state, panels: /** @type {PanelId[]} */ (panelBoxes.filter((box) => box.checked).map((box) => box.value)) };
    if (state.view === 'figure') return { ...state, figure: /** @type {FigureId} */ (figurePicker.value) };
    return state;
  };
  const fill = () => {
    const state = chosen();
    // The last ticked panel cannot be unticked: a frame shows at least one.
    const ticked = panelBoxes.filter((box) => box.checked);
    for (const box of panelBoxes) box.disabled = ticked.length === 1 && box.checked;
    snippet.value = embedSnippet(state, location.href, { autoHeight: autoHeight.checked, id: frameId });
    snippet.rows = autoHeight.checked ? 12 : 4;
    const src = new URL(`?${serializeState({ ...state, embed: true })}`, location.href).href;
    if (!preview) {
      preview = /** @type {HTMLIFrameElement} */ (el('iframe', { id: 'embed-preview', title: 'Preview of the embedded frame' }));
      previewBox.append(preview);
    }
    if (preview.src !== src) preview.src = src;
    preview.style.height = `${Math.min(frameHeight(state), 480)}px`;
  };
  /** @param {PageState} state */
  const pickersFor = (state) => {
    panelPicker.hidden = state.view !== 'single';
    figureField.hidden = state.view !== 'figure';
    for (const box of panelBoxes) box.checked = (state.panels ?? []).includes(/** @type {PanelId} */ (box.value));
    if (!panelBoxes.some((box) => box.checked)) panelBoxes[0].checked = true;
    if (state.view === 'figure') figurePicker.value = state.figure;
  };

  copyButton.addEventListener('click', async () => {
    const state = getState();
    // Data or weights too large for a link stay in this page: the copy says so.
    const left = [state.task === 'data' && state.data === 'local' ? 'your data' : '', state.init === 'explicit' && state.weights === 'local' ? 'your weights' : '']
      .filter(Boolean).join(' and ');
    const without = left ? ` It does not contain ${left} (too large for a link).` : '';
    confirm((await copyText(location.href, linkFallback)) ? `Link copied.${without}` : `Select the link and copy it.${without}`);
  });
  embedButton.addEventListener('click', async () => {
    if (getState().view === 'figure') await listFigures();
    frameId = `lazy-to-rich-${Math.random().toString(36).slice(2, 8)}`;
    pickersFor(getState());
    const shows = viewEntry(getState().view).embedShows;
    explanation.textContent = `Paste this into a course page. The frame shows ${shows}; it fits widths from 360 px up, and its height suits this view (the rest scrolls inside the frame).`;
    fill();
    dialog.showModal();
    snippet.select();
  });
  autoHeight.addEventListener('change', fill);
  panelPicker.addEventListener('change', fill);
  figurePicker.addEventListener('change', fill);
  copySnippet.addEventListener('click', async () => {
    confirm((await copyText(snippet.value, snippet)) ? 'Embed HTML copied.' : 'Select the HTML and copy it.');
  });
  close.addEventListener('click', () => dialog.close());
  // A closed dialog keeps no app running in its preview.
  dialog.addEventListener('close', () => {
    preview?.remove();
    preview = null;
  });
}
