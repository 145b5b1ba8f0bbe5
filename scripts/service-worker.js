// The published site's service worker (dist/sw.js): scripts/build-dist.mjs copies this file and
// fills in the two constants below. No library: the whole policy fits on one screen.
//   - install: precache this release (index.html and the files of its v-<hash>/ folder) in a cache
//     of its own; an index.html of another release (a deploy in between) fails the install, and
//     the browser tries again later;
//   - a new release waits until the page asks for it ({type: 'skip-waiting'}, when the user clicks
//     Reload): until then every open page keeps its own release, whose files are versioned;
//   - activate: keep this release and the one before (pages still open on it) and delete older
//     ones, then take control of the open pages;
//   - fetch: the page from the cache (then nothing but the update check of this file goes to the
//     network), other files from any cache of this site, else the network.
const VERSION = 'development';
const PRECACHE = [];

const SCOPE = self.registration.scope;
// Caches are per origin: the scope in the name keeps apart two copies of the site on one host.
const PREFIX = `lazy-to-rich ${SCOPE} `;
const CACHE = PREFIX + VERSION;
const INDEX = new URL('index.html', SCOPE).href;

async function precache() {
  try {
    await fill(await caches.open(CACHE));
  } catch (error) {
    // A half-filled cache must not pass for a release later on.
    await caches.delete(CACHE);
    throw error;
  }
}

async function fill(cache) {
  // The page itself is revalidated (its URL is not versioned); a versioned file never changes, so
  // any copy in the HTTP cache (the page has just loaded most of them) is the server's.
  const page = await fetch(INDEX, { cache: 'no-cache' });
  if (!page.ok) throw new Error(`index.html: HTTP ${page.status}`);
  if (!(await page.clone().text()).includes(`v-${VERSION}/`)) throw new Error('index.html belongs to another release');
  await cache.addAll(PRECACHE.map((file) => new Request(file, { cache: 'force-cache' })));
  await cache.put(INDEX, page);
}

async function removeOldReleases() {
  const mine = (await caches.keys()).filter((name) => name.startsWith(PREFIX));
  // Cache names come back in the order they were created: the last two are this release and the
  // one the pages still open were loaded from.
  const keep = new Set([CACHE, mine.filter((name) => name !== CACHE).at(-1)]);
  await Promise.all(mine.filter((name) => !keep.has(name)).map((name) => caches.delete(name)));
}

self.addEventListener('install', (event) => event.waitUntil(precache()));

self.addEventListener('activate', (event) => event.waitUntil(removeOldReleases().then(() => self.clients.claim())));

// Only pages of this origin can post here.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

async function respond(request) {
  // The page, whatever its query string (the view is in it; the document is the same).
  const path = request.url.split(/[?#]/)[0];
  const isPage = request.mode === 'navigate' && (path === SCOPE || path === INDEX);
  const cached = isPage ? await (await caches.open(CACHE)).match(INDEX) : await caches.match(request);
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  event.respondWith(respond(request));
});
