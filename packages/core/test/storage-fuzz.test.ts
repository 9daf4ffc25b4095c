import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listAllKeys, PlinthError, type StorageAdapter } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuNow } from './cpu-time.ts';

// Property-based fuzz of the storage port: arbitrary keys, prefixes, values, sources and option objects
// against real adapters. Bounded and seeded for `npm test`; PLINTH_FUZZ_RUNS=<n> runs longer.
const RUNS = Number(process.env.PLINTH_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.PLINTH_FUZZ_SEED ?? 20_261_202);
/** The bound: no call over 100 ms of CPU on inputs up to 100 KB (a hang detector, not a speed test). */
const BOUND_MS = 100;

const tricky = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'a',
  'a/b',
  'fuzz/x',
  '',
  '.',
  '..',
  'a/../b',
  '/abs',
  'a//b',
  'trailing/',
  'back\\slash',
  '\u0000',
  '\uFEFFbom',
  'lone\ud800',
  '😀/ß',
  'NaN',
);
const bigString = fc.integer({ min: 1000, max: 100_000 }).map((length) => 'k/'.repeat(length / 2));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  tricky,
  fc.string({ maxLength: 40 }),
  bigString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, undefined, true, false, Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1.5, 2 ** 60),
  fc.uint8Array({ maxLength: 64 }),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(
    fc.oneof(tricky, fc.string({ maxLength: 8 })),
    fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
    {
      maxKeys: 3,
    },
  ),
);
const optionKey = fc.constantFrom(
  'ifNotExists',
  'ifVersion',
  'signal',
  'limit',
  'cursor',
  '__proto__',
  'extra',
);
const optionValue = fc.oneof(
  anyValue,
  fc.constantFrom(new AbortController().signal, AbortSignal.abort(), 'm1', 1, 10, true),
);
const options: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  anyValue,
  fc.array(fc.tuple(optionKey, optionValue), { maxLength: 3 }).map((entries) => {
    const object: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      if (!Object.hasOwn(object, key)) Object.defineProperty(object, key, { value, enumerable: true });
    }
    return object;
  }),
);
const source = fc.oneof(
  anyValue,
  fc.array(anyValue, { maxLength: 4 }).map((chunks) =>
    (async function* () {
      yield* chunks;
    })(),
  ),
);
const key = fc.oneof(tricky, fc.string({ maxLength: 20 }), bigString, anyValue);
const call = fc.oneof(
  fc.record({ method: fc.constantFrom('get', 'stat', 'getStream', 'delete'), args: fc.tuple(key, options) }),
  fc.record({ method: fc.constant('put'), args: fc.tuple(key, anyValue, options) }),
  fc.record({ method: fc.constant('putStream'), args: fc.tuple(key, source, options) }),
  fc.record({ method: fc.constant('list'), args: fc.tuple(key, options) }),
);

/** Every key with its version: what a failed call must leave as it was. */
async function snapshot(storage: StorageAdapter): Promise<string[]> {
  const keys = await listAllKeys(storage, '');
  return Promise.all(keys.map(async (key) => `${key}@${(await storage.stat(key))?.version}`));
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const adapters: [string, () => StorageAdapter][] = [
  ['memoryStorage', () => memoryStorage()],
  [
    'fsStorage',
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-fuzz-'));
      dirs.push(dir);
      return fsStorage({ dir, fsync: false });
    },
  ],
];

describe.each(adapters)('fuzz: %s with arbitrary keys, values, sources and options', (_name, create) => {
  it('throws only PlinthErrors, writes nothing when it throws, and never hangs', async () => {
    const storage = create();
    await storage.put('fuzz/x', 'seed');
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(call, async ({ method, args }) => {
        const before = await snapshot(storage);
        const started = cpuNow();
        let failed: unknown;
        try {
          const result = await (storage as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
            method
          ]!(...args);
          // drain a stream so a read that fails late is seen too
          const stream = (result as { stream?: ReadableStream } | undefined)?.stream;
          if (stream) await new Response(stream).arrayBuffer();
        } catch (error) {
          failed = error;
        }
        const elapsed = cpuNow() - started;
        slowest = Math.max(slowest, elapsed);
        expect(elapsed, `${method} took ${elapsed.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
        if (failed === undefined) return;
        expect(PlinthError.is(failed), `${method} threw ${String(failed)}`).toBe(true);
        expect(
          await snapshot(storage),
          `${method} failed with ${(failed as PlinthError).code} but wrote`,
        ).toEqual(before);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(slowest).toBeLessThan(BOUND_MS);
  });
});
