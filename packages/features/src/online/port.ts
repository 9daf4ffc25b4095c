/**
 * The online store port: what `createFeatureStore` needs from a store that serves the latest feature values per
 * entity. Adapters: `storageOnlineStore` (any core `StorageAdapter`: memory, fs, idb) and `redisOnlineStore`
 * (`@plinth/features/redis`). Every adapter runs the `onlineStoreContract` suite from `@plinth/features/testing`.
 *
 * Entity keys are typed tuples: the values of the view's join keys in the view's order, each a `string`, a finite
 * `number` (integer or not), a `bigint` or a `boolean`. Keys compare as typed values: `1`, `1n` (both int64 1)
 * are one key when the column type is int64, `'1'` is another; `('c1', 11)` and `('c11', 1)` are different keys.
 * A `null` key component matches nothing (never written, never found).
 */

/** One typed entity key component. */
export type EntityKeyValue = string | number | bigint | boolean;

/** A feature value as stored online (JSON-like scalars; bigint for int64 beyond 2^53; null = missing). */
export type OnlineValue = string | number | bigint | boolean | null;

/** What an online store knows about a feature view. */
export interface OnlineViewInfo {
  /** Feature view name (the store's namespace). */
  readonly name: string;
  /** Join key column names, in order; empty for a view without entities (one row for the whole view). */
  readonly joinKeys: readonly string[];
  /** Feature names of the view, in order. */
  readonly features: readonly string[];
}

/**
 * Rows to write, by columns. Row `i` is entity `keys[i]` (one tuple per row) with values
 * `values[f][i]` for feature `features[f]`, stamped `eventTimestamps[i]` (epoch ms) and
 * `createdTimestamps?.[i]` (epoch ms; absent or null sorts before any number).
 */
export interface OnlineWriteBatch {
  readonly view: OnlineViewInfo;
  /** Number of rows. */
  readonly length: number;
  /** One key tuple per row, in `view.joinKeys` order; a row whose key has a `null` component is skipped. */
  readonly keys: ArrayLike<readonly (EntityKeyValue | null)[]>;
  /** Features written: a subset of `view.features`, or all of them. */
  readonly features: readonly string[];
  /** One column per entry of `features`, each `length` long. */
  readonly values: readonly ArrayLike<OnlineValue>[];
  /** Event timestamps, epoch ms. */
  readonly eventTimestamps: ArrayLike<number>;
  /** Created timestamps, epoch ms, or null/absent. */
  readonly createdTimestamps?: ArrayLike<number | null> | null;
}

/**
 * A feature column of an {@link OnlinePartition}: doubles with a presence mask (0 where the value is missing),
 * or a UTF-8 JSON array of the values (null, strings, booleans, finite numbers; a bigint as `["n", digits]`,
 * a non-finite number as `["f", text]`).
 */
export type OnlinePartitionColumn =
  | { readonly kind: 'f64'; readonly data: Float64Array; readonly present: Uint8Array }
  | { readonly kind: 'json'; readonly json: Uint8Array };

/**
 * The rows of one partition of a view's entities, made by an engine for a store that keeps its entities in
 * partitions (`OnlineStore.partitions`): entity `i` is the `i`-th encoded key (`encodeEntityKey`) of the UTF-8
 * JSON array `keys`, every key distinct and its hash (`keyHash`, online/key-hash.ts) modulo the partition count equal
 * to `partition`.
 */
export interface OnlinePartition {
  readonly partition: number;
  readonly length: number;
  /** UTF-8 JSON array of the encoded entity keys. */
  readonly keys: Uint8Array;
  readonly eventTimestamps: Float64Array;
  /** Created timestamps, NaN for none. */
  readonly createdTimestamps: Float64Array;
  /** One column per feature written, in order. */
  readonly columns: readonly OnlinePartitionColumn[];
}

/**
 * Buckets of a view's rows as text, made by an engine for a store that keeps entities in buckets of records
 * (`OnlineStore.rowTextBuckets`). Bucket `buckets[i]` holds every entity of the write whose encoded key
 * (`encodeEntityKey`) hashes to it (`keyHash(key) % rowTextBuckets`): `texts[i]` is the header
 * `\x1c<JSON array of the view's feature names>`, then `counts[i]` records `\x1e<key>\x1f<row>`, the row being
 * `<event ms>;<created ms or empty>;["<tag><text>",…]` with a value per feature in header order, each tagged as
 * the Redis store's `encodeValue` does (`n<number>`, `i<bigint>`, `s<string>`, `t`, `f`, `z`). A write hands
 * each bucket over at most once.
 */
export interface OnlineRowTexts {
  /** Number of entities (the sum of `counts`). */
  readonly length: number;
  readonly buckets: readonly number[];
  readonly counts: readonly number[];
  /** The records of each bucket, as a string or its UTF-8 bytes. */
  readonly texts: readonly (string | Uint8Array)[];
}

/** What a write did: rows stored, and rows ignored because what was stored is newer or equal. */
export interface OnlineWriteResult {
  readonly written: number;
  readonly skipped: number;
}

