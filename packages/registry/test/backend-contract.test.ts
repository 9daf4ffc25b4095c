import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PlinthError } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { storageBackend } from '@plinth/registry';
import { registryBackendContract } from '@plinth/registry/testing';
import { describe, expect, it } from 'vitest';

registryBackendContract({
  name: 'storageBackend(memoryStorage)',
  create: () => storageBackend({ storage: memoryStorage() }),
});

let directory = '';
registryBackendContract({
  name: 'storageBackend(fsStorage)',
  create: async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'plinth-registry-contract-'));
    return storageBackend({ storage: fsStorage({ dir: directory }) });
  },
  destroy: () => rm(directory, { recursive: true, force: true }),
});

describe('storageBackend options', () => {
  it('takes { storage } like tracking, and still the deprecated positional storage', async () => {
    const storage = memoryStorage();
    const backend = storageBackend({ storage });
    await backend.putModel(
      {
        name: 'm',
        description: '',
        tags: {},
        aliases: {},
        deletedVersions: [],
        createdAt: 1,
        updatedAt: 1,
        createdBy: 't',
        sequence: 1,
        id: 'x',
      },
      { ifNotExists: true },
    );
    expect(await storage.stat('models/m.json')).toBeDefined();
    expect((await storageBackend(storage).getModel('m'))?.value.name).toBe('m');
  });

  it('rejects anything else with PLINTH_VALIDATION naming the field', () => {
    const probes: [unknown, string][] = [
      [undefined, 'options'],
      [null, 'options'],
      ['memory', 'options'],
      [{}, 'options.storage'],
      [{ storage: {} }, 'options.storage'],
      [{ storage: memoryStorage(), compactAfter: 2 }, 'options.compactAfter'],
      [JSON.parse('{"__proto__": {}}'), 'options.__proto__'],
    ];
    for (const [argument, path] of probes) {
      let caught: unknown;
      try {
        storageBackend(argument as never);
      } catch (error) {
        caught = error;
      }
      expect(PlinthError.is(caught, 'PLINTH_VALIDATION'), String(path)).toBe(true);
      const { issues } = (caught as PlinthError).details as { issues: { path: string }[] };
      expect(issues[0]?.path).toBe(path);
    }
  });
});
