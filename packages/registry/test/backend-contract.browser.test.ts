import { idbStorage } from '@plinth/core/idb';
import { storageBackend } from '@plinth/registry';
import { registryBackendContract } from '@plinth/registry/testing';

const database = `plinth-registry-contract-${Math.random().toString(36).slice(2)}`;

registryBackendContract({
  name: 'storageBackend(idbStorage)',
  create: () => storageBackend({ storage: idbStorage({ database }) }),
  destroy: () =>
    new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(database);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    }),
});
