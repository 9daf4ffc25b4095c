import { PlinthError } from '@plinth/core';
import { throwIfAborted } from '@plinth/core/adapter';
import { encodeEntityKey } from '../entity-key.ts';
import { keyHash } from '../key-hash.ts';
import type {
  OnlineReadRequest,
  OnlineReadResult,
  OnlineStore,
  OnlineValue,
  OnlineWriteBatch,
} from '../port.ts';
import { keyIndex } from '../storage/key-index.ts';
import { isNewer } from '../storage/shard.ts';
import {
  checkMeta,
  checkReadRequest,
  checkReadRequests,
  checkViewName,
  checkWriteBatch,
} from '../validate.ts';
import { writeWindow } from '../write-window.ts';
import { redisErrors as errors } from './errors.ts';
import { lookupConnection, lookupTarget, mgetCommand, msetnxCommand } from './lookup-connection.ts';
import { type RedisClientLike, type RedisOnlineStoreOptions, resolveRedisOptions } from './options.ts';
import {
  bucketOf,
  FIELD,
  findRow,
  HEADER,
  HEADER_CODE,
  headerFor,
  headerOf,
  RECORD,
  RECORD_CODE,
  recordKey,
} from './records.ts';
import type { BulkArray } from './resp-reader.ts';
import type { RowReader } from './row-reader.ts';
import { rowReaderFor } from './row-readers.ts';
import { WRITE_SCRIPT, WRITE_SCRIPT_SHA } from './scripts.ts';
import { taggedJson } from './values.ts';

/**
 * The prefix of a view's layout value (then its bucket count): `k2/` is layout version 2, entities placed by
 * key-hash.ts's hash. Version 1 stored the bare bucket count.
 */
const LAYOUT_TAG = 'k2/';

/** Write script calls in flight at once. */
const WRITE_LANES = 8;

/** Most bytes of bucket texts per bulk write call. */
const BULK_BYTES = 1 << 20;

/** The writer's clock in whole unix seconds (record expiries are in these). */
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Glob-escapes a string for SCAN MATCH. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);

/** The rows of a batch that will be sent: for each entity, its newest row (a null-key row is never sent). */
function newestRows(batch: OnlineWriteBatch, keys: (string | undefined)[]): Int32Array {
  const { length } = batch;
  const created = batch.createdTimestamps;
  const createdAt = (row: number) => created?.[row] ?? Number.NaN;
  const index = keyIndex(length);
  const distinct: string[] = [];
  const chosen: number[] = [];
  for (let row = 0; row < length; row++) {
    const key = encodeEntityKey(batch.keys[row]!);
    keys[row] = key;
    if (key === undefined) continue;
    const hash = keyHash(key);
    const at = index.find(distinct, key, hash);
    if (at < 0) {
      index.add(distinct.length, hash);
      distinct.push(key);
      chosen.push(row);
    } else {
      const current = chosen[at]!;
      const stamps = batch.eventTimestamps;
      if (isNewer(stamps[row]!, createdAt(row), stamps[current]!, createdAt(current))) chosen[at] = row;
    }
  }
  return Int32Array.from(chosen);
}

/**
 * An online store in Redis, for a fleet of services sharing features: each view's entities hashed into
 * `buckets` strings, each holding a header (the feature names) and a record per entity (its event and created
 * timestamps and its values in header order; see `records.ts`), so a bulk load writes a few Redis keys per
 * thousand entities instead of one each.
 * Newer-wins is decided by a Lua script in one server-side step per chunk of buckets (two writers racing never let
 * the older row win); a lookup (every view) is one `MGET` of the buckets it names; an optional key ttl; a deadline
 * on every call: Redis down or silent raises `PLINTH_STORAGE` with the cause, never a hang. Node-only
 * (`@plinth/features/redis`); `redis` (node-redis) is an optional peer dependency, imported on first use unless a
 * `client` is given.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options.
 * @example
 * ```ts
 * import { redisOnlineStore } from '@plinth/features/redis';
 * const online = redisOnlineStore({ url: 'redis://127.0.0.1:6379', keyTtlSeconds: 7 * 86400 });
 * const store = await createFeatureStore({ views, engine: duckdbEngine(), online });
 * ```
 */
