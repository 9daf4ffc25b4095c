import { bytesToText, listAllKeys, manualClock, PlinthError, textToBytes } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { describe, expect, it } from 'vitest';
import { createTracker } from './tracker.ts';

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (PlinthError.is(error)) return error.code;
    throw error;
  }
  return undefined;
}

function setup(options: Parameters<typeof createTracker>[0] | object = {}) {
  const storage = memoryStorage();
  const clock = manualClock(Date.UTC(2025, 0, 1), 1);
  const tracker = createTracker({
    storage,
    clock,
    systemTags: false,
    heartbeatMs: 0,
    exitHandler: false,
    ...options,
  });
  return { storage, clock, tracker };
}

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
    const { tracker, storage } = setup({ bufferPoints: 100 });
    const run = await tracker.startRun({});
    for (let step = 0; step < 250; step++) run.logMetric('m', step, { step });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const segments = await listAllKeys(storage, `tracking/runs/${run.id}/metrics/m/`);
    expect(segments.length).toBe(2);
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
      expect.stringMatching(/summary\.json$/),
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
    const tracker = createTracker({
      storage: memoryStorage(),
      systemTags: false,
      heartbeatMs: 20,
      exitHandler: false,
    });
    const run = await tracker.startRun({});
    const first = (await tracker.getRun(run.id)).heartbeatAt;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await tracker.getRun(run.id)).heartbeatAt).toBeGreaterThanOrEqual(first + 20);
    await tracker.close();
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

describe('experiments', () => {
  it('live through create, get by id or name, list, rename, tags, delete and restore', async () => {
    const { tracker } = setup();
    const created = await tracker.createExperiment('fraud', { tags: { team: 'risk' } });
    expect(await codeOf(tracker.createExperiment('fraud'))).toBe('PLINTH_CONFLICT');
    expect(await codeOf(tracker.createExperiment('../etc'))).toBe('PLINTH_VALIDATION');
    expect((await tracker.getExperiment(created.id)).name).toBe('fraud');
    expect((await tracker.getExperiment('fraud')).id).toBe(created.id);
    await tracker.createExperiment('churn');
    expect((await tracker.listExperiments()).map((experiment) => experiment.name)).toEqual([
      'churn',
      'fraud',
    ]);
    await tracker.renameExperiment('fraud', 'fraud-v2');
    expect(await tracker.findExperiment('fraud')).toBeUndefined();
    expect((await tracker.getExperiment('fraud-v2')).id).toBe(created.id);
    expect(await codeOf(tracker.renameExperiment('fraud-v2', 'churn'))).toBe('PLINTH_CONFLICT');
    await tracker.createExperiment('fraud');
    const tagged = await tracker.setExperimentTags('fraud-v2', { owner: 'ana', team: null });
    expect(tagged.tags).toEqual({ owner: 'ana' });
    await tracker.deleteExperiment('churn');
    expect(await codeOf(tracker.deleteExperiment('churn'))).toBe('PLINTH_CONFLICT');
    expect((await tracker.listExperiments()).map((experiment) => experiment.name)).toEqual([
      'fraud',
      'fraud-v2',
    ]);
    expect(
      (await tracker.listExperiments({ viewType: 'deleted' })).map((experiment) => experiment.name),
    ).toEqual(['churn']);
    expect(await codeOf(tracker.createExperiment('churn'))).toBe('PLINTH_CONFLICT');
    expect(await codeOf(tracker.startRun({ experiment: 'churn' }))).toBe('PLINTH_CONFLICT');
    await tracker.restoreExperiment('churn');
    expect((await tracker.startRun({ experiment: 'churn' })).experimentId).toBe(
      (await tracker.getExperiment('churn')).id,
    );
    expect(await codeOf(tracker.getExperiment('nope'))).toBe('PLINTH_NOT_FOUND');
  });

  it('agree on one experiment when many runs create it at once', async () => {
    const { tracker } = setup();
    const runs = await Promise.all(Array.from({ length: 8 }, () => tracker.startRun({ experiment: 'race' })));
    expect(new Set(runs.map((run) => run.experimentId)).size).toBe(1);
  });
});

