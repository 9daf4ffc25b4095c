import { describe, expect, it } from 'vitest';
import { PlinthError } from '../errors/plinth-error.ts';
import { storageContract } from '../testing/storage-contract.ts';
import { bytesToText } from './bytes.ts';
import { idbStorage } from './idb.ts';
import { listAllKeys } from './list-all.ts';

const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

storageContract({
  name: 'idbStorage',
  create: () => idbStorage({ database: `plinth-contract-${run}` }),
  destroy: () => deleteDatabase(`plinth-contract-${run}`),
});
