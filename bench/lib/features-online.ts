import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StorageAdapter } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureView,
  type FeatureStore,
  fileSource,
  type OnlineStore,
  type OnlineViewInfo,
  type OnlineWriteBatch,
  storageOnlineStore,
} from '@plinth/features';
// the stores' key hash (internal), so the raw client reads the very buckets the store reads
import { keyHash } from '../../packages/features/src/online/key-hash.ts';
import { type CaseResult, median, percentile } from './harness.ts';

/** Options of {@link benchOnlineStores}. */
export interface OnlineBenchOptions {
  /** Entities per view in the lookup stores. @default 100_000 */
  entities?: number;
  /** Rows written in the write-throughput cases. @default 1_000_000 */
  writeRows?: number;
  /** Timed lookups per case (after 1,000 warm-up lookups; the ways take turns, 200 at a time). @default 2000 */
  lookups?: number;
  /**
   * Stores to measure, by name: `redis` with its default buckets (65536: about 1.5 entities per bucket at
   * 100,000 entities), `redis-dense` with 8192 (about 12 per bucket, what a view of 800,000 entities has by
   * default). @default ['memory', 'fs', 'redis', 'redis-dense']
   */
  stores?: readonly ('memory' | 'fs' | 'redis' | 'redis-dense')[];
  /** Redis URL for the redis cases. @default 'redis://127.0.0.1:6379' */
  redisUrl?: string;
}

/** One lookup case's latency figures, in ms. */
export interface LookupFigures {
  store: string;
  /** `getOnlineFeatures` (what the budget is about), `store readMany`, or `raw node-redis MGET`. */
  way: string;
  entities: number;
  p50Ms: number;
  p99Ms: number;
}

/** One write case's figures. */
export interface WriteFigures {
  store: string;
  rows: number;
  medianMs: number;
  rowsPerSecond: number;
}

/** What {@link benchOnlineStores} measured. */
export interface OnlineBenchFigures {
  lookups: LookupFigures[];
  writes: WriteFigures[];
  /** The same figures as harness case results, for `report()`. */
  results: CaseResult[];
}

const FEATURES = Array.from({ length: 10 }, (_, i) => `f${i}`);
const VIEWS: OnlineViewInfo[] = ['driver_stats', 'customer_stats', 'trip_stats'].map((name) => ({
  name,
  joinKeys: ['id'],
  features: FEATURES,
}));

/** A batch of `rows` entities `offset…` with 10 float features, like the rows `materialize` hands a store. */
export function syntheticBatch(
  view: OnlineViewInfo,
  rows: number,
  offset = 0,
  stamp = 1_700_000_000_000,
): OnlineWriteBatch {
  const keys: number[][] = new Array(rows);
  const eventTimestamps = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    keys[i] = [offset + i];
    eventTimestamps[i] = stamp + (i % 86_400_000);
  }
  const values = view.features.map((_, f) => {
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i++) column[i] = (((offset + i) * 31 + f) % 1000) / 7;
    return column;
  });
  return { view, length: rows, keys, features: view.features, values, eventTimestamps };
}

async function writeInBatches(store: OnlineStore, view: OnlineViewInfo, rows: number, batch = 250_000) {
  for (let offset = 0; offset < rows; offset += batch) {
    await store.write(syntheticBatch(view, Math.min(batch, rows - offset), offset));
  }
}

/** The same three views as feature views, for `getOnlineFeatures` (never read offline: the source is unused). */
function featureViews() {
  const entity = defineEntity({ name: 'entity', joinKeys: ['id'] });
  const features = Object.fromEntries(FEATURES.map((name) => [name, 'float64' as const]));
  return VIEWS.map((view) =>
    defineFeatureView({
      name: view.name,
      entities: [entity],
      ttl: 0,
      source: fileSource({ path: `${view.name}.parquet`, timestampField: 'event_timestamp' }),
      features,
    }),
  );
}

const FEATURE_REFS = VIEWS.flatMap((view) => FEATURES.map((name) => `${view.name}:${name}`));

/** One way of looking up `keys` (ids) in every view; throws unless every entity was found. */
type Lookup = (ids: number[]) => Promise<void>;

