import { describe, expect, it } from 'vitest';
import { PlinthError } from '../errors/plinth-error.ts';
import { rejectionCode } from '../testing/rejection-code.ts';
import { storageContract } from '../testing/storage-contract.ts';
import { bytesToText } from './bytes.ts';
import { idbStorage } from './idb.ts';
import { listAllKeys } from './list-all.ts';

const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const databases: string[] = [];

function databaseName(label: string): string {
  const name = `plinth-${label}-${run}`;
  databases.push(name);
  return name;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Index of the first differing byte, the shorter length if one is a prefix of the other, or -1 if equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return index;
  return a.length === b.length ? -1 : length;
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
}

storageContract({
  name: 'idbStorage',
  create: () => idbStorage({ database: databaseName('contract') }),
  destroy: () => deleteDatabase(`plinth-contract-${run}`),
});

describe('idbStorage specifics', () => {
  it('stores records as { value: Uint8Array, version } and keeps them across instances', async () => {
    const database = databaseName('records');
    const first = idbStorage({ database });
    const { version } = await first.put('a/b', 'hello');
    await first.close?.();
    const db = await request(indexedDB.open(database));
    const record = await request(db.transaction('storage').objectStore('storage').get('a/b'));
    db.close();
    expect(record.version).toBe(version);
    expect(record.value).toBeInstanceOf(Uint8Array);
    expect(Array.from(record.value as Uint8Array)).toEqual([104, 101, 108, 108, 111]);
    const second = idbStorage({ database });
    expect(bytesToText((await second.get('a/b'))!.value)).toBe('hello');
    await second.close?.();
    expect(await rejectionCode(second.get('a/b'))).toBe('PLINTH_CLOSED');
    await deleteDatabase(database);
  });

  it('keeps values of 64 KiB and more as Blobs: stat reads no bytes, getStream streams from the blob', async () => {
    const database = databaseName('blobs');
    const storage = idbStorage({ database });
    const large = new Uint8Array(3 * 1024 * 1024 + 5);
    for (let index = 0; index < large.length; index++) large[index] = (index * 31 + (index >>> 11)) & 0xff;
    const { version } = await storage.put('big', large);
    const streamed = await storage.putStream(
      'big-streamed',
      new Blob([large.subarray(0, 100_000), large.subarray(100_000)]).stream(),
    );
    await storage.put('small', new Uint8Array(64 * 1024 - 1).fill(7));
    await storage.close?.();

    const db = await request(indexedDB.open(database));
    const read = (key: string) => request(db.transaction('storage').objectStore('storage').get(key));
    const [big, bigStreamed, small] = [await read('big'), await read('big-streamed'), await read('small')];
    db.close();
    expect(big.value).toBeInstanceOf(Blob);
    expect(bigStreamed.value).toBeInstanceOf(Blob);
    expect(small.value).toBeInstanceOf(Uint8Array);

    const again = idbStorage({ database });
    expect(await again.stat('big')).toEqual({ version, size: large.length });
    expect((await again.stat('big-streamed'))?.size).toBe(large.length);
    expect(streamed.size).toBe(large.length);
    expect(firstDifference((await again.get('big'))!.value, large)).toBe(-1);
    const opened = (await again.getStream('big-streamed'))!;
    const chunks: Uint8Array[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    const joined = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    expect(firstDifference(joined, large)).toBe(-1);
    // Compare-and-set still holds on blob-backed records.
    expect(await rejectionCode(again.put('big', 'x', { ifVersion: 'stale' }))).toBe('PLINTH_CONFLICT');
    await again.put('big', 'replaced', { ifVersion: version });
    expect(bytesToText((await again.get('big'))!.value)).toBe('replaced');
    await again.close?.();
    await deleteDatabase(database);
  });

  it('keeps several stores apart in one database, adding stores by upgrading it', async () => {
    const database = databaseName('stores');
    const a = idbStorage({ database, store: 'a' });
    await a.put('k', 'in a');
    const b = idbStorage({ database, store: 'b' });
    await b.put('k', 'in b');
    expect(bytesToText((await a.get('k'))!.value)).toBe('in a');
    expect(bytesToText((await b.get('k'))!.value)).toBe('in b');
    await a.put('only-a', 'x');
    expect(await listAllKeys(b, '')).toEqual(['k']);
    await a.close?.();
    await b.close?.();
    await deleteDatabase(database);
  });

  it('two connections (two tabs) racing on one version: exactly one wins', async () => {
    const database = databaseName('tabs');
    const tabs = Array.from({ length: 4 }, () => idbStorage({ database }));
    const { version } = await tabs[0]!.put('shared', 'start');
    const results = await Promise.allSettled(
      tabs.flatMap((tab, i) => [0, 1].map((j) => tab.put('shared', `tab ${i}.${j}`, { ifVersion: version }))),
    );
    expect(results.filter((result) => result.status === 'fulfilled').length).toBe(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(PlinthError.is(result.reason, 'PLINTH_CONFLICT')).toBe(true);
    }
    await Promise.all(tabs.map((tab) => tab.close?.()));
    await deleteDatabase(database);
  });

  it('raises PLINTH_STORAGE when another connection blocks the upgrade that adds a store', async () => {
    const database = databaseName('blocked');
    const first = idbStorage({ database, store: 'a' });
    await first.put('k', 'v');
    await first.close?.();
    const stubborn = await request(indexedDB.open(database));
    stubborn.onversionchange = null;
    const second = idbStorage({ database, store: 'b' });
    const error = await second.get('k').catch((caught: unknown) => caught);
    expect(PlinthError.is(error, 'PLINTH_STORAGE')).toBe(true);
    expect((error as PlinthError).message).toContain('blocked');
    stubborn.close();
    await second.close?.();
    await deleteDatabase(database);
  });

  it('lists fast with 100k keys: each page reads only its key range', async () => {
    const database = databaseName('big');
    const storage = idbStorage({ database });
    await storage.put('seed', 'creates the store');
    const keys: string[] = [];
    for (let i = 0; i < 100_000; i++)
      keys.push(`runs/${String(i % 100).padStart(3, '0')}/${String(i).padStart(6, '0')}`);
    const db = await request(indexedDB.open(database));
    const transaction = db.transaction('storage', 'readwrite');
    const value = new Uint8Array([1]);
    for (const key of keys) transaction.objectStore('storage').put({ value, version: 'v' }, key);
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
    db.close();
    const sorted = [...keys].sort();

    const timings: number[] = [];
    const timed = async <T>(task: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await task();
      timings.push(performance.now() - started);
      return result;
    };
    const firstPage = await timed(() => storage.list('runs/', { limit: 1000 }));
    expect(firstPage.keys).toEqual(sorted.slice(0, 1000));
    const middle = sorted[50_000]!;
    const afterMiddle = await timed(() => storage.list('runs/', { limit: 1000, cursor: middle }));
    expect(afterMiddle.keys).toEqual(sorted.slice(50_001, 51_001));
    const narrow = await timed(() => storage.list('runs/042/'));
    expect(narrow.keys).toEqual(sorted.filter((key) => key.startsWith('runs/042/')));
    expect(narrow.keys.length).toBe(1000);
    expect(narrow.cursor).toBeUndefined();
    const last = await timed(() => storage.list('runs/', { limit: 1000, cursor: sorted[99_499] }));
    expect(last).toEqual({ keys: sorted.slice(99_500) });
    console.log(`idb list page timings at 100k keys (ms): ${timings.map((t) => t.toFixed(1)).join(', ')}`);
    expect(await listAllKeys(storage, 'runs/')).toEqual(sorted);
    await storage.close?.();
    await deleteDatabase(database);
  });
});
