import {
  componentErrors,
  encodeJson,
  isSafeRelativePath,
  listAll,
  listAllKeys,
  manualClock,
  PlinthError,
  uuidv7,
  uuidv7Time,
} from '@plinth/core';
import { documentStore, writeStaticIndex } from '@plinth/core/adapter';
import { cachedStorage } from '@plinth/core/cached';
import { fsStorage } from '@plinth/core/fs';
import { idbStorage } from '@plinth/core/idb';
import { memoryStorage } from '@plinth/core/memory';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';

/** The error a call raises, sync or async; fails when it returns. */
async function failure(call: () => unknown): Promise<PlinthError> {
  try {
    const result = call();
    if (result && typeof (result as AsyncIterator<unknown>).next === 'function') {
      await (result as AsyncIterator<unknown>).next();
    } else {
      await result;
    }
  } catch (error) {
    expect(PlinthError.is(error), String(error)).toBe(true);
    return error as PlinthError;
  }
  throw new Error('the call succeeded');
}

const firstPath = (error: PlinthError) =>
  (error.details?.issues as { path: string }[] | undefined)?.[0]?.path;
const anyFn = (value: unknown) => value as never;

describe('core entries reject bad arguments with PLINTH_VALIDATION naming them', () => {
  it('adapter factories', async () => {
    const cases: [() => unknown, string][] = [
      [() => memoryStorage(anyFn(null)), ''],
      [() => memoryStorage(anyFn({ name: 42 })), 'name'],
      [() => memoryStorage(anyFn({ nam: 'x' })), 'nam'],
      [() => fsStorage(anyFn(null)), ''],
      [() => fsStorage(anyFn({})), 'dir'],
      [() => fsStorage(anyFn({ dir: 'a\u0000b' })), 'dir'],
      [() => fsStorage(anyFn({ dir: '.', lockStaleMs: Number.NaN })), 'lockStaleMs'],
      [() => fsStorage(anyFn({ dir: '.', lockTimeoutMs: -1 })), 'lockTimeoutMs'],
      [() => fsStorage(anyFn({ dir: '.', fsync: 'no' })), 'fsync'],
      [() => fsStorage(anyFn({ dir: '.', dri: 'x' })), 'dri'],
      [() => fsStorage(anyFn({ dir: 'x'.repeat(100_000) })), 'dir'],
      [() => idbStorage(anyFn({ database: '' })), 'database'],
      [() => idbStorage(anyFn({ db: 'x' })), 'db'],
      [() => cachedStorage(anyFn({ cache: memoryStorage() })), 'source'],
      [() => cachedStorage(anyFn({ cache: memoryStorage(), source: {} })), 'source'],
      [
        () => cachedStorage(anyFn({ cache: memoryStorage(), source: memoryStorage(), strategy: 'x' })),
        'strategy',
      ],
    ];
    for (const [call, path] of cases) {
      const error = await failure(call);
      expect(error.code, `${call}`).toBe('PLINTH_VALIDATION');
      expect(firstPath(error), `${call}`).toBe(path);
    }
  });

  it('documentStore, listAll, listAllKeys, writeStaticIndex', async () => {
    const storage = memoryStorage();
    const docs = documentStore(storage);
    const cases: [() => unknown, string][] = [
      [() => documentStore(anyFn(null)), 'storage'],
      [() => documentStore(storage, anyFn({ maxAttempts: 0 })), 'options.maxAttempts'],
      [() => documentStore(storage, anyFn({ maxAttempts: Number.NaN })), 'options.maxAttempts'],
      [() => documentStore(storage, anyFn({ components: 'x' })), 'options.components'],
      [() => docs.get('a', anyFn(null)), 'schema'],
      [() => docs.get(anyFn(null), z.string()), 'key'],
      [() => docs.put('a', undefined), 'value'],
      [() => docs.put('a', { big: 1n }), 'value'],
      [() => docs.update('a', z.string(), anyFn('x')), 'update'],
      [() => listAll(anyFn(null), ''), 'storage'],
      [() => listAll(storage, '', anyFn({ limit: Number.NaN })), 'options.limit'],
      [() => listAll(storage, anyFn(7)), 'prefix'],
      [() => listAllKeys(anyFn({}), ''), 'storage'],
      [() => writeStaticIndex(anyFn(null)), 'storage'],
      [() => writeStaticIndex(storage, anyFn(42)), 'target'],
      [() => writeStaticIndex(storage, storage, anyFn({ key: '../x' })), 'options.key'],
      [() => writeStaticIndex(storage, storage, anyFn({ prefx: 'a' })), 'options.prefx'],
    ];
    for (const [call, path] of cases) {
      const error = await failure(call);
      expect(error.code, `${call}`).toBe('PLINTH_VALIDATION');
      expect(firstPath(error), `${call}`).toBe(path);
    }
    expect(await listAllKeys(storage, '')).toEqual([]);
  });

  it('ids, clocks, error builders and path checks', async () => {
    const cases: [() => unknown, string][] = [
      [() => uuidv7(anyFn(null)), 'clock'],
      [() => uuidv7({ now: () => Number.NaN }), 'clock'],
      [() => uuidv7({ now: () => -1 }), 'clock'],
      [() => uuidv7({ now: () => 2 ** 48 }), 'clock'],
      [() => uuidv7Time(anyFn(null)), 'id'],
      [() => uuidv7Time('not-an-id'), 'id'],
      [() => manualClock(Number.NaN), 'startMs'],
      [() => manualClock(0, Number.POSITIVE_INFINITY), 'stepMs'],
      [() => manualClock().advance(anyFn('5')), 'ms'],
      [() => manualClock().set(Number.NaN), 'ms'],
      [() => componentErrors(anyFn(null)), 'component'],
      [() => encodeJson(() => 1), 'value'],
    ];
    for (const [call, path] of cases) {
      const error = await failure(call);
      expect(error.code, `${call}`).toBe('PLINTH_VALIDATION');
      expect(firstPath(error), `${call}`).toBe(path);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect((await failure(() => encodeJson(cyclic))).code).toBe('PLINTH_VALIDATION');
    expect(isSafeRelativePath(anyFn(null))).toBe(false);
    expect(uuidv7Time(uuidv7(manualClock(1_700_000_000_123)))).toBe(1_700_000_000_123);
  });
});
