import * as z from 'zod/mini';
import { redisErrors } from './errors.ts';

/**
 * The part of a Redis client the store calls: node-redis 4–6 (`createClient()`) fits as it is.
 */
export interface RedisClientLike {
  /** Sends one command (`['MGET', key, …]`; arguments strings or Buffers) and resolves with its reply. */
  sendCommand(args: (string | Buffer)[]): Promise<unknown>;
  /** Connects; called once when `isOpen` is false. */
  connect?(): Promise<unknown>;
  /** Whether the client is connected (or connecting). */
  readonly isOpen?: boolean;
}

/** Options of {@link redisOnlineStore}. */
export interface RedisOnlineStoreOptions {
  /** Server URL, `redis[s]://[[user][:password]@]host[:port][/db]`. Ignored when `client` is given. @default 'redis://127.0.0.1:6379' */
  url?: string;
  /** A client to use instead of one made from `url` (the caller connects and closes it). */
  client?: RedisClientLike;
  /** Prefix of every key the store writes. @default 'plinth:features:' */
  keyPrefix?: string;
  /**
   * Expire an entity's row this many seconds after its last accepted write (it reads as missing from then on, and
   * its bucket key expires once every row in it has); 0 keeps rows. @default 0
   */
  keyTtlSeconds?: number;
  /**
   * Buckets each view's entities are hashed into, one Redis string each (see the README). Writes cost per key,
   * lookups per byte of the buckets they read: aim for about 4 to 16 entities per bucket. Every store sharing a
   * view must use the same number; a view written with another is refused (`PLINTH_VALIDATION`) until dropped.
   * @default 65536
   */
  buckets?: number;
  /** Longest wait for Redis on any call (connect included) before `PLINTH_STORAGE`. @default 5000 */
  timeoutMs?: number;
  /**
   * Entities per write script call (at most 2000); larger chunks mean fewer, longer server-side steps. Bulk loads
   * (materialization) send buckets holding about 2000 entities per call unless this is set. @default 500
   */
  writeChunk?: number;
}

const isClient = (value: unknown): value is RedisClientLike =>
  typeof value === 'object' && value !== null && typeof (value as RedisClientLike).sendCommand === 'function';

const OptionsSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    url: z.optional(
      z.string().check(z.maxLength(4096), z.regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')),
    ),
    client: z.optional(
      z.custom<RedisClientLike>(isClient, { message: 'must be a Redis client with sendCommand(args)' }),
    ),
    keyPrefix: z.optional(z.string().check(z.maxLength(256))),
    keyTtlSeconds: z.optional(z.int().check(z.minimum(0), z.maximum(2 ** 31 - 1))),
    buckets: z.optional(z.int().check(z.minimum(1), z.maximum(2 ** 24))),
    timeoutMs: z.optional(z.int().check(z.minimum(1), z.maximum(600_000))),
    writeChunk: z.optional(z.int().check(z.minimum(1), z.maximum(2000))),
  }),
);

/** The options with defaults applied. */
export interface ResolvedRedisOptions {
  readonly url: string;
  readonly client: RedisClientLike | undefined;
  readonly keyPrefix: string;
  readonly keyTtlSeconds: number;
  readonly buckets: number;
  readonly timeoutMs: number;
  readonly writeChunk: number;
  /** Entities per call of a bulk load: `writeChunk` when given, else 2000. */
  readonly bulkChunk: number;
}

/**
 * Validates the options of `redisOnlineStore`.
 * @throws {PlinthError} `PLINTH_VALIDATION`.
 */
export function resolveRedisOptions(options: unknown): ResolvedRedisOptions {
  const parsed = redisErrors.parse(OptionsSchema, options ?? {}, 'redisOnlineStore options');
  return {
    url: parsed.url ?? 'redis://127.0.0.1:6379',
    client: parsed.client,
    keyPrefix: parsed.keyPrefix ?? 'plinth:features:',
    keyTtlSeconds: parsed.keyTtlSeconds ?? 0,
    buckets: parsed.buckets ?? 65_536,
    timeoutMs: parsed.timeoutMs ?? 5000,
    writeChunk: parsed.writeChunk ?? 500,
    bulkChunk: parsed.writeChunk ?? 2000,
  };
}
