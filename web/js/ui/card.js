// A panel's frame: a titled section with a plain-language caption and one or more charts, each
// with a "PNG" button that downloads the chart at twice the screen resolution with its title, the
// settings it shows and its legend or colour bar. With `record`, the header has a "Video" button.
import { el, download, slug } from './dom.js';
import { flush, Chart } from '../charts/setup.js';
import { canvasPng } from './png.js';
import { sourceOf } from '../record/source.js';

// describe(): the settings in one line, printed on exported images. record({title, body, source}):
// called by the header's "Video" button (source: the card's drawings, see record/source.js).
/**
 * @param {HTMLElement} parent
 * @param {{ id: string, title: string, caption: string, exportName?: () => string, describe?: () => string,
 *   record?: (what: { title: string, body: HTMLElement, source: any }) => void }} options
 */
export function createCard(parent, { id, title, caption, exportName, describe, record }) {
  const heading = el('h2', { id: `${id}-title`, text: title });
  const body = el('div', { class: 'panel-body' });
  const controls = el('div', { class: 'panel-controls' });
  const captionNode = el('p', { class: 'caption', text: caption });
  const header = el('header', { class: 'panel-header' }, heading, controls);
  const section = el('section', { class: 'panel', id: `panel-${id}`, 'aria-labelledby': `${id}-title`, 'data-panel': id }, header, captionNode, body);
  if (record) {
    const source = sourceOf(body);
    // Named after its panel ("Record a video of Loss"), following the heading if it changes: the
    // page has one such button per panel, and "Video" alone would not tell them apart.
    const prefix = el('span', { id: `${id}-video-prefix`, class: 'visually-hidden', text: 'Record a video of' });
    const video = el('button', { type: 'button', class: 'video-button', id: `${id}-video`, text: 'Video', 'aria-labelledby': `${id}-video-prefix ${id}-title`,
      title: 'Record this panel’s animation as a video (WebM)' });
    video.addEventListener('click', () => record({ title: heading.textContent, body, source }));
    header.append(prefix, video);
  }
  parent.append(section);
  /** @type {Array<import('chart.js').Chart<'line'> | import('../charts/heatmap.js').Heatmap>} the card's line charts and heatmaps */
  const charts = [];

  return {
    section,
    controls,
    body,
    charts,
    /** @param {string} text */
    setCaption(text) {
      captionNode.textContent = text;
    },
    // Adds a chart slot; returns its canvas. size: 'wide' | 'square' | 'small'.
    /** @param {string} name @param {string} label @param {{ size?: 'wide' | 'square' | 'small' | 'figure', into?: HTMLElement }} [options] */
    addChart(name, label, { size = 'wide', into = body } = {}) {
      const canvas = el('canvas', { role: 'img', 'aria-label': label });
      const button = el('button', { type: 'button', class: 'png-button', text: 'PNG',
        'aria-label': `Download “${label}” as a PNG image`, title: `Download “${label}” as PNG` });
      const figure = el('figure', { class: `chart chart-${size}`, 'data-chart': name },
        el('figcaption', { text: label }), button, el('div', { class: 'chart-box' }, canvas));
      into.append(figure);
      button.addEventListener('click', async () => {
        const chart = Chart.getChart(canvas);
        if (chart) flush(chart);
        const shown = figure.querySelector('figcaption').textContent;
        const blob = await canvasPng(canvas, { title: `${title}: ${shown}`, lines: [describe?.() ?? ''] });
        if (blob) download(blob, `${slug(exportName?.() ?? 'lazy-to-rich')}_${name}.png`);
      });
      return canvas;
    },
    /** @param {boolean} hidden */
    setHidden(hidden) {
      section.hidden = hidden;
    },
  };
}

/** @typedef {ReturnType<typeof createCard>} Card */