/** Entities to read from one view. */
export interface OnlineReadRequest {
  readonly view: OnlineViewInfo;
  /** Features to return, in order. */
  readonly features: readonly string[];
  /** Entity key tuples, in `view.joinKeys` order. */
  readonly keys: readonly (readonly (EntityKeyValue | null)[])[];
}

/**
 * One view's answer: by columns, one entry per requested key, in request order. The arrays are new for each read
 * and belong to the caller (`getOnlineFeatures` hands the value columns on as result columns, nulling values
 * outside max age and turning timestamps into `Date`s in place); a store never keeps or shares them.
 */
export interface OnlineReadResult {
  /** Whether a row exists for key `i`. */
  readonly found: readonly boolean[];
  /** `values[f][i]`: feature `features[f]` for key `i` (null when missing or not found). */
  readonly values: readonly (readonly OnlineValue[])[];
  /** Event timestamp (epoch ms) of the stored row for key `i`, or null when not found. */
  readonly eventTimestamps: readonly (number | null)[];
}

/** Options every I/O call takes. */
export interface OnlineCallOptions {
  readonly signal?: AbortSignal;
}

/**
 * An online store. Newer wins: a row whose (event ts, created ts) is older than or equal to the stored one is
 * skipped, decided atomically per entity (two racing writers never let the older one win). Within one batch the
 * newest row of an entity wins. A write that covers a subset of the view's features replaces those features and
 * the row's timestamps; the features it does not name keep their stored values. Rows with a `null` key
 * component are skipped. Bad input raises `PLINTH_VALIDATION` before anything is written; calls after `close()`
 * raise `PLINTH_CLOSED`.
 */
export interface OnlineStore {
  /** Adapter name for messages (`storage`, `redis`). */
  readonly kind: string;
  /** Writes rows with newer-wins semantics. */
  write(batch: OnlineWriteBatch, options?: OnlineCallOptions): Promise<OnlineWriteResult>;
  /**
   * Optional: writes a stream of batches of one view (same `view.name` and `features` in every batch), leaving
   * the store as writing them one by one would, in fewer, larger steps where the store gains from it (the storage
   * store merges each shard once per `bulkRows` rows instead of once per batch). Callers with many batches
   * (materialization) use it when present and fall back to `write` per batch. The counts add up to the rows
   * given; a row that a later batch supersedes may count as written or as skipped.
   */
  writeAll?(
    batches: AsyncIterable<OnlineWriteBatch> | Iterable<OnlineWriteBatch>,
    options?: OnlineCallOptions,
  ): Promise<OnlineWriteResult>;
  /**
   * Optional, with `writePartitions`: the number of partitions each view's entities are hashed into. An engine
   * that can group rows that way (`OfflineEngine.latestPartitions`) hands materialization over partition by
   * partition.
   */
  readonly partitions?: number;
  /**
   * Optional: writes a view's rows given as partitions (each partition number at most once), leaving the store
   * as `writeAll` of the same rows would (newer wins, decided atomically per entity).
   */
  writePartitions?(
    view: OnlineViewInfo,
    features: readonly string[],
    partitions: AsyncIterable<OnlinePartition> | Iterable<OnlinePartition>,
    options?: OnlineCallOptions,
  ): Promise<OnlineWriteResult>;
  /**
   * Optional, with `writeRowTexts`: the number of buckets a store keeping entities in buckets of row texts hashes
   * each view's entities into (see {@link OnlineRowTexts}).
   */
  readonly rowTextBuckets?: number;
  /**
   * Optional: writes a view's rows given as row texts of every feature of the view, leaving the store as
   * `writeAll` of the same rows would (newer wins, decided atomically per entity).
   */
  writeRowTexts?(
    view: OnlineViewInfo,
    batches: AsyncIterable<OnlineRowTexts> | Iterable<OnlineRowTexts>,
    options?: OnlineCallOptions,
  ): Promise<OnlineWriteResult>;
  /** Reads the latest rows for a batch of entity keys of one view (one round trip where the store allows). */
  read(request: OnlineReadRequest, options?: OnlineCallOptions): Promise<OnlineReadResult>;
  /**
   * Optional: reads several requests (usually one per view of a lookup) in one step, answering each as `read`
   * would, in request order. Stores offer it when it saves work: Redis sends one `MGET` for every view, the
   * storage store checks its read cache once per call. `getOnlineFeatures` uses it when present. Every request
   * is checked before anything is read.
   */
  readMany?(requests: readonly OnlineReadRequest[], options?: OnlineCallOptions): Promise<OnlineReadResult[]>;
  /**
   * Reads a small piece of store metadata (e.g. the last materialization end of a view), or undefined.
   * Name a view's entries `<view>/<what>` (`driver_stats/materialized_end`): `dropView` removes them.
   */
  getMeta(key: string, options?: OnlineCallOptions): Promise<string | undefined>;
  /** Writes a small piece of store metadata (last write wins). */
  setMeta(key: string, value: string, options?: OnlineCallOptions): Promise<void>;
  /** Removes every row of a view and every metadata entry whose key starts with `<view>/` (teardown, tests). */
  dropView(view: string, options?: OnlineCallOptions): Promise<void>;
  /** Releases connections; later calls fail with `PLINTH_CLOSED`. */
  close(): Promise<void>;
}
