// "Copy link" and "Embed": the current URL holds the whole view; the embed snippet is an iframe
// of the same view in embed mode.
import { el } from './dom.js';
import { serializeState } from '../state/url.js';

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

export function embedSnippet(state, base = location.href) {
  const url = new URL(`?${serializeState({ ...state, embed: true })}`, base).href;
  return `<iframe src="${url.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}" title="From lazy to rich: exact learning dynamics" ` +
    'width="100%" height="720" loading="lazy" style="border:0; max-width:100%"></iframe>';
}

export function createShare(toolbar, { getState, announce }) {
  const copyButton = el('button', { type: 'button', id: 'copy-link', text: 'Copy link' });
  const embedButton = el('button', { type: 'button', id: 'embed-button', text: 'Embed' });
  const linkFallback = el('input', { type: 'text', readonly: true, hidden: true, 'aria-label': 'Link to this view', class: 'link-fallback' });
  const snippet = el('textarea', { id: 'embed-snippet', readonly: true, rows: 4, 'aria-label': 'HTML to embed this view' });
  const copySnippet = el('button', { type: 'button', id: 'copy-embed', text: 'Copy HTML' });
  const close = el('button', { type: 'button', text: 'Close' });
  const dialog = el('dialog', { id: 'embed-dialog', 'aria-labelledby': 'embed-title' },
    el('h2', { id: 'embed-title', text: 'Embed this view' }),
    el('p', { text: 'Paste this into a course page. The frame shows the chosen panels with a λ slider and the time cursor; it fits widths from 360 px up.' }),
    snippet, el('div', { class: 'dialog-buttons' }, copySnippet, close));
  toolbar.append(copyButton, embedButton, linkFallback);
  document.body.append(dialog);

  copyButton.addEventListener('click', async () => {
    announce((await copyText(location.href, linkFallback)) ? 'Link copied to the clipboard.' : 'Select the link and copy it.');
  });
  embedButton.addEventListener('click', () => {
    snippet.value = embedSnippet(getState());
    dialog.showModal();
    snippet.select();
  });
  copySnippet.addEventListener('click', async () => {
    announce((await copyText(snippet.value, snippet)) ? 'Embed HTML copied to the clipboard.' : 'Select the HTML and copy it.');
  });
  close.addEventListener('click', () => dialog.close());
}
