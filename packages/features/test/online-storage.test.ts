import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { afterAll } from 'vitest';
import { storageOnlineStore } from '../src/online/storage/store.ts';
import { onlineStoreContract } from '../src/testing/index.ts';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-online-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

onlineStoreContract('storageOnlineStore(memory)', () => storageOnlineStore({ storage: memoryStorage() }));
onlineStoreContract('storageOnlineStore(memory, 1 shard, no cache)', () =>
  storageOnlineStore({ storage: memoryStorage(), shards: 1, cacheBytes: 0 }),
);
onlineStoreContract(
  'storageOnlineStore(fs)',
  () => storageOnlineStore({ storage: fsStorage({ dir: freshDir() }) }),
  {
    entities: 2000,
  },
);
