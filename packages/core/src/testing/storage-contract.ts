import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlinthError } from '../errors/plinth-error.ts';
import { bytesEqual, bytesToText, collectBytes, iterateBytes } from '../storage/bytes.ts';
import { listAllKeys } from '../storage/list-all.ts';
import type { StorageAdapter } from '../storage/port.ts';
import { badInputContract } from './bad-input-contract.ts';
import { randomBytes } from './random-bytes.ts';

/** Options of {@link storageContract}. */
export interface StorageContractOptions {
  /** Suite name, e.g. `fsStorage`. */
  name: string;
  /** Makes a fresh, empty adapter. Called once for the suite. */
  create: () => StorageAdapter | Promise<StorageAdapter>;
  /** Removes what `create` made (temp directories, databases). */
  destroy?: (storage: StorageAdapter) => void | Promise<void>;
  /** Largest value in the binary round trip. @default 16 MiB */
  largestValue?: number;
  /** Keys written for the prefix-listing test. @default 10_000 */
  listedKeys?: number;
  /** Concurrent writers in the compare-and-set races. @default 16 */
  writers?: number;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<PlinthError> {
  try {
    await promise;
  } catch (error) {
    expect(PlinthError.is(error), `expected a PlinthError, got ${String(error)}`).toBe(true);
    expect((error as PlinthError).code).toBe(code);
    return error as PlinthError;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

/**
 * The contract every `StorageAdapter` meets: CRUD, binary round trips from 0 B to 16 MiB, unicode keys
 * (one starting with U+FEFF), rejected bad keys and bad arguments of every method, prefix listing of 10k keys with paging, streams, and compare-and-set races where
 * N concurrent writers of one version see exactly one winner. Call it inside a test file.
 *
 * @example
 * ```ts
 * storageContract({ name: 'memoryStorage', create: () => memoryStorage() });
 * ```
 */
export function storageContract(options: StorageContractOptions): void {
  const largest = options.largestValue ?? 16 * 1024 * 1024;
  const listed = options.listedKeys ?? 10_000;
  const writers = options.writers ?? 16;

  describe(`storage contract: ${options.name}`, () => {
    let storage: StorageAdapter;
    beforeAll(async () => {
      storage = await options.create();
    });
    afterAll(async () => {
      await storage.close?.();
      await options.destroy?.(storage);
    });

    it('reads back what it wrote, with a version that changes on every write', async () => {
      expect(await storage.get('crud/missing')).toBeUndefined();
      expect(await storage.stat('crud/missing')).toBeUndefined();
      const first = await storage.put('crud/a', 'hello');
      const entry = await storage.get('crud/a');
      expect(entry && bytesToText(entry.value)).toBe('hello');
      expect(entry?.version).toBe(first.version);
      expect(first.size).toBe(5);
      const second = await storage.put('crud/a', 'world!');
      expect(second.version).not.toBe(first.version);
      expect(await storage.stat('crud/a')).toEqual({ version: second.version, size: 6 });
      const again = await storage.get('crud/a');
      expect(again && bytesToText(again.value)).toBe('world!');
    });

    it('statSync, when offered, answers as stat does: absent, each write, a delete, a bad key', async () => {
      const statSync = storage.statSync?.bind(storage);
      if (statSync === undefined) return;
      expect(statSync('sync/a')).toBeUndefined();
      const first = await storage.put('sync/a', 'one');
      expect(statSync('sync/a')).toEqual({ version: first.version, size: 3 });
      const second = await storage.put('sync/a', 'three');
      expect(statSync('sync/a')).toEqual({ version: second.version, size: 5 });
      expect(statSync('sync/a')).toEqual(await storage.stat('sync/a'));
      await storage.delete('sync/a');
      expect(statSync('sync/a')).toBeUndefined();
      expect(statSync('sync/a/deeper')).toBeUndefined();
      for (const key of ['', '/abs', 'a/../b', 'ctl\u0000x']) {
        expect(() => statSync(key)).toThrow(expect.objectContaining({ code: 'PLINTH_VALIDATION' }));
      }
    });

    it('deletes, reporting whether the key existed', async () => {
      await storage.put('crud/gone', 'x');
      expect(await storage.delete('crud/gone')).toBe(true);
      expect(await storage.get('crud/gone')).toBeUndefined();
      expect(await storage.delete('crud/gone')).toBe(false);
    });

    it('hands out copies: mutating a returned or written array does not change what is stored', async () => {
      const written = new Uint8Array([1, 2, 3]);
      await storage.put('crud/copy', written);
      written[0] = 9;
      const read = await storage.get('crud/copy');
      expect(Array.from(read!.value)).toEqual([1, 2, 3]);
      read!.value[1] = 9;
      expect(Array.from((await storage.get('crud/copy'))!.value)).toEqual([1, 2, 3]);
    });

    it(`round-trips binary values from 0 B to ${largest} B exactly`, async () => {
      const sizes = [0, 1, 255, 1024, 65_537, 1024 * 1024 + 3, largest].filter((size) => size <= largest);
      for (const size of sizes) {
        const bytes = randomBytes(size, size + 1);
        const { size: written } = await storage.put(`binary/${size}`, bytes);
        expect(written).toBe(size);
        const entry = await storage.get(`binary/${size}`);
        expect(entry?.value.byteLength).toBe(size);
        expect(bytesEqual(entry!.value, bytes), `value of ${size} B differs`).toBe(true);
      }
      const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      await storage.put('binary/all-byte-values', allBytes);
      expect(bytesEqual((await storage.get('binary/all-byte-values'))!.value, allBytes)).toBe(true);
    });

    it('streams values in and out without changing a byte', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 17, 7);
      async function* chunks() {
        for (let offset = 0; offset < bytes.byteLength; offset += 100_000) {
          yield bytes.slice(offset, offset + 100_000);
        }
      }
      const result = await storage.putStream('stream/a', chunks());
      expect(result.size).toBe(bytes.byteLength);
      const entry = await storage.getStream('stream/a');
      expect(entry?.size).toBe(bytes.byteLength);
      expect(entry?.version).toBe(result.version);
      expect(bytesEqual(await collectBytes(entry!.stream), bytes)).toBe(true);
      const webStream = new Blob([bytes.slice(0, 1000)]).stream();
      await storage.putStream('stream/web', webStream);
      expect(bytesEqual((await storage.get('stream/web'))!.value, bytes.slice(0, 1000))).toBe(true);
      expect(await storage.getStream('stream/missing')).toBeUndefined();
      let chunkCount = 0;
      for await (const _ of iterateBytes((await storage.getStream('stream/a'))!.stream)) chunkCount++;
      expect(chunkCount).toBeGreaterThan(0);
    });

    it('keeps unicode keys and keys that differ only in case apart', async () => {
      const keys = [
        'unicode/模型/ß',
        'unicode/😀 emoji',
        'unicode/Case',
        'unicode/case',
        'unicode/CASE',
        'unicode/per%cent~tilde',
        'unicode/\u00e9 nfc',
        'unicode/e\u0301 nfd',
        'unicode/a:b',
        'unicode/with space',
        'unicode/\uFEFFstarts with a byte order mark',
        '\uFEFFunicode-bom/x',
      ];
      for (const [i, key] of keys.entries()) await storage.put(key, `value ${i}`);
      for (const [i, key] of keys.entries()) {
        const entry = await storage.get(key);
        expect(entry && bytesToText(entry.value), key).toBe(`value ${i}`);
      }
      const listedKeys = await listAllKeys(storage, 'unicode/');
      expect(listedKeys).toEqual(keys.filter((key) => key.startsWith('unicode/')).sort());
      expect(await listAllKeys(storage, '\uFEFF')).toEqual(['\uFEFFunicode-bom/x']);
    });

    it('rejects bad keys with PLINTH_VALIDATION and writes nothing', async () => {
      const bad = [
        '',
        '/abs',
        'a/../b',
        '..',
        '.',
        'a/./b',
        'a//b',
        'trailing/',
        'ctl\u0000x',
        'ctl\u001bx',
        'back\\slash',
        'x'.repeat(1025),
        'lone\ud800surrogate',
      ];
      for (const key of bad) {
        await expectCode(storage.put(key, 'x'), 'PLINTH_VALIDATION');
        await expectCode(storage.get(key), 'PLINTH_VALIDATION');
        await expectCode(storage.delete(key), 'PLINTH_VALIDATION');
      }
      await expectCode(storage.list('/abs'), 'PLINTH_VALIDATION');
      await expectCode(storage.list('a/../'), 'PLINTH_VALIDATION');
      expect(await listAllKeys(storage, 'a/')).toEqual([]);
    });

    badInputContract(() => storage);

    it(`lists ${listed} keys under a prefix, paged, each exactly once and in order`, async () => {
      const expected: string[] = [];
      for (let i = 0; i < listed; i++) expected.push(`list/big/${String(i).padStart(6, '0')}`);
      for (let i = 0; i < expected.length; i += 500) {
        await Promise.all(expected.slice(i, i + 500).map((key) => storage.put(key, 'v')));
      }
      await storage.put('list/bigger', 'outside the folder but inside the string prefix');
      await storage.put('list/other/x', 'v');
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await storage.list('list/big/', { limit: 1000, cursor });
        expect(page.keys.length).toBeLessThanOrEqual(1000);
        seen.push(...page.keys);
        cursor = page.cursor;
        pages++;
      } while (cursor !== undefined);
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.ceil(listed / 1000));
      const stringPrefix = await listAllKeys(storage, 'list/big');
      expect(stringPrefix.length).toBe(listed + 1);
      expect(stringPrefix.at(-1)).toBe('list/bigger');
      expect(await listAllKeys(storage, 'list/other/')).toEqual(['list/other/x']);
      expect((await storage.list('list/big/00000', { limit: 5 })).keys).toEqual(expected.slice(0, 5));
      expect(await listAllKeys(storage, 'list/none/')).toEqual([]);
    });

    it('create-only and version-checked writes raise PLINTH_CONFLICT and keep the stored value', async () => {
      const { version } = await storage.put('cas/a', 'one', { ifNotExists: true });
      await expectCode(storage.put('cas/a', 'two', { ifNotExists: true }), 'PLINTH_CONFLICT');
      const { version: v2 } = await storage.put('cas/a', 'two', { ifVersion: version });
      await expectCode(storage.put('cas/a', 'three', { ifVersion: version }), 'PLINTH_CONFLICT');
      expect(bytesToText((await storage.get('cas/a'))!.value)).toBe('two');
      await expectCode(storage.put('cas/absent', 'x', { ifVersion: v2 }), 'PLINTH_CONFLICT');
      expect(await storage.get('cas/absent')).toBeUndefined();
      await expectCode(storage.delete('cas/a', { ifVersion: version }), 'PLINTH_CONFLICT');
      expect(await storage.delete('cas/a', { ifVersion: v2 })).toBe(true);
      await expectCode(
        storage.putStream('cas/a', new Blob(['z']).stream(), { ifVersion: v2 }),
        'PLINTH_CONFLICT',
      );
      expect(await storage.get('cas/a')).toBeUndefined();
    });

    it(`${writers} concurrent writers of one version: exactly one wins, the rest see PLINTH_CONFLICT`, async () => {
      for (let round = 0; round < 5; round++) {
        const key = `race/${round}`;
        const { version } = await storage.put(key, 'start');
        const results = await Promise.allSettled(
          Array.from({ length: writers }, (_, i) => storage.put(key, `writer ${i}`, { ifVersion: version })),
        );
        const winners = results.filter((result) => result.status === 'fulfilled');
        expect(winners.length).toBe(1);
        for (const result of results) {
          if (result.status === 'rejected')
            expect(PlinthError.is(result.reason, 'PLINTH_CONFLICT')).toBe(true);
        }
        const winner = results.findIndex((result) => result.status === 'fulfilled');
        expect(bytesToText((await storage.get(key))!.value)).toBe(`writer ${winner}`);
      }
      const creates = await Promise.allSettled(
        Array.from({ length: writers }, (_, i) =>
          storage.put('race/create', `creator ${i}`, { ifNotExists: true }),
        ),
      );
      expect(creates.filter((result) => result.status === 'fulfilled').length).toBe(1);
    });

    it('counts correctly when concurrent read-increment-write loops retry on conflict', async () => {
      await storage.put('race/counter', '0');
      const increment = async () => {
        for (;;) {
          const entry = (await storage.get('race/counter'))!;
          const next = String(Number(bytesToText(entry.value)) + 1);
          try {
            await storage.put('race/counter', next, { ifVersion: entry.version });
            return;
          } catch (error) {
            if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
          }
        }
      };
      await Promise.all(
        Array.from({ length: writers }, async () => {
          for (let i = 0; i < 10; i++) await increment();
        }),
      );
      expect(bytesToText((await storage.get('race/counter'))!.value)).toBe(String(writers * 10));
    });
  });
}
