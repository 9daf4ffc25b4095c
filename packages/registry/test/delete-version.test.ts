import type { StorageAdapter } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { createRegistry } from '@plinth/registry';
import { describe, expect, it } from 'vitest';
import { bytesOf, caught, freshRegistry } from './fixtures.ts';

describe('deleteVersion', () => {
  it('removes the version and the aliases on it, records why, and never reuses the number', async () => {
    const { registry } = freshRegistry('ana');
    await registry.createModel('fraud');
    for (const text of ['a', 'b', 'c', 'd'])
      await registry.registerVersion('fraud', { artifact: bytesOf(text) });
    await registry.setAlias('fraud', 'champion', 4);
    await registry.setAlias('fraud', 'shadow', 4);
    await registry.setAlias('fraud', 'challenger', 2);
    await registry.deleteVersion('fraud', 4, { actor: 'ci', reason: 'leaked test data' });
    await registry.deleteVersion('fraud', 2);

    expect((await registry.getModel('fraud')).aliases).toEqual({});
    expect((await registry.listVersions('fraud')).map((version) => version.version)).toEqual([1, 3]);
    // latest is the newest version that still exists.
    expect((await registry.getVersion('models:/fraud/latest')).version).toBe(3);
    const missing = await caught(registry.getVersion('models:/fraud/4'));
    expect(missing.code).toBe('PLINTH_NOT_FOUND');
    expect(missing.message).toContain('versions that exist: 1, 3');
    expect((await caught(registry.getVersion('models:/fraud@champion'))).code).toBe('PLINTH_NOT_FOUND');
    expect((await caught(registry.deleteVersion('fraud', 4))).code).toBe('PLINTH_NOT_FOUND');
    expect((await registry.registerVersion('fraud', { artifact: bytesOf('e') })).version).toBe(5);

    const events = (await registry.history('fraud')).filter((event) => event.at > 0);
    const tail = events.slice(-6, -1).map(({ type, alias, version, actor, reason }) => ({
      type,
      alias,
      version,
      actor,
      reason,
    }));
    expect(tail).toEqual([
      { type: 'alias_deleted', alias: 'champion', version: 4, actor: 'ci', reason: 'leaked test data' },
      { type: 'alias_deleted', alias: 'shadow', version: 4, actor: 'ci', reason: 'leaked test data' },
      { type: 'delete', alias: undefined, version: 4, actor: 'ci', reason: 'leaked test data' },
      { type: 'alias_deleted', alias: 'challenger', version: 2, actor: 'ana', reason: 'version 2 deleted' },
      { type: 'delete', alias: undefined, version: 2, actor: 'ana', reason: undefined },
    ]);
  });

  it('keeps the number when the version deleted was the newest and the counter hint lagged', async () => {
    const { registry, storage } = freshRegistry();
    await registry.createModel('fraud');
    for (const text of ['a', 'b', 'c']) await registry.registerVersion('fraud', { artifact: bytesOf(text) });
    // The counter is a hint that may lag behind the versions that exist (a registering process died before
    // raising it): put it back to 1, then delete the newest version.
    const counterKey = (await storage.list('')).keys.find((key) => key.includes('counter'))!;
    await storage.put(counterKey, JSON.stringify({ latest: 1 }));
    await registry.deleteVersion('fraud', 3);
    expect((await registry.registerVersion('fraud', { artifact: bytesOf('d') })).version).toBe(4);
  });

  it('refuses an alias move that raced the delete of its version (the move writes last)', async () => {
    // A real memory store with a gate: the alias move's write of the model document waits until the delete is done.
    const storage = memoryStorage();
    let gate: Promise<void> | undefined;
    let armed = false;
    let release = () => {};
    let reached = () => {};
    const atWrite = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const gated: StorageAdapter = {
      ...storage,
      put: async (key, value, options) => {
        if (armed && key.startsWith('models/') && options?.ifVersion !== undefined) {
          armed = false;
          reached();
          await gate;
        }
        return storage.put(key, value, options);
      },
    };
    const registry = createRegistry({ storage: gated, actor: 'ci' });
    await registry.createModel('fraud');
    await registry.registerVersion('fraud', { artifact: bytesOf('a') });
    const { version } = await registry.registerVersion('fraud', { artifact: bytesOf('b') });
    gate = new Promise((resolve) => {
      release = resolve;
    });
    armed = true;
    // The move checks that version 2 exists, reads the model document, then waits at its compare-and-set write.
    const move = registry.setAlias('fraud', 'champion', version).then(
      () => 'moved',
      (error: { code?: string }) => error.code,
    );
    await atWrite;
    await registry.deleteVersion('fraud', version);
    release();
    expect(await move).toBe('PLINTH_NOT_FOUND');
    expect((await registry.getModel('fraud')).aliases).toEqual({});
  });
});
