import { PlinthError } from '@plinth/core';
import { afterAll, beforeAll, describe, expect, it as vitestIt } from 'vitest';
import type { RegistryBackend } from '../backend.ts';
import type { RegistryEvent } from '../schemas/event.ts';
import type { RegisteredModel } from '../schemas/model.ts';
import type { StoredModelVersion } from '../schemas/version.ts';

/**
 * Stable names of the contract's cases. A backend that cannot express one (a remote registry without
 * compare-and-set, say) lists it in `skip`; names never change once published.
 */
export const REGISTRY_BACKEND_CASES = [
  'model: absent reads undefined; create-only write, then read back as written',
  'model: create-only on an existing model is PLINTH_CONFLICT and changes nothing',
  'model: compare-and-set with a stale version is PLINTH_CONFLICT; with the current one it wins',
  'model: of N concurrent compare-and-set writers of one version, exactly one wins',
  'model: own-key maps round-trip (aliases and tags named __proto__, constructor, toString)',
  'model: delete with the current version; a stale version is PLINTH_CONFLICT',
  'model: listModels names every model, sorted',
  'version: a number is claimed once; of concurrent claimers exactly one wins',
  'version: read back as written, compare-and-set, list ascending, delete',
  'counter: create-only, then compare-and-set',
  'blob: bytes and streams round-trip; create-only conflicts; delete',
  'blob: a stream that fails midway stores nothing',
  'event: appended events list back, per model',
] as const;

/** One case of {@link registryBackendContract}. */
export type RegistryBackendCase = (typeof REGISTRY_BACKEND_CASES)[number];

/** Options of {@link registryBackendContract}. */
export interface RegistryBackendContractOptions {
  /** Suite name, e.g. `storageBackend(fsStorage)`. */
  name: string;
  /** Makes a fresh, empty, writable backend. Called once for the suite. */
  create: () => RegistryBackend | Promise<RegistryBackend>;
  /** Removes what `create` made (temp directories, databases). */
  destroy?: (backend: RegistryBackend) => void | Promise<void>;
  /** Concurrent writers in the compare-and-set races. @default 8 */
  writers?: number;
  /** Cases this backend cannot express, by name; they are not run. @default [] */
  skip?: readonly RegistryBackendCase[];
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(PlinthError.is(error), `expected a PlinthError, got ${String(error)}`).toBe(true);
    return (error as PlinthError).code;
  }
  return 'resolved';
}

const ownMap = <V>(entries: [string, V][]): Record<string, V> => {
  const map: Record<string, V> = Object.create(null);
  for (const [key, value] of entries) map[key] = value;
  return map;
};

function model(name: string, overrides: Partial<RegisteredModel> = {}): RegisteredModel {
  return {
    name,
    description: '',
    tags: Object.create(null),
    aliases: Object.create(null),
    deletedVersions: [],
    createdAt: 1,
    updatedAt: 1,
    createdBy: 'contract',
    sequence: 1,
    id: `id-${name}`,
    ...overrides,
  };
}

function version(
  name: string,
  number: number,
  overrides: Partial<StoredModelVersion> = {},
): StoredModelVersion {
  return {
    name,
    version: number,
    semver: '1.0.0',
    sha256: 'a'.repeat(64),
    size: 3,
    createdAt: 1,
    updatedAt: 1,
    createdBy: 'contract',
    format: 'onnx',
    metrics: Object.create(null),
    params: Object.create(null),
    tags: Object.create(null),
    description: '',
    datasets: [],
    stage: 'none',
    sequence: 1,
    ...overrides,
  };
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const bytes: number[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes.push(...value);
  }
}

/**
 * The contract every {@link RegistryBackend} meets, case by case with stable names: documents read back as
 * written (own-key maps included), create-only and compare-and-set writes with exactly one winner among
 * concurrent writers, version claims, counters, blobs from bytes and streams (a failing stream stores
 * nothing), events, and listings. Call it inside a test file.
 *
 * @example
 * ```ts
 * registryBackendContract({ name: 'storageBackend(memory)', create: () => storageBackend({ storage: memoryStorage() }) });
 * ```
 */
