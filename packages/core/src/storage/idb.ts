import { promisifyRequest, type UseStore } from 'idb-keyval';
import { PlinthError } from '../errors/plinth-error.ts';
import { uuidv7 } from '../ids.ts';
import { checkOptionsObject, checks, withArgumentChecks } from './arguments.ts';
import { bytesToStream, collectChunks, concatBytes, toBytes } from './bytes.ts';
import { checkWriteConditions, throwIfAborted } from './conditions.ts';
import { listLimit } from './keys.ts';
import type { StorageAdapterFactory, WriteOptions, WriteResult } from './port.ts';

/** Options of {@link idbStorage}. */
export interface IdbStorageOptions {
  /** IndexedDB database name. @default 'plinth' */
  database?: string;
  /** Object store inside the database; created on first use (several stores may share a database). @default 'storage' */
  store?: string;
}

/**
 * What one key holds in the object store. Values of {@link BLOB_THRESHOLD} bytes or more are kept as a `Blob`,
 * which the browser stores outside the record: `stat` and the write conditions then read a handle, not the
 * bytes, and `getStream` streams from the blob.
 */
interface IdbRecord {
  value: Uint8Array | Blob;
  version: string;
}

/** Values from this size on are stored as a `Blob`. */
const BLOB_THRESHOLD = 64 * 1024;

const sizeOf = (value: Uint8Array | Blob): number => (value instanceof Blob ? value.size : value.byteLength);

async function bytesOf(value: Uint8Array | Blob): Promise<Uint8Array> {
  return value instanceof Blob ? new Uint8Array(await value.arrayBuffer()) : value;
}

/** An open connection and a way to run a transaction on the store, as `idb-keyval`'s `UseStore`. */
interface StoreHandle {
  use: UseStore;
  close(): void;
}

/**
 * Opens `database`, creating `store` if it is missing (by bumping the database version), and closes the
 * connection when another tab upgrades it so upgrades are never blocked by us.
 */
function openStore(database: string, store: string, component: string): StoreHandle {
  let connection: Promise<IDBDatabase> | undefined;
  let closed = false;
  const open = (version?: number): Promise<IDBDatabase> => {
    const request = version === undefined ? indexedDB.open(database) : indexedDB.open(database, version);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
    };
    let gaveUp = false;
    const opened = promisifyRequest(request);
    opened.then(
      (db) => {
        if (gaveUp) db.close();
      },
      () => undefined,
    );
    const blocked = new Promise<never>((_, reject) => {
      request.onblocked = () => {
        gaveUp = true;
        reject(
          new PlinthError({
            code: 'PLINTH_STORAGE',
            component,
            message: `opening IndexedDB "${database}" is blocked by another tab holding an older version; close other tabs of this app and retry`,
            details: { database, store },
          }),
        );
      };
    });
    return Promise.race([opened, blocked]).then(async (db) => {
      if (db.objectStoreNames.contains(store)) {
        db.onversionchange = () => {
          db.close();
          connection = undefined;
        };
        db.onclose = () => {
          connection = undefined;
        };
        return db;
      }
      const next = db.version + 1;
      db.close();
      return open(next);
    });
  };
  const connect = () => {
    if (closed) {
      throw new PlinthError({
        code: 'PLINTH_CLOSED',
        component,
        message: 'this idbStorage was closed; create a new one',
      });
    }
    connection ??= open().catch((error: unknown) => {
      connection = undefined;
      throw error;
    });
    return connection;
  };
  return {
    use: async (mode, callback) => {
      const db = await connect();
      const durability = mode === 'readwrite' ? 'strict' : 'default';
      return callback(db.transaction(store, mode, { durability }).objectStore(store));
    },
    close() {
      closed = true;
      connection?.then((db) => db.close()).catch(() => undefined);
      connection = undefined;
    },
  };
}

/** Wraps an IndexedDB failure (quota, blocked, aborted transaction) as `PLINTH_STORAGE`; keeps PlinthErrors. */
function storageError(error: unknown, component: string, action: string, key?: string): unknown {
  if (PlinthError.is(error)) return error;
  const name = error instanceof DOMException ? error.name : undefined;
  const hint =
    name === 'QuotaExceededError'
      ? 'the browser storage quota is exhausted; delete unused keys or ask for persistent storage (navigator.storage.persist())'
      : 'check that IndexedDB is available (not a private window with storage disabled) and retry';
  return new PlinthError({
    code: 'PLINTH_STORAGE',
    component,
    message: `${action}${key === undefined ? '' : ` "${key}"`} failed in IndexedDB (${name ?? String(error)}); ${hint}`,
    cause: error,
    details: key === undefined ? { name } : { key, name },
  });
}

/** The smallest string greater than every string that starts with `prefix`, or `undefined` if none. */
function prefixEnd(prefix: string): string | undefined {
  let end = prefix;
  while (end.length > 0) {
    const last = end.charCodeAt(end.length - 1);
    if (last < 0xffff) return end.slice(0, -1) + String.fromCharCode(last + 1);
    end = end.slice(0, -1);
  }
  return undefined;
}

