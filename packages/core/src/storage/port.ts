/**
 * The storage port: bytes by string key, with versions for compare-and-set.
 *
 * Keys are `/`-separated relative paths: 1–1024 characters, any script, no control characters, no
 * backslash, no leading or trailing `/`, no empty, `.` or `..` segment. Bad keys raise `PLINTH_VALIDATION`.
 *
 * Every value carries an opaque `version` token that changes on every write. Pass it back as `ifVersion` to
 * write or delete only if nobody else wrote in between; pass `ifNotExists` to create only. A lost race raises
 * `PLINTH_CONFLICT` and leaves the stored value untouched.
 *
 * Adapters: `memoryStorage` (`@plinth/core/memory`), `fsStorage` (`@plinth/core/fs`, Node), `idbStorage`
 * (`@plinth/core/idb`, browsers), `httpStorage` (`@plinth/core/http`, read-only), `cachedStorage`
 * (`@plinth/core/cached`).
 *
 * @example
 * ```ts
 * const storage = memoryStorage();
 * const { version } = await storage.put('counters/a', '1', { ifNotExists: true });
 * await storage.put('counters/a', '2', { ifVersion: version }); // PLINTH_CONFLICT if someone else wrote
 * ```
 */
export interface StorageAdapter {
  /** Adapter name for messages: `memory`, `fs`, `idb`, `http`, `cached`. */
  readonly name: string;
  /** True when every write raises `PLINTH_READ_ONLY`. */
  readonly readOnly: boolean;
  /** The value and its version, or `undefined` when the key does not exist. */
  get(key: string, options?: ReadOptions): Promise<StorageEntry | undefined>;
  /** The version and size of a value without reading it, or `undefined` when absent. */
  stat(key: string, options?: ReadOptions): Promise<StorageStat | undefined>;
  /**
   * Optional: what `stat` answers, synchronously. Offered only where it costs microseconds and never waits on a
   * network: `memoryStorage`, and `fsStorage` (one metadata system call that the kernel answers from its inode
   * cache; on a network file system it can block the thread for a round trip). Hot paths use it to check that a
   * cached value is current without a trip through the event loop or libuv's thread pool. An adapter that
   * offers it checks the key itself (`withArgumentChecks` passes it through unwrapped) and must not rely on `this`.
   */
  statSync?(key: string): StorageStat | undefined;
  /**
   * Writes a value. Atomic: readers see the old value or the new one, never a mix.
   * @throws {PlinthError} `PLINTH_CONFLICT` when `ifNotExists`/`ifVersion` does not hold.
   */
  put(key: string, value: StorageValue, options?: WriteOptions): Promise<WriteResult>;
  /**
   * Deletes a value; resolves `true` if it existed.
   * @throws {PlinthError} `PLINTH_CONFLICT` when `ifVersion` does not match the stored version.
   */
  delete(key: string, options?: DeleteOptions): Promise<boolean>;
  /**
   * Keys starting with `prefix` (a plain string prefix), in ascending order, one page at a time.
   * Pass the returned `cursor` back to get the next page; it is `undefined` on the last page.
   */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /** Streams a value without holding it in memory, or `undefined` when absent. */
  getStream(key: string, options?: ReadOptions): Promise<StorageStreamEntry | undefined>;
  /** Writes a value from a stream, atomically, with the same conditions as `put`. */
  putStream(key: string, source: ByteSource, options?: WriteOptions): Promise<WriteResult>;
  /** Releases handles and timers. The adapter must not be used afterwards. */
  close?(): Promise<void>;
}

/** A value to write: bytes, or a string written as UTF-8. */
export type StorageValue = Uint8Array | string;

/** A stream of bytes: a web `ReadableStream` or any async iterable of chunks (a Node stream, say). */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** A stored value with its version. */
export interface StorageEntry {
  /** The bytes. The caller owns them; mutating them does not change what is stored. */
  value: Uint8Array;
  /** Opaque token that changes on every write. */
  version: string;
}

/** What `stat` reports. */
export interface StorageStat {
  /** Opaque token that changes on every write. */
  version: string;
  /** Size in bytes. */
  size: number;
}

/** A stored value as a stream. */
export interface StorageStreamEntry extends StorageStat {
  /** The bytes, streamed. */
  stream: ReadableStream<Uint8Array>;
}

/** Options of reads. */
export interface ReadOptions {
  /** Cancels the read. */
  signal?: AbortSignal;
}

/** Conditions and options of a write. */
export interface WriteOptions {
  /** Write only if the key does not exist yet. @default false */
  ifNotExists?: boolean;
  /** Write only if the stored version is this token (fails if the key is absent). */
  ifVersion?: string;
  /** Cancels the write; a cancelled write leaves the previous value. */
  signal?: AbortSignal;
}

/** Conditions of a delete. */
export interface DeleteOptions {
  /** Delete only if the stored version is this token. */
  ifVersion?: string;
  /** Cancels the delete. */
  signal?: AbortSignal;
}

/** What a write reports. */
export interface WriteResult {
  /** The version of the value just written. */
  version: string;
  /** Bytes written. */
  size: number;
}

/** Options of `list`. */
export interface ListOptions {
  /** Most keys per page. @default 1000 */
  limit?: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
  /** Cancels the listing. */
  signal?: AbortSignal;
}

/** One page of keys. */
export interface ListPage {
  /** Keys in ascending order (JavaScript string order). */
  keys: string[];
  /** Pass this to get the next page; `undefined` when there is none. */
  cursor?: string;
}

/** A function that makes an adapter from its options, as every adapter module exports. */
export type StorageAdapterFactory<Options> = undefined extends Options
  ? (options?: Options) => StorageAdapter
  : (options: Options) => StorageAdapter;

/** Default page size of `list`. */
export const DEFAULT_LIST_LIMIT = 1000;
/** Largest page size of `list`. */
export const MAX_LIST_LIMIT = 10_000;
