import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { manualClock, type StorageAdapter } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { afterAll, describe, expect, it } from 'vitest';
import type { OnlineStore } from '../src/online/port.ts';
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
onlineStoreContract('storageOnlineStore(memory without statSync: every cache check awaits stat)', () => {
  const { statSync: _, ...asyncOnly } = memoryStorage();
  return storageOnlineStore({ storage: asyncOnly });
});
onlineStoreContract(
  'storageOnlineStore(fs)',
  () => storageOnlineStore({ storage: fsStorage({ dir: freshDir() }) }),
  {
    entities: 2000,
  },
);

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
const sharedView = { name: 'shared', joinKeys: ['id'], features: ['value'] };
const row = (id: number, value: number, ts: number) => ({
  view: sharedView,
  length: 1,
  keys: [[id]],
  features: ['value'],
  values: [[value]],
  eventTimestamps: [ts],
});
const storedValue = async (store: OnlineStore, id: number) =>
  (await store.read({ view: sharedView, features: ['value'], keys: [[id]] })).values[0]![0];

function runWriter(dir: string, id: number, value: number, ts: number): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@plinth/source',
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'online-writer-child.ts'),
      dir,
      String(id),
      String(value),
      String(ts),
    ],
    { cwd: repositoryRoot, stdio: 'pipe' },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(`exit ${code} ${stderr}`)));
}

describe('storageOnlineStore read cache', () => {
  it('a warm reader sees a write another process finished, at its next read (the clock standing still)', async () => {
    const dir = freshDir();
    const clock = manualClock(1_000);
    const reader = storageOnlineStore({ storage: fsStorage({ dir }), shards: 4, clock });
    const writer = storageOnlineStore({ storage: fsStorage({ dir }), shards: 4 });
    await writer.write(row(1, 10, 100));
    expect(await storedValue(reader, 1)).toBe(10);
    expect(await storedValue(reader, 1)).toBe(10); // warm: served from the cache
    for (const [value, ts] of [
      [20, 200],
      [30, 300],
    ] as const) {
      expect(await runWriter(dir, 1, value, ts)).toBe('exit 0 ');
      expect(await storedValue(reader, 1)).toBe(value);
      const many = await reader.readMany!([{ view: sharedView, features: ['value'], keys: [[1], [2]] }]);
      expect(many[0]!.values).toEqual([[value, null]]);
    }
    // an older write from another store instance is skipped and changes nothing the reader sees
    await writer.write(row(1, 5, 50));
    expect(await storedValue(reader, 1)).toBe(30);
    await writer.write(row(2, 7, 70));
    expect(await storedValue(reader, 2)).toBe(7);
    await writer.dropView('shared');
    expect(await storedValue(reader, 1)).toBe(null);
    await Promise.all([reader.close(), writer.close()]);
  }, 60_000);

  it('warm reads from fs check the cache with statSync only: no stat or get through the thread pool', async () => {
    const dir = freshDir();
    const fs = fsStorage({ dir });
    const calls = { stat: 0, get: 0, statSync: 0 };
    const counted: StorageAdapter = {
      ...fs,
      stat: (key, options) => {
        calls.stat++;
        return fs.stat(key, options);
      },
      get: (key, options) => {
        calls.get++;
        return fs.get(key, options);
      },
      statSync: (key) => {
        calls.statSync++;
        return fs.statSync!(key);
      },
    };
    const reader = storageOnlineStore({ storage: counted, shards: 4 });
    const writer = storageOnlineStore({ storage: fsStorage({ dir }), shards: 4 });
    await writer.write(row(1, 10, 100));
    expect(await storedValue(reader, 1)).toBe(10); // cold: the shard is read once
    const cold = { ...calls };
    expect(cold.get).toBe(1);
    for (let i = 0; i < 5; i++) expect(await storedValue(reader, 1)).toBe(10);
    expect(calls.stat).toBe(cold.stat);
    expect(calls.get).toBe(cold.get);
    expect(calls.statSync - cold.statSync).toBe(5); // the generation key, once per read
    await writer.write(row(1, 11, 110));
    expect(await storedValue(reader, 1)).toBe(11);
    expect(calls.get).toBe(cold.get + 1);
    await Promise.all([reader.close(), writer.close()]);
  });

  it('a shard written by a writer that died before bumping the generation is seen after revalidateMs', async () => {
    const storage = memoryStorage();
    const clock = manualClock(1_000);
    const reader = storageOnlineStore({ storage, shards: 2, clock, revalidateMs: 500 });
    const healthy = storageOnlineStore({ storage, shards: 2 });
    await healthy.write(row(1, 10, 100));
    expect(await storedValue(reader, 1)).toBe(10);
    // the dying writer's shard lands, its generation bump never does
    const dying = storageOnlineStore({
      storage: {
        ...storage,
        put: (key, value, options) =>
          key.endsWith('generation')
            ? Promise.reject(new Error('process died'))
            : storage.put(key, value, options),
      },
      shards: 2,
    });
    await expect(dying.write(row(1, 20, 200))).rejects.toThrow('process died');
    expect(await storedValue(healthy, 1)).toBe(20); // a cold reader sees the shard
    clock.advance(499);
    expect(await storedValue(reader, 1)).toBe(10); // the warm reader trusts its cache for revalidateMs
    clock.advance(1);
    expect(await storedValue(reader, 1)).toBe(20);
    // revalidateMs: 0 checks every shard on every read
    const strict = storageOnlineStore({ storage, shards: 2, clock, revalidateMs: 0 });
    expect(await storedValue(strict, 1)).toBe(20);
    await dying.write(row(1, 30, 300)).catch(() => {});
    expect(await storedValue(strict, 1)).toBe(30);
    await Promise.all([reader.close(), healthy.close(), dying.close(), strict.close()]);
  });

  it('refuses bad cache options with PLINTH_VALIDATION', () => {
    const storage = memoryStorage();
    for (const options of [
      { storage, revalidateMs: -1 },
      { storage, revalidateMs: 1.5 },
      { storage, revalidateMs: Number.NaN },
      { storage, clock: { now: 5 } },
      { storage, clock: null },
    ]) {
      expect(() => storageOnlineStore(options as never)).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
    }
  });
});