/** As the store's callers read: one `readMany` for the 3 views when the store offers it. */
function storeLookup(store: OnlineStore): Lookup {
  return async (ids) => {
    const keys = ids.map((id) => [id]);
    const requests = VIEWS.map((view) => ({ view, features: FEATURES, keys }));
    const results = store.readMany
      ? await store.readMany(requests)
      : await Promise.all(requests.map((request) => store.read(request)));
    if (!results.every((result) => result.found.every(Boolean))) throw new Error('an entity was not found');
  };
}

/** What a user calls: `getOnlineFeatures` of the 30 features (full names) for entity rows `{ id }`. */
function featureStoreLookup(features: FeatureStore): Lookup {
  return async (ids) => {
    const result = await features.getOnlineFeatures({
      features: FEATURE_REFS,
      entityRows: ids.map((id) => ({ id })),
      fullFeatureNames: true,
    });
    if (!result.statuses.trip_stats__f9!.every((status) => status === 'present'))
      throw new Error('an entity was not found');
  };
}

/**
 * Untimed lookups of each way before timing: enough for V8 to finish optimizing the lookup path (with 200, the
 * way timed first kept compile jobs and deoptimizations in its p99: 0.3–1.0 ms where the same case timed again
 * right after showed 0.1 ms).
 */
const WARMUP_LOOKUPS = 1000;
/** Timed lookups are taken in rounds of this many per way, the ways taking turns. */
const ROUND_LOOKUPS = 200;

/**
 * p50/p99 of `lookups` timed lookups of `perLookup` random entities for each way. The ways take turns in rounds of
 * {@link ROUND_LOOKUPS} (A B C A B C …), so what the machine or the server does meanwhile (other processes, Redis
 * rehashing its table after the store was filled) falls on every way alike instead of on the one timed first.
 */
async function timeLookups(
  lookups: readonly Lookup[],
  entities: number,
  perLookup: number,
  count: number,
): Promise<{ p50Ms: number; p99Ms: number }[]> {
  const onces = lookups.map((lookup) => {
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % entities;
    };
    return () => lookup(Array.from({ length: perLookup }, next));
  });
  // the garbage of filling the store (and of the previous size) is collected before the warm-up, not during the
  // timed lookups; the lookups' own garbage is collected as it comes (`npm run bench` runs with --expose-gc)
  (globalThis as { gc?: () => void }).gc?.();
  for (const once of onces) for (let i = 0; i < WARMUP_LOOKUPS; i++) await once();
  const times = lookups.map(() => [] as number[]);
  for (let done = 0; done < count; done += ROUND_LOOKUPS) {
    for (const [w, once] of onces.entries()) {
      for (let i = done; i < Math.min(count, done + ROUND_LOOKUPS); i++) {
        const start = performance.now();
        await once();
        times[w]!.push(performance.now() - start);
      }
    }
  }
  return times.map((list) => ({ p50Ms: percentile(list, 50), p99Ms: percentile(list, 99) }));
}

/**
 * What a user would write instead: one `MGET` of the same buckets through node-redis (the client the store uses
 * for everything but lookups), replies left as strings and not searched. The store's lookups use a connection of
 * their own (lookup-connection.ts); this way's garbage still lands on the ways timed after it, as another client's
 * would in a service.
 */
async function rawRedisLookup(redisUrl: string, keyPrefix: string, buckets: number) {
  const { createClient } = await import('redis');
  const client = createClient({ url: redisUrl });
  await client.connect();
  const lookup: Lookup = async (ids) => {
    const keys: string[] = [];
    for (const view of VIEWS) {
      const prefix = `${keyPrefix}b:${view.name.length}:${view.name}:`;
      for (const id of ids) keys.push(`${prefix}${keyHash(`i${String(id).length}:${id}`) % buckets}`);
    }
    const replies = (await client.sendCommand(['MGET', ...keys])) as unknown[];
    if (!replies.every((reply) => reply !== null)) throw new Error('an entity was not found');
  };
  return { lookup, close: () => client.close() };
}

