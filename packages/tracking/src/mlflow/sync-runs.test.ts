// syncRuns round trip: local (memory storage) → MLflow (the fake server) → a second local tracker, comparing
// everything a run holds; and a second sync in each direction copies nothing new.
import { memoryStorage } from '@plinth/core/memory';
import { createTracker, type Run, syncRuns, type Tracker } from '@plinth/tracking';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../test/mlflow/fake-server.ts';
import { mlflowTrackingBackend } from './backend.ts';
import { SYNC_SOURCE_TAG } from './sync-runs.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function local(): Tracker {
  const tracker = createTracker({ storage: memoryStorage(), systemTags: false, user: 'ana' });
  closers.push(() => tracker.close());
  return tracker;
}

async function mlflow(): Promise<{ tracker: Tracker; server: FakeServer }> {
  const server = await startFakeServer();
  const tracker = createTracker({ backend: mlflowTrackingBackend({ url: server.url }), systemTags: false });
  closers.push(() => server.close());
  closers.push(() => tracker.close());
  return { tracker, server };
}

/** Everything of a run that must survive the trip, in a comparable form (ids replaced by names). */
async function snapshot(tracker: Tracker, run: Run, names: Map<string, string>) {
  const tags = Object.fromEntries(
    Object.entries(run.tags).filter(([key]) => key !== SYNC_SOURCE_TAG && key !== 'mlflow.parentRunId'),
  );
  const histories: Record<string, unknown> = {};
  for (const key of Object.keys(run.metrics).sort())
    histories[key] = await tracker.getMetricHistory(run.id, key);
  const artifacts: Record<string, string> = {};
  for (const info of await tracker.listArtifacts(run.id)) {
    artifacts[info.path] = Buffer.from(await tracker.downloadArtifact(run.id, info.path)).toString('base64');
  }
  return {
    name: run.name,
    status: run.status,
    startTime: run.startTime,
    endTime: run.endTime,
    parent: run.parentRunId ? names.get(run.parentRunId) : undefined,
    params: { ...run.params },
    tags,
    metrics: { ...run.metrics },
    histories,
    artifacts,
    inputs: run.inputs,
  };
}

async function snapshots(tracker: Tracker, experiment: string) {
  const found = await tracker.backend.getExperimentByName(experiment);
  const page = await tracker.backend.searchRuns({
    experimentIds: [found!.id],
    filter: '',
    orderBy: ['attributes.start_time ASC'],
    maxResults: 100,
    viewType: 'active',
  });
  const names = new Map(page.runs.map((run) => [run.id, run.name]));
  return Promise.all(page.runs.map((run) => snapshot(tracker, run, names)));
}

const nothingNew = {
  experimentsCreated: 0,
  runsCreated: 0,
  points: 0,
  params: 0,
  tags: 0,
  artifacts: 0,
  artifactBytes: 0,
  inputs: 0,
};

