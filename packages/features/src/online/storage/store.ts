import { bytesToText, PlinthError, type StorageAdapter } from '@plinth/core';
import { backoff, throwIfAborted } from '@plinth/core/adapter';
import { concatBatches } from '../concat-batches.ts';
import { encodeEntityKey } from '../entity-key.ts';
import { errors } from '../errors.ts';
import { keyHash } from '../key-hash.ts';
import type {
  OnlinePartition,
  OnlineReadRequest,
  OnlineReadResult,
  OnlineStore,
  OnlineValue,
  OnlineWriteBatch,
  OnlineWriteResult,
} from '../port.ts';
import {
  checkMeta,
  checkReadRequest,
  checkReadRequests,
  checkViewName,
  checkWriteBatch,
} from '../validate.ts';
import { writeWindow } from '../write-window.ts';
import { onlineLayout } from './layout.ts';
import { type MergeResult, mergeShards, type PreparedBatch } from './merge.ts';
import { type ResolvedOptions, resolveOptions, type StorageOnlineStoreOptions } from './options.ts';
import { partitionBatch, partitionShardBytes } from './partition-shard.ts';
import { columnValue, type Shard, shardIndex } from './shard.ts';
import { type CachedShard, shardCache } from './shard-cache.ts';
import { decodeShard, encodeShard } from './shard-codec.ts';

/** Encodes keys, turns created timestamps into doubles and finds the numeric columns of a checked batch. */
function prepareBatch(batch: OnlineWriteBatch): PreparedBatch {
  const { length } = batch;
  const keys: (string | undefined)[] = new Array(length);
  const hashes = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    const key = encodeEntityKey(batch.keys[i]!);
    keys[i] = key;
    if (key !== undefined) hashes[i] = keyHash(key);
  }
  const created = new Float64Array(length).fill(Number.NaN);
  const stamps = batch.createdTimestamps;
  if (stamps) {
    for (let i = 0; i < length; i++) {
      const stamp = stamps[i];
      if (stamp !== null && stamp !== undefined) created[i] = stamp;
    }
  }
  const numeric = batch.values.map((column) => {
    if (column instanceof Float64Array || column instanceof Float32Array || column instanceof Int32Array) {
      return true;
    }
    for (let i = 0; i < length; i++) {
      const value = column[i];
      if (value !== null && typeof value !== 'number') return false;
    }
    return true;
  });
  return {
    keys,
    hashes,
    event: batch.eventTimestamps,
    created,
    features: batch.features,
    values: batch.values,
    numeric,
  };
}

/** The encoded form and hash of each key tuple (undefined, hash 0, for a key with a null component). */
function encodeKeys(keys: OnlineReadRequest['keys']) {
  const encoded: (string | undefined)[] = new Array(keys.length);
  const hashes = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = encodeEntityKey(keys[i]!);
    encoded[i] = key;
    if (key !== undefined) hashes[i] = keyHash(key);
  }
  return { encoded, hashes };
}

/** Batch rows by shard (a counting sort): `[shard, rows]` for each shard that gets rows. */
function groupByShard(batch: PreparedBatch, shards: number): [number, Int32Array][] {
  const counts = new Int32Array(shards);
  const { keys, hashes } = batch;
  for (let row = 0; row < keys.length; row++) if (keys[row] !== undefined) counts[hashes[row]! % shards]!++;
  const groups: [number, Int32Array][] = [];
  const slots: (Int32Array | undefined)[] = new Array(shards);
  for (let shard = 0; shard < shards; shard++) {
    if (counts[shard] === 0) continue;
    const rows = new Int32Array(counts[shard]!);
    slots[shard] = rows;
    groups.push([shard, rows]);
  }
  counts.fill(0);
  for (let row = 0; row < keys.length; row++) {
    if (keys[row] === undefined) continue;
    const shard = hashes[row]! % shards;
    slots[shard]![counts[shard]!++] = row;
  }
  return groups;
}

/** The column of each of `features` in a shard (-1: absent), remembered for the last frozen feature list asked. */
const shardColumns = new WeakMap<Shard, { features: readonly string[]; columns: number[] }>();

