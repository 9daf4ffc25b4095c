import { expect, it } from 'vitest';
import { PlinthError } from '../errors/plinth-error.ts';
import { bytesToText } from '../storage/bytes.ts';
import { listAllKeys } from '../storage/list-all.ts';
import type { StorageAdapter } from '../storage/port.ts';

/** One bad call and the argument its error must name (`details.issues[0].path` starts with it). */
interface BadCall {
  call: (storage: StorageAdapter) => Promise<unknown>;
  argument: string;
}

/** Calls made with the types erased, as plain JavaScript or a `JSON.parse`d request would make them. */
type Loose = Record<string, (...args: unknown[]) => Promise<unknown>>;
const loose = (storage: StorageAdapter) => storage as unknown as Loose;

async function* chunks(...items: unknown[]): AsyncGenerator<unknown> {
  for (const item of items) yield item;
}

const huge = 'x'.repeat(100_000);
const target = 'bad-input/new';

const badCalls: BadCall[] = [
  ...[null, undefined, 42, {}, ['a'], huge, '\u0000'].map((key) => ({
    call: (storage: StorageAdapter) => loose(storage).put!(key, 'x'),
    argument: 'key',
  })),
  ...[null, undefined, 42, {}, ['a'], new ArrayBuffer(2), 'lone \ud800 surrogate'].map((value) => ({
    call: (storage: StorageAdapter) => loose(storage).put!(target, value),
    argument: 'value',
  })),
  ...[
    null,
    'ifNotExists',
    42,
    { ifVersion: 42 },
    { ifVersion: '' },
    { ifVersion: huge },
    { ifNotExists: 'yes' },
    { ifNotExists: true, ifVersion: 'v1' },
    { signal: 'abort' },
    { unknown: 1 },
    JSON.parse('{"__proto__": {"ifNotExists": true}}'),
    { constructor: 1 },
  ].map((options) => ({
    call: (storage: StorageAdapter) => loose(storage).put!(target, 'x', options),
    argument: 'options',
  })),
  ...[null, 'text', new Uint8Array(3), 42, {}].map((source) => ({
    call: (storage: StorageAdapter) => loose(storage).putStream!(target, source),
    argument: 'source',
  })),
  {
    call: (storage) => loose(storage).putStream!(target, chunks(new Uint8Array([1]), 'hello', 42)),
    argument: 'source',
  },
  { call: (storage) => loose(storage).putStream!(target, chunks('hello')), argument: 'source' },
  {
    call: (storage) => loose(storage).putStream!(target, chunks(new Uint8Array(1), null)),
    argument: 'source',
  },
  { call: (storage) => loose(storage).putStream!(target, chunks(), { ifVersion: 7 }), argument: 'options' },
  ...['get', 'stat', 'getStream', 'delete'].flatMap((method) => [
    { call: (storage: StorageAdapter) => loose(storage)[method]!(null), argument: 'key' },
    { call: (storage: StorageAdapter) => loose(storage)[method]!(huge), argument: 'key' },
    {
      call: (storage: StorageAdapter) => loose(storage)[method]!('bad-input/kept', 'x'),
      argument: 'options',
    },
    {
      call: (storage: StorageAdapter) => loose(storage)[method]!('bad-input/kept', { signal: {} }),
      argument: 'options',
    },
    {
      call: (storage: StorageAdapter) => loose(storage)[method]!('bad-input/kept', { nope: 1 }),
      argument: 'options',
    },
  ]),
  { call: (storage) => loose(storage).delete!('bad-input/kept', { ifVersion: 7 }), argument: 'options' },
  { call: (storage) => loose(storage).delete!('bad-input/kept', { ifNotExists: true }), argument: 'options' },
  ...[null, undefined, 42, {}, huge, '/abs', 'a/../'].map((prefix) => ({
    call: (storage: StorageAdapter) => loose(storage).list!(prefix),
    argument: 'prefix',
  })),
  ...[
    null,
    5,
    { limit: 0 },
    { limit: -1 },
    { limit: 1.5 },
    { limit: Number.NaN },
    { limit: '10' },
    { cursor: 5 },
    { cursor: huge },
    { page: 2 },
  ].map((options) => ({
    call: (storage: StorageAdapter) => loose(storage).list!('bad-input/', options),
    argument: 'options',
  })),
];

/**
 * Registers the bad-input test of the storage contract: every method given nulls, wrong types, unknown or
 * contradictory options, `__proto__`, NaN, 100 KB strings and streams of non-byte chunks rejects with a
 * `PLINTH_VALIDATION` naming the argument, and nothing is written.
 */
export function badInputContract(getStorage: () => StorageAdapter): void {
  it(`rejects ${badCalls.length} kinds of bad arguments with PLINTH_VALIDATION naming them, writing nothing`, async () => {
    const storage = getStorage();
    const kept = await storage.put('bad-input/kept', 'kept');
    const failures: string[] = [];
    for (const [index, { call, argument }] of badCalls.entries()) {
      try {
        await call(storage);
        failures.push(`#${index} (${argument}) resolved`);
      } catch (error) {
        const path =
          (PlinthError.is(error) && (error.details?.issues as { path: string }[] | undefined)?.[0]?.path) ||
          '';
        if (!PlinthError.is(error, 'PLINTH_VALIDATION') || !path.startsWith(argument)) {
          failures.push(`#${index} (${argument}): ${String(error)} [path ${JSON.stringify(path)}]`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await listAllKeys(storage, 'bad-input/')).toEqual(['bad-input/kept']);
    const entry = await storage.get('bad-input/kept');
    expect(entry && bytesToText(entry.value)).toBe('kept');
    expect(entry?.version).toBe(kept.version);
  });
}
