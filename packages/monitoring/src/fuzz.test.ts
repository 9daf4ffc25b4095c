// Property-based fuzz of every public entry of @plinth/monitoring (fast-check, seeded): whatever the arguments,
// a call returns or throws a PlinthError; nothing is written on error; no call hangs. `PLINTH_FUZZ_RUNS` runs
// longer (e.g. PLINTH_FUZZ_RUNS=2000 npx vitest run --project node packages/monitoring/src/fuzz.test.ts).
import { listAllKeys, PlinthError } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuNow } from '../../core/test/cpu-time.ts';
import {
  createDriftMonitor,
  createLatencyMonitor,
  createProfile,
  createQualityMonitor,
  detectDrift,
  driftToPrometheus,
  expectationsFromProfile,
  mergeProfiles,
  profileFromJSON,
  profileStore,
  renderDriftReport,
  validateData,
} from './index.ts';
import { chiSquare, jensenShannon, ks2samp, psi, wasserstein, zTest } from './stats/index.ts';

const RUNS = Number(process.env.PLINTH_FUZZ_RUNS ?? 40);
/** Hang detector, not a speed test: the 100 ms, counted in CPU time so a loaded machine does not trip it. */
const MAX_CALL_MS = Number(process.env.PLINTH_FUZZ_MAX_MS ?? 100);
const names = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'a', 'b', 'numeric', 'columns', 'ks'),
  fc.string({ maxLength: 12 }),
);
const cell = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, 0, -0),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant({}),
);
const numbers = fc.array(fc.oneof(fc.double(), fc.integer({ min: -50, max: 50 })), { maxLength: 300 });
const column = fc.oneof(
  fc.array(cell, { maxLength: 60 }),
  numbers,
  numbers.map((values) => Float64Array.from(values)),
  fc.array(fc.constantFrom('x', 'y', 'z', null), { maxLength: 60 }),
);
/** Column records with own keys from `names` (JSON.parse keeps "__proto__" an own key). */
const table = fc.oneof(
  fc.dictionary(names, column, { maxKeys: 4 }).map((record) => {
    const own: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(record)) own[key] = record[key];
    return own;
  }),
  fc.array(fc.dictionary(names, cell, { maxKeys: 3 }), { maxLength: 40 }),
  fc.anything({ maxDepth: 2 }),
);
const optionValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.integer({ min: -3, max: 300 }),
  fc.double(),
  fc.array(names, { maxLength: 3 }),
  fc.dictionary(names, fc.oneof(fc.constantFrom('ks', 'psi', 'z', 'wasserstein'), fc.double()), {
    maxKeys: 3,
  }),
);
const optionKeys = [
  'columns',
  'categorical',
  'topK',
  'sketchK',
  'histogramBins',
  'tests',
  'thresholds',
  'driftShare',
  'emptyColumns',
  'window',
  'slide',
  'task',
  'alternative',
  'method',
  'bins',
  'kind',
  'binning',
  'prefix',
  'labels',
  'title',
  'rangeSlack',
  'nullShareSlack',
  'maxPending',
];
const options = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.oneof(fc.constantFrom(...optionKeys), fc.string({ maxLength: 6 })), optionValue, {
    maxKeys: 3,
  }),
  fc.anything({ maxDepth: 1 }),
);

/** Runs one call: it must return or throw a PlinthError, within the hang bound. */
function probe(run: () => unknown): unknown {
  const start = cpuNow();
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    if (!(error instanceof PlinthError)) throw error;
    result = error;
  }
  expect(cpuNow() - start).toBeLessThan(MAX_CALL_MS);
  return result;
}

const settings = { numRuns: RUNS, seed: 20261202 };
const reference = createProfile({
  a: Float64Array.from({ length: 500 }, (_, index) => Math.sin(index) * 10),
  b: Array.from({ length: 500 }, (_, index) => (index % 3 ? 'x' : 'y')),
});

describe('fuzz: only PlinthErrors, no hangs', () => {
  it('profiles, merges and parses', () => {
    fc.assert(
      fc.property(table, options, fc.anything({ maxDepth: 3 }), (input, option, text) => {
        const profile = probe(() => createProfile(input as never, option as never));
        if (!(profile instanceof PlinthError)) {
          probe(() => mergeProfiles([profile as never, reference], option as never));
          probe(() => expectationsFromProfile(profile as never, option as never));
        }
        probe(() => mergeProfiles(text as never));
        probe(() => profileFromJSON(typeof text === 'string' ? text : JSON.stringify(text)));
      }),
      settings,
    );
  });

  it('detectDrift and validateData on tables and profiles', () => {
    fc.assert(
      fc.property(table, table, options, fc.anything({ maxDepth: 3 }), (a, b, option, expectations) => {
        probe(() => detectDrift(a as never, b as never, option as never));
        probe(() => detectDrift(reference, b as never, option as never));
        probe(() => validateData(a as never, expectations as never));
        probe(() => validateData(a as never, { columns: { a: expectations } } as never));
      }),
      settings,
    );
  });

  it('statistics', () => {
    fc.assert(
      fc.property(column, column, options, (a, b, option) => {
        for (const statistic of [ks2samp, chiSquare, zTest, psi, jensenShannon, wasserstein] as const) {
          probe(() => (statistic as (x: unknown, y: unknown, z: unknown) => unknown)(a, b, option));
        }
      }),
      settings,
    );
  });

  it('monitors, reports and Prometheus', () => {
    fc.assert(
      fc.property(options, table, fc.anything({ maxDepth: 3 }), (option, rows, value) => {
        const drift = probe(() => createDriftMonitor({ reference, ...(option as object) } as never));
        if (!(drift instanceof PlinthError))
          probe(() => (drift as { observe(x: unknown): unknown }).observe(rows));
        const latency = probe(() => createLatencyMonitor(option as never));
        if (!(latency instanceof PlinthError))
          probe(() => (latency as { observe(x: unknown): unknown }).observe(value));
        const quality = probe(() => createQualityMonitor(option as never));
        if (!(quality instanceof PlinthError)) {
          probe(() =>
            (quality as { recordPrediction(x: unknown, y: unknown): void }).recordPrediction(value, value),
          );
        }
        probe(() => renderDriftReport(value as never, option as never));
        probe(() => driftToPrometheus(value as never, option as never));
      }),
      settings,
    );
  });

  it('profileStore.save writes nothing when it fails', async () => {
    const storage = memoryStorage();
    const store = profileStore({ storage });
    await store.save('kept', reference);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(names, fc.anything({ maxDepth: 1 })),
        fc.anything({ maxDepth: 3 }),
        options,
        async (name, profile, option) => {
          const before = await listAllKeys(storage, '');
          const outcome = await store.save(name as never, profile as never, option as never).then(
            () => 'written',
            (error: unknown) => error,
          );
          if (outcome === 'written') return;
          expect(outcome).toBeInstanceOf(PlinthError);
          expect(await listAllKeys(storage, '')).toEqual(before);
        },
      ),
      settings,
    );
  });
});