describe('artifacts', () => {
  it('store bytes, strings and streams; list and download them; reject unsafe paths', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({});
    await run.logArtifact('plots/roc.svg', '<svg/>');
    await run.logArtifact('model/weights.bin', new Uint8Array([1, 2, 3]));
    const chunks = [textToBytes('hello '), textToBytes('stream')];
    await run.logArtifact(
      'logs/out.txt',
      new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
    );
    expect(await tracker.listArtifacts(run.id)).toEqual([
      { path: 'logs/out.txt', size: 12 },
      { path: 'model/weights.bin', size: 3 },
      { path: 'plots/roc.svg', size: 6 },
    ]);
    expect(await tracker.listArtifacts(run.id, 'plots')).toEqual([{ path: 'plots/roc.svg', size: 6 }]);
    expect(bytesToText(await tracker.downloadArtifact(run.id, 'logs/out.txt'))).toBe('hello stream');
    expect([...(await tracker.downloadArtifact(run.id, 'model/weights.bin'))]).toEqual([1, 2, 3]);
    for (const bad of ['../x', '/abs', 'a//b', 'a\\b'])
      expect(await codeOf(run.logArtifact(bad, 'x'))).toBe('PLINTH_VALIDATION');
    expect(await codeOf(tracker.downloadArtifact(run.id, 'missing'))).toBe('PLINTH_NOT_FOUND');
  });
});

describe('search', () => {
  it('pages stably: runs added between pages neither repeat nor hide older ones', async () => {
    const { tracker } = setup({ compactAfter: 5 });
    const names: string[] = [];
    for (let i = 0; i < 12; i++) {
      const run = await tracker.startRun({ experiment: 'p', name: `r${String(i).padStart(2, '0')}` });
      run.logMetric('acc', i % 4);
      await run.end();
      names.push(run.name);
    }
    const seen: string[] = [];
    let pageToken: string | undefined;
    let inserted = 0;
    do {
      const page = await tracker.searchRuns({
        experiments: ['p'],
        orderBy: ['metrics.acc DESC', 'attributes.run_name ASC'],
        maxResults: 5,
        pageToken,
      });
      seen.push(...page.runs.map((run) => run.name));
      pageToken = page.nextPageToken;
      if (inserted++ === 0) {
        const late = await tracker.startRun({ experiment: 'p', name: 'late' });
        late.logMetric('acc', 99);
        await late.end();
      }
    } while (pageToken);
    expect(new Set(seen).size).toBe(seen.length);
    // Hand-sorted: acc 3 (r03 r07 r11), 2 (r02 r06 r10), 1 (r01 r05 r09), 0 (r00 r04 r08); 'late' sorts first, after page 1.
    expect(seen).toEqual([
      'r03',
      'r07',
      'r11',
      'r02',
      'r06',
      'r10',
      'r01',
      'r05',
      'r09',
      'r00',
      'r04',
      'r08',
    ]);
    expect(
      await codeOf(tracker.searchRuns({ experiments: ['p'], filter: 'metrics.acc > 1', pageToken: 'abc' })),
    ).toBe('PLINTH_VALIDATION');
    expect(await codeOf(tracker.searchRuns({ experiments: ['p'], maxResults: 50_001 }))).toBe(
      'PLINTH_VALIDATION',
    );
    expect(await codeOf(tracker.searchRuns({ experiments: ['missing'] }))).toBe('PLINTH_NOT_FOUND');
  });

  it('returns an Arrow table with params, latest metrics and tags as columns', async () => {
    const { tracker } = setup();
    const a = await tracker.startRun({ experiment: 't', name: 'a', tags: { team: 'risk' } });
    await a.logParams({ model: 'mlp' });
    a.logMetric('acc', 0.5, { step: 1 });
    a.logMetric('acc', 0.7, { step: 2 });
    await a.end();
    const b = await tracker.startRun({ experiment: 't', name: 'b' });
    b.logMetric('loss', 0.2);
    await b.end();
    const table = await tracker.searchRunsTable({ experiments: ['t'], orderBy: ['attributes.run_name'] });
    expect(table.numRows).toBe(2);
    expect([...table.getChild('run_name')!]).toEqual(['a', 'b']);
    expect([...table.getChild('params.model')!]).toEqual(['mlp', null]);
    expect([...table.getChild('metrics.acc')!]).toEqual([0.7, null]);
    expect([...table.getChild('metrics.loss')!]).toEqual([null, 0.2]);
    expect([...table.getChild('tags.team')!]).toEqual(['risk', null]);
  });
});
