import { manualClock, PlinthError, type StorageAdapter } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { createRegistry, type Registry } from '@plinth/registry';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuNow } from '../../core/test/cpu-time.ts';

// Property-based fuzz of every public registry call: arbitrary names, versions, aliases, references, filters
// and option objects. Bounded and seeded for `npm test`; PLINTH_FUZZ_RUNS=<n> runs longer.
const RUNS = Number(process.env.PLINTH_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.PLINTH_FUZZ_SEED ?? 20_260_109);
/** The bound: no call over 100 ms of CPU on inputs up to 100 KB (a hang detector, not a speed test). */
const BOUND_MS = 100;

const tricky = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'latest',
  'v1',
  '',
  ' ',
  '..',
  'a/b',
  'models:/m@x',
  'model:/m@x',
  'models:/m/1',
  '\u0000',
  '\uFEFFm',
  'm',
  'champion',
  "name = 'm'",
  "tags.t LIKE '%a%a%a%a%a%a%b'",
  '%'.repeat(5000),
);
const bigString = fc.integer({ min: 1000, max: 100_000 }).map((length) => 'ab%_'.repeat(length / 4));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  tricky,
  fc.string({ maxLength: 300 }),
  bigString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, undefined, true, Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1, 2, 2 ** 60),
  fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.integer()), { maxLength: 5 }),
  fc.dictionary(
    fc.oneof(tricky, fc.string({ maxLength: 12 })),
    fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null)),
    {
      maxKeys: 5,
    },
  ),
);
const optionKeys = fc.constantFrom(
  'actor',
  'reason',
  'description',
  'tags',
  'deleteTags',
  'filter',
  'orderBy',
  'maxResults',
  'pageToken',
  'artifact',
  'metrics',
  'params',
  'inputExample',
  'semver',
  'stage',
  'format',
  'runId',
  'archiveExisting',
  'ifExists',
  'createModel',
  '__proto__',
  'constructor',
  'bogus',
);
const options: fc.Arbitrary<unknown> = fc.oneof(
  anyValue,
  fc.dictionary(optionKeys, anyValue, { maxKeys: 4 }),
);

type Call = [string, (registry: Registry) => Promise<unknown>];
/** A call of `method` with arguments drawn from `args`. */
const callOf = (method: keyof Registry, ...args: fc.Arbitrary<unknown>[]): fc.Arbitrary<Call> =>
  fc
    .tuple(...args)
    .map(
      (values): Call => [
        method,
        async (registry) => (registry[method] as (...values: unknown[]) => unknown)(...values),
      ],
    );
const call: fc.Arbitrary<Call> = fc.oneof(
  callOf('createModel', anyValue, options),
  callOf('getModel', anyValue),
  callOf('updateModel', anyValue, options),
  callOf('registerVersion', anyValue, options),
  callOf('getVersion', anyValue),
  callOf('deleteVersion', anyValue, anyValue, options),
  callOf('updateVersion', anyValue, anyValue, options),
  callOf('setAlias', anyValue, anyValue, anyValue, options),
  callOf('deleteAlias', anyValue, anyValue, options),
  callOf('transitionStage', anyValue, anyValue, anyValue, options),
  callOf('history', anyValue),
  callOf('lineage', anyValue),
  callOf('loadArtifact', anyValue),
  callOf('searchVersions', options),
  callOf(
    'searchVersions',
    anyValue.map((filter) => ({ filter })),
  ),
  callOf('deleteModel', anyValue, options),
  callOf('listVersions', anyValue),
);

async function contents(storage: StorageAdapter): Promise<string[]> {
  const { keys } = await storage.list('', { limit: 10_000 });
  return Promise.all(keys.map(async (key) => `${key}@${(await storage.get(key))?.version}`));
}

describe('registry fuzz (issue 9)', () => {
  it('only PlinthErrors, nothing written on error, no call hangs', async () => {
    const storage = memoryStorage();
    const registry = createRegistry({ storage, clock: manualClock(Date.UTC(2026, 0, 1), 1), actor: 'fuzz' });
    await registry.registerVersion('m', { artifact: 'one' });
    await registry.registerVersion('m', { artifact: 'two' });
    await registry.setAlias('m', 'champion', 1);
    await fc.assert(
      fc.asyncProperty(call, async ([label, run]) => {
        const before = await contents(storage);
        const started = cpuNow();
        let failure: unknown;
        try {
          await run(registry);
        } catch (error) {
          failure = error;
        }
        const elapsed = cpuNow() - started;
        expect(elapsed, `${label} took ${elapsed} ms`).toBeLessThan(BOUND_MS);
        if (failure !== undefined) {
          expect(PlinthError.is(failure), `${label} threw ${String(failure)}`).toBe(true);
          expect(await contents(storage), `${label} wrote before failing with ${String(failure)}`).toEqual(
            before,
          );
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 120_000);
});
