// Offline use and updates of the published site. scripts/build-dist.mjs writes a service worker
// (dist/sw.js) next to index.html and names it in a <meta>; this registers it and, when a new
// release has been downloaded, shows "A new version is available — Reload". Until the user clicks,
// the page keeps its own release: every asset URL holds the release's hash, and the new service
// worker waits. The development server (web/) has no service worker and no such <meta>: nothing
// happens there.
import { el } from './dom.js';

// A page left open also looks for a new release now and then, and whenever it is shown again.
const CHECK_EVERY_MS = 60 * 60 * 1000;
const RELOAD_FALLBACK_MS = 3000;

// Precaching the site must not compete with the first render: wait for the page's load, then until
// no download has finished for QUIET_MS (the engine's wasm and worker load after `load`), or MAX_WAIT_MS.
const QUIET_MS = 1000;
const MAX_WAIT_MS = 10_000;
function afterPageDownloads() {
  const loaded = document.readyState === 'complete' ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  return loaded.then(() => new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
    let timer = 0;
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      clearTimeout(limit);
      resolve();
    };
    const quietFrom = () => {
      clearTimeout(timer);
      timer = setTimeout(done, QUIET_MS);
    };
    const observer = new PerformanceObserver(quietFrom);
    observer.observe({ type: 'resource' });
    const limit = setTimeout(done, MAX_WAIT_MS);
    quietFrom();
  }));
}

// showNotice(element): puts the notice (an <li class="notice">) where the page shows notices.
/** @param {(notice: HTMLLIElement) => void} showNotice */
export function watchForUpdates(showNotice) {
  /** @type {HTMLMetaElement | null} */
  const meta = document.querySelector('meta[name="lazy-to-rich:service-worker"]');
  if (!meta || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  // A page that no worker controls is on its first visit: the worker that then takes control
  // (clients.claim) brings no new release.
  let controlled = Boolean(container.controller);
  /** @type {ServiceWorkerRegistration | null} */
  let registration = null;
  let reloading = false;
  /** @type {HTMLLIElement | null} */
  let notice = null;

  const reload = () => {
    reloading = true;
    // The waiting worker activates on request; the page reloads once it is in control (or soon
    // anyway, should the change of control never be reported).
    if (!registration?.waiting) return location.reload();
    registration.waiting.postMessage({ type: 'skip-waiting' });
    setTimeout(() => location.reload(), RELOAD_FALLBACK_MS);
  };
  const offer = () => {
    if (notice?.isConnected) return;
    const button = el('button', { type: 'button', class: 'update-reload', text: 'Reload' });
    button.addEventListener('click', reload);
    // Dismissed, it comes back with the next check (see check): the update waits for the user.
    const dismiss = el('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss this notice', text: '×' });
    notice = el('li', { class: 'notice notice-info', 'data-key': 'update' }, el('span', { text: 'A new version is available — ' }, button), dismiss);
    dismiss.addEventListener('click', () => notice.remove());
    showNotice(notice);
  };

  container.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
    // Another tab applied the update: this one still runs the release before, which stays cached.
    else if (controlled) offer();
    controlled = true;
  });
  // A worker that finishes installing while another one controls the page is a new release.
  /** @param {ServiceWorker | null} worker */
  const follow = (worker) => worker?.addEventListener('statechange', () => {
    if (worker.state === 'installed' && container.controller) offer();
  });

  const check = () => {
    if (registration?.waiting && container.controller) offer();
    else if (navigator.onLine !== false) registration?.update().catch(() => {});
  };
  afterPageDownloads().then(() => container.register(new URL(meta.content, document.baseURI), { updateViaCache: 'none' })).then((r) => {
    registration = r;
    // The browser looks for a new release at each visit: it may have found one already.
    if (r.waiting && container.controller) offer();
    follow(r.installing);
    r.addEventListener('updatefound', () => follow(r.installing));
    setInterval(check, CHECK_EVERY_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') check();
    });
  }, () => {
    // No service worker (a private window, storage blocked): the page works as before, online.
  });
}