export function registryBackendContract(options: RegistryBackendContractOptions): void {
  const writers = options.writers ?? 8;
  const skipped = new Set<string>(options.skip ?? []);
  /** `it` unless skipped; `title` is shown instead of the case name when given. */
  const it = (name: RegistryBackendCase, body: () => Promise<void>, title: string = name) => {
    if (!skipped.has(name)) vitestIt(title, body);
  };

  describe(`registry backend contract: ${options.name}`, () => {
    let backend: RegistryBackend;
    beforeAll(async () => {
      backend = await options.create();
    });
    afterAll(async () => {
      await backend.close?.();
      await options.destroy?.(backend);
    });

    it('model: absent reads undefined; create-only write, then read back as written', async () => {
      expect(await backend.getModel('m-absent')).toBeUndefined();
      const written = model('m-crud', { description: 'd', tags: ownMap([['team', 'risk']]) });
      const token = await backend.putModel(written, { ifNotExists: true });
      const read = await backend.getModel('m-crud');
      expect(read?.version).toBe(token);
      expect(read?.value).toEqual(written);
      expect(backend.readOnly).toBe(false);
    });

    it('model: create-only on an existing model is PLINTH_CONFLICT and changes nothing', async () => {
      await backend.putModel(model('m-taken'), { ifNotExists: true });
      expect(
        await codeOf(backend.putModel(model('m-taken', { description: 'x' }), { ifNotExists: true })),
      ).toBe('PLINTH_CONFLICT');
      expect((await backend.getModel('m-taken'))?.value.description).toBe('');
    });

    it('model: compare-and-set with a stale version is PLINTH_CONFLICT; with the current one it wins', async () => {
      const first = await backend.putModel(model('m-cas'), { ifNotExists: true });
      const second = await backend.putModel(model('m-cas', { sequence: 2 }), { ifVersion: first });
      expect(second).not.toBe(first);
      expect(await codeOf(backend.putModel(model('m-cas', { sequence: 9 }), { ifVersion: first }))).toBe(
        'PLINTH_CONFLICT',
      );
      expect((await backend.getModel('m-cas'))?.value.sequence).toBe(2);
    });

    it(
      'model: of N concurrent compare-and-set writers of one version, exactly one wins',
      async () => {
        const token = await backend.putModel(model('m-race'), { ifNotExists: true });
        const results = await Promise.all(
          Array.from({ length: writers }, (_, index) =>
            codeOf(
              backend.putModel(model('m-race', { description: `writer ${index}` }), { ifVersion: token }),
            ),
          ),
        );
        expect(results.filter((code) => code === 'resolved').length).toBe(1);
        expect(results.filter((code) => code === 'PLINTH_CONFLICT').length).toBe(writers - 1);
      },
      `model: of ${writers} concurrent compare-and-set writers of one version, exactly one wins`,
    );

    it('model: own-key maps round-trip (aliases and tags named __proto__, constructor, toString)', async () => {
      const aliases = ownMap([
        ['constructor', 1],
        ['toString', 2],
      ]);
      const tags = ownMap([
        ['__proto__', 'p'],
        ['constructor', 'c'],
      ]);
      await backend.putModel(model('m-own', { aliases, tags }), { ifNotExists: true });
      const read = (await backend.getModel('m-own'))!.value;
      expect(Object.keys(read.aliases).sort()).toEqual(['constructor', 'toString']);
      expect(read.aliases.constructor).toBe(1);
      expect(Object.keys(read.tags).sort()).toEqual(['__proto__', 'constructor']);
      expect(Object.getOwnPropertyDescriptor(read.tags, '__proto__')?.value).toBe('p');
    });

    it('model: delete with the current version; a stale version is PLINTH_CONFLICT', async () => {
      const token = await backend.putModel(model('m-delete'), { ifNotExists: true });
      const newer = await backend.putModel(model('m-delete', { sequence: 2 }), { ifVersion: token });
      expect(await codeOf(backend.deleteModel('m-delete', { ifVersion: token }))).toBe('PLINTH_CONFLICT');
      expect(await backend.deleteModel('m-delete', { ifVersion: newer })).toBe(true);
      expect(await backend.getModel('m-delete')).toBeUndefined();
    });

    it('model: listModels names every model, sorted', async () => {
      await backend.putModel(model('m-list b'), { ifNotExists: true });
      await backend.putModel(model('m-list a'), { ifNotExists: true });
      const names = await backend.listModels();
      expect(names).toBeDefined();
      expect(names!.filter((name) => name.startsWith('m-list'))).toEqual(['m-list a', 'm-list b']);
      expect([...names!].sort()).toEqual(names);
    });

    it('version: a number is claimed once; of concurrent claimers exactly one wins', async () => {
      expect(await backend.getVersion('v-claim', 1)).toBeUndefined();
      expect(await backend.hasVersion('v-claim', 1)).toBe(false);
      const results = await Promise.all(
        Array.from({ length: writers }, (_, index) =>
          codeOf(
            backend.putVersion(version('v-claim', 1, { createdBy: `w${index}` }), { ifNotExists: true }),
          ),
        ),
      );
      expect(results.filter((code) => code === 'resolved').length).toBe(1);
      expect(await backend.hasVersion('v-claim', 1)).toBe(true);
    });

    it('version: read back as written, compare-and-set, list ascending, delete', async () => {
      const written = version('v-crud', 2, {
        metrics: ownMap([['constructor', 0.5]]),
        params: ownMap([['__proto__', 'x']]),
        inputExample: { $x: [1, 'two', null] },
      });
      const token = await backend.putVersion(written, { ifNotExists: true });
      await backend.putVersion(version('v-crud', 10), { ifNotExists: true });
      await backend.putVersion(version('v-crud', 1), { ifNotExists: true });
      expect((await backend.getVersion('v-crud', 2))?.value).toEqual(written);
      await backend.putVersion({ ...written, stage: 'production', sequence: 2 }, { ifVersion: token });
      expect(await codeOf(backend.putVersion({ ...written, stage: 'archived' }, { ifVersion: token }))).toBe(
        'PLINTH_CONFLICT',
      );
      expect((await backend.getVersion('v-crud', 2))?.value.stage).toBe('production');
      expect(await backend.listVersions('v-crud')).toEqual([1, 2, 10]);
      expect(await backend.deleteVersion('v-crud', 10)).toBe(true);
      expect(await backend.deleteVersion('v-crud', 10)).toBe(false);
      expect(await backend.listVersions('v-crud')).toEqual([1, 2]);
    });

    it('counter: create-only, then compare-and-set', async () => {
      expect(await backend.getCounter('c-model')).toBeUndefined();
      const first = await backend.putCounter('c-model', 3, { ifNotExists: true });
      expect(await codeOf(backend.putCounter('c-model', 4, { ifNotExists: true }))).toBe('PLINTH_CONFLICT');
      await backend.putCounter('c-model', 5, { ifVersion: first });
      expect(await codeOf(backend.putCounter('c-model', 6, { ifVersion: first }))).toBe('PLINTH_CONFLICT');
      expect((await backend.getCounter('c-model'))?.value).toBe(5);
    });

    it('blob: bytes and streams round-trip; create-only conflicts; delete', async () => {
      const bytes = Uint8Array.from({ length: 70_000 }, (_, index) => (index * 7) & 0xff);
      expect(await backend.statBlob('sha256/contract-a')).toBeUndefined();
      await backend.putBlob('sha256/contract-a', bytes, { ifNotExists: true });
      expect(await backend.statBlob('sha256/contract-a')).toEqual({ size: bytes.byteLength });
      expect(Array.from((await backend.getBlob('sha256/contract-a'))!)).toEqual(Array.from(bytes));
      expect(await codeOf(backend.putBlob('sha256/contract-a', bytes, { ifNotExists: true }))).toBe(
        'PLINTH_CONFLICT',
      );
      async function* chunks() {
        yield bytes.subarray(0, 1000);
        yield bytes.subarray(1000);
      }
      await backend.putBlob('uploads/contract-b', chunks());
      const streamed = await backend.getBlobStream('uploads/contract-b');
      expect(streamed?.size).toBe(bytes.byteLength);
      expect(await drain(streamed!.stream)).toEqual(Array.from(bytes));
      expect(await backend.deleteBlob('uploads/contract-b')).toBe(true);
      expect(await backend.getBlobStream('uploads/contract-b')).toBeUndefined();
      expect(await backend.getBlob('uploads/contract-b')).toBeUndefined();
    });

    it('blob: a stream that fails midway stores nothing', async () => {
      async function* failing() {
        yield new Uint8Array([1, 2, 3]);
        throw new Error('source failed');
      }
      await expect(backend.putBlob('uploads/contract-failing', failing())).rejects.toThrow();
      expect(await backend.statBlob('uploads/contract-failing')).toBeUndefined();
    });

    it('event: appended events list back, per model', async () => {
      const event = (id: string, model: string, sequence: number): RegistryEvent => ({
        id,
        type: 'alias_moved',
        model,
        at: 5,
        actor: 'contract',
        alias: 'champion',
        from: 1,
        to: 2,
        tags: ownMap([['constructor', 'c']]),
        stream: 'model:x',
        sequence,
      });
      expect(await backend.listEvents('e-model')).toEqual([]);
      await backend.appendEvent(event('0001', 'e-model', 2));
      await backend.appendEvent(event('0002', 'e-model', 1));
      await backend.appendEvent(event('0003', 'e-other', 1));
      const listed = (await backend.listEvents('e-model'))!.sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(listed).toEqual([event('0001', 'e-model', 2), event('0002', 'e-model', 1)]);
    });
  });
}
