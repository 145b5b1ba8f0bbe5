// A panel's frame: a titled section with a plain-language caption and one or more charts, each
// with a "PNG" button that downloads exactly what the chart shows.
import { el, download, slug } from './dom.js';
import { Chart, flush } from '../charts/setup.js';

export function createCard(parent, { id, title, caption, exportName }) {
  const heading = el('h2', { id: `${id}-title`, text: title });
  const body = el('div', { class: 'panel-body' });
  const controls = el('div', { class: 'panel-controls' });
  const section = el('section', { class: 'panel', id: `panel-${id}`, 'aria-labelledby': `${id}-title`, 'data-panel': id },
    el('header', { class: 'panel-header' }, heading, controls),
    el('p', { class: 'caption', text: caption }),
    body);
  parent.append(section);
  const charts = [];

  return {
    section,
    controls,
    body,
    charts,
    // Adds a chart slot; returns its canvas. size: 'wide' | 'square' | 'small'.
    addChart(name, label, { size = 'wide', into = body } = {}) {
      const canvas = el('canvas', { role: 'img', 'aria-label': label });
      const button = el('button', { type: 'button', class: 'png-button', text: 'PNG',
        'aria-label': `Download “${label}” as a PNG image`, title: `Download “${label}” as PNG` });
      const figure = el('figure', { class: `chart chart-${size}`, 'data-chart': name },
        el('figcaption', { text: label }), button, el('div', { class: 'chart-box' }, canvas));
      into.append(figure);
      button.addEventListener('click', () => {
        const chart = Chart.getChart(canvas);
        if (chart) flush(chart);
        canvas.toBlob((blob) => blob && download(blob, `${slug(exportName?.() ?? 'lazy-to-rich')}_${name}.png`), 'image/png');
      });
      return canvas;
    },
    setHidden(hidden) {
      section.hidden = hidden;
    },
  };
}