function columnsFor(shard: Shard, features: readonly string[]): number[] {
  const remembered = shardColumns.get(shard);
  if (remembered?.features === features) return remembered.columns;
  const columns = features.map((name) => shard.features.indexOf(name));
  if (Object.isFrozen(features)) shardColumns.set(shard, { features, columns });
  return columns;
}

/** Runs `tasks` with at most `limit` at once; rejects with the first failure after the running ones settle. */
async function runPool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < tasks.length && failure === undefined) {
      const at = next++;
      try {
        results[at] = await tasks[at]!();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/**
 * An online store over any core `StorageAdapter` (memory, fs, idb). Each view's entities are hashed into
 * `shards` storage values; a shard holds its rows by columns (doubles stored raw, read in place) and is
 * replaced by compare-and-set, so racing writers (threads, processes sharing an fs directory) never let an
 * older row win. Decoded shards stay in a read cache. Every write bumps a store-wide generation key after its
 * shards, so a read checks the cache with one `stat` of that key: while it stands still (and for at most
 * `revalidateMs`) cached shards are served as they are; when it moved, each shard the read touches is checked
 * against its stored version once. Warm lookups neither re-read nor re-parse anything, and see every write that
 * finished before they started, in any process sharing the storage.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options.
 * @example
 * ```ts
 * import { fsStorage } from '@plinth/core/fs';
 * import { storageOnlineStore } from '@plinth/features';
 * const online = storageOnlineStore({ storage: fsStorage({ dir: './.plinth' }) });
 * const store = await createFeatureStore({ views, engine: duckdbEngine(), online });
 * ```
 */
export function storageOnlineStore(options: StorageOnlineStoreOptions): OnlineStore {
  const settings: ResolvedOptions = resolveOptions(options);
  const { storage, shards } = settings;
  const layout = onlineLayout(settings.prefix);
  const cache = shardCache(settings.cacheBytes);
  const { clock, revalidateMs } = settings;
  let closed = false;

  const assertOpen = () => {
    if (closed) throw errors.error('PLINTH_CLOSED', 'this online store is closed; create a new one');
  };

  const decode = (key: string, bytes: Uint8Array): Shard => {
    let shard: Shard;
    try {
      shard = decodeShard(bytes);
    } catch (cause) {
      throw errors.error(
        'PLINTH_STORAGE',
        `online shard "${key}" in ${storage.name} storage is unreadable; drop the view and materialize it again`,
        { cause },
      );
    }
    if (shard.shardCount !== shards) {
      throw errors.error(
        'PLINTH_VALIDATION',
        `online shard "${key}" was written by a store with ${shard.shardCount} shards per view, this one has ${shards}; open it with shards: ${shard.shardCount}`,
      );
    }
    return shard;
  };

  /** The current shard under `key`, from the cache when its version still matches, else read and decoded. */
  const loadShard = async (key: string, signal?: AbortSignal): Promise<CachedShard | undefined> => {
    const cached = cache.get(key);
    const stat = await storage.stat(key, { signal });
    if (stat === undefined) {
      if (cached) cache.delete(key);
      return undefined;
    }
    if (cached?.version === stat.version) return cached;
    const entry = await storage.get(key, { signal });
    if (entry === undefined) return undefined;
    const loaded = { version: entry.version, shard: decode(key, entry.value) };
    cache.set(key, loaded);
    return loaded;
  };

  /** The storage keys of a view's shards, built once per view name (a lookup does not re-encode names). */
  const shardKeysByView = new Map<string, string[]>();
  const shardKeysOf = (view: string): string[] => {
    let keys = shardKeysByView.get(view);
    if (keys === undefined) {
      if (shardKeysByView.size >= 1024) shardKeysByView.clear();
      keys = Array.from({ length: shards }, (_, shard) => layout.shardKey(view, shard));
      shardKeysByView.set(view, keys);
    }
    return keys;
  };

  /** The current generation: the version of the generation key ('' before the first write). */
  const generation = async (signal?: AbortSignal): Promise<string> =>
    (await storage.stat(layout.generationKey, { signal }))?.version ?? '';

  /** Marks a finished write: readers holding shards of an older generation check them again. */
  const bumpGeneration = async (signal?: AbortSignal) => {
    await storage.put(layout.generationKey, String(clock.now()), { signal });
  };

  /** The storage's synchronous `stat`, when it offers one (memory, fs): cache checks without an await. */
  const statSync = storage.statSync?.bind(storage);

  /** The current generation, without an await when the storage offers `statSync`. */
  const generationForRead = (signal?: AbortSignal): string | Promise<string> =>
    statSync ? (statSync(layout.generationKey)?.version ?? '') : generation(signal);

  /**
   * A shard for a read at generation `current`: from the cache without I/O while nothing was written since, after
   * a synchronous version check where the storage offers one, else loaded (a promise only when it must wait).
   */
  const shardForRead = (
    key: string,
    current: string,
    nowMs: number,
    signal?: AbortSignal,
  ): Shard | undefined | Promise<Shard | undefined> => {
    const cached = cache.get(key);
    const checked = cached?.checked;
    if (checked && checked.generation === current && nowMs - checked.atMs < revalidateMs) {
      return cached.shard;
    }
    if (statSync) {
      const stat = statSync(key);
      if (stat === undefined) {
        if (cached) cache.delete(key);
        return undefined;
      }
      if (cached?.version === stat.version) {
        cached.checked = { generation: current, atMs: nowMs };
        return cached.shard;
      }
    }
    return loadShard(key, signal).then((loaded) => {
      if (loaded) loaded.checked = { generation: current, atMs: nowMs };
      return loaded?.shard;
    });
  };

  /**
   * After a compare-and-set `put` of shard `key` failed: rethrows anything but a lost race, gives up with
   * `PLINTH_CONFLICT` after `maxAttempts`, else waits its backoff before the caller reloads and tries again.
   */
  const afterLostRace = async (error: unknown, key: string, attempt: number, signal?: AbortSignal) => {
    if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
    if (attempt >= settings.maxAttempts) {
      throw errors.error(
        'PLINTH_CONFLICT',
        `online shard "${key}" kept changing under ${attempt} attempts to write it; retry the write`,
        { cause: error },
      );
    }
    await backoff().wait(attempt - 1);
    throwIfAborted(signal, errors.component);
  };

  /**
   * Writes one shard's rows with compare-and-set, starting from `first` (the shard as loaded and the merge
   * already made from it) and, after a lost race, reloading and merging again.
   */
  const writeShard = async (
    key: string,
    batch: PreparedBatch,
    rows: Int32Array,
    first: { current: CachedShard | undefined; merged: MergeResult },
    signal?: AbortSignal,
  ) => {
    let { current, merged } = first;
    for (let attempt = 1; ; attempt++) {
      if (merged.written === 0) return 0;
      const bytes = merged.shard.encoded ?? encodeShard(merged.shard);
      try {
        const conditions = current ? { ifVersion: current.version } : { ifNotExists: true };
        const { version } = await storage.put(key, bytes, { ...conditions, signal });
        cache.set(key, { version, shard: { ...merged.shard, size: bytes.byteLength } });
        return merged.written;
      } catch (error) {
        await afterLostRace(error, key, attempt, signal);
      }
      current = await loadShard(key, signal);
      merged = mergeShards([current?.shard], batch, [rows], shards)[0]!;
    }
  };

  /** Writes a batch `checkWriteBatch` accepted: merges it into every shard it touches, then replaces them. */
  const writeChecked = async (batch: OnlineWriteBatch, signal?: AbortSignal): Promise<OnlineWriteResult> => {
    throwIfAborted(signal, errors.component);
    const prepared = prepareBatch(batch);
    const groups = groupByShard(prepared, shards);
    const keys = groups.map(([shard]) => layout.shardKey(batch.view.name, shard));
    const loaded = await runPool(
      keys.map((key) => () => loadShard(key, signal)),
      settings.writeConcurrency,
    );
    const merged = mergeShards(
      loaded.map((entry) => entry?.shard),
      prepared,
      groups.map(([, rows]) => rows),
      shards,
    );
    const tasks = groups.map(
      ([, rows], g) =>
        () =>
          writeShard(keys[g]!, prepared, rows, { current: loaded[g], merged: merged[g]! }, signal),
    );
    const counts = await runPool(tasks, settings.writeConcurrency);
    const written = counts.reduce((sum, count) => sum + count, 0);
    if (written > 0) await bumpGeneration(signal);
    return { written, skipped: batch.length - written };
  };

  /**
   * Writes one partition into its shard: a shard that does not exist yet is created from the partition's bytes
   * as they are; an existing one is merged with newer-wins. Compare-and-set either way, reloading after a race.
   */
  const writePartition = async (
    view: string,
    features: readonly string[],
    partition: OnlinePartition,
    signal?: AbortSignal,
  ): Promise<number> => {
    const key = shardKeysOf(view)[partition.partition];
    if (key === undefined || partition.columns.length !== features.length) {
      throw errors.invalid('online partition', {
        path: 'partition',
        message: `must be an integer from 0 to ${shards - 1} with one column per feature`,
      });
    }
    const rows = Int32Array.from({ length: partition.length }, (_, row) => row);
    let batch: PreparedBatch | undefined;
    let current = await loadShard(key, signal);
    for (let attempt = 1; ; attempt++) {
      let bytes: Uint8Array;
      let merged: MergeResult | undefined;
      if (current === undefined) bytes = partitionShardBytes(partition, features, shards);
      else {
        batch ??= partitionBatch(partition, features);
        merged = mergeShards([current.shard], batch, [rows], shards)[0]!;
        if (merged.written === 0) return 0;
        bytes = merged.shard.encoded ?? encodeShard(merged.shard);
      }
      try {
        const conditions = current ? { ifVersion: current.version } : { ifNotExists: true };
        const { version } = await storage.put(key, bytes, { ...conditions, signal });
        // a shard made from a partition is decoded by its first read
        if (merged) cache.set(key, { version, shard: { ...merged.shard, size: bytes.byteLength } });
        else cache.delete(key);
        return merged ? merged.written : partition.length;
      } catch (error) {
        await afterLostRace(error, key, attempt, signal);
      }
      current = await loadShard(key, signal);
    }
  };

  /** Reads checked requests: one generation check, each shard they touch loaded once, then the rows. */
  const readChecked = async (
    requests: readonly OnlineReadRequest[],
    signal?: AbortSignal,
  ): Promise<OnlineReadResult[]> => {
    throwIfAborted(signal, errors.component);
    const pendingGeneration = generationForRead(signal);
    const current = typeof pendingGeneration === 'string' ? pendingGeneration : await pendingGeneration;
    const nowMs = clock.now();
    // the shards of each view read, by shard number: undefined = not asked yet, null = none (or still loading)
    const loadedByView = new Map<string, (Shard | null | undefined)[]>();
    const waiting: Promise<void>[] = [];
    // requests sharing one list of key tuples (getOnlineFeatures' views of one entity) encode it once
    const encodedLists = new Map<object, { encoded: (string | undefined)[]; hashes: Uint32Array }>();
    const plan = (request: OnlineReadRequest) => {
      const viewShardKeys = shardKeysOf(request.view.name);
      let loaded = loadedByView.get(request.view.name);
      if (loaded === undefined) {
        loaded = new Array(shards);
        loadedByView.set(request.view.name, loaded);
      }
      const slots = loaded;
      const count = request.keys.length;
      let encodedKeys = encodedLists.get(request.keys);
      if (encodedKeys === undefined) {
        encodedKeys = encodeKeys(request.keys);
        encodedLists.set(request.keys, encodedKeys);
      }
      const { encoded, hashes } = encodedKeys;
      for (let i = 0; i < count; i++) {
        if (encoded[i] === undefined) continue;
        const number = hashes[i]! % shards;
        if (slots[number] !== undefined) continue;
        const shard = shardForRead(viewShardKeys[number]!, current, nowMs, signal);
        if (shard instanceof Promise) {
          slots[number] = null;
          waiting.push(
            shard.then((value) => {
              slots[number] = value ?? null;
            }),
          );
        } else slots[number] = shard ?? null;
      }
      return { encoded, hashes, slots };
    };
    let plans: ReturnType<typeof plan>[];
    try {
      plans = requests.map(plan);
    } catch (error) {
      for (const load of waiting) load.catch(() => {}); // the first failure is the answer
      throw error;
    }
    if (waiting.length > 0) await Promise.all(waiting);
    return requests.map((request, r) => {
      const { encoded, hashes, slots } = plans[r]!;
      const count = encoded.length;
      const features = request.features;
      // every entry is assigned (null when missing): arrays of numbers alone stay unboxed doubles
      const found: boolean[] = new Array(count).fill(false);
      const eventTimestamps: (number | null)[] = new Array(count);
      const values: OnlineValue[][] = features.map(() => new Array(count));
      let columns: number[] | undefined;
      let columnsOf: Shard | undefined;
      for (let i = 0; i < count; i++) {
        const key = encoded[i];
        const shard = key === undefined ? null : slots[hashes[i]! % shards];
        const row = shard ? shardIndex(shard).find(shard.keys, key!, hashes[i]!) : -1;
        if (!shard || row < 0) {
          eventTimestamps[i] = null;
          for (let f = 0; f < features.length; f++) values[f]![i] = null;
          continue;
        }
        found[i] = true;
        eventTimestamps[i] = shard.event[row]!;
        if (columnsOf !== shard) {
          columnsOf = shard;
          columns = columnsFor(shard, features);
        }
        for (let f = 0; f < features.length; f++) {
          const column = columns![f]!;
          values[f]![i] = column < 0 ? null : columnValue(shard.columns[column], row);
        }
      }
      const result: OnlineReadResult = { found, values, eventTimestamps };
      return result;
    });
  };

  return {
    kind: 'storage',

    async write(batch, callOptions) {
      assertOpen();
      checkWriteBatch(batch);
      return writeChecked(batch, callOptions?.signal);
    },

    async writeAll(batches, callOptions) {
      assertOpen();
      const signal = callOptions?.signal;
      let pending: OnlineWriteBatch[] = [];
      let rows = 0;
      let written = 0;
      let skipped = 0;
      const flush = async () => {
        if (pending.length === 0) return;
        const result = await writeChecked(concatBatches(pending), signal);
        written += result.written;
        skipped += result.skipped;
        pending = [];
        rows = 0;
      };
      for await (const batch of batches) {
        assertOpen();
        checkWriteBatch(batch);
        pending.push(batch);
        rows += batch.length;
        if (rows >= settings.bulkRows) await flush();
      }
      await flush();
      return { written, skipped };
    },

    partitions: shards,

    async writePartitions(view, features, partitions, callOptions) {
      assertOpen();
      checkViewName(view.name);
      const signal = callOptions?.signal;
      let rows = 0;
      const window = writeWindow(settings.writeConcurrency);
      for await (const partition of partitions) {
        assertOpen();
        if (window.failed) break;
        rows += partition.length;
        await window.add(writePartition(view.name, features, partition, signal));
      }
      const written = await window.finish();
      if (written > 0) await bumpGeneration(signal);
      return { written, skipped: rows - written };
    },

    async read(request, callOptions) {
      assertOpen();
      checkReadRequest(request);
      return (await readChecked([request], callOptions?.signal))[0]!;
    },

    async readMany(requests, callOptions) {
      assertOpen();
      checkReadRequests(requests);
      return readChecked(requests, callOptions?.signal);
    },

    async getMeta(key, callOptions) {
      assertOpen();
      checkMeta(key);
      const entry = await storage.get(layout.metaKey(key), { signal: callOptions?.signal });
      return entry === undefined ? undefined : bytesToText(entry.value);
    },

    async setMeta(key, value, callOptions) {
      assertOpen();
      checkMeta(key, value);
      await storage.put(layout.metaKey(key), value, { signal: callOptions?.signal });
    },

    async dropView(view, callOptions) {
      assertOpen();
      checkViewName(view);
      const signal = callOptions?.signal;
      const prefix = layout.viewPrefix(view);
      await deleteKeys(storage, prefix, (rest) => !rest.includes('/'), signal);
      await deleteKeys(storage, layout.viewMetaPrefix(view), () => true, signal);
      cache.clear();
      await bumpGeneration(signal);
    },

    async close() {
      closed = true;
      cache.clear();
    },
  };
}

/** Deletes every key under `prefix` whose remainder passes `keep`, page by page. */
async function deleteKeys(
  storage: StorageAdapter,
  prefix: string,
  matches: (rest: string) => boolean,
  signal: AbortSignal | undefined,
): Promise<void> {
  const doomed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.list(prefix, { cursor, signal });
    for (const key of page.keys) if (matches(key.slice(prefix.length))) doomed.push(key);
    cursor = page.cursor;
  } while (cursor !== undefined);
  await runPool(
    doomed.map((key) => () => storage.delete(key, { signal })),
    8,
  );
}
