import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PlinthError, type StorageAdapter } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { afterAll, describe, expect, it } from 'vitest';
import { codeOf, setup } from '../test/setup.ts';
import { storageSnapshot } from '../test/storage-snapshot.ts';
import { storageBackend } from './storage/storage-backend.ts';
import { createTracker } from './tracker.ts';

const directories: string[] = [];
/** zod/mini without a locale gives `unknown option "x"` (core's wording); with zod's English locale loaded, its own. */
const unknownKey = (key: string) => new RegExp(`(unknown option|Unrecognized key:) "${key}"`);
afterAll(async () => {
  for (const dir of directories) await rm(dir, { recursive: true, force: true });
});

/** The PlinthError a call fails with (sync or async); fails the test when it succeeds or throws anything else. */
async function failure(call: () => unknown): Promise<PlinthError> {
  try {
    await call();
  } catch (error) {
    expect(PlinthError.is(error), `expected a PlinthError, got ${String(error)}`).toBe(true);
    return error as PlinthError;
  }
  throw new Error('expected the call to fail');
}

/** Asserts the call fails with PLINTH_VALIDATION naming `subject`, and that storage did not change. */
async function rejects(
  storage: StorageAdapter,
  call: () => unknown,
  subject: RegExp | string,
): Promise<void> {
  const before = await storageSnapshot(storage);
  const error = await failure(call);
  expect(error.code, error.message).toBe('PLINTH_VALIDATION');
  expect(error.message).toMatch(subject);
  expect(error.message).toContain('[plinth:tracking]');
  expect(await storageSnapshot(storage)).toEqual(before);
}

describe('markStaleRuns validates olderThanMs before touching a run', () => {
  for (const olderThanMs of [Number.NaN, undefined, 'abc', -60_000, Number.POSITIVE_INFINITY]) {
    it(`olderThanMs: ${String(olderThanMs)} is PLINTH_VALIDATION and a live run stays running`, async () => {
      const { tracker, storage } = setup();
      const run = await tracker.startRun({ experiment: 'live' });
      run.logMetric('loss', 1);
      await run.flush();
      await rejects(
        storage,
        () => tracker.markStaleRuns({ olderThanMs } as never),
        /markStaleRuns options: olderThanMs/,
      );
      expect((await tracker.getRun(run.id)).status).toBe('running');
    });
  }
  it('rejects unknown keys and a missing options object', async () => {
    const { tracker, storage } = setup();
    await rejects(
      storage,
      () => tracker.markStaleRuns({ olderThanMs: 1, olderThan: 5 } as never),
      /olderThan/,
    );
    await rejects(storage, () => tracker.markStaleRuns(undefined as never), /markStaleRuns options/);
  });
});

describe('createTracker options', () => {
  it('user: 123 and a 100,000-character user are rejected, and later searches still work', async () => {
    const storage = memoryStorage();
    const base = { storage, systemTags: false, heartbeatMs: 0, exitHandler: false } as const;
    await rejects(
      storage,
      () => createTracker({ ...base, user: 123 as never }),
      /createTracker options: user/,
    );
    await rejects(
      storage,
      () => createTracker({ ...base, user: 'u'.repeat(100_000) }),
      /user: must be at most 8000/,
    );
    const tracker = createTracker({ ...base, user: 'ana' });
    const run = await tracker.startRun({ experiment: 'e' });
    await run.end();
    const { runs } = await tracker.searchRuns({ experiments: ['e'] });
    expect(runs.map((found) => found.user)).toEqual(['ana']);
  });

  it('null, {}, unknown keys, both storage and backend, and bad numbers are PLINTH_VALIDATION', async () => {
    const storage = memoryStorage();
    await rejects(storage, () => createTracker(null as never), /createTracker options/);
    await rejects(storage, () => createTracker({} as never), /storage: is required/);
    await rejects(storage, () => createTracker({ storage, heartbeat: 5 } as never), unknownKey('heartbeat'));
    await rejects(
      storage,
      () => createTracker({ storage, backend: storageBackend({ storage }) } as never),
      /not both/,
    );
    await rejects(
      storage,
      () => createTracker({ storage: {} as never }),
      /storage: must be a StorageAdapter/,
    );
    await rejects(storage, () => createTracker({ storage, bufferPoints: 0 }), /bufferPoints/);
    await rejects(storage, () => createTracker({ storage, heartbeatMs: Number.NaN }), /heartbeatMs/);
    await rejects(storage, () => createTracker({ storage, systemMetrics: { intervalMs: -1 } }), /intervalMs/);
    await rejects(storage, () => createTracker({ storage, clock: Date.now as never }), /clock/);
  });

  it('the storage backend refuses a run document that would not read back', async () => {
    const storage = memoryStorage();
    const backend = storageBackend({ storage });
    await rejects(
      storage,
      () =>
        backend.createRun({
          id: 'r1',
          experimentId: 'e1',
          name: 'x',
          status: 'running',
          lifecycle: 'active',
          startTime: 0,
          heartbeatAt: 0,
          user: 123 as never,
          params: {},
          metrics: {},
          tags: {},
          inputs: [],
        }),
      /run document "r1": user/,
    );
  });
});

