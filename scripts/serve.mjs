// A small static server for web/ (or a release, dist/) on the loopback interface, with the headers
// the app needs: correct MIME types for .mjs/.wasm, the Content-Security-Policy, no caching
// surprises, and a release's precompressed file.br to browsers that accept brotli.
//   node scripts/serve.mjs [--port 8080] [--root dist]      (or PORT=8080)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

// Scripts only from this origin (wasm compilation allowed), no inline scripts, no connections
// elsewhere. Also set as a <meta> in index.html so it holds under any static server.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  // The video recorder's preview plays the recording from a blob: URL.
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function send(response, status, type, body, extra = {}) {
  response.writeHead(status, {
    ...extra,
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
  response.end(body);
}

export function createServer(root = webRoot) {
  return http.createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'method not allowed');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    } catch {
      return send(response, 400, 'text/plain', 'bad request');
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root + path.sep)) return send(response, 403, 'text/plain', 'forbidden');
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    // A release (scripts/build-dist.mjs) has file.br beside its text files and wasm: sent to a
    // browser that accepts brotli, as a host serving precompressed files would.
    const brotli = /\bbr\b/.test(String(request.headers['accept-encoding'] ?? '')) && !file.endsWith('.br');
    fs.readFile(brotli ? `${file}.br` : file, (compressedError, compressed) => {
      if (!compressedError && brotli) return send(response, 200, type, request.method === 'HEAD' ? undefined : compressed, { 'Content-Encoding': 'br', Vary: 'Accept-Encoding' });
      fs.readFile(file, (error, data) => {
        if (error) return send(response, 404, 'text/plain', 'not found');
        send(response, 200, type, request.method === 'HEAD' ? undefined : data, brotli ? { Vary: 'Accept-Encoding' } : {});
      });
    });
  });
}

// Resolves with the server and its URL once it listens (port 0 picks a free port).
export function startServer({ port = 0, host = '127.0.0.1', root = webRoot } = {}) {
  return new Promise((resolve, reject) => {
    const server = createServer(root);
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--port');
  const port = Number(flag > 0 ? process.argv[flag + 1] : process.env.PORT ?? 8080);
  // --root DIR: another folder, e.g. a release built by scripts/build-dist.mjs (dist/).
  const rootFlag = process.argv.indexOf('--root');
  const root = rootFlag > 0 ? path.resolve(process.argv[rootFlag + 1] ?? '') : webRoot;
  if (root === webRoot && !fs.existsSync(path.join(webRoot, 'wasm', 'ldyn_wasm.wasm'))) {
    console.error('web/wasm is missing: run scripts/build.sh first (scripts/start.sh does both)');
    process.exit(1);
  }
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`${root} has no index.html: build a release with node scripts/build-dist.mjs first`);
    process.exit(1);
  }
  startServer({ port, root }).then(
    ({ url }) => console.log(`Serving ${root === webRoot ? 'the explorable' : root} at ${url} (Ctrl-C to stop)`),
    (error) => {
      console.error(`Cannot listen on 127.0.0.1:${port}: ${error.message} (try PORT=8081)`);
      process.exit(1);
    },
  );
}
