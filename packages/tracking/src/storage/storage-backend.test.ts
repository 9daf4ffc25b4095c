import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PlinthError } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { describe, expect, it } from 'vitest';
import { trackingBackendContract } from '../testing/backend-contract.ts';
import { storageBackend } from './storage-backend.ts';

trackingBackendContract({
  name: 'storageBackend(memoryStorage)',
  create: () => storageBackend({ storage: memoryStorage() }),
});

let dir = '';
trackingBackendContract({
  name: 'storageBackend(fsStorage)',
  create: async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'plinth-tracking-contract-'));
    return storageBackend({ storage: fsStorage({ dir }), compactAfter: 2 });
  },
  destroy: () => rm(dir, { recursive: true, force: true }),
});

describe('storageBackend options', () => {
  const bad: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['an array', []],
    ['a string', 'memory'],
    ['no storage', {}],
    ['storage null', { storage: null }],
    ['storage a plain object', { storage: { name: 'x' } }],
    ['an unknown key', { storage: memoryStorage(), compactafter: 2 }],
    ['__proto__ as an own key', JSON.parse('{"__proto__": {}}')],
    ['compactAfter NaN', { storage: memoryStorage(), compactAfter: Number.NaN }],
    ['compactAfter 0', { storage: memoryStorage(), compactAfter: 0 }],
    ['compactAfter 1.5', { storage: memoryStorage(), compactAfter: 1.5 }],
    ['compactAfter a string', { storage: memoryStorage(), compactAfter: '4' }],
    ['compactAfter too large', { storage: memoryStorage(), compactAfter: 1_000_001 }],
  ];
  it.each(bad)('rejects %s with PLINTH_VALIDATION', (_label, options) => {
    let caught: unknown;
    try {
      storageBackend(options as never);
    } catch (error) {
      caught = error;
    }
    expect(PlinthError.is(caught, 'PLINTH_VALIDATION')).toBe(true);
    expect((caught as Error).message).toContain('storageBackend options');
  });

  it('accepts storage with and without compactAfter', async () => {
    for (const options of [{ storage: memoryStorage() }, { storage: memoryStorage(), compactAfter: 1 }]) {
      const backend = storageBackend(options);
      expect(backend.name).toBe('storage:memory');
      expect(await backend.listExperiments()).toEqual([]);
    }
  });
});
