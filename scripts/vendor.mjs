// Copies the front end's third-party ES modules from node_modules into web/vendor, rewriting their
// bare imports ('chart.js', '@kurkle/color') into relative paths: the page needs no bundler and no
// import map (an inline script, which the Content-Security-Policy forbids).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modules = path.join(root, 'node_modules');
const vendor = path.join(root, 'web', 'vendor');

// [source in node_modules, destination in web/vendor, bare import -> path relative to destination]
const files = [
  ['@kurkle/color/dist/color.esm.js', 'kurkle-color/color.esm.js', {}],
  ['chart.js/dist/chart.js', 'chart.js/chart.js', { '@kurkle/color': '../kurkle-color/color.esm.js' }],
  ['chart.js/dist/helpers.js', 'chart.js/helpers.js', { '@kurkle/color': '../kurkle-color/color.esm.js' }],
  ['chart.js/dist/chunks/index.js', 'chart.js/chunks/index.js', { '@kurkle/color': '../../kurkle-color/color.esm.js' }],
  ['chartjs-chart-matrix/dist/chartjs-chart-matrix.esm.js', 'chartjs-chart-matrix/chartjs-chart-matrix.esm.js',
    { 'chart.js': '../chart.js/chart.js', 'chart.js/helpers': '../chart.js/helpers.js' }],
  ['katex/dist/katex.mjs', 'katex/katex.mjs', {}],
  ['katex/dist/katex.min.css', 'katex/katex.min.css', {}],
];
const licenses = ['@kurkle/color', 'chart.js', 'chartjs-chart-matrix', 'katex'];

function rewriteImports(text, map) {
  return text.replace(/(from\s*|import\s*)(['"])([^'"]+)\2/g, (match, keyword, quote, spec) =>
    spec in map ? `${keyword}${quote}${map[spec]}${quote}` : match);
}

fs.rmSync(vendor, { recursive: true, force: true });
for (const [source, destination, map] of files) {
  const target = path.join(vendor, destination);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const text = fs.readFileSync(path.join(modules, source), 'utf8');
  const rewritten = rewriteImports(text, map);
  const bare = rewritten.match(/^\s*(?:import|export)\b[^;'"]*?(?:from\s*)?['"](?![./])[^'"]+['"]/m);
  if (bare) throw new Error(`${destination} still imports a bare module: ${bare[0]}`);
  fs.writeFileSync(target, rewritten);
}
fs.cpSync(path.join(modules, 'katex/dist/fonts'), path.join(vendor, 'katex/fonts'), { recursive: true });
// Each module's types, next to it (for tsc and editors: they re-export the npm packages' own types).
fs.cpSync(path.join(root, 'types', 'web', 'vendor'), vendor, { recursive: true });
for (const name of licenses) {
  const license = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].map((f) => path.join(modules, name, f)).find(fs.existsSync);
  if (license) fs.copyFileSync(license, path.join(vendor, `LICENSE.${name.replace(/[@/]/g, '_')}.txt`));
}
console.log(`web/vendor: ${files.length} modules and the KaTeX fonts`);
