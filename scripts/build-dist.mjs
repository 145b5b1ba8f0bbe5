// Builds the static site in dist/ from web/ (after scripts/build.sh): only what the page needs,
// every asset under dist/v-<content hash>/ so that a release never mixes with a cached older one,
// dist/index.html pointing there with relative URLs (any host, any sub-path), and dist/sw.js, the
// service worker that keeps the site working offline.
//   node scripts/build-dist.mjs [--base-url https://example.org/course/] [--out DIR] [--web DIR]
// --base-url is the public address of the site: link previews need it for their image.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREVIEW_IMAGE = path.join(root, 'docs', 'screenshot.png');
const SW_SOURCE = path.join(root, 'scripts', 'service-worker.js');
// Shipped although nothing loads them: the vendored libraries' licenses (their terms ask for it).
const LICENSES = (web) => fs.readdirSync(path.join(web, 'vendor')).filter((f) => f.startsWith('LICENSE')).map((f) => `vendor/${f}`);
// Shipped, but not precached for offline use: nothing on the page loads them.
const NOT_PRECACHED = /^(vendor\/LICENSE[^/]*|preview\.png)$/;
const COMPRESSIBLE = /\.(html|css|js|mjs|json|webmanifest|svg|txt|wasm)$/;

const isRelative = (ref) => !/^([a-z][a-z0-9+.-]*:|\/|#|\?)/i.test(ref);
const resolveRef = (from, ref) => path.posix.normalize(path.posix.join(path.posix.dirname(from), ref.split(/[?#]/)[0]));
const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function options() {
  const { values } = parseArgs({ options: { 'base-url': { type: 'string' }, out: { type: 'string' }, web: { type: 'string' } } });
  let baseUrl = null;
  if (values['base-url'] !== undefined) {
    baseUrl = new URL(values['base-url']);
    if (!/^https?:$/.test(baseUrl.protocol)) throw new Error(`--base-url must be an http(s) address, not ${baseUrl.protocol}`);
    if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
    baseUrl.search = '';
    baseUrl.hash = '';
  }
  return { baseUrl, out: path.resolve(values.out ?? path.join(root, 'dist')), web: path.resolve(values.web ?? path.join(root, 'web')) };
}

// What a module refers to: static imports and exports (`imports`: part of its module graph), and
// dynamic imports of a literal and new URL('…', import.meta.url) (`later`: a worker, the wasm, a
// module loaded on demand).
function moduleReferences(text) {
  const imports = [...text.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*${}\s,]*?\s*from\s*)?(['"])([^'"\n]+)\1/g)].map((m) => m[2]);
  const later = [...text.matchAll(/\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g), ...text.matchAll(/new URL\(\s*(['"])([^'"\n]+)\1\s*,\s*import\.meta\.url\s*\)/g)]
    .map((m) => m[2]);
  return { imports, later };
}

// KaTeX's fonts as WOFF2 only (every browser that runs this page reads it): the .woff and .ttf
// alternatives are dropped from its stylesheet, so that no reference points to a missing file.
function woff2Only(css) {
  const out = css.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\(["'](?:woff|truetype)["']\)/g, '');
  if (/url\([^)]*\.(?:woff|ttf)\)/.test(out)) throw new Error('katex.min.css: a .woff or .ttf font is still referenced (its format changed?)');
  return out;
}

// Every file the page needs, from index.html: stylesheets and the fonts they name, the module
// graph from its scripts (with the worker and the wasm it points to), the manifest and its icons.
// Returns {files: Map(path -> Buffer), pageModules: [modules of the page itself], pageWasm: [the
// wasm files the page's modules fetch]}.
function collect(web, html) {
  const files = new Map();
  const read = (file) => {
    const full = path.join(web, file);
    if (!file || file.startsWith('..') || !fs.existsSync(full)) throw new Error(`${file}: referenced but not found in ${web}`);
    return fs.readFileSync(full);
  };
  const add = (file, content = read(file)) => files.set(file, content);

  const entries = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    if (!isRelative(m[1])) continue;
    const file = resolveRef('index.html', m[1]);
    if (/\.m?js$/.test(file)) {
      entries.push(file);
    } else if (file.endsWith('.css')) {
      const css = file === 'vendor/katex/katex.min.css' ? woff2Only(read(file).toString()) : read(file).toString();
      add(file, Buffer.from(css));
      for (const u of css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) if (isRelative(u[1])) add(resolveRef(file, u[1]));
    } else if (file.endsWith('.webmanifest')) {
      const manifest = JSON.parse(read(file));
      for (const icon of manifest.icons ?? []) add(resolveRef(file, icon.src));
      add(file);
    } else {
      add(file);
    }
  }

  // The module graph of the page first (its modules get modulepreload links), then what it
  // starts later (the worker and its imports, the wasm).
  const pageModules = [];
  const later = [];
  const pageWasm = new Set();
  const visit = (file, list) => {
    if (files.has(file)) return;
    add(file);
    if (!/\.m?js$/.test(file)) return;
    list?.push(file);
    const refs = moduleReferences(files.get(file).toString());
    const bare = [...refs.imports.filter((ref) => !/^\.\.?\//.test(ref)), ...refs.later.filter((ref) => !isRelative(ref))];
    if (bare.length) throw new Error(`${file}: cannot follow '${bare[0]}' (not a relative path)`);
    for (const ref of refs.imports) visit(resolveRef(file, ref), list);
    const targets = refs.later.map((ref) => resolveRef(file, ref));
    if (list) for (const target of targets.filter((t) => t.endsWith('.wasm'))) pageWasm.add(target);
    later.push(...targets);
  };
  for (const entry of entries) visit(entry, pageModules);
  while (later.length) visit(later.shift(), null);
  for (const file of LICENSES(web)) add(file);
  return { files, pageModules, pageWasm: [...pageWasm] };
}

// sha256 over every path and content: the release's name.
function contentHash(files) {
  const hash = crypto.createHash('sha256');
  for (const file of [...files.keys()].sort()) hash.update(`${file}\0${files.get(file).length}\0`).update(files.get(file));
  return hash.digest('hex').slice(0, 12);
}

function pngSize(bytes) {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// The head's additions: the service worker's name (web/js/ui/updates.js registers only what this
// names: the development server has none); the page's modules and its wasm fetched at once, not
// one import level at a time (the wasm, the largest file, would otherwise start last); and the
// link preview's tags.
function headAdditions({ version, pageModules, pageWasm, html, baseUrl, preview }) {
  const title = /<title>([^<]*)<\/title>/.exec(html)[1];
  const description = /<meta name="description" content="([^"]*)"/.exec(html)[1];
  const lines = ['<meta name="lazy-to-rich:service-worker" content="sw.js">'];
  // as="fetch" with crossorigin: the same request mode and credentials as the page's fetch().
  for (const file of pageWasm) lines.push(`<link rel="preload" href="${version}/${file}" as="fetch" type="application/wasm" crossorigin>`);
  for (const file of pageModules) lines.push(`<link rel="modulepreload" href="${version}/${file}">`);
  lines.push('<meta property="og:type" content="website">', `<meta property="og:title" content="${escapeAttribute(title)}">`,
    `<meta property="og:description" content="${escapeAttribute(description)}">`, `<meta name="twitter:title" content="${escapeAttribute(title)}">`,
    `<meta name="twitter:description" content="${escapeAttribute(description)}">`);
  if (baseUrl) {
    const image = new URL(`${version}/preview.png`, baseUrl).href;
    lines.push(`<meta property="og:url" content="${escapeAttribute(baseUrl.href)}">`, `<meta property="og:image" content="${escapeAttribute(image)}">`,
      `<meta property="og:image:width" content="${preview.width}">`, `<meta property="og:image:height" content="${preview.height}">`,
      '<meta property="og:image:alt" content="The explorable: the λ slider and the loss, outputs, representations and NTK of a linear network as it learns">',
      '<meta name="twitter:card" content="summary_large_image">', `<meta name="twitter:image" content="${escapeAttribute(image)}">`);
  } else {
    lines.push('<meta name="twitter:card" content="summary">');
  }
  return lines.map((line) => `  ${line}\n`).join('');
}

function serviceWorker(version, precached) {
  const source = fs.readFileSync(SW_SOURCE, 'utf8');
  const filled = source
    .replace("const VERSION = 'development';", `const VERSION = ${JSON.stringify(version.slice(2))};`)
    .replace('const PRECACHE = [];', `const PRECACHE = ${JSON.stringify(precached.map((file) => `${version}/${file}`), null, 1)};`);
  if (filled.includes("'development'") || filled.includes('PRECACHE = [];')) throw new Error(`${SW_SOURCE}: its VERSION and PRECACHE lines changed; update build-dist.mjs`);
  return filled;
}

// The output folder is emptied first: refuse one that does not look like an earlier build.
function prepareOut(out) {
  if (fs.existsSync(out)) {
    const foreign = fs.readdirSync(out).filter((name) => !/^(index\.html|sw\.js|v-[0-9a-f]+)$/.test(name));
    if (foreign.length) throw new Error(`${out} holds ${foreign.slice(0, 3).join(', ')}: not a previous build, not emptying it`);
    fs.rmSync(out, { recursive: true });
  }
  fs.mkdirSync(out, { recursive: true });
}

function write(out, file, content) {
  const target = path.join(out, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
}

function report(out, version, written, baseUrl) {
  const kinds = new Map();
  let raw = 0, gzipped = 0;
  for (const [file, content] of written) {
    const kind = /\.woff2$/.test(file) ? 'fonts' : /\.wasm$/.test(file) ? 'wasm' : /\.m?js$/.test(file) ? 'js' : /\.css$/.test(file) ? 'css' : 'other';
    const compressed = COMPRESSIBLE.test(file) ? zlib.gzipSync(content).length : content.length;
    const k = kinds.get(kind) ?? { count: 0, raw: 0, gzipped: 0 };
    kinds.set(kind, { count: k.count + 1, raw: k.raw + content.length, gzipped: k.gzipped + compressed });
    raw += content.length;
    gzipped += compressed;
  }
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  const shown = path.relative(process.cwd(), out);
  console.log(`${shown.startsWith('..') ? out : shown || '.'}: release ${version}, ${written.size} files, ${kib(raw)} (${kib(gzipped)} with gzip)`);
  for (const [kind, k] of [...kinds].sort((a, b) => b[1].raw - a[1].raw)) console.log(`  ${kind.padEnd(6)} ${String(k.count).padStart(3)} files ${kib(k.raw).padStart(9)} (gzip ${kib(k.gzipped)})`);
  if (!baseUrl) console.log('No --base-url: og:url, og:image and twitter:image left out (they need the public address; the preview image is not copied).');
}

function main() {
  const { baseUrl, out, web } = options();
  const html = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
  const { files, pageModules, pageWasm } = collect(web, html);
  const previewBytes = baseUrl ? fs.readFileSync(PREVIEW_IMAGE) : null;
  if (previewBytes) files.set('preview.png', previewBytes);
  // The manifest moves one folder down: its start and scope stay the site's root.
  for (const [file, content] of files) {
    if (!file.endsWith('.webmanifest')) continue;
    const manifest = JSON.parse(content);
    files.set(file, Buffer.from(JSON.stringify({ ...manifest, start_url: '../', scope: '../' }, null, 2)));
  }
  const version = `v-${contentHash(files)}`;

  const index = html
    .replace(/(\s(?:href|src)=")([^"]+)"/g, (match, attribute, ref) => (isRelative(ref) ? `${attribute}${version}/${ref}"` : match))
    .replace('</head>', `${headAdditions({ version, pageModules, pageWasm, html, baseUrl, preview: previewBytes && pngSize(previewBytes) })}</head>`);
  const precached = [...files.keys()].filter((file) => !NOT_PRECACHED.test(file)).sort();

  prepareOut(out);
  const written = new Map([['index.html', Buffer.from(index)], ['sw.js', Buffer.from(serviceWorker(version, precached))]]);
  for (const [file, content] of files) written.set(`${version}/${file}`, content);
  for (const [file, content] of written) write(out, file, content);

  const unused = listFiles(web).filter((file) => !files.has(file) && !/\.(woff|ttf)$/.test(file) && file !== 'index.html');
  if (unused.length) console.log(`Left out (nothing on the page refers to them): ${unused.join(', ')}`);
  report(out, version, written, baseUrl);
}

function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}

try {
  main();
} catch (error) {
  console.error(`build-dist: ${error.message}`);
  process.exit(1);
}
