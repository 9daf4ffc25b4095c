/**
 * `@plinth/core/http` for browsers and edge workers: the read-only HTTP adapter on the global `fetch`.
 *
 * @packageDocumentation
 */
import type { StorageAdapterFactory } from '../port.ts';
import { createHttpStorage } from './http-storage.ts';
import type { HttpFetch, HttpStorageOptions } from './options.ts';

export * from './common-exports.ts';

/**
 * A read-only adapter over HTTP: `get`, `stat`, `getStream` and `list` map to GET and HEAD under `baseUrl`;
 * writes raise `PLINTH_READ_ONLY`. Bodies are revalidated by ETag, failures retried with backoff, and each
 * call bounded by `timeoutMs`. `list` pages through a static index (see `writeStaticIndex`).
 *
 * In browsers, requests use the global `fetch` with `cache: 'no-store'` (the adapter revalidates by ETag
 * itself). A cross-origin server must allow the `If-None-Match` request header and expose `ETag`.
 *
 * @throws {PlinthError} `PLINTH_READ_ONLY` on writes; `PLINTH_TIMEOUT` past `timeoutMs`; `PLINTH_STORAGE` when
 *   the server keeps failing or refuses; `PLINTH_UNSUPPORTED` from `list` without a static index;
 *   `PLINTH_ABORTED` when cancelled.
 * @example
 * ```ts
 * import { httpStorage } from '@plinth/core/http';
 * const storage = httpStorage({ baseUrl: new URL('/models/', location.href) });
 * const card = await storage.get('models/fraud/card.json');
 * ```
 */
export const httpStorage: StorageAdapterFactory<HttpStorageOptions> = (options) =>
  createHttpStorage(options, {
    async defaultFetch(): Promise<HttpFetch> {
      return (url, init) => globalThis.fetch(url, { ...init, cache: 'no-store' });
    },
  });
