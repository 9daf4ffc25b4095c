// The page's service worker: every same-origin GET goes to the network first and falls back to what was cached,
// so the page, its script and the ONNX Runtime wasm load with the server gone. The registry (registry/) is left
// to the page: the model comes from IndexedDB through cachedStorage, not from here.
const CACHE = 'plinth-browser-inference-v1'; // main.ts adds what loaded before this worker took over

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.includes('/registry/'))
    return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(event.request, copy)));
        }
        return response;
      })
      .catch(async () => (await caches.match(event.request, { ignoreSearch: true })) ?? Response.error()),
  );
});
