import type { Clock, StorageAdapter } from '@plinth/core';
import { systemClock } from '@plinth/core';
import { assertStoragePrefix } from '@plinth/core/adapter';
import * as z from 'zod/mini';
import { errors } from '../errors.ts';

/** Options of {@link storageOnlineStore}. */
export interface StorageOnlineStoreOptions {
  /** Where rows and metadata live: any core storage adapter (`memoryStorage`, `fsStorage`, `idbStorage`). */
  storage: StorageAdapter;
  /** Key prefix of everything the store writes (a storage key without a trailing `/`). @default 'features-online' */
  prefix?: string;
  /**
   * Shards per view: each view's entities are hashed into this many storage values. More shards make a small
   * write cheaper (it rewrites one shard), fewer make a large batch lookup cheaper (fewer values to check).
   * Every process sharing the storage must use the same count (a mismatch raises `PLINTH_VALIDATION`).
   * @default 64
   */
  shards?: number;
  /** Most bytes of decoded shards kept warm for reads (checked against the stored version on every read). @default 268435456 (256 MiB) */
  cacheBytes?: number;
  /** Shards written at once by one `write`. @default 8 */
  writeConcurrency?: number;
  /** Attempts per shard when other writers keep winning the compare-and-set. @default 100 */
  maxAttempts?: number;
  /** Rows `writeAll` gathers before merging them into the shards in one step. @default 2000000 */
  bulkRows?: number;
  /**
   * Time (ms) during which a cached shard is served without checking its stored version while the store's generation
   * key is unchanged. Every write bumps the generation after its shards, so a finished write is seen by the next
   * read in any process; this bound covers a writer that died between writing a shard and bumping it.
   * 0 checks every shard on every read.
   * @default 1000
   */
  revalidateMs?: number;
  /** Time source for `revalidateMs`. @default systemClock */
  clock?: Clock;
}

const isStorage = (value: unknown): value is StorageAdapter =>
  typeof value === 'object' &&
  value !== null &&
  ['get', 'stat', 'put', 'delete', 'list'].every(
    (method) => typeof (value as Record<string, unknown>)[method] === 'function',
  );

const int = (min: number, max: number) => z.optional(z.int().check(z.minimum(min), z.maximum(max)));

const OptionsSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    storage: z.custom<StorageAdapter>(isStorage, {
      message: 'must be a StorageAdapter, such as memoryStorage() or fsStorage({ dir })',
    }),
    prefix: z.optional(z.string().check(z.maxLength(256))),
    shards: int(1, 4096),
    cacheBytes: int(0, Number.MAX_SAFE_INTEGER),
    writeConcurrency: int(1, 256),
    maxAttempts: int(1, 100_000),
    bulkRows: int(1, 100_000_000),
    revalidateMs: int(0, 86_400_000),
    clock: z.optional(
      z.custom<Clock>(
        (value) => typeof value === 'object' && value !== null && typeof (value as Clock).now === 'function',
        { message: 'must be a Clock ({ now(): number })' },
      ),
    ),
  }),
);

/** The options with defaults applied. */
export type ResolvedOptions = Required<StorageOnlineStoreOptions>;

/**
 * Validates the options of `storageOnlineStore`.
 * @throws {PlinthError} `PLINTH_VALIDATION`.
 */
export function resolveOptions(options: unknown): ResolvedOptions {
  const parsed = errors.parse(OptionsSchema, options, 'storageOnlineStore options');
  const prefix = parsed.prefix ?? 'features-online';
  if (prefix !== '') {
    try {
      assertStoragePrefix(prefix, errors.component);
      if (prefix.endsWith('/')) throw new Error('trailing /');
    } catch {
      throw errors.invalid('storageOnlineStore options', {
        path: 'prefix',
        message: 'must be a storage key (segments separated by "/", no leading or trailing "/") or ""',
      });
    }
  }
  return {
    storage: parsed.storage,
    prefix,
    shards: parsed.shards ?? 64,
    cacheBytes: parsed.cacheBytes ?? 256 * 1024 * 1024,
    writeConcurrency: parsed.writeConcurrency ?? 8,
    maxAttempts: parsed.maxAttempts ?? 100,
    bulkRows: parsed.bulkRows ?? 2_000_000,
    revalidateMs: parsed.revalidateMs ?? 1000,
    clock: parsed.clock ?? systemClock,
  };
}
