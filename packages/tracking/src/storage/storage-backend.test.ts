import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { trackingBackendContract } from '../testing/backend-contract.ts';
import { storageBackend } from './storage-backend.ts';

trackingBackendContract({
  name: 'storageBackend(memoryStorage)',
  create: () => storageBackend({ storage: memoryStorage() }),
});

let dir = '';
trackingBackendContract({
  name: 'storageBackend(fsStorage)',
  create: async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'plinth-tracking-contract-'));
    return storageBackend({ storage: fsStorage({ dir }), compactAfter: 2 });
  },
  destroy: () => rm(dir, { recursive: true, force: true }),
});
