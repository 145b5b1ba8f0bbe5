// Exports of the current trajectories: CSV (one row per time, one column per series) and JSON
// (the engine's result, as `ldyn` prints it, with the configuration and the link).
import { el, download, slug } from './dom.js';
import { toPlain } from '../../wasm/ldyn.mjs';

// Flattens the series of one trajectory into named columns: loss, outputs[o][p], ...
function columns(prefix, trajectory) {
  const out = [];
  if (!trajectory) return out;
  for (const [name, series] of Object.entries(trajectory)) {
    if (!series || typeof series !== 'object' || !('length' in series) || series.length === 0) continue;
    const first = series[0];
    if (typeof first === 'number') {
      out.push([`${prefix}.${name}`, (t) => series[t]]);
    } else if (ArrayBuffer.isView(first)) {
      for (let k = 0; k < first.length; k++) out.push([`${prefix}.${name}[${k + 1}]`, (t) => series[t]?.[k]]);
    } else if (Array.isArray(first)) {
      for (let r = 0; r < first.length; r++) {
        for (let c = 0; c < first[r].length; c++) out.push([`${prefix}.${name}[${r + 1}][${c + 1}]`, (t) => series[t]?.[r][c]]);
      }
    }
  }
  return out;
}

export function resultToCsv(result) {
  const times = result.times;
  const cols = [['t', (t) => times[t]], ...columns('simulation', result.simulation), ...columns('exact', result.exact)];
  const lines = [cols.map(([name]) => name).join(',')];
  for (let t = 0; t < times.length; t++) {
    lines.push(cols.map(([, get]) => {
      const v = get(t);
      return v === undefined || v === null ? '' : String(v);
    }).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function createExport(toolbar, { getCurrent, exportName }) {
  const csv = el('button', { type: 'button', id: 'export-csv', text: 'CSV' });
  const json = el('button', { type: 'button', id: 'export-json', text: 'JSON' });
  toolbar.append(el('span', { class: 'export-tools' }, el('span', { class: 'toolbar-label', text: 'Download data:' }), csv, ' ', json));
  csv.addEventListener('click', () => {
    const current = getCurrent();
    if (current) download(new Blob([resultToCsv(current.result)], { type: 'text/csv' }), `${slug(exportName())}.csv`);
  });
  json.addEventListener('click', () => {
    const current = getCurrent();
    if (!current) return;
    const document = { link: location.href, config: current.config, result: toPlain(current.result) };
    download(new Blob([JSON.stringify(document)], { type: 'application/json' }), `${slug(exportName())}.json`);
  });
}
