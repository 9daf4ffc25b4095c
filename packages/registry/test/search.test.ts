import type { ModelVersion } from '@plinth/registry';
import { describe, expect, it, vi } from 'vitest';
import { bytesOf, caught, freshRegistry } from './fixtures.ts';

async function populated() {
  const setup = freshRegistry();
  const { registry } = setup;
  await registry.createModel('fraud');
  await registry.createModel('churn');
  await registry.registerVersion('fraud', {
    artifact: bytesOf('f1'),
    tags: { validated: 'true' },
    runId: 'r1',
  });
  await registry.registerVersion('fraud', {
    artifact: bytesOf('f2'),
    tags: { validated: 'false' },
    runId: 'r2',
  });
  await registry.registerVersion('fraud', {
    artifact: bytesOf('f3'),
    tags: { validated: 'true' },
    runId: 'r3',
  });
  await registry.registerVersion('churn', { artifact: bytesOf('c1'), tags: { validated: 'true' } });
  await registry.setAlias('fraud', 'champion', 3);
  await registry.transitionStage('fraud', 1, 'production');
  return setup;
}

const ids = ({ versions }: { versions: ModelVersion[] }) =>
  versions.map((version) => `${version.name}/${version.version}`);

describe('searchVersions', () => {
  it('filters on name, version, tags, run id, stage and alias', async () => {
    const { registry } = await populated();
    const search = async (filter: string) => ids(await registry.searchVersions({ filter }));
    expect(await search("name = 'fraud' and tags.validated = 'true'")).toEqual(['fraud/3', 'fraud/1']);
    expect(await search("tags.validated = 'true'")).toEqual(['churn/1', 'fraud/3', 'fraud/1']);
    expect(await search("name = 'fraud' and version >= 2")).toEqual(['fraud/3', 'fraud/2']);
    expect(await search("run_id = 'r2'")).toEqual(['fraud/2']);
    expect(await search("stage = 'production'")).toEqual(['fraud/1']);
    expect(await search("alias = 'champion'")).toEqual(['fraud/3']);
    expect(await search("name LIKE 'ch%'")).toEqual(['churn/1']);
    expect(await search('')).toEqual(['churn/1', 'fraud/3', 'fraud/2', 'fraud/1']);
  });

  it('orders and limits results', async () => {
    const { registry } = await populated();
    const ordered = await registry.searchVersions({ orderBy: ['created_at DESC'], maxResults: 2 });
    expect(ids(ordered)).toEqual(['churn/1', 'fraud/3']);
    const byVersion = await registry.searchVersions({ filter: "name = 'fraud'", orderBy: ['version ASC'] });
    expect(ids(byVersion)).toEqual(['fraud/1', 'fraud/2', 'fraud/3']);
    expect((await caught(registry.searchVersions({ orderBy: ['colour'] }))).code).toBe('PLINTH_VALIDATION');
    expect((await caught(registry.searchVersions({ filter: 'size > 3' }))).code).toBe('PLINTH_VALIDATION');
    expect((await caught(registry.searchVersions({ maxResults: 0 }))).code).toBe('PLINTH_VALIDATION');
  });
});

describe('watchAlias', () => {
  it('calls back with the current version, then on every move, until stopped (fake timers)', async () => {
    const { registry } = await populated();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const seen: (number | undefined)[] = [];
      let notify: () => void = () => {};
      const next = () => new Promise<void>((resolve) => (notify = resolve));
      let waiting = next();
      const stop = registry.watchAlias(
        'fraud',
        'champion',
        (version) => {
          seen.push(version?.version);
          notify();
        },
        { intervalMs: 1000 },
      );
      await waiting;
      expect(seen).toEqual([3]);
      // No change: polls find the same version and stay quiet.
      await vi.advanceTimersByTimeAsync(3000);
      expect(seen).toEqual([3]);
      waiting = next();
      await registry.setAlias('fraud', 'champion', 1);
      await vi.advanceTimersByTimeAsync(1000);
      await waiting;
      waiting = next();
      await registry.deleteAlias('fraud', 'champion');
      await vi.advanceTimersByTimeAsync(1000);
      await waiting;
      expect(seen).toEqual([3, 1, undefined]);
      stop();
      expect(vi.getTimerCount()).toBe(0);
      await registry.setAlias('fraud', 'champion', 2);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(seen).toEqual([3, 1, undefined]);
    } finally {
      vi.useRealTimers();
    }
  });
});
