import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { storageBackend } from '@plinth/registry';
import { registryBackendContract } from '@plinth/registry/testing';

registryBackendContract({
  name: 'storageBackend(memoryStorage)',
  create: () => storageBackend(memoryStorage()),
});

let directory = '';
registryBackendContract({
  name: 'storageBackend(fsStorage)',
  create: async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'plinth-registry-contract-'));
    return storageBackend(fsStorage({ dir: directory }));
  },
  destroy: () => rm(directory, { recursive: true, force: true }),
});