describe('runs: every public entry validates its arguments before writing', () => {
  it('startRun: null, unknown keys, startTime 1e20, a bad name or tags', async () => {
    const { tracker, storage } = setup();
    await rejects(storage, () => tracker.startRun(null as never), /startRun options/);
    await rejects(storage, () => tracker.startRun({ experimnt: 'x' } as never), unknownKey('experimnt'));
    await rejects(
      storage,
      () => tracker.startRun({ startTime: 1e20 }),
      /startTime: must be epoch milliseconds up to year 9999/,
    );
    await rejects(storage, () => tracker.startRun({ startTime: new Date(Number.NaN) }), /startTime/);
    await rejects(storage, () => tracker.startRun({ startTime: -1 }), /startTime/);
    await rejects(storage, () => tracker.startRun({ name: '' }), /name/);
    await rejects(storage, () => tracker.startRun({ tags: { ok: 1 as never } }), /tags/);
    await rejects(storage, () => tracker.startRun({ experiment: 'a', experimentId: 'b' }), /not both/);
    await rejects(storage, () => tracker.startRun({ parentRunId: '../x' }), /parentRunId/);
  });

  it('logMetric/logMetrics: null, unknown options and out-of-range timestamps', async () => {
    const { tracker, storage } = setup();
    const run = await tracker.startRun({});
    await rejects(storage, () => run.logMetrics(null as never), /logMetrics takes an object/);
    await rejects(storage, () => run.logMetric('m', 1, { stp: 1 } as never), /unknown metric option "stp"/);
    await rejects(storage, () => run.logMetric('m', 1, null as never), /metric options must be an object/);
    await rejects(storage, () => run.logMetric('m', 1, { timestamp: 1e20 }), /timestamp/);
    await rejects(storage, () => run.logMetric(null as never, 1), /metric key/);
    await run.flush();
    expect(await tracker.getMetricHistory(run.id, 'm')).toEqual([]);
  });

  it('params, tags, inputs: null and non-object arguments', async () => {
    const { tracker, storage } = setup();
    const run = await tracker.startRun({});
    await rejects(storage, () => run.logParams(null as never), /params/);
    await rejects(storage, () => run.logParams([] as never), /params/);
    await rejects(storage, () => run.setTags('x' as never), /tags/);
    await rejects(storage, () => run.logInput(null as never), /run input/);
    await rejects(
      storage,
      () => run.logInput({ dataset: { name: 'd', digest: 'x' }, contxt: 'training' } as never),
      /contxt/,
    );
  });

  it('end: null, unknown keys, a bad status; endTime is validated and kept', async () => {
    const { tracker, storage } = setup();
    const run = await tracker.startRun({ startTime: 5_000 });
    await rejects(storage, () => run.end(null as never), /end options/);
    await rejects(storage, () => run.end({ stauts: 'failed' } as never), unknownKey('stauts'));
    await rejects(storage, () => run.end({ status: 'running' } as never), /status/);
    await rejects(
      storage,
      () => run.end({ endTime: 4_999 }),
      /endTime: must not be before the run's start time/,
    );
    await rejects(storage, () => run.end({ endTime: 1e20 }), /endTime/);
    const ended = await run.end({ status: 'failed', endTime: new Date(9_000) });
    expect(ended).toMatchObject({ status: 'failed', endTime: 9_000 });
    expect(await codeOf(run.end())).toBe('PLINTH_CLOSED');
  });

  it('getters and searches: null keys, ids and requests', async () => {
    const { tracker, storage } = setup();
    const run = await tracker.startRun({ experiment: 'g' });
    await rejects(storage, () => tracker.getMetricHistory(run.id, null as never), /metric key/);
    await rejects(storage, () => tracker.getRun(null as never), /run id/);
    await rejects(storage, () => tracker.getRun('a/../b'), /run id/);
    await rejects(storage, () => tracker.searchRuns(null as never), /searchRuns request/);
    await rejects(storage, () => tracker.searchRuns({ filter: 123 } as never), /filter/);
    await rejects(storage, () => tracker.searchRuns({ filtr: 'x' } as never), unknownKey('filtr'));
    await rejects(storage, () => tracker.searchRuns({ maxResults: 0 }), /maxResults/);
    await rejects(storage, () => tracker.searchRuns({ runViewType: 'some' as never }), /runViewType/);
    await rejects(storage, () => tracker.renameRun(run.id, ''), /run name/);
    await rejects(storage, () => tracker.listArtifacts(run.id, '../x'), /artifact directory/);
    await rejects(storage, () => tracker.downloadArtifact(run.id, null as never), /artifact path/);
    await rejects(storage, () => tracker.getExperiment(null as never), /experiment/);
    await rejects(storage, () => tracker.createExperiment('x', { tag: {} } as never), unknownKey('tag'));
    await rejects(storage, () => tracker.listExperiments({ viewType: 'x' as never }), /viewType/);
    await rejects(storage, () => tracker.setExperimentTags('g', null as never), /experiment tags/);
    await rejects(storage, () => tracker.withRun({}, null as never), /body/);
  });
});

