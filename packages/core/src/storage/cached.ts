import { PlinthError } from '../errors/plinth-error.ts';
import { checkOptionsObject, checks, withArgumentChecks } from './arguments.ts';
import { bytesToStream, bytesToText, textToBytes, toBytes } from './bytes.ts';

import type { StorageAdapter, StorageAdapterFactory, StorageStreamEntry } from './port.ts';

/** First bytes of every value `cachedStorage` writes into its cache: "PLC1". */
const MAGIC = [0x50, 0x4c, 0x43, 0x31] as const;
const PREFIX_LENGTH = 8;

/**
 * The header of a cached value: 4 magic bytes, a little-endian u32 length, then JSON `{"version": …}` with
 * the source's version, so a value served from the cache carries the version the source gave it.
 */
function envelopeHeader(version: string): Uint8Array {
  const json = textToBytes(JSON.stringify({ version }));
  const header = new Uint8Array(PREFIX_LENGTH + json.byteLength);
  header.set(MAGIC, 0);
  new DataView(header.buffer).setUint32(4, json.byteLength, true);
  header.set(json, PREFIX_LENGTH);
  return header;
}

/** A value wrapped with its source version, ready to store in the cache. */
function wrapEnvelope(value: Uint8Array, version: string): Uint8Array {
  const header = envelopeHeader(version);
  const out = new Uint8Array(header.byteLength + value.byteLength);
  out.set(header, 0);
  out.set(value, header.byteLength);
  return out;
}

/** The value and source version in a cached record, or `undefined` if the bytes are not an envelope. */
function unwrapEnvelope(stored: Uint8Array): { value: Uint8Array; version: string } | undefined {
  if (stored.byteLength < PREFIX_LENGTH || MAGIC.some((byte, i) => stored[i] !== byte)) return undefined;
  const length = new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getUint32(4, true);
  if (PREFIX_LENGTH + length > stored.byteLength) return undefined;
  try {
    const header = JSON.parse(bytesToText(stored.subarray(PREFIX_LENGTH, PREFIX_LENGTH + length))) as {
      version?: unknown;
    };
    if (typeof header.version !== 'string') return undefined;
    return { value: stored.subarray(PREFIX_LENGTH + length), version: header.version };
  } catch {
    return undefined;
  }
}

/** Options of {@link cachedStorage}. */
export interface CachedStorageOptions {
  /** Where values read from `source` are kept (an `idbStorage` in browsers, an `fsStorage` in Node). */
  cache: StorageAdapter;
  /** The authority: reads go here first (network-first) and every write goes here. */
  source: StorageAdapter;
  /**
   * `network-first` reads the source and falls back to the cache when the source is unreachable
   * (`PLINTH_STORAGE`, `PLINTH_TIMEOUT`); `cache-first` answers from the cache when it holds the key and
   * asks the source only on a miss (right for content that never changes). @default 'network-first'
   */
  strategy?: 'network-first' | 'cache-first';
  /** Keys whose content never changes (content-addressed artifacts): read cache-first whatever the strategy. */
  immutable?: (key: string) => boolean;
  /** Called when writing into or reading from the cache fails; the read itself still succeeds. */
  onCacheError?: (error: unknown, key: string) => void;
  /** Name used in messages. @default 'cached' */
  name?: string;
}

/** True for failures that mean "the source is unreachable", after which the cache may answer. */
function isUnreachable(error: unknown): boolean {
  return PlinthError.is(error, 'PLINTH_STORAGE') || PlinthError.is(error, 'PLINTH_TIMEOUT');
}

/**
 * A read-through cache in front of another adapter, so what was read once keeps working offline: every
 * value read from `source` is written into `cache` with the source's version, and served from there when
 * the source cannot be reached. Writes go to `source` (a read-only source stays read-only); `list` asks
 * the source and falls back to the keys in the cache. `close()` closes both adapters.
 *
 * The cache holds values in a private envelope (magic bytes, the source version, the value); use it only
 * through `cachedStorage`.
 *
 * @throws {PlinthError} what `source` raises, except `PLINTH_STORAGE`/`PLINTH_TIMEOUT` for keys the cache holds.
 * @example
 * ```ts
 * import { cachedStorage } from '@plinth/core/cached';
 * import { httpStorage } from '@plinth/core/http';
 * import { idbStorage } from '@plinth/core/idb';
 * const storage = cachedStorage({
 *   source: httpStorage({ baseUrl: 'https://models.example.com/' }),
 *   cache: idbStorage({ database: 'model-cache' }),
 *   immutable: (key) => key.startsWith('blobs/sha256/'),
 * });
 * ```
 */