describe('syncRuns', () => {
  it('local → MLflow → local keeps everything; a second sync copies nothing new', async () => {
    const source = local();
    const parent = await source.startRun({
      experiment: 'fraud',
      name: 'parent',
      startTime: 1_700_000_000_000,
      tags: { team: 'risk' },
    });
    await parent.logParams({ lr: 0.01, model: 'mlp' });
    for (let step = 0; step < 1500; step++) {
      parent.logMetric('loss', 1 / (step + 1), { step, timestamp: 1_700_000_000_000 + step * 7 });
    }
    parent.logMetric('grad', Number.NaN, { step: 0, timestamp: 1_700_000_000_100 });
    parent.logMetric('grad', Number.POSITIVE_INFINITY, { step: 1, timestamp: 1_700_000_000_200 });
    await parent.logArtifact('notes.txt', new TextEncoder().encode('hello'));
    await parent.logArtifact('model/weights.bin', new Uint8Array([0, 1, 2, 255]));
    await parent.logArtifact('empty.txt', new Uint8Array(0));
    await parent.logInput({
      dataset: {
        name: 'tx',
        digest: 'sha256:ab12',
        source: 'https://data.example.com/tx.parquet',
        rows: 120,
      },
      context: 'training',
    });
    const child = await source.startRun({
      experiment: 'fraud',
      name: 'child',
      startTime: 1_700_000_001_000,
      parentRunId: parent.id,
    });
    child.logMetric('acc', 0.75, { step: 3, timestamp: 1_700_000_001_500 });
    await child.end({ status: 'failed', endTime: 1_700_000_002_000 });
    await parent.end({ status: 'finished', endTime: 1_700_000_003_000 });

    const { tracker: remote, server } = await mlflow();
    const progress: string[] = [];
    const first = await syncRuns({
      from: source,
      to: remote,
      onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.run}`),
    });
    expect(first).toMatchObject({
      experimentsCreated: 1,
      runsCreated: 2,
      points: 1503,
      artifacts: 3,
      artifactBytes: 9,
      inputs: 1,
    });
    expect(progress).toEqual(['1/2 parent', '2/2 child']);
    // the runs in MLflow: names, times, statuses as MLflow stores them
    const [mlflowParent] = [...server.state.runs.values()].filter((run) => run.info.run_name === 'parent');
    expect(mlflowParent!.info).toMatchObject({
      status: 'FINISHED',
      start_time: 1_700_000_000_000,
      end_time: 1_700_000_003_000,
    });
    expect(mlflowParent!.history.length).toBe(1502);

    const again = await syncRuns({ from: source, to: remote });
    expect(again).toMatchObject({ ...nothingNew, runsUnchanged: 2, runsUpdated: 0 });

    const back = local();
    const returned = await syncRuns({ from: remote, to: back, experiment: 'fraud' });
    expect(returned).toMatchObject({ runsCreated: 2, points: 1503, artifacts: 3 });
    expect(await snapshots(back, 'fraud')).toEqual(await snapshots(source, 'fraud'));
    const expected = await snapshots(source, 'fraud');
    expect(expected[0]!.histories).toMatchObject({
      grad: [{ value: Number.NaN }, { value: Number.POSITIVE_INFINITY }],
    });
    expect(expected[1]!.parent).toBe('parent');

    expect(await syncRuns({ from: remote, to: back, experiment: 'fraud' })).toMatchObject({
      ...nothingNew,
      runsUnchanged: 2,
    });
    // and back to MLflow from the returned copy: they are the same runs, nothing is created
    expect(await syncRuns({ from: back, to: remote, experiment: 'fraud' })).toMatchObject({
      ...nothingNew,
      runsUnchanged: 2,
    });
  });

  it('copies only the new tail of a run that kept logging', async () => {
    const source = local();
    const run = await source.startRun({ experiment: 'e', name: 'long' });
    for (let step = 0; step < 10; step++) run.logMetric('loss', step, { step });
    await run.flush();
    const { tracker: remote } = await mlflow();
    expect((await syncRuns({ from: source, to: remote })).points).toBe(10);
    for (let step = 10; step < 15; step++) run.logMetric('loss', step, { step });
    await run.logParams({ late: 'yes' });
    await run.end();
    const second = await syncRuns({ from: source, to: remote });
    expect(second).toMatchObject({ runsUpdated: 1, runsCreated: 0, points: 5, params: 1 });
    const copy = (await remote.searchRuns({ experiments: undefined, filter: "attributes.run_name = 'long'" }))
      .runs[0]!;
    expect((await remote.getMetricHistory(copy.id, 'loss')).map((point) => point.value)).toEqual(
      Array.from({ length: 15 }, (_, i) => i),
    );
    expect(copy.status).toBe('finished');
  });

  it('refuses bad options', async () => {
    const tracker = local();
    for (const options of [
      null,
      {},
      { from: tracker },
      { from: tracker, to: {} },
      { from: tracker, to: tracker, extra: 1 },
      { from: tracker, to: tracker, experiment: 5 },
    ]) {
      await expect(syncRuns(options as never), JSON.stringify(options)).rejects.toMatchObject({
        code: 'PLINTH_VALIDATION',
      });
    }
    await expect(syncRuns({ from: tracker, to: tracker, experiment: 'none' })).rejects.toMatchObject({
      code: 'PLINTH_NOT_FOUND',
    });
  });
});
