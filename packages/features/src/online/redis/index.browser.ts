/**
 * `@plinth/features/redis` in browsers: the same surface as in Node, but `redisOnlineStore()` throws, since a
 * browser cannot open a TCP connection to Redis. Use `storageOnlineStore` over `idbStorage` in browsers.
 *
 * @packageDocumentation
 */
import type { OnlineStore } from '../port.ts';
import { redisErrors } from './errors.ts';
import type { RedisOnlineStoreOptions } from './options.ts';

export type { RedisClientLike, RedisOnlineStoreOptions } from './options.ts';

/**
 * Not available in browsers.
 *
 * @throws {PlinthError} `PLINTH_UNSUPPORTED_RUNTIME`, always.
 * @example
 * ```ts
 * import { storageOnlineStore } from '@plinth/features'; // in browsers, with idbStorage
 * ```
 */
export function redisOnlineStore(_options?: RedisOnlineStoreOptions): OnlineStore {
  throw redisErrors.error(
    'PLINTH_UNSUPPORTED_RUNTIME',
    'redisOnlineStore needs Node.js (a TCP connection to Redis), which browsers do not have; use storageOnlineStore({ storage: idbStorage(…) }) from @plinth/features in browsers',
  );
}
