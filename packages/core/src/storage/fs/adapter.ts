import { mkdirSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { withArgumentChecks } from '../arguments.ts';
import { toBytes } from '../bytes.ts';
import { checkWriteConditions, throwIfAborted } from '../conditions.ts';
import { assertStoragePrefix } from '../keys.ts';
import type { ByteSource, StorageAdapterFactory, WriteOptions, WriteResult } from '../port.ts';
import {
  createTemp,
  discardTemp,
  makeDirectory,
  sealTemp,
  syncDirectory,
  syncTemp,
  type TempFile,
  type WriteSettings,
  writeChunk,
  writeSource,
} from './atomic-write.ts';
import { errorCode, ioError } from './io-error.ts';
import { type KeyLocation, keyLocation, LOCK_SUFFIX, VALUE_SUFFIX } from './key-path.ts';
import { listKeys } from './list-keys.ts';
import { createListingCache } from './listing.ts';
import { acquireLock, createLocalQueue, type LockSettings } from './lock.ts';
import {
  checkFsStorageOptions,
  DEFAULT_LOCK_STALE_MS,
  DEFAULT_LOCK_TIMEOUT_MS,
  type FsStorageOptions,
} from './options.ts';
import { fileStream, openFile, readAll, statFile, statFileSync } from './read-file.ts';
import { versionOf } from './version.ts';

/**
 * A durable adapter over a directory, safe to share between processes. Writes go to a temp file that is
 * fsynced and renamed over the value (then the directory is fsynced), so a crash leaves the old value or
 * the new one. Every mutation of a key holds that key's lock file; reads take no lock.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options; `PLINTH_STORAGE` when `dir` cannot be created.
 * @example
 * ```ts
 * import { fsStorage } from '@plinth/core/fs';
 * const storage = fsStorage({ dir: './.plinth' });
 * const { version } = await storage.put('models/fraud/latest', 'v3', { ifNotExists: true });
 * ```
 */
export const fsStorage: StorageAdapterFactory<FsStorageOptions> = (options) => {
  checkFsStorageOptions(options);
  const parsed = options;
  const name = parsed.name ?? 'fs';
  const component = `storage:${name}`;
  const root = path.resolve(parsed.dir);
  const settings: WriteSettings = { component, fsync: parsed.fsync ?? true };
  const lockSettings: LockSettings = {
    component,
    staleMs: parsed.lockStaleMs ?? DEFAULT_LOCK_STALE_MS,
    timeoutMs: parsed.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
  };
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    throw ioError(component, 'create directory', root, error);
  }
  const listing = createListingCache({ component, lockStaleMs: lockSettings.staleMs });
  const queue = createLocalQueue();
  const knownDirectories = new Set<string>();

  const directoryOf = (location: KeyLocation) => path.join(root, ...location.directories);

  async function ensureDirectory(directory: string): Promise<void> {
    if (knownDirectories.has(directory)) return;
    await makeDirectory(directory, settings);
    knownDirectories.add(directory);
  }

  /** Runs `task` holding the key's lock: first in this process's queue, then the lock file. */
  function withKeyLock<T>(
    directory: string,
    location: KeyLocation,
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
  ) {
    const lockPath = path.join(directory, location.name + LOCK_SUFFIX);
    return queue(lockPath, async () => {
      const release = await acquireLock(lockPath, lockSettings, signal);
      try {
        return await task();
      } finally {
        await release();
      }
    });
  }

  async function openTemp(directory: string): Promise<TempFile> {
    await ensureDirectory(directory);
    try {
      return await createTemp(directory, settings);
    } catch (error) {
      // Someone removed the directory behind our back: make it again, once.
      if (errorCode((error as { cause?: unknown }).cause) !== 'ENOENT') throw error;
      knownDirectories.delete(directory);
      await ensureDirectory(directory);
      return createTemp(directory, settings);
    }
  }

  async function write(key: string, source: Uint8Array | ByteSource, options: WriteOptions = {}) {
    const location = keyLocation(key, component);
    throwIfAborted(options.signal, component);
    const directory = directoryOf(location);
    const target = path.join(directory, location.name + VALUE_SUFFIX);
    if (options.ifNotExists || options.ifVersion !== undefined) {
      // Fail fast, before writing anything, when the condition already does not hold; checked again under the lock.
      const current = await statFile(target, component);
      checkWriteConditions(component, key, current && versionOf(current), options);
    }
    const temp = await openTemp(directory);
    let committed = false;
    try {
      if (ArrayBuffer.isView(source)) await writeChunk(temp, source, settings);
      else await writeSource(temp, source, settings, options.signal);
      await syncTemp(temp, settings);
      return await withKeyLock(directory, location, options.signal, async (): Promise<WriteResult> => {
        throwIfAborted(options.signal, component);
        const current = await statFile(target, component);
        checkWriteConditions(component, key, current && versionOf(current), options);
        const stats = await sealTemp(temp, current, settings);
        await temp.handle.close();
        try {
          await rename(temp.path, target);
        } catch (error) {
          throw ioError(component, 'rename temp file onto', target, error);
        }
        committed = true;
        if (current === undefined) listing.invalidate(directory);
        await syncDirectory(directory, settings);
        return { version: versionOf(stats), size: temp.size };
      });
    } finally {
      if (!committed) await discardTemp(temp);
    }
  }

  return withArgumentChecks(component, {
    name,
    readOnly: false,
    async get(key, readOptions) {
      const location = keyLocation(key, component);
      throwIfAborted(readOptions?.signal, component);
      const file = path.join(directoryOf(location), location.name + VALUE_SUFFIX);
      const opened = await openFile(file, component);
      if (opened === undefined) return undefined;
      const value = await readAll(opened.handle, Number(opened.stats.size), file, component);
      return { value, version: versionOf(opened.stats) };
    },
    async stat(key, readOptions) {
      const location = keyLocation(key, component);
      throwIfAborted(readOptions?.signal, component);
      const stats = await statFile(path.join(directoryOf(location), location.name + VALUE_SUFFIX), component);
      return stats && { version: versionOf(stats), size: Number(stats.size) };
    },
    statSync(key) {
      const location = keyLocation(key, component);
      const stats = statFileSync(path.join(directoryOf(location), location.name + VALUE_SUFFIX), component);
      return stats && { version: versionOf(stats), size: Number(stats.size) };
    },
    async getStream(key, readOptions) {
      const location = keyLocation(key, component);
      throwIfAborted(readOptions?.signal, component);
      const file = path.join(directoryOf(location), location.name + VALUE_SUFFIX);
      const opened = await openFile(file, component);
      if (opened === undefined) return undefined;
      return {
        stream: fileStream(opened.handle, file, component, readOptions?.signal),
        version: versionOf(opened.stats),
        size: Number(opened.stats.size),
      };
    },
    put(key, value, writeOptions) {
      return write(key, toBytes(value), writeOptions);
    },
    putStream(key, source, writeOptions) {
      return write(key, source, writeOptions);
    },
    async delete(key, deleteOptions) {
      const location = keyLocation(key, component);
      throwIfAborted(deleteOptions?.signal, component);
      const directory = directoryOf(location);
      const target = path.join(directory, location.name + VALUE_SUFFIX);
      if ((await statFile(target, component)) === undefined) {
        checkWriteConditions(component, key, undefined, deleteOptions);
        return false;
      }
      return withKeyLock(directory, location, deleteOptions?.signal, async () => {
        throwIfAborted(deleteOptions?.signal, component);
        const current = await statFile(target, component);
        checkWriteConditions(component, key, current && versionOf(current), deleteOptions);
        if (current === undefined) return false;
        try {
          await unlink(target);
        } catch (error) {
          throw ioError(component, 'delete', target, error);
        }
        listing.invalidate(directory);
        await syncDirectory(directory, settings);
        return true;
      });
    },
    async list(prefix, listOptions) {
      assertStoragePrefix(prefix, component);
      throwIfAborted(listOptions?.signal, component);
      return listKeys(listing, { component, root, prefix, ...listOptions });
    },
    async close() {
      listing.clear();
      knownDirectories.clear();
    },
  });
};
