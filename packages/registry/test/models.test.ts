import { describe, expect, it } from 'vitest';
import { caught, freshRegistry } from './fixtures.ts';

describe('registered models', () => {
  it('creates, reads, lists and updates models', async () => {
    const { registry } = freshRegistry('ana');
    const created = await registry.createModel('fraud', {
      description: 'card fraud',
      tags: { team: 'risk' },
    });
    expect(created).toMatchObject({
      name: 'fraud',
      description: 'card fraud',
      tags: { team: 'risk' },
      aliases: {},
    });
    expect(created.createdBy).toBe('ana');
    await registry.createModel('churn');
    expect((await registry.listModels()).map((model) => model.name)).toEqual(['churn', 'fraud']);
    const updated = await registry.updateModel('fraud', {
      description: 'card fraud, EU',
      tags: { region: 'eu' },
      deleteTags: ['team'],
    });
    expect(updated.tags).toEqual({ region: 'eu' });
    expect((await registry.getModel('fraud')).description).toBe('card fraud, EU');
  });

  it('rejects a duplicate name with PLINTH_CONFLICT and bad names with PLINTH_VALIDATION before writing', async () => {
    const { registry, storage } = freshRegistry();
    await registry.createModel('fraud');
    expect((await caught(registry.createModel('fraud'))).code).toBe('PLINTH_CONFLICT');
    const before = (await storage.list('')).keys;
    for (const bad of ['', '../etc', 'a/b', 'x'.repeat(300), 'tab\there']) {
      expect((await caught(registry.createModel(bad))).code).toBe('PLINTH_VALIDATION');
    }
    expect((await caught(registry.createModel('ok', { tags: { '/abs': 'x' } }))).code).toBe(
      'PLINTH_VALIDATION',
    );
    expect((await storage.list('')).keys).toEqual(before);
  });

  it('names the models that exist when one is missing', async () => {
    const { registry } = freshRegistry();
    await registry.createModel('fraud');
    await registry.createModel('churn');
    const error = await caught(registry.getModel('fruad'));
    expect(error.code).toBe('PLINTH_NOT_FOUND');
    expect(error.message).toContain('no registered model "fruad"');
    expect(error.message).toContain('"churn", "fraud"');
    const none = freshRegistry().registry;
    expect((await caught(none.getModel('x'))).message).toContain('models that exist: none');
  });

  it('deletes a model and its versions but never reuses version numbers', async () => {
    const { registry } = freshRegistry();
    await registry.createModel('fraud');
    for (const text of ['a', 'b', 'c']) {
      await registry.registerVersion('fraud', { artifact: new TextEncoder().encode(text) });
    }
    await registry.setAlias('fraud', 'champion', 2);
    await registry.deleteModel('fraud', { reason: 'retired' });
    expect((await caught(registry.getVersion('models:/fraud/1'))).code).toBe('PLINTH_NOT_FOUND');
    expect((await registry.listModels()).length).toBe(0);
    await registry.createModel('fraud');
    expect((await caught(registry.getVersion('models:/fraud/latest'))).code).toBe('PLINTH_NOT_FOUND');
    const next = await registry.registerVersion('fraud', { artifact: new TextEncoder().encode('d') });
    expect(next.version).toBe(4);
    expect((await registry.getModel('fraud')).aliases).toEqual({});
  });
});
