import { manualClock, PlinthError, type StorageAdapter } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { createRegistry, type Registry } from '@plinth/registry';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Property-based fuzz of every public registry call: arbitrary names, versions, aliases, references, filters
// and option objects. Bounded and seeded for `npm test`; PLINTH_FUZZ_RUNS=<n> runs longer.
const RUNS = Number(process.env.PLINTH_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.PLINTH_FUZZ_SEED ?? 20_260_109);
/** A hang detector, not a speed test: generous for a loaded machine. */
const BOUND_MS = 1000;

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
const call: fc.Arbitrary<Call> = fc.oneof(
  fc
    .tuple(anyValue, options)
    .map(([name, o]): Call => ['createModel', (r) => r.createModel(name as never, o as never)]),
  fc.tuple(anyValue).map(([name]): Call => ['getModel', (r) => r.getModel(name as never)]),
  fc
    .tuple(anyValue, options)
    .map(([name, o]): Call => ['updateModel', (r) => r.updateModel(name as never, o as never)]),
  fc
    .tuple(anyValue, options)
    .map(([name, o]): Call => ['registerVersion', (r) => r.registerVersion(name as never, o as never)]),
  fc.tuple(anyValue).map(([ref]): Call => ['getVersion', (r) => r.getVersion(ref as never)]),
  fc
    .tuple(anyValue, anyValue, options)
    .map(
      ([name, v, o]): Call => [
        'deleteVersion',
        (r) => r.deleteVersion(name as never, v as never, o as never),
      ],
    ),
  fc
    .tuple(anyValue, anyValue, options)
    .map(
      ([name, v, o]): Call => [
        'updateVersion',
        (r) => r.updateVersion(name as never, v as never, o as never),
      ],
    ),
  fc
    .tuple(anyValue, anyValue, anyValue, options)
    .map(
      ([name, alias, v, o]): Call => [
        'setAlias',
        (r) => r.setAlias(name as never, alias as never, v as never, o as never),
      ],
    ),
  fc
    .tuple(anyValue, anyValue, options)
    .map(
      ([name, alias, o]): Call => [
        'deleteAlias',
        (r) => r.deleteAlias(name as never, alias as never, o as never),
      ],
    ),
  fc
    .tuple(anyValue, anyValue, anyValue, options)
    .map(
      ([name, v, s, o]): Call => [
        'transitionStage',
        (r) => r.transitionStage(name as never, v as never, s as never, o as never),
      ],
    ),
  fc.tuple(anyValue).map(([name]): Call => ['history', (r) => r.history(name as never)]),
  fc.tuple(anyValue).map(([ref]): Call => ['lineage', (r) => r.lineage(ref as never)]),
  fc.tuple(anyValue).map(([ref]): Call => ['loadArtifact', (r) => r.loadArtifact(ref as never)]),
  fc.tuple(options).map(([o]): Call => ['searchVersions', (r) => r.searchVersions(o as never)]),
  fc
    .tuple(anyValue)
    .map(([filter]): Call => ['searchVersions filter', (r) => r.searchVersions({ filter } as never)]),
  fc
    .tuple(anyValue, options)
    .map(([name, o]): Call => ['deleteModel', (r) => r.deleteModel(name as never, o as never)]),
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
        const started = performance.now();
        let failure: unknown;
        try {
          await run(registry);
        } catch (error) {
          failure = error;
        }
        const elapsed = performance.now() - started;
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
