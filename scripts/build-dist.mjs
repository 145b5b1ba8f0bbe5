// Builds the static site in dist/ from web/ (after scripts/build.sh): only what the page needs,
// every asset under dist/v-<content hash>/ so that a release never mixes with a cached older one,
// dist/index.html pointing there with relative URLs (any host, any sub-path), and dist/sw.js, the
// service worker that keeps the site working offline. The page's modules are bundled and minified
// with esbuild (a first visit fetches a handful of files instead of a hundred modules; the
// development server, scripts/serve.mjs, serves web/ as it is); the stylesheets are minified.
//   node scripts/build-dist.mjs [--base-url https://example.org/course/] [--out DIR] [--web DIR] [--source-maps] [--metafile FILE]
// --base-url is the public address of the site: link previews need it for their image.
// --source-maps writes a .map beside each bundle (not precached: only developer tools load them).
// --metafile writes esbuild's account of the page's bundles (every input's bytes in each output) to FILE.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREVIEW_IMAGE = path.join(root, 'docs', 'screenshot.png');
const SW_SOURCE = path.join(root, 'scripts', 'service-worker.js');
// Shipped although nothing loads them: the vendored libraries' licenses (their terms ask for it).
const LICENSES = (web) => fs.readdirSync(path.join(web, 'vendor')).filter((f) => f.startsWith('LICENSE')).map((f) => `vendor/${f}`);
// Shipped, but not precached for offline use: nothing on the page loads them.
const NOT_PRECACHED = /^(vendor\/LICENSE[^/]*|preview\.png|js\/[^/]+\.map)$/;
const COMPRESSIBLE = /\.(html|css|js|mjs|json|webmanifest|svg|txt|wasm|map)$/;

