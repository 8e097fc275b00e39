// The service worker of the installable app: keeps copies of the static client files only, never /api/, the WebSocket, a room's path or anything personal (P6, P29).

/** Bump when the caching below changes: activate deletes every other vicos cache. */
const kCache = 'vicos-static-v1';

/** The app's shell, fetched on install so that the installed app starts offline. */
const kShell = [
  '/', '/manifest.webmanifest', '/css/app.css', '/js/main.js', '/i18n/en.json', '/i18n/de.json',
  '/icons/favicon.svg', '/icons/app.svg', '/icons/app-192.png', '/icons/app-512.png',
];

/** Static folders whose files may be cached when the page loads them (web/ ships nothing else). */
const kStaticFolders = ['/css/', '/js/', '/i18n/', '/icons/'];

/**
 * Whether a request is for a static client file: same origin, GET, no query, and one of the
 * shell's paths or inside a static folder. Everything else (/api/, /ws, /healthz, the privacy
 * report) is left to the browser untouched.
 * @param {Request} request
 * @returns {boolean}
 */
function isStatic(request) {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.search !== '') return false;
  return kShell.includes(url.pathname) || kStaticFolders.some((folder) => url.pathname.startsWith(folder));
}

const worker = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(kCache).then((cache) => cache.addAll(kShell)).then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== kCache) await caches.delete(name);
    await worker.clients.claim();
  })());
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  // Every room is the same page: a room's path (its secret is in the fragment, which no request
  // carries) is fetched from the network and, offline, answered with the cached page for '/'.
  // The room's path itself is never stored.
  if (request.mode === 'navigate') {
    if (request.method !== 'GET' || new URL(request.url).pathname.startsWith('/api/')) return;
    event.respondWith(fetch(request).catch(async () => (await caches.match('/')) ?? Response.error()));
    return;
  }
  if (!isStatic(request)) return;
  // Network first, so that a new version of the server is used as soon as it is reachable; the
  // copy serves only when the network fails.
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok && response.type === 'basic') {
        const copy = response.clone();
        event.waitUntil(caches.open(kCache).then((cache) => cache.put(request, copy)));
      }
      return response;
    } catch (error) {
      const cached = await caches.match(request);
      if (cached) return cached;
      throw error;
    }
  })());
});
