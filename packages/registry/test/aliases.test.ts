import { describe, expect, it } from 'vitest';
import { bytesOf, caught, freshRegistry } from './fixtures.ts';

async function threeVersions() {
  const setup = freshRegistry('ci');
  await setup.registry.createModel('fraud');
  for (const text of ['1', '2', '3'])
    await setup.registry.registerVersion('fraud', { artifact: bytesOf(text) });
  return setup;
}

describe('aliases', () => {
  it('sets, moves and deletes aliases, recording actor, reason, time, from and to', async () => {
    const { registry, clock } = await threeVersions();
    clock.set(Date.UTC(2026, 1, 1));
    expect(await registry.setAlias('fraud', 'champion', 1, { reason: 'first', actor: 'ana' })).toEqual({
      alias: 'champion',
      to: 1,
    });
    expect(await registry.setAlias('fraud', 'champion', 3, { reason: 'beats v1 on AUC' })).toEqual({
      alias: 'champion',
      from: 1,
      to: 3,
    });
    expect((await registry.getVersion('models:/fraud@champion')).version).toBe(3);
    expect((await registry.getModel('fraud')).aliases).toEqual({ champion: 3 });
    expect(await registry.deleteAlias('fraud', 'champion', { reason: 'rollback drill' })).toEqual({
      alias: 'champion',
      from: 3,
    });
    const events = (await registry.history('fraud')).filter((event) => event.type.startsWith('alias'));
    expect(
      events.map(({ type, alias, from, to, actor, reason }) => ({ type, alias, from, to, actor, reason })),
    ).toEqual([
      { type: 'alias_set', alias: 'champion', from: undefined, to: 1, actor: 'ana', reason: 'first' },
      { type: 'alias_moved', alias: 'champion', from: 1, to: 3, actor: 'ci', reason: 'beats v1 on AUC' },
      {
        type: 'alias_deleted',
        alias: 'champion',
        from: 3,
        to: undefined,
        actor: 'ci',
        reason: 'rollback drill',
      },
    ]);
    for (const event of events) expect(event.at).toBeGreaterThanOrEqual(Date.UTC(2026, 1, 1));
    const gone = await caught(registry.getVersion('models:/fraud@champion'));
    expect(gone.code).toBe('PLINTH_NOT_FOUND');
    expect(gone.message).toContain('aliases that exist: none');
  });

  it('rejects reserved alias names as MLflow does', async () => {
    const { registry } = await threeVersions();
    for (const alias of ['latest', 'LATEST', 'v1', 'V12', 'v0']) {
      const error = await caught(registry.setAlias('fraud', alias, 1));
      expect(error.code, alias).toBe('PLINTH_VALIDATION');
      expect(error.message).toContain('reserved');
    }
    await registry.setAlias('fraud', 'v1-candidate', 1);
    await registry.setAlias('fraud', 'latest-good', 2);
    expect((await registry.getModel('fraud')).aliases).toEqual({ 'v1-candidate': 1, 'latest-good': 2 });
  });

  it('refuses aliases to missing versions and deletes of missing aliases, naming what exists', async () => {
    const { registry } = await threeVersions();
    const version = await caught(registry.setAlias('fraud', 'champion', 8));
    expect(version.code).toBe('PLINTH_NOT_FOUND');
    expect(version.message).toContain('versions that exist: 1–3');
    await registry.setAlias('fraud', 'challenger', 2);
    const alias = await caught(registry.deleteAlias('fraud', 'champion'));
    expect(alias.code).toBe('PLINTH_NOT_FOUND');
    expect(alias.message).toContain('"challenger"');
  });

  it('loses no alias move when many writers race (compare-and-set)', async () => {
    const { registry } = await threeVersions();
    await Promise.all(
      Array.from({ length: 30 }, (_, index) => registry.setAlias('fraud', `alias-${index}`, (index % 3) + 1)),
    );
    const aliases = (await registry.getModel('fraud')).aliases;
    expect(Object.keys(aliases).length).toBe(30);
    expect(aliases['alias-4']).toBe(2);
  });
});

describe('stages', () => {
  it('moves versions through stages and archives the incumbent on request', async () => {
    const { registry } = await threeVersions();
    await registry.transitionStage('fraud', 1, 'production');
    await registry.transitionStage('fraud', 2, 'staging', { reason: 'canary' });
    const promoted = await registry.transitionStage('fraud', 2, 'production', {
      archiveExisting: true,
      actor: 'ana',
    });
    expect(promoted.stage).toBe('production');
    expect((await registry.getVersion('models:/fraud/1')).stage).toBe('archived');
    expect((await registry.getVersion('models:/fraud/3')).stage).toBe('none');
    const stages = (await registry.history('fraud'))
      .filter((event) => event.type === 'stage')
      .map(({ version, from, to, actor }) => ({ version, from, to, actor }));
    expect(stages).toEqual([
      { version: 1, from: 'none', to: 'production', actor: 'ci' },
      { version: 2, from: 'none', to: 'staging', actor: 'ci' },
      { version: 2, from: 'staging', to: 'production', actor: 'ana' },
      { version: 1, from: 'production', to: 'archived', actor: 'ana' },
    ]);
    expect((await caught(registry.transitionStage('fraud', 2, 'live' as never))).code).toBe(
      'PLINTH_VALIDATION',
    );
    expect((await caught(registry.transitionStage('fraud', 7, 'staging'))).code).toBe('PLINTH_NOT_FOUND');
  });
});

describe('history', () => {
  it('returns every event in order: created, registered, tag, alias, stage, delete', async () => {
    const { registry } = freshRegistry('ci');
    await registry.createModel('fraud');
    await registry.registerVersion('fraud', { artifact: bytesOf('1') });
    await registry.updateModel('fraud', { tags: { team: 'risk' } });
    await registry.updateVersion('fraud', 1, { tags: { validated: 'true' }, description: 'ok' });
    await registry.setAlias('fraud', 'champion', 1);
    await registry.registerVersion('fraud', { artifact: bytesOf('2') });
    await registry.setAlias('fraud', 'champion', 2);
    await registry.transitionStage('fraud', 2, 'production');
    await registry.deleteAlias('fraud', 'champion');
    await registry.deleteModel('fraud');
    const events = await registry.history('fraud');
    expect(events.map((event) => [event.type, event.version ?? null])).toEqual([
      ['created', null],
      ['registered', 1],
      ['tag', null],
      ['description', 1],
      ['tag', 1],
      ['alias_set', 1],
      ['registered', 2],
      ['alias_moved', 2],
      ['stage', 2],
      ['alias_deleted', 2],
      ['delete', null],
    ]);
    expect(events[2]!.tags).toEqual({ team: 'risk' });
    expect(events.every((event) => event.actor === 'ci' && event.model === 'fraud')).toBe(true);
    const ids = events.map((event) => event.id);
    expect([...ids].sort()).toEqual(ids);
    expect((await caught(registry.history('never'))).code).toBe('PLINTH_NOT_FOUND');
  });
});
