import { listAllKeys, manualClock, PlinthError } from '@plinth/core';
import { describe, expect, it, vi } from 'vitest';
import { codeOf, setup } from '../test/setup.ts';
import { watchedStorage } from '../test/watched-storage.ts';
import { createTracker } from './tracker.ts';

describe('params and tags', () => {
  it('are immutable: the same value again is fine, a different one is PLINTH_CONFLICT and changes nothing', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({ experiment: 'fraud' });
    await run.logParams({ lr: 0.01, model: 'mlp', deep: true });
    await run.logParams({ lr: '0.01' });
    expect(await codeOf(run.logParams({ lr: 0.02, other: 'x' }))).toBe('PLINTH_CONFLICT');
    expect((await tracker.getRun(run.id)).params).toEqual({ lr: '0.01', model: 'mlp', deep: 'true' });
  });

  it('reject over-long values and bad keys with a clear message instead of cutting them', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({});
    await run.logParams({ ok: 'x'.repeat(6000) });
    const error = await run.logParams({ long: 'x'.repeat(6001) }).catch((caught: unknown) => caught);
    expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
    expect((error as Error).message).toContain('at most 6000 characters');
    await run.setTags({ note: 'y'.repeat(8000) });
    expect(await codeOf(run.setTags({ note: 'y'.repeat(8001) }))).toBe('PLINTH_VALIDATION');
    expect(await codeOf(run.logParams({ [`k${'x'.repeat(250)}`]: 1 }))).toBe('PLINTH_VALIDATION');
    expect(await codeOf(run.logParams({ '../x': 1 }))).toBe('PLINTH_VALIDATION');
    const stored = await tracker.getRun(run.id);
    expect(stored.params.ok).toHaveLength(6000);
    expect(stored.params.long).toBeUndefined();
    expect(stored.tags.note).toHaveLength(8000);
  });
});

