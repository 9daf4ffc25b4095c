import { PlinthError, uuidv7 } from '@plinth/core';
import { createTracker } from '@plinth/tracking';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../test/mlflow/fake-server.ts';
import { loadTranscript, startReplayServer } from '../../test/mlflow/replay-server.ts';
import type { NewRun } from '../backend.ts';
import { mlflowTrackingBackend } from './backend.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(): Promise<FakeServer> {
  const server = await startFakeServer();
  cleanups.push(() => server.close());
  return server;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return PlinthError.is(error) ? error.code : `not a PlinthError: ${String(error)}`;
  }
  return 'resolved';
}

const columns = (values: number[], steps: number[], timestamps: number[]) => ({
  values: new Float64Array(values),
  steps: new Float64Array(steps),
  timestamps: new Float64Array(timestamps),
});

/** A promise and its resolver. */
function signal<T = void>() {
  let fire!: (value: T) => void;
  const fired = new Promise<T>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}

describe('mlflowTrackingBackend against the recorded metric-history exchanges', () => {
  it('2500 points go out as the recorded log-batch chunks of 1000/1000/500 and read back over 3 pages', async () => {
    const server = await startReplayServer(loadTranscript('metric-history.json'));
    cleanups.push(() => server.close());
    const backend = mlflowTrackingBackend({ url: server.url, historyPageSize: 1000 });
    cleanups.push(() => backend.close());
    const run = '3d8570ccdf4c4a419a63afb7918d89ed';
    // the recorded rule: step = 0..2499; value = (2500 - step) / 1000; timestamp = 1795321789235 + step
    const steps = Array.from({ length: 2500 }, (_, step) => step);
    const values = steps.map((step) => (2500 - step) / 1000);
    const timestamps = steps.map((step) => 1795321789235 + step);
    await backend.writeMetrics(run, [
      { key: 'loss', columns: columns(values, steps, timestamps), count: 2500 },
    ]);
    expect(server.misses).toEqual([]);
    const history = await backend.readMetricHistory(run, 'loss');
    expect(Array.from(history.values)).toEqual(values);
    expect(Array.from(history.steps)).toEqual(steps);
    expect(Array.from(history.timestamps)).toEqual(timestamps);
    // the latest point only in runs/get
    const stored = await backend.getRun(run);
    expect(stored?.metrics.loss).toEqual({ value: 0.001, step: 2499, timestamp: 1795321789235 + 2499 });
    expect(stored).toMatchObject({ name: 'long-train', experimentId: '9', status: 'running' });
    // the short run, in one page of the default size (max_results=25000 is always sent)
    const short = mlflowTrackingBackend({ url: server.url });
    const ten = await short.readMetricHistory('4f94fa110c5c4d8e9cbf38a865b1af55', 'loss');
    expect(ten.values.length).toBe(10);
    const hundred = mlflowTrackingBackend({ url: server.url, historyPageSize: 100 });
    expect(await hundred.readMetricHistory('4f94fa110c5c4d8e9cbf38a865b1af55', 'nope')).toEqual(
      columns([], [], []),
    );
    // an unknown run answers 200 {} too: an empty history, not an error (the tracker checks the run)
    expect((await hundred.readMetricHistory('00000000000000000000000000000000', 'loss')).values.length).toBe(
      0,
    );
    expect(server.misses).toEqual([]);
  });

  it('search-runs paging with max_results=3 replays the recorded pages', async () => {
    const server = await startReplayServer(loadTranscript('search-runs.json'));
    cleanups.push(() => server.close());
    const backend = mlflowTrackingBackend({ url: server.url });
    const request = {
      experimentIds: ['7', '8'],
      filter: '',
      orderBy: ['attributes.start_time ASC'],
      maxResults: 3,
      viewType: 'active' as const,
    };
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await backend.searchRuns({ ...request, ...(pageToken ? { pageToken } : {}) });
      names.push(...page.runs.map((run) => run.name));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(server.misses).toEqual([]);
    // by hand from the setup calls: start times ascending, 1795321688255 + 1000·i
    expect(names).toEqual([
      'mlp-lr0.01-a',
      'mlp-lr0.1-a',
      'logreg-lr0.01-a',
      'gbm-lr0.1-a',
      'mlp-lr0.01-b',
      'logreg-lr0.1-b',
      'LogReg-lr0.01-B',
      'gbm-lr0.01-b',
    ]);
  });
});

