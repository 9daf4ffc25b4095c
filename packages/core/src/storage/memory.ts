import { checkOptionsObject, checks, withArgumentChecks } from './arguments.ts';
import { bytesToStream, collectBytes, toBytes } from './bytes.ts';
import { checkWriteConditions, throwIfAborted } from './conditions.ts';
import { assertStorageKey, assertStoragePrefix, pageSortedKeys } from './keys.ts';
import type { StorageAdapter, StorageAdapterFactory } from './port.ts';
import { sortedKeyIndex } from './sorted-keys.ts';

/** Options of {@link memoryStorage}. */
export interface MemoryStorageOptions {
  /** Name used in messages. @default 'memory' */
  name?: string;
}

interface Slot {
  value: Uint8Array;
  version: string;
}

/**
 * An in-memory adapter: fast, runtime-neutral, gone when the process ends. For tests and short-lived jobs.
 *
 * @example
 * ```ts
 * import { memoryStorage } from '@plinth/core/memory';
 * const storage = memoryStorage();
 * ```
 */
export const memoryStorage: StorageAdapterFactory<MemoryStorageOptions | undefined> = (options = {}) => {
  checkOptionsObject(
    options,
    { name: checks.text(64) },
    {
      component: 'storage:memory',
      subject: 'memoryStorage options',
    },
  );
  const component = `storage:${options.name ?? 'memory'}`;
  const slots = new Map<string, Slot>();
  const index = sortedKeyIndex((key) => slots.has(key));
  let counter = 0;
  const nextVersion = () => {
    counter += 1;
    return `m${counter.toString(36)}`;
  };

  const store = (key: string, value: Uint8Array, options: Parameters<StorageAdapter['put']>[2]) => {
    const existing = slots.get(key);
    checkWriteConditions(component, key, existing?.version, options);
    const version = nextVersion();
    slots.set(key, { value: value.slice(), version });
    if (!existing) index.added(key);
    return { version, size: value.byteLength };
  };

  return withArgumentChecks(component, {
    name: options.name ?? 'memory',
    readOnly: false,
    async get(key, readOptions) {
      assertStorageKey(key, component);
      throwIfAborted(readOptions?.signal, component);
      const slot = slots.get(key);
      return slot && { value: slot.value.slice(), version: slot.version };
    },
    async stat(key) {
      assertStorageKey(key, component);
      const slot = slots.get(key);
      return slot && { version: slot.version, size: slot.value.byteLength };
    },
    statSync(key) {
      assertStorageKey(key, component);
      const slot = slots.get(key);
      return slot && { version: slot.version, size: slot.value.byteLength };
    },
    async put(key, value, writeOptions) {
      assertStorageKey(key, component);
      throwIfAborted(writeOptions?.signal, component);
      return store(key, toBytes(value), writeOptions);
    },
    async putStream(key, source, writeOptions) {
      assertStorageKey(key, component);
      const bytes = await collectBytes(source);
      throwIfAborted(writeOptions?.signal, component);
      return store(key, bytes, writeOptions);
    },
    async getStream(key) {
      assertStorageKey(key, component);
      const slot = slots.get(key);
      return (
        slot && { stream: bytesToStream(slot.value), version: slot.version, size: slot.value.byteLength }
      );
    },
    async delete(key, deleteOptions) {
      assertStorageKey(key, component);
      throwIfAborted(deleteOptions?.signal, component);
      const existing = slots.get(key);
      if (deleteOptions?.ifVersion !== undefined) {
        checkWriteConditions(component, key, existing?.version, deleteOptions);
      }
      if (!existing) return false;
      slots.delete(key);
      index.deleted(key);
      return true;
    },
    async list(prefix, listOptions) {
      assertStoragePrefix(prefix, component);
      return pageSortedKeys(index.keys(), prefix, listOptions);
    },
    async close() {
      slots.clear();
      index.clear();
    },
  });
};