describe('metrics', () => {
  it('returns an empty history for a key never logged and PLINTH_NOT_FOUND for a run that does not exist', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({});
    expect(await tracker.getMetricHistory(run.id, 'never')).toEqual([]);
    expect(await codeOf(tracker.getMetricHistory('no-such-run', 'loss'))).toBe('PLINTH_NOT_FOUND');
    expect(await codeOf(tracker.getMetricColumns('no-such-run', 'loss'))).toBe('PLINTH_NOT_FOUND');
  });

  it('keep NaN and ±Infinity in the history, the latest value and search order', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({ experiment: 'e', name: 'special' });
    run.logMetric('x', Number.POSITIVE_INFINITY, { step: 0 });
    run.logMetric('x', Number.NEGATIVE_INFINITY, { step: 1 });
    run.logMetric('x', Number.NaN, { step: 2 });
    await run.end();
    const other = await tracker.startRun({ experiment: 'e', name: 'plain' });
    other.logMetric('x', 1e308);
    await other.end();
    const history = await tracker.getMetricHistory(run.id, 'x');
    expect(history.map((point) => point.value)).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ]);
    expect((await tracker.getRun(run.id)).metrics.x!.value).toBeNaN();
    // MLflow's rule: NaN sorts after every number in both directions.
    for (const direction of ['ASC', 'DESC']) {
      const { runs } = await tracker.searchRuns({ experiments: ['e'], orderBy: [`metrics.x ${direction}`] });
      expect(runs.map((found) => found.name)).toEqual(['plain', 'special']);
    }
  });

  it('latest = greatest (step, timestamp) across flushes, whatever the logging order', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({});
    run.logMetric('loss', 0.5, { step: 10, timestamp: 1000 });
    await run.flush();
    run.logMetric('loss', 0.9, { step: 3, timestamp: 5000 });
    run.logMetric('loss', 0.4, { step: 10, timestamp: 2000 });
    run.logMetric('loss', 0.3, { step: 10, timestamp: 1500 });
    await run.flush();
    expect((await tracker.getRun(run.id)).metrics.loss).toEqual({ value: 0.4, step: 10, timestamp: 2000 });
    expect((await tracker.getMetricHistory(run.id, 'loss')).map((point) => point.value)).toEqual([
      0.5, 0.9, 0.4, 0.3,
    ]);
  });

  it('validate at call time: bad input throws at once and nothing of the call is stored', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({});
    expect(() => run.logMetric('bad key!', 1)).toThrow(/metric key/);
    expect(() => run.logMetric('ok', '1' as unknown as number)).toThrow(/must be a number/);
    expect(() => run.logMetric('ok', 1, { step: 1.5 })).toThrow(/safe integer/);
    expect(() => run.logMetric('ok', 1, { timestamp: -1 })).toThrow(/timestamp/);
    expect(() => run.logMetrics({ a: 1, 'b/../c': 2 })).toThrow(/metric key/);
    run.logMetrics({ good: 1, also: 2 }, { step: 4 });
    await run.flush();
    const stored = await tracker.getRun(run.id);
    expect(Object.keys(stored.metrics).sort()).toEqual(['also', 'good']);
    expect(await tracker.getMetricHistory(run.id, 'a')).toEqual([]);
    expect(await tracker.getMetricHistory(run.id, 'ok')).toEqual([]);
  });

  it('flush in the background past bufferPoints, and refuse logging after end()', async () => {
    const storage = watchedStorage();
    const { tracker } = setup({ storage, bufferPoints: 100 });
    const run = await tracker.startRun({});
    for (let step = 0; step < 250; step++) run.logMetric('m', step, { step });
    // Two batches of 100 were sealed and are written in the background, without a flush; 50 stay buffered.
    await storage.written(/\/metrics\/m\//, 2);
    const batches = await listAllKeys(storage, `tracking/runs/${run.id}/metrics/m/`);
    expect(batches.length).toBe(2);
    const written = await tracker.getMetricColumns(run.id, 'm');
    expect(Array.from(written.steps)).toEqual(Array.from({ length: 200 }, (_, step) => step));
    await run.end();
    const history = await tracker.getMetricColumns(run.id, 'm');
    expect(Array.from(history.steps)).toEqual(Array.from({ length: 250 }, (_, step) => step));
    expect(await codeOf(() => run.logMetric('m', 1))).toBe('PLINTH_CLOSED');
  });

  it('ready() waits while more than maxPendingPoints are on their way to storage', async () => {
    const { tracker } = setup({ bufferPoints: 10, maxPendingPoints: 20 });
    const run = await tracker.startRun({});
    const marker = Symbol('pending');
    // An already-resolved ready() wins the race (first in the list); a waiting one loses to the marker.
    expect(await Promise.race([run.ready(), Promise.resolve(marker)])).toBeUndefined();
    for (let step = 0; step < 100; step++) run.logMetric('m', step, { step });
    expect(await Promise.race([run.ready(), Promise.resolve(marker)])).toBe(marker);
    await run.ready();
    await run.flush();
    expect((await tracker.getMetricColumns(run.id, 'm')).values.length).toBe(100);
  });

  it('the compacted search snapshot keeps NaN and ±Infinity for a new tracker', async () => {
    const { tracker, storage } = setup({ compactAfter: 1 });
    const run = await tracker.startRun({ experiment: 'snap' });
    run.logMetrics({
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      ninf: Number.NEGATIVE_INFINITY,
      one: 1,
    });
    await run.end();
    await tracker.searchRuns({ experiments: ['snap'] });
    await tracker.close(); // waits for the background compaction
    expect(await listAllKeys(storage, 'tracking/experiments/')).toContainEqual(
      expect.stringMatching(/index\/manifest\.json$/),
    );
    const fresh = createTracker({ storage, systemTags: false, heartbeatMs: 0, exitHandler: false });
    const [found] = (await fresh.searchRuns({ experiments: ['snap'] })).runs;
    expect(found!.metrics.nan!.value).toBeNaN();
    expect(found!.metrics.inf!.value).toBe(Number.POSITIVE_INFINITY);
    expect(found!.metrics.ninf!.value).toBe(Number.NEGATIVE_INFINITY);
    expect(found!.metrics.one!.value).toBe(1);
  });

  it('store keys with slashes, spaces and colons under a safe storage path', async () => {
    const { tracker, storage } = setup();
    const run = await tracker.startRun({});
    run.logMetric('val/loss: top 1', 2);
    await run.flush();
    expect((await listAllKeys(storage, `tracking/runs/${run.id}/metrics/`))[0]).toContain(
      '/val%2Floss%3A%20top%201/',
    );
    expect(await tracker.getMetricHistory(run.id, 'val/loss: top 1')).toHaveLength(1);
  });
});