describe('mlflowTrackingBackend against the fake MLflow server', () => {
  const newRun = (experimentId: string, fields: Partial<NewRun> = {}): NewRun => ({
    id: uuidv7(),
    experimentId,
    name: 'run',
    status: 'running',
    lifecycle: 'active',
    startTime: 1000,
    heartbeatAt: 1000,
    params: Object.create(null),
    metrics: Object.create(null),
    tags: Object.create(null),
    inputs: [],
    ...fields,
  });

  it('creates and reads a run: everything but the id, which MLflow assigns', async () => {
    const server = await fake();
    const backend = mlflowTrackingBackend({ url: server.url });
    const experiment = await backend.createExperiment({
      id: uuidv7(),
      name: 'e',
      tags: Object.create(null),
      lifecycle: 'active',
      createdAt: 1,
      updatedAt: 1,
    });
    const fields = newRun(experiment.id, {
      name: 'create',
      user: 'ana',
      params: Object.assign(Object.create(null), { lr: '0.1' }),
      tags: Object.assign(Object.create(null), { team: 'risk' }),
      inputs: [
        {
          dataset: {
            name: 'tx',
            digest: 'sha256:ab',
            source: { type: 'http', uri: 'https://data.example.com/tx.parquet' },
            schema: [{ name: 'amount', dtype: 'float64', nullable: true }],
            rows: 120,
          },
          context: 'training',
        },
      ],
    });
    const run = await backend.createRun(fields);
    expect(run.id).toMatch(/^[0-9a-f]{32}$/);
    expect(run.artifactPrefix).toBe(`mlflow-artifacts:/${experiment.id}/${run.id}/artifacts`);
    const { id: _proposed, ...rest } = fields;
    expect(run).toMatchObject({ ...rest, tags: { team: 'risk', 'mlflow.runName': 'create' } });
    expect(await backend.getRun(run.id)).toEqual(run);
  });

  it('NaN and ±Infinity go out as strings and come back as numbers', async () => {
    const server = await fake();
    const backend = mlflowTrackingBackend({ url: server.url });
    const run = await backend.createRun(newRun('0'));
    await backend.writeMetrics(run.id, [
      {
        key: 'x',
        columns: columns(
          [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5],
          [0, 1, 2, 3],
          [1, 2, 3, 4],
        ),
        count: 4,
      },
    ]);
    const sent = server.state.requests.find((request) => request.path.endsWith('/runs/log-batch'));
    expect(
      (sent!.body as { metrics: Array<{ value: unknown }> }).metrics.map((metric) => metric.value),
    ).toEqual(['NaN', 'Infinity', '-Infinity', 0.5]);
    const history = await backend.readMetricHistory(run.id, 'x');
    expect(Array.from(history.values)).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0.5,
    ]);
    // every request sent max_results to get-history
    const reads = server.state.requests.filter((request) => request.path.endsWith('/metrics/get-history'));
    expect(reads.every((request) => request.query.get('max_results') === '25000')).toBe(true);
  });

  it('a run logged through createTracker: buffered params, metrics and tags go out in log-batch chunks', async () => {
    const server = await fake();
    const tracker = createTracker({ backend: mlflowTrackingBackend({ url: server.url }), systemTags: false });
    const run = await tracker.startRun({ experiment: 'tracked', name: 'r1' });
    await run.logParams(Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, i])));
    for (let step = 0; step < 2100; step++) run.logMetric('loss', 1 / (step + 1), { step });
    await run.end();
    const stored = await tracker.getRun(run.id);
    expect(Object.keys(stored.params).length).toBe(150);
    expect(stored.status).toBe('finished');
    expect((await tracker.getMetricHistory(run.id, 'loss')).length).toBe(2100);
    const batches = server.state.requests
      .filter((request) => request.path.endsWith('/runs/log-batch'))
      .map((request) => request.body as { metrics?: unknown[]; params?: unknown[] });
    expect(
      batches.every((body) => (body.metrics?.length ?? 0) <= 1000 && (body.params?.length ?? 0) <= 100),
    ).toBe(true);
    expect(batches.reduce((sum, body) => sum + (body.metrics?.length ?? 0), 0)).toBe(2100);
    await tracker.close();
  });

  it('the server down: points stay queued and go out when it comes back (refused connections, then 503)', async () => {
    const server = await fake();
    let retried = signal();
    let failures = 0;
    const backend = mlflowTrackingBackend({
      url: server.url,
      retry: { maxAttempts: 2, baseMs: 1, maxDelayMs: 2 },
      outboxRetry: { baseMs: 1, maxDelayMs: 5 },
      onRetry: () => {
        failures += 1;
        if (failures >= 3) retried.fire();
      },
    });
    cleanups.push(() => backend.close());
    const run = await backend.createRun(newRun('0'));
    await server.stop();
    const written = backend.writeMetrics(run.id, [
      { key: 'a', columns: columns([1, 2], [0, 1], [5, 6]), count: 2 },
    ]);
    await retried.fired;
    expect(backend.stats()).toMatchObject({ queued: 2, failing: true, delivered: 0 });
    await server.start();
    await written;
    expect(backend.stats()).toMatchObject({ queued: 0, failing: false, delivered: 2 });
    expect(server.state.runs.get(run.id)?.history.map((point) => point.value)).toEqual([1, 2]);

    failures = 0;
    retried = signal();
    server.state.down = true;
    const again = backend.writeMetrics(run.id, [{ key: 'a', columns: columns([3], [2], [7]), count: 1 }]);
    await retried.fired;
    expect(backend.stats().queued).toBe(1);
    server.state.down = false;
    await again;
    expect(server.state.runs.get(run.id)?.history.map((point) => point.value)).toEqual([1, 2, 3]);
  });

  it('a full outbox drops the oldest waiting entry and counts it', async () => {
    const server = await fake();
    const retried = signal();
    const drops: number[] = [];
    const backend = mlflowTrackingBackend({
      url: server.url,
      retry: { maxAttempts: 1 },
      outboxRetry: { baseMs: 1, maxDelayMs: 5 },
      maxQueuedItems: 10,
      onRetry: () => retried.fire(),
      onDrop: ({ items }) => drops.push(items),
    });
    cleanups.push(() => backend.close());
    const run = await backend.createRun(newRun('0'));
    server.state.down = true;
    const batch = (value: number) => [
      { key: 'a', columns: columns([value, value, value, value], [0, 1, 2, 3], [1, 1, 1, 1]), count: 4 },
    ];
    const first = backend.writeMetrics(run.id, batch(1));
    await retried.fired;
    const second = backend.writeMetrics(run.id, batch(2));
    const third = backend.writeMetrics(run.id, batch(3));
    expect(await codeOf(second)).toBe('PLINTH_OVERLOADED');
    expect(drops).toEqual([4]);
    expect(backend.stats()).toMatchObject({ queued: 8, dropped: 4 });
    expect(
      await codeOf(
        backend.writeMetrics(run.id, [
          {
            key: 'a',
            columns: columns(new Array(11).fill(0), new Array(11).fill(0), new Array(11).fill(0)),
            count: 11,
          },
        ]),
      ),
    ).toBe('PLINTH_OVERLOADED');
    server.state.down = false;
    await first;
    await third;
    expect(server.state.runs.get(run.id)?.history.map((point) => point.value)).toEqual([
      1, 1, 1, 1, 3, 3, 3, 3,
    ]);
  });

  it('close() with the server away rejects what is queued with PLINTH_CLOSED instead of hanging', async () => {
    const server = await fake();
    const retried = signal();
    const backend = mlflowTrackingBackend({
      url: server.url,
      retry: { maxAttempts: 1 },
      outboxRetry: { baseMs: 1, maxDelayMs: 5 },
      onRetry: () => retried.fire(),
    });
    const run = await backend.createRun(newRun('0'));
    server.state.down = true;
    const pending = backend.writeMetrics(run.id, [{ key: 'a', columns: columns([1], [0], [1]), count: 1 }]);
    await retried.fired;
    await backend.close();
    expect(await codeOf(pending)).toBe('PLINTH_CLOSED');
    const late = backend.writeMetrics(run.id, [{ key: 'a', columns: columns([1], [0], [1]), count: 1 }]);
    expect(await codeOf(late)).toBe('PLINTH_CLOSED');
  });

  it('what MLflow cannot express is PLINTH_UNSUPPORTED naming the call; MLflow errors keep their mapped codes', async () => {
    const server = await fake();
    const backend = mlflowTrackingBackend({ url: server.url });
    const run = await backend.createRun(
      newRun('0', { params: Object.assign(Object.create(null), { a: '1' }) }),
    );
    const startTime = backend.updateRun(run.id, (current) => ({ ...current, startTime: 5 }));
    await expect(startTime).rejects.toMatchObject({
      code: 'PLINTH_UNSUPPORTED',
      details: { call: 'updateRun' },
    });
    const removed = backend.updateRun(run.id, (current) => ({ ...current, params: Object.create(null) }));
    await expect(removed).rejects.toMatchObject({ code: 'PLINTH_UNSUPPORTED' });
    const changed = backend.updateRun(run.id, (current) => ({
      ...current,
      params: Object.assign(Object.create(null), { a: '2' }),
    }));
    expect(await codeOf(changed)).toBe('PLINTH_VALIDATION');
    server.state.files.set('x', new Uint8Array(1));
    const foreign = mlflowTrackingBackend({ url: server.url });
    server.state.runs.get(run.id)!.info.artifact_uri = 's3://bucket/run';
    await expect(foreign.putArtifact(run.id, 'a.txt', new Uint8Array(1))).rejects.toMatchObject({
      code: 'PLINTH_UNSUPPORTED',
      details: { call: 'putArtifact' },
    });
    expect(await codeOf(backend.createRun(newRun(uuidv7())))).toBe('PLINTH_NOT_FOUND');
    expect(await backend.getExperiment('not-a-number')).toBeUndefined();
  });

  it('refuses bad options before any request', () => {
    const bad: unknown[] = [
      null,
      'http://x',
      {},
      { url: 5 },
      { url: 'ftp://host' },
      { url: 'not a url' },
      { url: 'http://x', color: 'blue' },
      { url: 'http://x', maxQueuedItems: Number.NaN },
      { url: 'http://x', maxQueuedItems: 0 },
      { url: 'http://x', historyPageSize: 1.5 },
      { url: 'http://x', token: 7 },
      { url: 'http://x', fetch: 'fetch' },
      { url: 'http://x', onRetry: {} },
      JSON.parse('{"url":"http://x","__proto__":{"polluted":1}}'),
    ];
    for (const options of bad) {
      expect(() => mlflowTrackingBackend(options as never), JSON.stringify(options)).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
