/**
 * `@plinth/features/redis`: the Redis online store (Node-only; `redis` is an optional peer dependency).
 *
 * @packageDocumentation
 */
export type { RedisClientLike, RedisOnlineStoreOptions } from './options.ts';
export { redisOnlineStore } from './store.ts';
