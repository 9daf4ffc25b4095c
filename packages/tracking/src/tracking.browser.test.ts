import { idbStorage } from '@plinth/core/idb';
import { describe, expect, it } from 'vitest';
import { searchRunsTable } from './arrow/index.ts';
import { createTracker } from './tracker.ts';

describe('tracking in Chromium on idbStorage', () => {
  it('logs a run, reads its history back, and finds it with a search', async () => {
    const database = `plinth-tracking-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const tracker = createTracker({ storage: idbStorage({ database }), heartbeatMs: 0 });
    const run = await tracker.startRun({ experiment: 'browser', name: 'in-page', tags: { team: 'web' } });
    await run.logParams({ model: 'mlp', lr: 0.01 });
    for (let step = 0; step < 1000; step++) run.logMetric('loss', 1 / (step + 1), { step });
    run.logMetric('odd', Number.NaN);
    await run.logArtifact('notes/readme.txt', 'hello from chromium');
    await run.end();

    const stored = await tracker.getRun(run.id);
    expect(stored.tags['plinth.user_agent']).toContain('Chrome');
    expect(stored.metrics.loss).toMatchObject({ value: 1 / 1000, step: 999 });
    expect(stored.metrics.odd!.value).toBeNaN();
    const history = await tracker.getMetricColumns(run.id, 'loss');
    expect(history.values.length).toBe(1000);
    expect(history.values[9]).toBe(1 / 10);

    const other = await tracker.startRun({ experiment: 'browser', name: 'other' });
    await other.logParams({ model: 'gbm' });
    await other.end();
    const { runs } = await tracker.searchRuns({
      experiments: ['browser'],
      filter: "params.model = 'mlp' and metrics.loss < 0.01",
      orderBy: ['metrics.loss ASC'],
    });
    expect(runs.map((found) => found.name)).toEqual(['in-page']);
    const table = await searchRunsTable(tracker, {
      experiments: ['browser'],
      orderBy: ['attributes.run_name'],
    });
    expect([...table.getChild('params.model')!]).toEqual(['mlp', 'gbm']);
    expect(new TextDecoder().decode(await tracker.downloadArtifact(run.id, 'notes/readme.txt'))).toBe(
      'hello from chromium',
    );
    await tracker.close();
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(database);
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
    });
  });
});