export function redisOnlineStore(options: RedisOnlineStoreOptions = {}): OnlineStore {
  const settings = resolveRedisOptions(options);
  const { keyPrefix, timeoutMs } = settings;
  let closed = false;
  let owned: { close?: () => Promise<unknown>; destroy?: () => unknown } | undefined;
  let connecting: Promise<RedisClientLike> | undefined;
  /** The client once connected (lookups take it without an await). */
  let connected: RedisClientLike | undefined;
  /**
   * The owned client answering bulk strings as Buffers (views of the socket's chunks, nothing decoded): lookups
   * search the buckets in place and decode only the rows they find. An injected client answers strings.
   */
  let bufferReplies: RedisClientLike | undefined;

  const assertOpen = () => {
    if (closed) throw errors.error('PLINTH_CLOSED', 'this Redis online store is closed; create a new one');
  };

  /** Runs `work` with the store's deadline and the caller's signal: `PLINTH_STORAGE` when Redis fails or is silent. */
  const guarded = async <T>(what: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    throwIfAborted(signal, errors.component);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(errors.error('PLINTH_TIMEOUT', `Redis did not answer ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      onAbort = () => reject(errors.error('PLINTH_ABORTED', `${what} was cancelled`));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work(), deadline]);
    } catch (cause) {
      if (PlinthError.is(cause, 'PLINTH_ABORTED')) throw cause;
      if (PlinthError.is(cause) && cause.component === errors.component && cause.code !== 'PLINTH_TIMEOUT')
        throw cause;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw errors.error(
        'PLINTH_STORAGE',
        `Redis failed ${what} (${reason}); check that Redis at ${settings.client ? 'the given client' : settings.url} is up and reachable`,
        { cause },
      );
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  };

  const connect = async (): Promise<RedisClientLike> => {
    if (settings.client) {
      const client = settings.client;
      if (client.isOpen === false && client.connect) await client.connect();
      return client;
    }
    let lib: typeof import('redis');
    try {
      lib = await import('redis');
    } catch (cause) {
      throw errors.error(
        'PLINTH_UNSUPPORTED_RUNTIME',
        'redisOnlineStore needs the "redis" package; npm install redis',
        {
          cause,
        },
      );
    }
    const client = lib.createClient({
      url: settings.url,
      disableOfflineQueue: true,
      // every call already has this store's deadline; node-redis 6's own per-command timeout (an
      // AbortSignal.timeout each, ~17 µs and a live timer per command) would double it
      commandOptions: { timeout: 0 },
      socket: {
        connectTimeout: timeoutMs,
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
      },
    });
    client.on('error', () => {}); // failures reach callers as PLINTH_STORAGE; the client reconnects by itself
    owned = client as unknown as typeof owned;
    await client.connect();
    bufferReplies = client.withTypeMapping({
      [lib.RESP_TYPES.BLOB_STRING]: Buffer,
    }) as unknown as RedisClientLike;
    return client as unknown as RedisClientLike;
  };

  const clientFor = (signal?: AbortSignal): Promise<RedisClientLike> => {
    connecting ??= guarded('the connection', connect, signal).then(
      (client) => {
        if (!closed) connected = client;
        return client;
      },
      (error: unknown) => {
        connecting = undefined;
        const client = owned;
        owned = undefined;
        void Promise.resolve(client?.destroy?.()).catch(() => {});
        throw error;
      },
    );
    return connecting;
  };

  const { buckets } = settings;
  const bucketKey = (view: string, bucket: number | '') => `${keyPrefix}b:${view.length}:${view}:${bucket}`;
  const metaKey = (key: string) => `${keyPrefix}m:${key}`;
  /** The key holding the layout a view was written with: {@link LAYOUT_TAG} and the number of buckets. */
  const layoutKey = (view: string) => `${keyPrefix}l:${view.length}:${view}`;
  const layout = `${LAYOUT_TAG}${buckets}`;
  /** Views whose layout matched this store's (checked once per view). */
  const layoutChecked = new Set<string>();

  const layoutMismatch = (view: string, stored: unknown) => {
    const text = String(stored);
    if (!text.startsWith(LAYOUT_TAG)) {
      return errors.error(
        'PLINTH_VALIDATION',
        `view "${view}" is stored in Redis by an earlier version of Plinth, which placed entities in buckets by ` +
          'another key hash; drop the view (dropView) and materialize it again',
      );
    }
    const count = text.slice(LAYOUT_TAG.length);
    return errors.error(
      'PLINTH_VALIDATION',
      `view "${view}" is stored in Redis in ${count} buckets, but this store uses ${buckets}; ` +
        `pass buckets: ${count}, or drop the view and materialize it again`,
    );
  };

  /** Remembers that a view's stored layout matches this store's, or refuses another one. */
  const acceptLayout = (view: string, stored: unknown) => {
    if (String(stored) !== layout) throw layoutMismatch(view, stored);
    if (layoutChecked.size >= 1024) layoutChecked.clear();
    layoutChecked.add(view);
  };

  /** Records this store's bucket count for a view the first time it writes it, or refuses a different one. */
  const checkLayout = async (client: RedisClientLike, view: string, signal: AbortSignal | undefined) => {
    if (layoutChecked.has(view)) return;
    const stored = await guarded(
      'a layout check',
      () => client.sendCommand(['SET', layoutKey(view), layout, 'NX', 'GET']),
      signal,
    );
    acceptLayout(view, stored ?? layout);
  };

  /**
   * The connections of their own (plain `redis://` URLs when no client is given; see lookup-connection.ts): one
   * for lookups, one for bulk loads' `MSETNX` (a load never queues ahead of a lookup on one socket).
   */
  const lookupAt = settings.client ? undefined : lookupTarget(settings.url);
  const lookups = lookupAt === undefined ? undefined : lookupConnection(lookupAt);
  const bulk = lookupAt === undefined ? undefined : lookupConnection(lookupAt);
  /** Buffers of sent bulk commands, for the next ones (at most one per call in flight). */
  const commandBuffers: Buffer[] = [];

  /** Runs the write script on one chunk, loading it into Redis once when it is not cached there. */
  const runScript = async (
    client: RedisClientLike,
    keys: string[],
    argv: (string | Buffer)[],
  ): Promise<number> => {
    const args = (name: string, script: string) => [name, script, String(keys.length), ...keys, ...argv];
    try {
      return Number(await client.sendCommand(args('EVALSHA', WRITE_SCRIPT_SHA)));
    } catch (error) {
      if (!String((error as Error)?.message ?? error).includes('NOSCRIPT')) throw error;
      return Number(await client.sendCommand(args('EVAL', WRITE_SCRIPT)));
    }
  };

  /**
   * Writes one chunk of buckets (distinct keys, `entities` records in all) with newer-wins, by the write script.
   * With `fresh` (bulk loads, where most buckets are usually new) and no ttl, one `MSETNX` first: when none of the
   * buckets exists yet it stores them all, atomically, with no script work; when any exists it stores nothing
   * and the script decides entity by entity (a second round trip, which small writes are spared).
   */
  const writeChunk = async (
    client: RedisClientLike,
    keys: string[],
    values: (string | Buffer)[],
    options: { partial: boolean; fresh: boolean; entities: number; signal: AbortSignal | undefined },
  ): Promise<number> => {
    const { partial, signal } = options;
    if (options.fresh && settings.keyTtlSeconds === 0 && bulk !== undefined) {
      const connection = bulk;
      const command = msetnxCommand(keys, values, commandBuffers.pop());
      // its buffer is reused once its bytes have left (one lost to a failure is simply not reused)
      const sent = () => {
        if (commandBuffers.length < WRITE_LANES) commandBuffers.push(command.storage);
      };
      let stored: number;
      try {
        stored = await guarded('a write', () => connection.integer(command.bytes, sent), signal);
      } catch (error) {
        if (!PlinthError.is(error, 'PLINTH_ABORTED')) connection.reset(new Error('an earlier write failed'));
        throw error;
      }
      if (stored === 1) return options.entities;
    } else if (options.fresh && settings.keyTtlSeconds === 0) {
      const args: (string | Buffer)[] = new Array(1 + 2 * keys.length);
      args[0] = 'MSETNX';
      for (let i = 0; i < keys.length; i++) {
        args[1 + 2 * i] = keys[i]!;
        args[2 + 2 * i] = values[i]!;
      }
      const stored = await guarded('a write', () => client.sendCommand(args), signal);
      if (Number(stored) === 1) return options.entities;
    }
    const argv = [String(settings.keyTtlSeconds), partial ? '1' : '0', String(nowSeconds()), ...values];
    return guarded('a write', () => runScript(client, keys, argv), signal);
  };

  /** The key prefix of each view's buckets, built once per view name. */
  const bucketPrefixes = new Map<string, string>();
  const bucketPrefix = (view: string) => {
    let prefix = bucketPrefixes.get(view);
    if (prefix === undefined) {
      if (bucketPrefixes.size >= 1024) bucketPrefixes.clear();
      prefix = bucketKey(view, '');
      bucketPrefixes.set(view, prefix);
    }
    return prefix;
  };

  /**
   * Gathers buckets into write calls of about `limit` entities (and at most {@link BULK_BYTES} of text), with a
   * window of calls in flight: the pipe stays full while each call keeps its own deadline.
   */
  const bucketCalls = (
    client: RedisClientLike,
    view: string,
    limit: number,
    options: { partial: boolean; fresh: boolean; signal: AbortSignal | undefined },
  ) => {
    const window = writeWindow(WRITE_LANES);
    const prefix = bucketPrefix(view);
    let keys: string[] = [];
    let values: (string | Buffer)[] = [];
    let entities = 0;
    let size = 0;
    const flush = () => {
      const call = writeChunk(client, keys, values, { ...options, entities });
      keys = [];
      values = [];
      entities = 0;
      size = 0;
      return window.add(call);
    };
    return {
      /** Whether a call has failed (the caller stops adding). */
      get failed() {
        return window.failed;
      },
      /** Adds a bucket's text holding `count` entities; waits while the window is full. */
      async add(bucket: number, text: string | Buffer, count: number) {
        keys.push(prefix + bucket);
        values.push(text);
        entities += count;
        size += text.length;
        if (entities >= limit || size >= BULK_BYTES) await flush();
      },
      /** Sends what is gathered and waits for every call: the entities written, or the first failure. */
      async finish() {
        if (keys.length > 0 && !window.failed) await flush();
        return window.finish();
      },
    };
  };

  /** The feature names of bucket headers seen, by header text (frozen: row readers are cached per list). */
  const headerNames = new Map<string, readonly string[]>();
  /** The last header read, as text and bytes: buckets of one view nearly always share it. */
  let last: { text: string; bytes: Buffer; names: readonly string[] } | undefined;
  const namesOf = (reply: string | Buffer): readonly string[] => {
    if (last !== undefined) {
      const length = last.bytes.length;
      const same =
        typeof reply === 'string'
          ? reply.charCodeAt(last.text.length + 1) === RECORD_CODE && reply.startsWith(last.text, 1)
          : reply[length + 1] === RECORD_CODE && reply.compare(last.bytes, 0, length, 1, length + 1) === 0;
      if (same) return last.names;
    }
    const header = headerOf(reply);
    let names = headerNames.get(header);
    if (names === undefined) {
      const parsed = JSON.parse(header) as unknown;
      if (!Array.isArray(parsed) || !parsed.every((name) => typeof name === 'string'))
        throw new Error('not a bucket header');
      names = Object.freeze(parsed as string[]);
      if (headerNames.size >= 1024) headerNames.clear();
      headerNames.set(header, names);
    }
    last = { text: header, bytes: Buffer.from(header), names };
    return names;
  };

  /** Each view's bucket key prefix as UTF-8 bytes, for the lookup connection's commands. */
  const prefixBytes = new Map<string, Buffer>();
  const bucketPrefixBytes = (view: string) => {
    let bytes = prefixBytes.get(view);
    if (bytes === undefined) {
      if (prefixBytes.size >= 1024) prefixBytes.clear();
      bytes = Buffer.from(bucketPrefix(view), 'utf8');
      prefixBytes.set(view, bytes);
    }
    return bytes;
  };

  /**
   * One `MGET` of `count` buckets (slot `i`: bucket `bucketOfSlot[i]` of view `views[viewOfSlot[i]]`) and then of
   * every view's layout key: the bucket of each slot (null when absent) and each view's stored layout.
   */
  const fetchBuckets = async (
    views: readonly string[],
    viewOfSlot: readonly number[],
    bucketOfSlot: readonly number[],
    signal: AbortSignal | undefined,
  ): Promise<{ bucket: (slot: number) => string | Buffer | null; layouts: unknown[]; release(): void }> => {
    const count = viewOfSlot.length;
    if (lookups !== undefined) {
      const connection = lookups;
      const command = mgetCommand(
        views.map(bucketPrefixBytes),
        viewOfSlot,
        bucketOfSlot,
        count,
        views.map(layoutKey),
      );
      let reply: BulkArray;
      try {
        reply = await guarded('a lookup', () => connection.mget(command), signal);
      } catch (error) {
        // a silent or broken connection is dropped (the next lookup connects again); an abandoned call's reply
        // is still read in turn, so a cancelled lookup leaves it be
        if (!PlinthError.is(error, 'PLINTH_ABORTED')) connection.reset(new Error('an earlier lookup failed'));
        throw error;
      }
      const { data, starts, ends } = reply;
      if (starts.length !== count + views.length)
        throw errors.error(
          'PLINTH_STORAGE',
          `Redis answered ${starts.length} values to an MGET of ${count + views.length} keys`,
        );
      return {
        bucket: (slot) => (starts[slot]! < 0 ? null : data.subarray(starts[slot]!, ends[slot]!)),
        layouts: views.map((_, v) =>
          starts[count + v]! < 0 ? null : data.toString('utf8', starts[count + v]!, ends[count + v]!),
        ),
        release: () => reply.release(),
      };
    }
    const client = connected ?? (await clientFor(signal));
    const args: string[] = new Array(1 + count + views.length);
    args[0] = 'MGET';
    const prefixes = views.map(bucketPrefix);
    for (let i = 0; i < count; i++) args[1 + i] = prefixes[viewOfSlot[i]!]! + bucketOfSlot[i]!;
    for (let v = 0; v < views.length; v++) args[1 + count + v] = layoutKey(views[v]!);
    const replies = (await guarded(
      'a lookup',
      () => (bufferReplies ?? client).sendCommand(args),
      signal,
    )) as (string | Buffer | null)[];
    return { bucket: (slot) => replies[slot] ?? null, layouts: replies.slice(count), release: () => {} };
  };

  /** Reads checked requests with one `MGET` of every bucket they name (and every view's layout). */
  const readChecked = async (
    requests: readonly OnlineReadRequest[],
    signal?: AbortSignal,
  ): Promise<OnlineReadResult[]> => {
    const views: string[] = [];
    const viewOfSlot: number[] = [];
    const bucketOfSlot: number[] = [];
    const needles: string[] = [];
    // requests sharing one list of key tuples (getOnlineFeatures' views of one entity) encode it once
    const encodedLists = new Map<object, (string | undefined)[]>();
    const slots = requests.map((request) => {
      const count = request.keys.length;
      let view = views.indexOf(request.view.name);
      if (view < 0) view = views.push(request.view.name) - 1;
      let encoded = encodedLists.get(request.keys);
      if (encoded === undefined) {
        encoded = request.keys.map(encodeEntityKey);
        encodedLists.set(request.keys, encoded);
      }
      const keyOf = new Int32Array(count).fill(-1);
      for (let i = 0; i < count; i++) {
        const key = encoded[i];
        if (key === undefined) continue;
        keyOf[i] = viewOfSlot.length;
        viewOfSlot.push(view);
        bucketOfSlot.push(bucketOf(key, buckets));
        needles.push(RECORD + recordKey(key) + FIELD);
      }
      return keyOf;
    });
    // every view's layout key rides along on every lookup: a view dropped and written again by a store with
    // another bucket count is refused at once, not read from the wrong buckets
    const fetched =
      views.length === 0 ? undefined : await fetchBuckets(views, viewOfSlot, bucketOfSlot, signal);
    try {
      views.forEach((view, v) => {
        const stored = fetched!.layouts[v];
        if (stored === null || stored === undefined) return; // never written: nothing to find either
        acceptLayout(view, stored);
      });
      const now = nowSeconds();
      return requests.map((request, r) => {
        const keyOf = slots[r]!;
        const count = keyOf.length;
        const features = request.features;
        // every entry is assigned (null when missing): arrays of numbers alone stay unboxed doubles
        const found: boolean[] = new Array(count).fill(false);
        const eventTimestamps: (number | null)[] = new Array(count);
        const values: OnlineValue[][] = features.map(() => new Array(count));
        let readerNames: readonly string[] | undefined;
        let readRow: RowReader | undefined;
        try {
          for (let i = 0; i < count; i++) {
            const slot = keyOf[i]!;
            const reply = slot < 0 ? null : fetched!.bucket(slot);
            const text = reply === null ? undefined : findRow(reply, needles[slot]!, now);
            if (text === undefined) {
              eventTimestamps[i] = null;
              for (let f = 0; f < features.length; f++) values[f]![i] = null;
              continue;
            }
            const first = text.indexOf(';');
            const second = text.indexOf(';', first + 1);
            if (first < 0 || second < 0) throw new Error('no timestamps');
            // buckets of a view nearly always share one header: its reader is looked up when the header changes
            const names = namesOf(reply!);
            if (names !== readerNames) {
              readRow = rowReaderFor(features, names);
              readerNames = names;
            }
            readRow!(text, second + 1, values, i);
            // a feature the row does not hold (written by a partial write before it existed) is missing
            for (let f = 0; f < features.length; f++) if (values[f]![i] === undefined) values[f]![i] = null;
            found[i] = true;
            eventTimestamps[i] = Number(text.slice(0, first));
          }
        } catch (cause) {
          throw errors.error(
            'PLINTH_STORAGE',
            `a row of view "${request.view.name}" in Redis is not one this store wrote; drop the view and materialize it again`,
            { cause },
          );
        }
        const result: OnlineReadResult = { found, values, eventTimestamps };
        return result;
      });
    } finally {
      // the rows read are strings of their own: the reply's bytes may be written over from here on
      fetched?.release();
    }
  };

  const store: OnlineStore = {
    kind: 'redis',

    async write(batch, callOptions) {
      assertOpen();
      checkWriteBatch(batch);
      const signal = callOptions?.signal;
      const encoded: (string | undefined)[] = new Array(batch.length);
      const rows = newestRows(batch, encoded);
      const created = batch.createdTimestamps;
      const partial = batch.features.length < batch.view.features.length;
      const client = await clientFor(signal);
      await checkLayout(client, batch.view.name, signal);
      // each entity's row, gathered by bucket, then each bucket's text built in one run
      const rowsOf = new Map<number, number[]>();
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const bucket = bucketOf(encoded[row]!, buckets);
        const list = rowsOf.get(bucket);
        if (list === undefined) rowsOf.set(bucket, [row]);
        else list.push(row);
      }
      // a large write (a load into a new view, most likely) tries MSETNX first, as bulk loads do; a small one
      // keeps its one round trip
      const calls = bucketCalls(client, batch.view.name, settings.writeChunk, {
        partial,
        fresh: rows.length >= settings.bulkChunk,
        signal,
      });
      const header = headerFor(batch.features);
      for (const [bucket, list] of rowsOf) {
        let text = header;
        for (const row of list) {
          const stamp = created?.[row];
          const createdText = stamp === null || stamp === undefined ? '' : stamp;
          text += `${RECORD}${recordKey(encoded[row]!)}${FIELD}${batch.eventTimestamps[row]};${createdText};[`;
          for (let f = 0; f < batch.features.length; f++) {
            text += `${f === 0 ? '' : ','}${taggedJson(batch.values[f]![row])}`;
          }
          text += ']';
        }
        await calls.add(bucket, text, list.length);
        if (calls.failed) break;
      }
      const written = await calls.finish();
      return { written, skipped: batch.length - written };
    },

    async writeAll(batches, callOptions) {
      assertOpen();
      let written = 0;
      let skipped = 0;
      for await (const batch of batches) {
        const result = await store.write(batch, callOptions);
        written += result.written;
        skipped += result.skipped;
      }
      return { written, skipped };
    },

    rowTextBuckets: buckets,

    async writeRowTexts(view, batches, callOptions) {
      assertOpen();
      checkViewName(view.name);
      const signal = callOptions?.signal;
      const client = await clientFor(signal);
      await checkLayout(client, view.name, signal);
      let rows = 0;
      const calls = bucketCalls(client, view.name, settings.bulkChunk, {
        partial: false,
        fresh: true,
        signal,
      });
      for await (const batch of batches) {
        assertOpen();
        const { buckets: ids, counts, texts } = batch;
        const count = Array.isArray(ids) ? ids.length : -1;
        if (
          !Array.isArray(counts) ||
          !Array.isArray(texts) ||
          counts.length !== count ||
          texts.length !== count
        ) {
          throw errors.invalid('online row texts', {
            path: 'buckets',
            message: 'must be arrays of buckets, counts and texts of one length',
          });
        }
        for (let i = 0; i < count; i++) {
          const bucket = ids[i]!;
          const text = texts[i]!;
          const bytes = text instanceof Uint8Array;
          const headed = bytes
            ? text[0] === HEADER_CODE
            : typeof text === 'string' && text.startsWith(HEADER);
          if (!Number.isSafeInteger(bucket) || bucket < 0 || bucket >= buckets || !headed) {
            throw errors.invalid('online row texts', {
              path: `buckets[${i}]`,
              message: `must be a bucket below ${buckets} with its header and records as a string or UTF-8 bytes`,
            });
          }
          rows += counts[i]!;
          // node-redis sends a Buffer as it is (a view, no copy)
          await calls.add(
            bucket,
            bytes ? Buffer.from(text.buffer, text.byteOffset, text.byteLength) : text,
            counts[i]!,
          );
          if (calls.failed) break;
        }
        if (calls.failed) break;
      }
      const written = await calls.finish();
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
      const client = await clientFor(callOptions?.signal);
      const reply = await guarded(
        'a metadata read',
        () => client.sendCommand(['GET', metaKey(key)]),
        callOptions?.signal,
      );
      return reply === null || reply === undefined ? undefined : String(reply);
    },

    async setMeta(key, value, callOptions) {
      assertOpen();
      checkMeta(key, value);
      const client = await clientFor(callOptions?.signal);
      await guarded(
        'a metadata write',
        () => client.sendCommand(['SET', metaKey(key), value]),
        callOptions?.signal,
      );
    },

    async dropView(view, callOptions) {
      assertOpen();
      checkViewName(view);
      const signal = callOptions?.signal;
      const client = await clientFor(signal);
      const patterns = [`${globEscape(bucketKey(view, ''))}*`, `${globEscape(metaKey(`${view}/`))}*`];
      for (const pattern of patterns) {
        let cursor = '0';
        do {
          const reply = (await guarded(
            'a key scan',
            () => client.sendCommand(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000']),
            signal,
          )) as [unknown, unknown[]];
          cursor = String(reply[0]);
          const keys = reply[1].map(String);
          if (keys.length > 0)
            await guarded('a delete', () => client.sendCommand(['UNLINK', ...keys]), signal);
        } while (cursor !== '0');
      }
      await guarded('a delete', () => client.sendCommand(['UNLINK', layoutKey(view)]), signal);
      layoutChecked.delete(view);
    },

    async close() {
      if (closed) return;
      closed = true;
      const client = owned;
      owned = undefined;
      connecting = undefined;
      connected = undefined;
      bufferReplies = undefined;
      lookups?.reset(errors.error('PLINTH_CLOSED', 'this Redis online store is closed; create a new one'));
      bulk?.reset(errors.error('PLINTH_CLOSED', 'this Redis online store is closed; create a new one'));
      commandBuffers.length = 0;
      if (!client) return;
      // a graceful close waits for pending replies: give it the deadline, then drop the connection
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      const graceful = Promise.resolve(client.close?.()).catch(() => undefined);
      if ((await Promise.race([graceful, late])) === 'late')
        await Promise.resolve(client.destroy?.()).catch(() => {});
      clearTimeout(timer);
    },
  };
  return store;
}
