// httpStorage overhead over raw undici fetch, on one keep-alive connection to a local node:http server.
// Run: npm run bench -- storage-http
import { Agent, fetch } from 'undici';
import { cachedStorage } from '../packages/core/src/storage/cached.ts';
import { httpStorage } from '../packages/core/src/storage/http/index.node.ts';
import { memoryStorage } from '../packages/core/src/storage/memory.ts';
import { randomBytes } from '../packages/core/src/testing/random-bytes.ts';
import { startHttpStaticServer } from '../packages/core/test/http-static-server.ts';
import { ratioOf, report, timeCases } from './lib/harness.ts';

export default async function storageHttpBench(): Promise<void> {
  const SMALL_READS = 200;
  const LARGE = 8 * 2 ** 20;

  const files = memoryStorage();
  await files.put('small.json', randomBytes(1024, 1));
  await files.put('large.bin', randomBytes(LARGE, 2));
  const server = await startHttpStaticServer({ storage: files, cors: false });
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const raw = async (key: string) => {
    const response = await fetch(`${server.url}${key}`, { dispatcher });
    return new Uint8Array(await response.arrayBuffer());
  };
  const plain = httpStorage({ baseUrl: server.url, etagCacheBytes: 0 });
  const revalidating = httpStorage({ baseUrl: server.url, etagCacheBytes: 64 * 2 ** 20 });
  const cached = cachedStorage({
    source: httpStorage({ baseUrl: server.url }),
    cache: memoryStorage(),
    strategy: 'cache-first',
  });

  const readSmall = (read: (key: string) => Promise<unknown>) => async () => {
    for (let i = 0; i < SMALL_READS; i++) await read('small.json');
    return SMALL_READS;
  };
  const results = await timeCases(
    [
      { label: 'raw undici fetch 1 KiB ×200', run: readSmall(raw) },
      { label: 'httpStorage.get 1 KiB ×200 (200 OK)', run: readSmall((key) => plain.get(key)) },
      {
        label: 'httpStorage.get 1 KiB ×200 (304 revalidated)',
        run: readSmall((key) => revalidating.get(key)),
      },
      { label: 'raw undici fetch 8 MiB', run: () => raw('large.bin').then(() => undefined) },
      { label: 'httpStorage.get 8 MiB (200 OK)', run: () => plain.get('large.bin').then(() => undefined) },
      {
        label: 'httpStorage.get 8 MiB (304 revalidated)',
        run: () => revalidating.get('large.bin').then(() => undefined),
      },
      {
        label: 'cachedStorage cache-first 8 MiB (memory hit)',
        run: () => cached.get('large.bin').then(() => undefined),
      },
    ],
    { samples: 15, warmup: 2 },
  );
  report({
    name: 'storage-http',
    results,
    ratios: {
      'httpStorage/raw 1 KiB': ratioOf(
        results,
        'httpStorage.get 1 KiB ×200 (200 OK)',
        'raw undici fetch 1 KiB ×200',
      ),
      'httpStorage 304/raw 1 KiB': ratioOf(
        results,
        'httpStorage.get 1 KiB ×200 (304 revalidated)',
        'raw undici fetch 1 KiB ×200',
      ),
      'httpStorage/raw 8 MiB': ratioOf(results, 'httpStorage.get 8 MiB (200 OK)', 'raw undici fetch 8 MiB'),
      'httpStorage 304/raw 8 MiB': ratioOf(
        results,
        'httpStorage.get 8 MiB (304 revalidated)',
        'raw undici fetch 8 MiB',
      ),
    },
    extra: { connections: server.stats().connections },
  });
  await Promise.all([plain.close?.(), revalidating.close?.(), cached.close?.(), dispatcher.close()]);
  await server.close();
}
