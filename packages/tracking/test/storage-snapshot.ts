import { listAllKeys, type StorageAdapter } from '@plinth/core';

/** Every key of a storage with its version: equal snapshots before and after a call mean nothing was written. */
export async function storageSnapshot(storage: StorageAdapter): Promise<Record<string, string>> {
  const keys = await listAllKeys(storage, '');
  const stats = await Promise.all(keys.map((key) => storage.stat(key)));
  return Object.fromEntries(keys.map((key, i) => [key, stats[i]?.version ?? 'gone']));
}
