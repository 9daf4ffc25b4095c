import { bytesToText, textToBytes } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { codeOf, setup } from '../test/setup.ts';
import { searchRunsTable } from './arrow/index.ts';

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
    const table = await searchRunsTable(tracker, { experiments: ['t'], orderBy: ['attributes.run_name'] });
    expect(table.numRows).toBe(2);
    expect([...table.getChild('run_name')!]).toEqual(['a', 'b']);
    expect([...table.getChild('params.model')!]).toEqual(['mlp', null]);
    expect([...table.getChild('metrics.acc')!]).toEqual([0.7, null]);
    expect([...table.getChild('metrics.loss')!]).toEqual([null, 0.2]);
    expect([...table.getChild('tags.team')!]).toEqual(['risk', null]);
  });
});
