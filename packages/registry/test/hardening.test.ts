import { PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { bytesOf, caught, freshRegistry } from './fixtures.ts';

/** Every key and value in the store, to prove a failed call wrote nothing. */
async function snapshot(storage: ReturnType<typeof freshRegistry>['storage']) {
  const { keys } = await storage.list('', { limit: 10_000 });
  return Promise.all(keys.map(async (key) => [key, (await storage.get(key))?.version]));
}

describe('names that are Object.prototype members are data (issue 9)', () => {
  it("deleteAlias('m', 'toString') on an unset alias is PLINTH_NOT_FOUND and not audited", async () => {
    const { registry, storage } = freshRegistry();
    await registry.registerVersion('m', { artifact: bytesOf('1') });
    const before = await snapshot(storage);
    for (const alias of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      const error = await caught(registry.deleteAlias('m', alias));
      expect(error.code, alias).toBe('PLINTH_NOT_FOUND');
      expect(error.message).toContain(`has no alias "${alias}"`);
      expect((await caught(registry.getVersion(`models:/m@${alias}`))).code).toBe('PLINTH_NOT_FOUND');
    }
    expect(await snapshot(storage)).toEqual(before);
    expect((await registry.history('m')).map((event) => event.type)).toEqual(['created', 'registered']);
  });

  it("the first setAlias('m', 'constructor', 1) is alias_set (created), then moves and deletes as data", async () => {
    const { registry } = freshRegistry();
    await registry.registerVersion('m', { artifact: bytesOf('1') });
    await registry.registerVersion('m', { artifact: bytesOf('2') });
    expect(await registry.setAlias('m', 'constructor', 1)).toEqual({ alias: 'constructor', to: 1 });
    expect(await registry.setAlias('m', 'toString', 2)).toEqual({ alias: 'toString', to: 2 });
    expect(await registry.setAlias('m', 'constructor', 2)).toEqual({ alias: 'constructor', from: 1, to: 2 });
    const model = await registry.getModel('m');
    expect(Object.keys(model.aliases).sort()).toEqual(['constructor', 'toString']);
    expect(model.aliases.constructor).toBe(2);
    expect((await registry.getVersion('models:/m@toString')).aliases).toEqual(['constructor', 'toString']);
    expect(await registry.deleteAlias('m', 'toString')).toEqual({ alias: 'toString', from: 2 });
    const aliasEvents = (await registry.history('m'))
      .filter((event) => event.type.startsWith('alias'))
      .map(({ type, alias, from, to }) => [type, alias, from ?? null, to ?? null]);
    expect(aliasEvents).toEqual([
      ['alias_set', 'constructor', null, 1],
      ['alias_set', 'toString', null, 2],
      ['alias_moved', 'constructor', 1, 2],
      ['alias_deleted', 'toString', 2, null],
    ]);
  });

  it('tags, metrics, params and card metrics keyed __proto__, constructor and toString round-trip', async () => {
    const { registry } = freshRegistry();
    const keyed = <T>(value: T) =>
      JSON.parse(JSON.stringify({ __proto__x: value }).replace('__proto__x', '__proto__')) as Record<
        string,
        T
      >;
    const tags = { ...keyed('p'), constructor: 'c', toString: 't' };
    const metrics = { ...keyed(0.5), constructor: 1, toString: 2 };
    const params = { ...keyed('3'), constructor: 4, valueOf: true };
    const version = await registry.registerVersion('m', {
      artifact: bytesOf('1'),
      tags,
      metrics,
      params,
      card: { evaluationMetrics: { ...keyed(0.9), constructor: 0.1 } },
    });
    const again = await registry.getVersion('models:/m/1');
    for (const found of [version, again]) {
      expect(Object.keys(found.tags).sort()).toEqual(['__proto__', 'constructor', 'toString']);
      expect(Object.getOwnPropertyDescriptor(found.tags, '__proto__')?.value).toBe('p');
      expect(Object.getOwnPropertyDescriptor(found.metrics, '__proto__')?.value).toBe(0.5);
      expect(found.params.constructor).toBe('4');
      expect(found.params.valueOf).toBe('true');
      expect(Object.keys(found.card?.evaluationMetrics as object).sort()).toEqual([
        '__proto__',
        'constructor',
      ]);
    }
    await registry.updateModel('m', { tags: keyed('model'), description: 'd' });
    expect(Object.hasOwn((await registry.getModel('m')).tags, '__proto__')).toBe(true);
    await registry.updateModel('m', { deleteTags: ['__proto__'] });
    expect(Object.keys((await registry.getModel('m')).tags)).toEqual([]);
    expect(
      (await registry.searchVersions({ filter: "tags.constructor = 'c'" })).versions.map(
        (found) => found.version,
      ),
    ).toEqual([1]);
    expect(
      (await registry.searchVersions({ filter: "tags.hasOwnProperty LIKE '%native%'" })).versions,
    ).toEqual([]);
  });
});

describe('bad input is a coded error and writes nothing (issue 9)', () => {
  it("deleteVersion('m', '1') (a string) is PLINTH_VALIDATION and getModel/listVersions keep working", async () => {
    const { registry, storage } = freshRegistry();
    await registry.registerVersion('m', { artifact: bytesOf('1') });
    const before = await snapshot(storage);
    for (const version of ['1', 1.5, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, 2 ** 60]) {
      const error = await caught(registry.deleteVersion('m', version as never));
      expect(error.code, String(version)).toBe('PLINTH_VALIDATION');
      expect(error.message).toContain('positive integer');
    }
    expect(await snapshot(storage)).toEqual(before);
    expect((await registry.getModel('m')).deletedVersions).toEqual([]);
    expect((await registry.listVersions('m')).map((version) => version.version)).toEqual([1]);
  });

  it('rejects wrong types, nulls, unknown option keys and huge strings at every entry, before any write', async () => {
    const { registry, storage } = freshRegistry();
    await registry.registerVersion('m', { artifact: bytesOf('1') });
    const huge = 'x'.repeat(100_000);
    const calls: [string, () => Promise<unknown>][] = [
      ['searchVersions filter 123', () => registry.searchVersions({ filter: 123 } as never)],
      ['searchVersions null', () => registry.searchVersions(null as never)],
      ['searchVersions unknown key', () => registry.searchVersions({ filtre: "name = 'm'" } as never)],
      ['searchVersions maxResults NaN', () => registry.searchVersions({ maxResults: Number.NaN })],
      ['searchVersions orderBy string', () => registry.searchVersions({ orderBy: 'name' as never })],
      ['searchVersions bad token', () => registry.searchVersions({ pageToken: 'nope' })],
      ['createModel null name', () => registry.createModel(null as never)],
      ['createModel __proto__', () => registry.createModel('__proto__')],
      ['createModel huge name', () => registry.createModel(huge)],
      ['createModel null options', () => registry.createModel('n', null as never)],
      ['createModel unknown key', () => registry.createModel('n', { descripton: 'x' } as never)],
      ['createModel huge description', () => registry.createModel('n', { description: huge })],
      ['updateModel null', () => registry.updateModel('m', null as never)],
      ['updateModel tags array', () => registry.updateModel('m', { tags: ['a'] as never })],
      ['registerVersion null', () => registry.registerVersion('m', null as never)],
      [
        'registerVersion unknown key',
        () => registry.registerVersion('m', { artifact: 'x', metric: {} } as never),
      ],
      [
        'registerVersion metric NaN',
        () => registry.registerVersion('m', { artifact: 'x', metrics: { a: Number.NaN } }),
      ],
      [
        'registerVersion inputExample fn',
        () => registry.registerVersion('m', { artifact: 'x', inputExample: () => 1 }),
      ],
      [
        'registerVersion inputExample bigint',
        () => registry.registerVersion('m', { artifact: 'x', inputExample: 1n }),
      ],
      ['registerVersion huge actor', () => registry.registerVersion('m', { artifact: 'x', actor: huge })],
      ['registerVersion artifact number', () => registry.registerVersion('m', { artifact: 42 as never })],
      [
        'registerVersion artifact { file }',
        () => registry.registerVersion('m', { artifact: { file: 'a' } as never }),
      ],
      ['setAlias version string', () => registry.setAlias('m', 'champion', '1' as never)],
      ['setAlias version NaN', () => registry.setAlias('m', 'champion', Number.NaN)],
      ['setAlias reason huge', () => registry.setAlias('m', 'champion', 1, { reason: huge })],
      ['setAlias options unknown key', () => registry.setAlias('m', 'champion', 1, { why: 'x' } as never)],
      ['deleteAlias null alias', () => registry.deleteAlias('m', null as never)],
      ['transitionStage live', () => registry.transitionStage('m', 1, 'live' as never)],
      ['transitionStage version string', () => registry.transitionStage('m', '1' as never, 'staging')],
      ['updateVersion version NaN', () => registry.updateVersion('m', Number.NaN, {})],
      ['getVersion number', () => registry.getVersion(123 as never)],
      ['getVersion null', () => registry.getVersion(null as never)],
      ['getVersion object extra key', () => registry.getVersion({ name: 'm', version: 1, x: 1 } as never)],
      [
        'loadArtifact bad sha',
        () => registry.loadArtifact({ name: 'm', version: 1, sha256: '../../x' } as never),
      ],
      ['history null', () => registry.history(null as never)],
      ['exportStatic null', () => registry.exportStatic(null as never)],
      ['exportStatic no target', () => registry.exportStatic({} as never)],
      ['watchAlias NaN', async () => registry.watchAlias('m', 'a', () => {}, { intervalMs: Number.NaN })()],
      ['watchAlias no callback', async () => registry.watchAlias('m', 'a', null as never)()],
    ];
    const before = await snapshot(storage);
    for (const [label, call] of calls) {
      const error = await caught(call);
      expect(PlinthError.is(error), `${label}: ${String(error)}`).toBe(true);
      expect(error.code, label).toBe('PLINTH_VALIDATION');
      expect(error.message, label).toContain('[plinth:registry]');
    }
    expect(await snapshot(storage)).toEqual(before);
  });

  it('a stream that yields a non-byte chunk fails with PLINTH_VALIDATION and stores nothing', async () => {
    const { registry, storage } = freshRegistry();
    await registry.createModel('m');
    const before = await snapshot(storage);
    async function* bad() {
      yield bytesOf('hello');
      yield 42 as unknown as Uint8Array;
    }
    const error = await caught(registry.registerVersion('m', { artifact: bad() }));
    expect(error.code).toBe('PLINTH_VALIDATION');
    expect(error.message).toContain('not a Uint8Array');
    expect(await snapshot(storage)).toEqual(before);
  });

  it('createRegistry options are checked: a missing or double target, unknown keys, a bad clock', async () => {
    const { createRegistry } = await import('@plinth/registry');
    const { memoryStorage } = await import('@plinth/core/memory');
    const storage = memoryStorage();
    for (const options of [
      {},
      null,
      { storage, backend: {} },
      { storage, clok: 1 },
      { storage, clock: () => 1 },
      { storage, actor: '' },
      { storage: 'memory' },
    ]) {
      expect((await caught(() => createRegistry(options as never))).code, JSON.stringify(options)).toBe(
        'PLINTH_VALIDATION',
      );
    }
  });
});

describe('first-hour fixes (issue 10)', () => {
  it('registerVersion creates a missing model (recorded), unless createModel: false', async () => {
    const { registry } = freshRegistry('ci');
    const first = await registry.registerVersion('fresh', { artifact: bytesOf('1') });
    expect(first.version).toBe(1);
    expect((await registry.getModel('fresh')).createdBy).toBe('ci');
    expect((await registry.history('fresh')).map((event) => event.type)).toEqual(['created', 'registered']);
    expect((await registry.registerVersion('fresh', { artifact: bytesOf('2') })).version).toBe(2);
    const refused = await caught(
      registry.registerVersion('other', { artifact: bytesOf('1'), createModel: false }),
    );
    expect(refused.code).toBe('PLINTH_NOT_FOUND');
  });

  it("createModel on an existing model stays PLINTH_CONFLICT, unless ifExists: 'return'", async () => {
    const { registry } = freshRegistry();
    const created = await registry.createModel('m', { description: 'first' });
    expect((await caught(registry.createModel('m'))).code).toBe('PLINTH_CONFLICT');
    const again = await registry.createModel('m', { description: 'ignored', ifExists: 'return' });
    expect(again.description).toBe('first');
    expect(again.createdAt).toBe(created.createdAt);
  });

  it('a string artifact is content (a JSON string is stored as text), never a file path', async () => {
    const { registry } = freshRegistry();
    const json = JSON.stringify({ weights: [1, 2, 3] });
    const version = await registry.registerVersion('m', { artifact: json });
    expect(new TextDecoder().decode(await registry.loadArtifact(version))).toBe(json);
    const path = await registry.registerVersion('m', { artifact: '/etc/hostname' });
    expect(new TextDecoder().decode(await registry.loadArtifact(path))).toBe('/etc/hostname');
  });

  it('searchVersions pages with pageToken / nextPageToken', async () => {
    const { registry } = freshRegistry();
    for (let index = 0; index < 7; index++)
      await registry.registerVersion('m', { artifact: bytesOf(String(index)) });
    const seen: number[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await registry.searchVersions({
        orderBy: ['version ASC'],
        maxResults: 3,
        ...(pageToken ? { pageToken } : {}),
      });
      seen.push(...page.versions.map((version) => version.version));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pages).toBe(3);
    const first = await registry.searchVersions({ orderBy: ['version ASC'], maxResults: 3 });
    const other = await caught(
      registry.searchVersions({ orderBy: ['version DESC'], maxResults: 3, pageToken: first.nextPageToken! }),
    );
    expect(other.code).toBe('PLINTH_VALIDATION');
    expect(other.message).toContain('pageToken');
  });
});