/** A copy of `bytes` that owns its whole buffer, so IndexedDB does not clone a larger underlying buffer. */
function ownedBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/**
 * An IndexedDB adapter for browsers, on `idb-keyval`: values persist across reloads, compare-and-set runs
 * inside one readwrite transaction, so tabs sharing a database never lose an update.
 *
 * @throws {PlinthError} `PLINTH_STORAGE` when IndexedDB fails (quota exhausted, open blocked by another tab),
 *   with the browser's error as `cause`; `PLINTH_CONFLICT` when a write condition does not hold.
 * @example
 * ```ts
 * import { idbStorage } from '@plinth/core/idb';
 * const storage = idbStorage({ database: 'my-app' });
 * await storage.put('notes/1', 'hello');
 * ```
 */
export const idbStorage: StorageAdapterFactory<IdbStorageOptions | undefined> = (options = {}) => {
  const component = 'storage:idb';
  checkOptionsObject(
    options,
    { database: checks.text(256), store: checks.text(256) },
    { component, subject: 'idbStorage options' },
  );
  const database = options.database ?? 'plinth';
  const handle = openStore(database, options.store ?? 'storage', component);

  const read = async (key: string, signal: AbortSignal | undefined): Promise<IdbRecord | undefined> => {
    throwIfAborted(signal, component);
    try {
      return await handle.use('readonly', (store) => promisifyRequest<IdbRecord | undefined>(store.get(key)));
    } catch (error) {
      throw storageError(error, component, 'reading', key);
    }
  };

  /** Reads the record, checks the conditions and writes, all inside one readwrite transaction. */
  const write = async (
    key: string,
    value: Uint8Array | Blob | undefined,
    conditions: Pick<WriteOptions, 'ifNotExists' | 'ifVersion'> | undefined,
  ): Promise<{ existed: boolean; version: string }> => {
    const version = uuidv7();
    try {
      return await handle.use('readwrite', (store) => {
        const transaction = store.transaction;
        let conflict: unknown;
        let existed = false;
        const request = store.get(key);
        request.onsuccess = () => {
          const current = request.result as IdbRecord | undefined;
          existed = current !== undefined;
          try {
            checkWriteConditions(component, key, current?.version, conditions);
          } catch (error) {
            conflict = error;
            transaction.abort();
            return;
          }
          if (value === undefined) {
            if (existed) store.delete(key);
          } else {
            store.put({ value, version } satisfies IdbRecord, key);
          }
        };
        return promisifyRequest(transaction).then(
          () => ({ existed, version }),
          (error: unknown) => {
            throw conflict ?? error ?? transaction.error;
          },
        );
      });
    } catch (error) {
      throw storageError(error, component, value === undefined ? 'deleting' : 'writing', key);
    }
  };

  const put = async (
    key: string,
    value: Uint8Array | Blob,
    writeOptions?: WriteOptions,
  ): Promise<WriteResult> => {
    throwIfAborted(writeOptions?.signal, component);
    const stored = value instanceof Blob ? value : ownedBytes(value);
    const { version } = await write(key, stored, writeOptions);
    return { version, size: sizeOf(value) };
  };

  return withArgumentChecks(component, {
    name: 'idb',
    readOnly: false,
    async get(key, readOptions) {
      const record = await read(key, readOptions?.signal);
      return record && { value: await bytesOf(record.value), version: record.version };
    },
    async stat(key, readOptions) {
      const record = await read(key, readOptions?.signal);
      return record && { version: record.version, size: sizeOf(record.value) };
    },
    async getStream(key, readOptions) {
      const record = await read(key, readOptions?.signal);
      if (!record) return undefined;
      const { value } = record;
      const stream =
        value instanceof Blob ? (value.stream() as ReadableStream<Uint8Array>) : bytesToStream(value);
      return { stream, version: record.version, size: sizeOf(value) };
    },
    async put(key, value, writeOptions) {
      const bytes = toBytes(value);
      if (bytes.byteLength >= BLOB_THRESHOLD)
        return put(key, new Blob([bytes as Uint8Array<ArrayBuffer>]), writeOptions);
      return put(key, typeof value === 'string' ? bytes : bytes.slice(), writeOptions);
    },
    async putStream(key, source, writeOptions) {
      // Chunks go into a Blob (copied out of the JS heap by the browser) once the value is large.
      const { chunks, size } = await collectChunks(source);
      if (size >= BLOB_THRESHOLD)
        return put(key, new Blob(chunks as Uint8Array<ArrayBuffer>[]), writeOptions);
      return put(key, concatBytes(chunks, size), writeOptions);
    },
    async delete(key, deleteOptions) {
      throwIfAborted(deleteOptions?.signal, component);
      const { existed } = await write(key, undefined, deleteOptions);
      return existed;
    },
    async list(prefix, listOptions) {
      throwIfAborted(listOptions?.signal, component);
      const limit = listLimit(listOptions?.limit);
      const cursor = listOptions?.cursor;
      const afterCursor = cursor !== undefined && cursor >= prefix;
      const lower = afterCursor ? cursor : prefix;
      const upper = prefixEnd(prefix);
      const range =
        upper === undefined
          ? IDBKeyRange.lowerBound(lower, afterCursor)
          : lower >= upper
            ? undefined
            : IDBKeyRange.bound(lower, upper, afterCursor, true);
      if (range === undefined) return { keys: [] };
      try {
        const keys = await handle.use('readonly', (store) =>
          promisifyRequest(store.getAllKeys(range, limit + 1)),
        );
        const page = keys.slice(0, limit) as string[];
        return keys.length > limit ? { keys: page, cursor: page[page.length - 1]! } : { keys: page };
      } catch (error) {
        throw storageError(error, component, 'listing', prefix);
      }
    },
    async close() {
      handle.close();
    },
  });
};