async function makeStore(
  kind: string,
  directory: string,
  redisUrl: string,
): Promise<{ store: OnlineStore; cleanup: () => Promise<void>; keyPrefix?: string; buckets?: number }> {
  if (kind === 'memory') {
    const storage: StorageAdapter = memoryStorage();
    return { store: storageOnlineStore({ storage }), cleanup: async () => {} };
  }
  if (kind === 'fs') {
    const dir = await mkdtemp(path.join(directory, 'fs-'));
    return {
      store: storageOnlineStore({ storage: fsStorage({ dir }) }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const { redisOnlineStore } = await import('@plinth/features/redis');
  const keyPrefix = `plinth-bench-${process.pid}-${Date.now()}:`;
  const buckets = kind === 'redis-dense' ? 8192 : 65536;
  const store = redisOnlineStore({ url: redisUrl, keyPrefix, timeoutMs: 60_000, buckets });
  return {
    store,
    keyPrefix,
    buckets,
    cleanup: async () => {
      const cleaner = redisOnlineStore({ url: redisUrl, keyPrefix, timeoutMs: 60_000, buckets });
      for (const view of VIEWS) await cleaner.dropView(view.name);
      await cleaner.close();
    },
  };
}

/**
 * Online store figures for the `features` benchmark: p50/p99 of warm lookups (1 entity × 3 views × 10
 * features, and 100 entities × 3 views × 10 features; through `getOnlineFeatures`, the store's `readMany`, and
 * for Redis a bare node-redis `MGET` of the same keys) and write throughput of `writeRows` rows of one
 * 10-feature view, for each store in `stores`. Generates its data in os.tmpdir() and removes it.
 */
export async function benchOnlineStores(options: OnlineBenchOptions = {}): Promise<OnlineBenchFigures> {
  const entities = options.entities ?? 100_000;
  const writeRows = options.writeRows ?? 1_000_000;
  const lookups = options.lookups ?? 2000;
  const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';
  const directory = await mkdtemp(path.join(os.tmpdir(), 'plinth-bench-online-'));
  const figures: OnlineBenchFigures = { lookups: [], writes: [], results: [] };
  try {
    for (const kind of options.stores ?? ['memory', 'fs', 'redis', 'redis-dense']) {
      const { store, cleanup, keyPrefix, buckets } = await makeStore(kind, directory, redisUrl);
      try {
        for (const view of VIEWS) await writeInBatches(store, view, entities);
        const features = await createFeatureStore({ views: featureViews(), online: store });
        const raw = keyPrefix === undefined ? undefined : await rawRedisLookup(redisUrl, keyPrefix, buckets!);
        const ways: [string, Lookup][] = [
          ['getOnlineFeatures', featureStoreLookup(features)],
          ['store readMany', storeLookup(store)],
          ...(raw ? [['raw node-redis MGET', raw.lookup] as [string, Lookup]] : []),
        ];
        try {
          for (const perLookup of [1, 100]) {
            const all = await timeLookups(
              ways.map(([, lookup]) => lookup),
              entities,
              perLookup,
              lookups,
            );
            for (const [w, [way]] of ways.entries()) {
              const timed = all[w]!;
              figures.lookups.push({ store: kind, way, entities: perLookup, ...timed });
              figures.results.push({
                label: `${kind}: ${way} ${perLookup} entit${perLookup === 1 ? 'y' : 'ies'} × 3 views × 10 features (p50; p99 ${timed.p99Ms.toFixed(3)} ms)`,
                samples: lookups,
                medianMs: timed.p50Ms,
                minMs: timed.p50Ms,
                maxMs: timed.p99Ms,
              });
            }
          }
        } finally {
          await raw?.close();
        }
        if (kind === 'memory' || kind === 'redis-dense') continue;
        const times: number[] = [];
        const write = { ...VIEWS[0]!, name: 'write_throughput' };
        for (let round = 0; round < 3; round++) {
          await store.dropView(write.name);
          const batch = syntheticBatch(write, writeRows);
          const start = performance.now();
          await store.write(batch);
          times.push(performance.now() - start);
        }
        await store.dropView(write.name);
        const medianMs = median(times);
        figures.writes.push({
          store: kind,
          rows: writeRows,
          medianMs,
          rowsPerSecond: writeRows / (medianMs / 1000),
        });
        figures.results.push({
          label: `${kind}: write ${writeRows.toLocaleString('en-US')} rows × 10 features (fresh view)`,
          samples: times.length,
          medianMs,
          minMs: Math.min(...times),
          maxMs: Math.max(...times),
          perSecond: writeRows / (medianMs / 1000),
        });
      } finally {
        await store.close();
        await cleanup();
      }
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  return figures;
}
