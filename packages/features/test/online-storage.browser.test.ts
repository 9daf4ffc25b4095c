import { PlinthError } from '@plinth/core';
import { idbStorage } from '@plinth/core/idb';
import { redisOnlineStore } from '@plinth/features/redis';
import { afterAll, expect, it } from 'vitest';
import { storageOnlineStore } from '../src/online/storage/store.ts';
import { onlineStoreContract } from '../src/testing/index.ts';

const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const databases: string[] = [];
let count = 0;
function databaseName(): string {
  const name = `plinth-online-${run}-${++count}`;
  databases.push(name);
  return name;
}

afterAll(async () => {
  for (const name of databases) {
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
      request.onblocked = () => resolve();
    });
  }
});

onlineStoreContract('storageOnlineStore(idb) in Chromium', () =>
  storageOnlineStore({ storage: idbStorage({ database: databaseName() }) }),
);

it('a second store over the same IndexedDB database sees the first one’s rows (cache validated by version)', async () => {
  const database = databaseName();
  const view = { name: 'drivers', joinKeys: ['driver_id'], features: ['rate'] };
  const write = (store: ReturnType<typeof storageOnlineStore>, ts: number, rate: number) =>
    store.write({
      view,
      length: 1,
      keys: [[1001]],
      features: ['rate'],
      values: [[rate]],
      eventTimestamps: [ts],
    });
  const first = storageOnlineStore({ storage: idbStorage({ database }) });
  const second = storageOnlineStore({ storage: idbStorage({ database }) });
  await write(first, 1, 0.5);
  expect((await second.read({ view, features: ['rate'], keys: [[1001]] })).values).toEqual([[0.5]]);
  await write(first, 2, 0.75);
  expect((await second.read({ view, features: ['rate'], keys: [[1001]] })).values).toEqual([[0.75]]);
  expect(await write(second, 1, 0.1)).toEqual({ written: 0, skipped: 1 });
  await first.close();
  await second.close();
});

it('the Redis store says it needs Node', () => {
  let caught: unknown;
  try {
    redisOnlineStore({ url: 'redis://127.0.0.1:6379' });
  } catch (error) {
    caught = error;
  }
  expect(PlinthError.is(caught, 'PLINTH_UNSUPPORTED_RUNTIME')).toBe(true);
  expect((caught as Error).message).toContain('storageOnlineStore');
});