describe('artifacts: content, { path } and streams', () => {
  const cases: Array<[string, () => StorageAdapter | Promise<StorageAdapter>]> = [
    ['memoryStorage', () => memoryStorage()],
    [
      'fsStorage',
      async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'plinth-tracking-artifact-'));
        directories.push(dir);
        return fsStorage({ dir });
      },
    ],
  ];
  for (const [label, make] of cases) {
    it(`a stream yielding 'hello' then 42 fails with PLINTH_VALIDATION and stores nothing (${label})`, async () => {
      const { tracker, storage } = setup({ storage: await make() });
      const run = await tracker.startRun({});
      async function* chunks() {
        yield 'hello';
        yield 42;
      }
      await rejects(storage, () => run.logArtifact('a.txt', chunks() as never), /stream chunk is string/);
      const bytesThenNumber = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('hello'));
          controller.enqueue(42);
          controller.close();
        },
      });
      await rejects(
        storage,
        () => run.logArtifact('b.txt', bytesThenNumber as never),
        /stream chunk is number/,
      );
      expect(await tracker.listArtifacts(run.id)).toEqual([]);
    });
  }

  it('accepts a string, Uint8Array, ArrayBuffer, ReadableStream, AsyncIterable and { path }', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({});
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    await run.logArtifact('s.txt', 'plain text, not a path');
    await run.logArtifact('u.bin', new Uint8Array([1, 2, 3]));
    await run.logArtifact('a.bin', new Uint8Array([4, 5]).buffer);
    await run.logArtifact(
      'r.txt',
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('re'));
          controller.enqueue(new TextEncoder().encode('adable'));
          controller.close();
        },
      }),
    );
    await run.logArtifact(
      'i.txt',
      (async function* () {
        yield new TextEncoder().encode('iter');
      })(),
    );
    const file = path.join(import.meta.dirname, '..', 'package.json');
    await run.logArtifact('package.json', { path: file });
    expect(text(await tracker.downloadArtifact(run.id, 's.txt'))).toBe('plain text, not a path');
    expect([...(await tracker.downloadArtifact(run.id, 'u.bin'))]).toEqual([1, 2, 3]);
    expect([...(await tracker.downloadArtifact(run.id, 'a.bin'))]).toEqual([4, 5]);
    expect(text(await tracker.downloadArtifact(run.id, 'r.txt'))).toBe('readable');
    expect(text(await tracker.downloadArtifact(run.id, 'i.txt'))).toBe('iter');
    expect(JSON.parse(text(await tracker.downloadArtifact(run.id, 'package.json'))).name).toBe(
      '@plinth/tracking',
    );
  });

  it('rejects other content, a { path } with other keys, and a missing local file', async () => {
    const { tracker, storage } = setup();
    const run = await tracker.startRun({});
    await rejects(storage, () => run.logArtifact('x', 123 as never), /artifact content: .*received number/);
    await rejects(storage, () => run.logArtifact('x', null as never), /received null/);
    await rejects(storage, () => run.logArtifact('x', [1, 2] as never), /received an array/);
    await rejects(storage, () => run.logArtifact('x', { path: 'a', extra: 1 } as never), /artifact content/);
    await rejects(storage, () => run.logArtifact('../x', 'content'), /artifact path/);
    expect(await codeOf(run.logArtifact('x', { path: path.join(os.tmpdir(), 'no-such-file-plinth') }))).toBe(
      'PLINTH_NOT_FOUND',
    );
  });
});