const isRelative = (ref) => !/^([a-z][a-z0-9+.-]*:|\/|#|\?)/i.test(ref);
const resolveRef = (from, ref) => path.posix.normalize(path.posix.join(path.posix.dirname(from), ref.split(/[?#]/)[0]));
const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function options() {
  const { values } = parseArgs({ options: { 'base-url': { type: 'string' }, out: { type: 'string' }, web: { type: 'string' }, 'source-maps': { type: 'boolean' }, metafile: { type: 'string' } } });
  let baseUrl = null;
  if (values['base-url'] !== undefined) {
    baseUrl = new URL(values['base-url']);
    if (!/^https?:$/.test(baseUrl.protocol)) throw new Error(`--base-url must be an http(s) address, not ${baseUrl.protocol}`);
    if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
    baseUrl.search = '';
    baseUrl.hash = '';
  }
  return { baseUrl, out: path.resolve(values.out ?? path.join(root, 'dist')), web: path.resolve(values.web ?? path.join(root, 'web')), sourceMaps: values['source-maps'] ?? false, metafile: values.metafile };
}

// KaTeX's fonts as WOFF2 only (every browser that runs this page reads it): the .woff and .ttf
// alternatives are dropped from its stylesheet, so that no reference points to a missing file.
function woff2Only(css) {
  const out = css.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\(["'](?:woff|truetype)["']\)/g, '');
  if (/url\([^)]*\.(?:woff|ttf)\)/.test(out)) throw new Error('katex.min.css: a .woff or .ttf font is still referenced (its format changed?)');
  return out;
}

const isModule = (file) => /\.m?js$/.test(file);
const NEW_URL = /\bnew URL\(\s*(['"])([^'"\n]+)\1\s*,\s*import\.meta\.url\s*\)/g;

const readFrom = (web, file) => {
  const full = path.join(web, file);
  if (!file || file.startsWith('..') || !fs.existsSync(full)) throw new Error(`${file}: referenced but not found in ${web}`);
  return fs.readFileSync(full);
};

// A stylesheet, minified, and the fonts it names, into `files`.
async function addStylesheet(files, web, file) {
  const source = file === 'vendor/katex/katex.min.css' ? woff2Only(readFrom(web, file).toString()) : readFrom(web, file).toString();
  const css = (await esbuild.transform(source, { loader: 'css', minify: true, sourcefile: file })).code;
  files.set(file, Buffer.from(css));
  for (const u of css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) if (isRelative(u[1])) files.set(resolveRef(file, u[1]), readFrom(web, resolveRef(file, u[1])));
}

// Every file the page needs from index.html but its modules: the stylesheets (minified) and the
// fonts they name, the manifest and its icons, the favicon. Returns {files: Map(path -> Buffer),
// entries: [the page's module scripts]}.
async function collect(web, html) {
  const files = new Map();
  const read = (file) => readFrom(web, file);
  const add = (file, content = read(file)) => files.set(file, content);

  const entries = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    if (!isRelative(m[1])) continue;
    const file = resolveRef('index.html', m[1]);
    if (isModule(file)) {
      entries.push(file);
    } else if (file.endsWith('.css')) {
      await addStylesheet(files, web, file);
    } else if (file.endsWith('.webmanifest')) {
      const manifest = JSON.parse(read(file));
      for (const icon of manifest.icons ?? []) add(resolveRef(file, icon.src));
      add(file);
    } else {
      add(file);
    }
  }
  for (const file of LICENSES(web)) add(file);
  return { files, entries };
}

// Where a worker's bundle goes: js/ and its path there, flattened (js/engine/worker.js ->
// js/engine-worker.js).
const workerOutput = (file) => `js/${file.replace(/^js\//, '').replaceAll('/', '-')}`;

// The bundles' layout, as an esbuild plugin. Every bundle is in js/, so a URL relative to a
// bundle's import.meta.url means the same in each: new URL('…', import.meta.url) in a source (a
// worker, the wasm; esbuild leaves these as they are) is rewritten to point from js/ to the
// worker's bundle or to the file (the wasm, a stylesheet), and what it points to is noted in
// `found` ({workers, assets}).
// Bare imports are refused: the development server could not load them either.
function layoutPlugin(web, found) {
  return {
    name: 'release-layout',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'entry-point' ? undefined
        : { errors: [{ text: `${path.relative(web, args.importer)}: cannot follow '${args.path}' (not a relative path)` }] }));
      // Emscripten's glue only defines the engine's factory: a page module that imports the
      // facade for a helper (toPlain) does not carry the glue with it.
      build.onResolve({ filter: /_wasm\.mjs$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path), sideEffects: false }));
      build.onLoad({ filter: /\.m?js$/ }, async (args) => {
        const file = path.relative(web, args.path).split(path.sep).join('/');
        const text = await fs.promises.readFile(args.path, 'utf8');
        const contents = text.replace(NEW_URL, (match, quote, ref) => {
          const target = resolveRef(file, ref);
          if (target.startsWith('..') || !fs.existsSync(path.join(web, target))) throw new Error(`${file}: new URL('${ref}') points to nothing in ${web}`);
          if (isModule(target)) found.workers.add(target);
          else found.assets.add(target);
          return `new URL(${JSON.stringify(path.posix.relative('js', isModule(target) ? workerOutput(target) : target))}, import.meta.url)`;
        });
        return { contents, loader: 'js' };
      });
    },
  };
}

// The page's modules as minified, tree-shaken ES module bundles: the page's entry with a chunk of
// its own for each module it imports on demand (KaTeX, with the first formula; the views but the
// first) and chunks of the modules these share with it, and each worker a bundle of its own (found
// where a bundle starts it). Returns {outputs: Map(path -> Buffer), entries: Map(entry -> its
// bundle), pageChunks: [chunks the entry imports at once, directly or through another chunk],
// pageAssets: [files the page's bundle fetches: the wasm], assets: [every file a bundle points
// to], inputs: Set(every source file bundled), metafile: the page's (esbuild's)}.
async function bundle(web, entries, { sourceMaps }) {
  const outdir = path.join(os.tmpdir(), 'lazy-to-rich-release', 'js'); // never written: write is off
  const common = {
    absWorkingDir: web, bundle: true, format: 'esm', minify: true, write: false, metafile: true, logLevel: 'silent',
    legalComments: 'eof', sourcemap: sourceMaps ? 'linked' : false, outdir,
  };
  const outputs = new Map();
  const inputs = new Set();
  const keep = (result) => {
    for (const output of result.outputFiles) {
      const file = `js/${path.relative(outdir, output.path).split(path.sep).join('/')}`;
      if (outputs.has(file)) throw new Error(`${file}: two bundles of that name`);
      outputs.set(file, Buffer.from(output.contents));
    }
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(input);
  };
  const run = (options, found) => esbuild.build({ ...common, ...options, plugins: [layoutPlugin(web, found)] })
    .catch((error) => { throw new Error(`esbuild: ${error.errors?.map((e) => e.text).join('; ') ?? error.message}`); });

  const page = { workers: new Set(), assets: new Set() };
  const result = await run({ entryPoints: entries.map((file) => path.join(web, file)), splitting: true, entryNames: '[name]', chunkNames: '[name]-[hash]' }, page);
  keep(result);
  const entryOutputs = new Map();
  const released = (output) => `js/${path.relative(outdir, path.resolve(web, output)).split(path.sep).join('/')}`;
  // (A module imported on demand is an entry point of the metafile too: only the page's count.)
  const pageEntries = new Set(entries);
  const pageChunks = new Set();
  /** @param {string} output */
  const importedAtOnce = (output) => {
    for (const i of result.metafile.outputs[output].imports) {
      if (i.kind !== 'import-statement' || pageChunks.has(released(i.path))) continue;
      pageChunks.add(released(i.path));
      importedAtOnce(i.path);
    }
  };
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint || !pageEntries.has(meta.entryPoint)) continue;
    entryOutputs.set(meta.entryPoint, released(output));
    importedAtOnce(output);
  }

  const assets = new Set(page.assets);
  const workers = [...page.workers];
  for (let i = 0; i < workers.length; i++) {
    const found = { workers: new Set(), assets };
    keep(await run({ entryPoints: [path.join(web, workers[i])], outfile: path.join(outdir, path.posix.basename(workerOutput(workers[i]))), outdir: undefined }, found));
    for (const worker of found.workers) if (!workers.includes(worker)) workers.push(worker);
  }
  return { outputs, entries: entryOutputs, pageChunks: [...pageChunks], pageAssets: [...page.assets], assets: [...assets], inputs, metafile: result.metafile };
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
// names: the development server has none); the chunks the page's bundle imports and its wasm
// fetched at once, with the bundle (the wasm, the largest file, would otherwise start only once
// the bundle runs); and the link preview's tags.
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

/** @param {Buffer} content */
const brotli = (content) => zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } });

