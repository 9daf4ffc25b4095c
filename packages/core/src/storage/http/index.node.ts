/**
 * `@plinth/core/http` for Node: the read-only HTTP adapter on undici, with a keep-alive connection pool.
 *
 * @packageDocumentation
 */
import type { StorageAdapterFactory } from '../port.ts';
import { createHttpStorage } from './http-storage.ts';
import { nodeFetchRuntime } from './node-fetch.ts';
import type { HttpStorageOptions } from './options.ts';

export * from './common-exports.ts';

/**
 * A read-only adapter over HTTP: `get`, `stat`, `getStream` and `list` map to GET and HEAD under `baseUrl`;
 * writes raise `PLINTH_READ_ONLY`. Bodies are revalidated by ETag, failures retried with backoff, and each
 * call bounded by `timeoutMs`. `list` pages through a static index (see `writeStaticIndex`).
 *
 * In Node, requests go through undici (an optional peer dependency, imported on first use) with a keep-alive
 * agent that `close()` releases; without undici installed they use the global `fetch`. Pass `fetch` to use
 * your own.
 *
 * @throws {PlinthError} `PLINTH_READ_ONLY` on writes; `PLINTH_TIMEOUT` past `timeoutMs`; `PLINTH_STORAGE` when
 *   the server keeps failing or refuses; `PLINTH_UNSUPPORTED` from `list` without a static index;
 *   `PLINTH_ABORTED` when cancelled.
 * @example
 * ```ts
 * import { httpStorage } from '@plinth/core/http';
 * const storage = httpStorage({ baseUrl: 'https://models.example.com/registry/' });
 * const card = await storage.get('models/fraud/card.json');
 * ```
 */
export const httpStorage: StorageAdapterFactory<HttpStorageOptions> = (options) => {
  return createHttpStorage(options, nodeFetchRuntime());
};
