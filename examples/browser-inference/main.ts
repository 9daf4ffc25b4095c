// The page: pulls `models:/fraud@champion` from a static registry export over HTTP, keeps what it read in
// IndexedDB (cachedStorage: network first, the cache when the server is gone; content-addressed artifacts
// cache-first), and predicts with onnxruntime-web, whose wasm file is served by this site.
import { cachedStorage } from '@plinth/core/cached';
import { httpStorage } from '@plinth/core/http';
import { idbStorage } from '@plinth/core/idb';
import { createRegistry } from '@plinth/registry';
import { loadModel, onnxruntimeWeb } from '@plinth/serving';

const status = document.querySelector<HTMLParagraphElement>('#status')!;
const form = document.querySelector<HTMLFormElement>('#form')!;
const output = document.querySelector<HTMLOutputElement>('#score')!;

/** Registers the service worker and waits until it controls the page, so the wasm fetches get cached. */
async function offlineShell(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register('./sw.js');
  if (!navigator.serviceWorker.controller) {
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
    );
  }
  // What loaded before the worker took over (this page, its script) is cached now.
  const urls = [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)].filter(
    (url) => url.startsWith(location.origin) && !url.includes('/registry/'),
  );
  const cache = await caches.open('plinth-browser-inference-v1'); // the worker's cache
  await Promise.all(urls.map((url) => cache.add(url).catch(() => undefined)));
}

let source = 'network';
const registry = createRegistry({
  storage: cachedStorage({
    cache: idbStorage({ database: 'plinth-browser-inference' }),
    source: httpStorage({ baseUrl: new URL('registry/', location.href).href }),
    immutable: (key) => key.startsWith('blobs/sha256/'),
    onCacheError: (error) => console.warn('IndexedDB cache:', error),
  }),
});
async function start(): Promise<void> {
  const started = performance.now();
  await offlineShell();
  const probe = await fetch(new URL('registry/plinth-index.json', location.href), { method: 'HEAD' }).catch(
    () => undefined,
  );
  if (!probe?.ok) source = 'IndexedDB (the server is unreachable)';
  const model = await loadModel(
    { registry, uri: 'models:/fraud@champion' },
    { runtime: onnxruntimeWeb(), warmup: true }, // the wasm file is one of the site's assets (Vite emits it)
  );

  async function score(amount: number, velocity: number): Promise<number> {
    const { score: result } = await model.predict({
      features: { data: Float32Array.of(amount, velocity), dims: [1, 2] },
    });
    return (result!.data as Float32Array)[0]!;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = await score(Number(form.amount.value), Number(form.velocity.value));
    output.value = value.toFixed(4);
  });
  form.querySelector('button')!.disabled = false;
  status.textContent = `${model.source} loaded from ${source} in ${Math.round(performance.now() - started)} ms`;
  document.body.dataset.modelSource = model.source;
  document.body.dataset.loadedFrom = source;
  (globalThis as { plinthScore?: typeof score }).plinthScore = score;
  document.title = 'ready';
}

start().catch((error: unknown) => {
  status.textContent = `failed: ${error}`;
  document.title = 'failed';
});
