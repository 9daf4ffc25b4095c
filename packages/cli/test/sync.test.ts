// `plinth sync` run as the real binary against the fake MLflow server: publish a store, sync again (nothing
// new), take the experiment offline into a new store.
import { fsStorage } from '@plinth/core/fs';
import { createTracker } from '@plinth/tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../tracking/test/mlflow/fake-server.ts';
import { plinth, tempDir } from './helpers.ts';

describe('plinth sync', () => {
  let server: FakeServer;
  let dir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    server = await startFakeServer();
    ({ dir, remove } = await tempDir());
    const tracker = createTracker({
      storage: fsStorage({ dir: `${dir}/store` }),
      systemTags: false,
      exitHandler: false,
    });
    await tracker.withRun(
      { experiment: 'fraud', name: 'baseline', startTime: 1_700_000_000_000 },
      async (run) => {
        await run.logParams({ lr: 0.01 });
        for (let step = 0; step < 40; step++)
          run.logMetric('loss', 1 / (step + 1), { step, timestamp: 1_700_000_000_000 + step });
        await run.logArtifact('notes.txt', new TextEncoder().encode('hi'));
      },
    );
    await tracker.close();
  });
  afterAll(async () => {
    await server.close();
    await remove();
  });

  it('publishes the store, then copies nothing new, then takes the experiment offline', {
    timeout: 120_000,
  }, async () => {
    const first = await plinth(['sync', '--dir', `${dir}/store`, '--to', server.url, '--json']);
    expect(first.stderr).toContain('fraud: 1/1 baseline');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ runsCreated: 1, points: 40, params: 1, artifacts: 1 });
    const [run] = server.state.runs.values();
    expect(run!.info).toMatchObject({
      run_name: 'baseline',
      status: 'FINISHED',
      start_time: 1_700_000_000_000,
    });

    const again = await plinth(['sync', '--dir', `${dir}/store`, '--to', server.url, '--json', '--quiet']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      runsCreated: 0,
      runsUnchanged: 1,
      points: 0,
      artifacts: 0,
    });

    const offline = await plinth([
      'sync',
      '--dir',
      `${dir}/offline`,
      '--from',
      server.url,
      '--experiment',
      'fraud',
    ]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain(`copied from ${server.url}: 1 runs created`);
    const copy = createTracker({
      storage: fsStorage({ dir: `${dir}/offline` }),
      systemTags: false,
      exitHandler: false,
    });
    const found = (await copy.searchRuns({ experiments: ['fraud'] })).runs;
    expect(found.map((entry) => entry.name)).toEqual(['baseline']);
    expect((await copy.getMetricHistory(found[0]!.id, 'loss')).length).toBe(40);
    await copy.close();
  });

  it('needs exactly one of --to and --from (exit 2), and says so', async () => {
    const neither = await plinth(['sync', '--dir', dir]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--to');
    const help = await plinth(['sync', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: plinth sync');
  });

  it('a server that is not there is a one-line error and exit 1', async () => {
    const down = await startFakeServer();
    const url = down.url;
    await down.close();
    const result = await plinth(['sync', '--dir', `${dir}/store`, '--to', url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not be reached');
  });
});