export const cachedStorage: StorageAdapterFactory<CachedStorageOptions> = (options) => {
  checkOptionsObject(
    options,
    {
      cache: checks.adapter,
      source: checks.adapter,
      strategy: checks.oneOf(['network-first', 'cache-first']),
      immutable: checks.function,
      onCacheError: checks.function,
      name: checks.text(64),
    },
    { component: 'storage:cached', subject: 'cachedStorage options', required: ['cache', 'source'] },
  );
  const { cache, source } = options;
  const component = `storage:${options.name ?? 'cached'}`;
  const cacheFirst = (key: string) => options.strategy === 'cache-first' || options.immutable?.(key) === true;
  const report = (error: unknown, key: string) => options.onCacheError?.(error, key);

  const readCache = async (key: string, signal?: AbortSignal) => {
    try {
      const stored = await cache.get(key, { signal });
      return stored && unwrapEnvelope(stored.value);
    } catch (error) {
      report(error, key);
      return undefined;
    }
  };
  const remember = async (key: string, envelope: Uint8Array) => {
    try {
      await cache.put(key, envelope);
    } catch (error) {
      report(error, key);
    }
  };
  const forget = async (key: string) => {
    try {
      await cache.delete(key);
    } catch (error) {
      report(error, key);
    }
  };

  /** Runs `fromSource`; if the source is unreachable and the cache answers, returns that instead. */
  const orCached = async <T>(fromSource: () => Promise<T>, fromCache: () => Promise<T | undefined>) => {
    try {
      return await fromSource();
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const cached = await fromCache();
      if (cached === undefined) throw error;
      return cached;
    }
  };

  /** Passes the source stream through, copying it into the cache; closes once the cache write is done. */
  const streamThrough = (key: string, entry: StorageStreamEntry): ReadableStream<Uint8Array> => {
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    let cacheFailed = false;
    const cacheInput = new ReadableStream<Uint8Array>({
      start(controller) {
        feed = controller;
        controller.enqueue(envelopeHeader(entry.version));
      },
    });
    const cacheWrite = cache.putStream(key, cacheInput).then(
      () => undefined,
      (error: unknown) => {
        cacheFailed = true;
        report(error, key);
      },
    );
    const reader = entry.stream.getReader();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (!cacheFailed) feed.error(error);
          await cacheWrite;
          throw error;
        }
        const { done, value } = chunk;
        if (done) {
          if (!cacheFailed) feed.close();
          await cacheWrite;
          controller.close();
          return;
        }
        if (!cacheFailed) feed.enqueue(value.slice());
        controller.enqueue(value);
      },
      async cancel(reason) {
        if (!cacheFailed) feed.error(reason);
        await reader.cancel(reason);
      },
    });
  };

  return withArgumentChecks(component, {
    name: options.name ?? 'cached',
    readOnly: source.readOnly,
    async get(key, readOptions) {
      if (cacheFirst(key)) {
        const hit = await readCache(key, readOptions?.signal);
        if (hit) return { value: hit.value, version: hit.version };
      }
      return orCached(
        async () => {
          const entry = await source.get(key, readOptions);
          if (entry) await remember(key, wrapEnvelope(entry.value, entry.version));
          else await forget(key);
          return entry;
        },
        () => readCache(key),
      );
    },
    async stat(key, readOptions) {
      const fromCache = async () => {
        const hit = await readCache(key, readOptions?.signal);
        return hit && { version: hit.version, size: hit.value.byteLength };
      };
      if (cacheFirst(key)) {
        const hit = await fromCache();
        if (hit) return hit;
      }
      return orCached(() => source.stat(key, readOptions), fromCache);
    },
    async getStream(key, readOptions) {
      const fromCache = async () => {
        const hit = await readCache(key, readOptions?.signal);
        return hit && { stream: bytesToStream(hit.value), version: hit.version, size: hit.value.byteLength };
      };
      if (cacheFirst(key)) {
        const hit = await fromCache();
        if (hit) return hit;
      }
      return orCached(async () => {
        const entry = await source.getStream(key, readOptions);
        if (!entry) {
          await forget(key);
          return undefined;
        }
        return { ...entry, stream: streamThrough(key, entry) };
      }, fromCache);
    },
    async put(key, value, writeOptions) {
      const bytes = toBytes(value);
      const snapshot = bytes.slice();
      const result = await source.put(key, bytes, writeOptions);
      await remember(key, wrapEnvelope(snapshot, result.version));
      return result;
    },
    async putStream(key, stream, writeOptions) {
      const result = await source.putStream(key, stream, writeOptions);
      await forget(key);
      return result;
    },
    async delete(key, deleteOptions) {
      const existed = await source.delete(key, deleteOptions);
      await forget(key);
      return existed;
    },
    async list(prefix, listOptions) {
      return orCached(
        () => source.list(prefix, listOptions),
        () => cache.list(prefix, listOptions),
      );
    },
    async close() {
      await Promise.all([source.close?.(), cache.close?.()]);
    },
  });
};
