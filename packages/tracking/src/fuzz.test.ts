// Property-based fuzzing of tracking's keys, names and options: every call either succeeds or throws a
// PlinthError, a failed call writes nothing, and no call hangs. Seeded and bounded; PLINTH_FUZZ_RUNS=<n>
// runs each property n times instead.
import { PlinthError } from '@plinth/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuNow } from '../../core/test/cpu-time.ts';
import { setup } from '../test/setup.ts';
import { storageSnapshot } from '../test/storage-snapshot.ts';
import { createTracker } from './tracker.ts';

const RUNS = Number(process.env.PLINTH_FUZZ_RUNS ?? 40);
const SEED = 20_261_202;
/** The bound: no call over 100 ms of CPU on inputs up to 100 KB (a hang detector, not a speed test). */
const HANG_MS = 100;

const name = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'valueOf',
    'loss',
    'val/loss: top 1',
    '../x',
    '/a',
    '',
    ' ',
    'a//b',
  ),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constant('k'.repeat(251)),
);
const value = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constant('v'.repeat(6001)),
  fc.constant('t'.repeat(8001)),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(null, undefined, Number.NaN, 1e20, -1),
  fc.anything({ maxDepth: 1 }),
);
const record = fc.dictionary(name, value, { maxKeys: 6 });
/** An options object: known keys with odd values, plus sometimes an unknown key, or not an object at all. */
const optionsOf = (keys: string[]) =>
  fc.oneof(
    fc.dictionary(fc.oneof(fc.constantFrom(...keys), name), value, { maxKeys: 4 }),
    fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: [] }),
    fc.anything({ maxDepth: 1 }),
  );

/** Runs `call`; asserts it returns, or throws only a PlinthError, within the hang bound. */
async function outcome(call: () => unknown): Promise<'ok' | 'error'> {
  const started = cpuNow();
  try {
    await call();
    return 'ok';
  } catch (error) {
    expect(PlinthError.is(error), `not a PlinthError: ${String(error)}`).toBe(true);
    return 'error';
  } finally {
    expect(cpuNow() - started).toBeLessThan(HANG_MS);
  }
}

const settings = { numRuns: RUNS, seed: SEED, endOnFailure: true };

describe('fuzz: tracking keys, names and options', () => {
  it('logParams, setTags and logInput: only PlinthErrors, and a failed call writes nothing', async () => {
    const { tracker, storage } = setup();
    const run = await tracker.startRun({ experiment: 'fuzz' });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('logParams', 'setTags', 'logInput'), record, async (method, input) => {
        const before = await storageSnapshot(storage);
        const result = await outcome(() => (run[method] as (value: unknown) => Promise<void>)(input));
        if (result === 'error') expect(await storageSnapshot(storage)).toEqual(before);
      }),
      settings,
    );
  });

  it('logMetric and logMetrics: a rejected point is never buffered', async () => {
    const { tracker } = setup();
    await fc.assert(
      fc.asyncProperty(
        name,
        value,
        optionsOf(['step', 'timestamp']),
        record,
        async (key, number, options, many) => {
          const run = await tracker.startRun({ experiment: 'fuzz' });
          const single = await outcome(() => run.logMetric(key, number as number, options as never));
          const batch = await outcome(() => run.logMetrics(many as never, options as never));
          await run.flush();
          const logged = Object.keys((await run.get()).metrics);
          if (single === 'error' && batch === 'error') expect(logged).toEqual([]);
          if (single === 'error' && !Object.keys(many).includes(key)) expect(logged).not.toContain(key);
          await run.end();
        },
      ),
      settings,
    );
  });

  it('createTracker, startRun, end, markStaleRuns and searchRuns options: a failed call writes nothing', async () => {
    const { tracker, storage } = setup();
    await fc.assert(
      fc.asyncProperty(
        optionsOf([
          'user',
          'systemTags',
          'heartbeatMs',
          'bufferPoints',
          'maxPendingPoints',
          'compactAfter',
          'systemMetrics',
        ]),
        optionsOf(['experiment', 'experimentId', 'name', 'tags', 'parentRunId', 'startTime']),
        optionsOf(['status', 'endTime']),
        optionsOf(['olderThanMs', 'experiments']),
        optionsOf(['experiments', 'maxResults', 'pageToken', 'runViewType']),
        async (trackerOptions, startOptions, endOptions, staleOptions, searchOptions) => {
          const before = await storageSnapshot(storage);
          const created = await outcome(() => {
            const other = createTracker({
              ...(typeof trackerOptions === 'object' ? trackerOptions : {}),
              storage,
              exitHandler: false,
              heartbeatMs: 0,
              systemTags: false,
            } as never);
            return other.close();
          });
          if (created === 'error') expect(await storageSnapshot(storage)).toEqual(before);

          const beforeStart = await storageSnapshot(storage);
          let started: Awaited<ReturnType<typeof tracker.startRun>> | undefined;
          const start = await outcome(async () => {
            started = await tracker.startRun(startOptions as never);
          });
          if (start === 'error') expect(await storageSnapshot(storage)).toEqual(beforeStart);
          if (started) {
            const beforeEnd = await storageSnapshot(storage);
            if ((await outcome(() => started!.end(endOptions as never))) === 'error') {
              expect(await storageSnapshot(storage)).toEqual(beforeEnd);
              await started.end();
            }
          }

          const beforeStale = await storageSnapshot(storage);
          if ((await outcome(() => tracker.markStaleRuns(staleOptions as never))) === 'error') {
            expect(await storageSnapshot(storage)).toEqual(beforeStale);
          }
          await outcome(() => tracker.searchRuns(searchOptions as never));
        },
      ),
      settings,
    );
  });

  it('logArtifact: paths and content of any shape; a failed call stores nothing', async () => {
    const { tracker, storage } = setup();
    const run = await tracker.startRun({ experiment: 'fuzz' });
    const content = fc.oneof(
      value,
      fc.uint8Array({ maxLength: 64 }),
      fc.array(fc.oneof(fc.uint8Array({ maxLength: 8 }), value), { maxLength: 4 }).map((chunks) =>
        (async function* () {
          yield* chunks;
        })(),
      ),
      fc.record({ path: fc.oneof(fc.string({ maxLength: 20 }), value) }),
    );
    await fc.assert(
      fc.asyncProperty(name, content, async (path, body) => {
        const before = await storageSnapshot(storage);
        if ((await outcome(() => run.logArtifact(path, body as never))) === 'error') {
          expect(await storageSnapshot(storage)).toEqual(before);
        }
      }),
      settings,
    );
  });
});