function write(out, file, content) {
  const target = path.join(out, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
}

function report(out, version, written, baseUrl) {
  const kinds = new Map();
  let raw = 0, gzipped = 0, brotlied = 0;
  for (const [file, content] of written) {
    const kind = /\.woff2$/.test(file) ? 'fonts' : /\.wasm$/.test(file) ? 'wasm' : /\.m?js$/.test(file) ? 'js' : /\.css$/.test(file) ? 'css' : 'other';
    const compressed = COMPRESSIBLE.test(file) ? zlib.gzipSync(content).length : content.length;
    const br = COMPRESSIBLE.test(file) && content.length > 1024 ? brotli(content).length : compressed;
    const k = kinds.get(kind) ?? { count: 0, raw: 0, gzipped: 0, brotlied: 0 };
    kinds.set(kind, { count: k.count + 1, raw: k.raw + content.length, gzipped: k.gzipped + compressed, brotlied: k.brotlied + br });
    raw += content.length;
    gzipped += compressed;
    brotlied += br;
  }
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  const shown = path.relative(process.cwd(), out);
  console.log(`${shown.startsWith('..') ? out : shown || '.'}: release ${version}, ${written.size} files, ${kib(raw)} (${kib(gzipped)} with gzip, ${kib(brotlied)} with brotli)`);
  for (const [kind, k] of [...kinds].sort((a, b) => b[1].raw - a[1].raw)) console.log(`  ${kind.padEnd(6)} ${String(k.count).padStart(3)} files ${kib(k.raw).padStart(9)} (gzip ${kib(k.gzipped)}, brotli ${kib(k.brotlied)})`);
  if (!baseUrl) console.log('No --base-url: og:url, og:image and twitter:image left out (they need the public address; the preview image is not copied).');
}

async function main() {
  const { baseUrl, out, web, sourceMaps, metafile } = options();
  const html = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
  const { files, entries } = await collect(web, html);
  const bundled = await bundle(web, entries, { sourceMaps });
  if (metafile) fs.writeFileSync(metafile, JSON.stringify(bundled.metafile, null, 1));
  for (const [file, content] of bundled.outputs) files.set(file, content);
  // What the bundles fetch: the wasm, KaTeX's stylesheet (with its fonts).
  for (const file of bundled.assets) {
    if (file.endsWith('.css')) await addStylesheet(files, web, file);
    else files.set(file, readFrom(web, file));
  }
  const previewBytes = baseUrl ? fs.readFileSync(PREVIEW_IMAGE) : null;
  if (previewBytes) files.set('preview.png', previewBytes);
  // The manifest moves one folder down: its start and scope stay the site's root.
  for (const [file, content] of files) {
    if (!file.endsWith('.webmanifest')) continue;
    const manifest = JSON.parse(content);
    files.set(file, Buffer.from(JSON.stringify({ ...manifest, start_url: '../', scope: '../' }, null, 2)));
  }
  const version = `v-${contentHash(files)}`;

  // The page's scripts point to their bundles.
  const inRelease = (ref) => bundled.entries.get(resolveRef('index.html', ref)) ?? ref;
  const index = html
    .replace(/(\s(?:href|src)=")([^"]+)"/g, (match, attribute, ref) => (isRelative(ref) ? `${attribute}${version}/${inRelease(ref)}"` : match))
    .replace('</head>', `${headAdditions({ version, pageModules: bundled.pageChunks, pageWasm: bundled.pageAssets.filter((f) => f.endsWith('.wasm')),
      html, baseUrl, preview: previewBytes && pngSize(previewBytes) })}</head>`);
  const precached = [...files.keys()].filter((file) => !NOT_PRECACHED.test(file)).sort();

  prepareOut(out);
  const written = new Map([['index.html', Buffer.from(index)], ['sw.js', Buffer.from(serviceWorker(version, precached))]]);
  for (const [file, content] of files) written.set(`${version}/${file}`, content);
  for (const [file, content] of written) write(out, file, content);
  // Brotli beside every text file and the wasm of the release's folder (file.br; index.html and sw.js,
  // 2 KiB, stay as they are): a host that serves precompressed files
  // (scripts/serve.mjs, nginx's brotli_static, docs/publish.md) sends a first visit about a fifth less
  // than with gzip. Not in the precache: the service worker fetches the files themselves.
  for (const [file, content] of written) if (file.startsWith(`${version}/`) && COMPRESSIBLE.test(file) && content.length > 1024) write(out, `${file}.br`, brotli(content));

  const unused = listFiles(web).filter((file) => !files.has(file) && !bundled.inputs.has(file) && !/\.(woff|ttf)$/.test(file) && file !== 'index.html');
  if (unused.length) console.log(`Left out (nothing on the page refers to them): ${unused.join(', ')}`);
  report(out, version, written, baseUrl);
}

function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory()
    ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}

try {
  await main();
} catch (error) {
  console.error(`build-dist: ${error.message}`);
  process.exit(1);
}