describe('runs', () => {
  it('withRun ends finished, or failed and rethrows', async () => {
    const { tracker } = setup();
    const value = await tracker.withRun({ experiment: 'w', name: 'ok' }, async (run) => {
      run.logMetric('m', 1);
      return 42;
    });
    expect(value).toBe(42);
    let failedId = '';
    const boom = new Error('boom');
    await expect(
      tracker.withRun({ experiment: 'w', name: 'bad' }, (run) => {
        failedId = run.id;
        throw boom;
      }),
    ).rejects.toBe(boom);
    const { runs } = await tracker.searchRuns({ experiments: ['w'], orderBy: ['attributes.run_name'] });
    expect(runs.map((run) => [run.name, run.status])).toEqual([
      ['bad', 'failed'],
      ['ok', 'finished'],
    ]);
    expect(runs[0]!.id).toBe(failedId);
    expect(runs[1]!.metrics.m!.value).toBe(1);
    expect(runs[1]!.endTime).toBeGreaterThan(runs[1]!.startTime);
  });

  it('nest through parentRunId, recorded as the mlflow.parentRunId tag', async () => {
    const { tracker } = setup();
    const parent = await tracker.startRun({ experiment: 'n', name: 'parent' });
    const child = await tracker.startRun({ experiment: 'n', name: 'child', parentRunId: parent.id });
    const stored = await tracker.getRun(child.id);
    expect(stored.parentRunId).toBe(parent.id);
    expect(stored.tags['mlflow.parentRunId']).toBe(parent.id);
    const { runs } = await tracker.searchRuns({
      experiments: ['n'],
      filter: `tags.mlflow.parentRunId = '${parent.id}'`,
    });
    expect(runs.map((run) => run.name)).toEqual(['child']);
    expect(await codeOf(tracker.startRun({ parentRunId: '01900000-0000-7000-8000-000000000000' }))).toBe(
      'PLINTH_NOT_FOUND',
    );
  });

  it('rename, soft delete and restore; default experiment and random names', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun();
    expect(run.name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    expect((await tracker.getExperiment(run.experimentId)).name).toBe('Default');
    expect((await tracker.renameRun(run.id, 'renamed')).tags['mlflow.runName']).toBe('renamed');
    await tracker.deleteRun(run.id);
    expect(await codeOf(tracker.deleteRun(run.id))).toBe('PLINTH_CONFLICT');
    expect((await tracker.searchRuns({ experiments: ['Default'] })).runs).toEqual([]);
    expect(
      (await tracker.searchRuns({ experiments: ['Default'], runViewType: 'deleted' })).runs[0]!.name,
    ).toBe('renamed');
    expect(await codeOf(run.logParams({ a: 1 }))).toBe('PLINTH_CONFLICT');
    await tracker.restoreRun(run.id);
    expect((await tracker.searchRuns({ experiments: ['Default'] })).runs.map((found) => found.id)).toEqual([
      run.id,
    ]);
    expect(await codeOf(tracker.getRun('missing'))).toBe('PLINTH_NOT_FOUND');
  });

  it('markStaleRuns kills running runs whose heartbeat is older than the timeout', async () => {
    const { tracker, clock } = setup();
    const stale = await tracker.startRun({ experiment: 's', name: 'stale' });
    clock.advance(60_000);
    const fresh = await tracker.startRun({ experiment: 's', name: 'fresh' });
    const done = await tracker.startRun({ experiment: 's', name: 'done' });
    await done.end();
    clock.advance(1_000);
    await fresh.flush();
    const marked = await tracker.markStaleRuns({ olderThanMs: 30_000 });
    expect(marked.map((run) => run.name)).toEqual(['stale']);
    expect((await tracker.getRun(stale.id)).status).toBe('killed');
    expect((await tracker.getRun(fresh.id)).status).toBe('running');
    expect((await tracker.getRun(done.id)).status).toBe('finished');
  });

  it('refreshes the heartbeat of active runs every heartbeatMs', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const storage = watchedStorage();
      const clock = manualClock(1_000_000);
      const tracker = createTracker({
        storage,
        clock,
        systemTags: false,
        heartbeatMs: 20,
        exitHandler: false,
      });
      const run = await tracker.startRun({});
      const runKey = new RegExp(`/runs/${run.id}/run\\.json$`);
      expect((await tracker.getRun(run.id)).heartbeatAt).toBe(1_000_000);
      clock.advance(5_000);
      vi.advanceTimersByTime(20); // one tick of the heartbeat timer
      await storage.written(runKey, 2); // the run document: created, then the heartbeat
      expect((await tracker.getRun(run.id)).heartbeatAt).toBe(1_005_000);
      await tracker.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('records dataset inputs once per dataset and context, searchable by datasets.*', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({ experiment: 'd' });
    const dataset = { name: 'transactions', digest: 'sha256:ab', source: 's3://bucket/t.parquet' };
    await run.logInput({ dataset, context: 'training' });
    await run.logInput({ dataset, context: 'training' });
    await run.logInput({ dataset, context: 'evaluation' });
    expect((await tracker.getRun(run.id)).inputs).toHaveLength(2);
    expect(await codeOf(run.logInput({ dataset: { name: 'x' } as never }))).toBe('PLINTH_VALIDATION');
    const { runs } = await tracker.searchRuns({
      experiments: ['d'],
      filter: "datasets.context = 'evaluation'",
    });
    expect(runs).toHaveLength(1);
  });
});
