import { encodeJson, listAllKeys, PlinthError, type StorageAdapter } from '@plinth/core';
import { documentStore, isStorageAdapter } from '@plinth/core/adapter';
import type * as zc from 'zod/v4/core';
import type { BlobKey, RegistryBackend, Versioned, WriteCondition } from './backend.ts';
import { errors } from './internal/errors.ts';
import { layout, modelNameOfKey, versionOfKey } from './internal/layout.ts';
import { RegistryEventSchema } from './schemas/event.ts';
import { CounterSchema, RegisteredModelSchema } from './schemas/model.ts';
import { ModelVersionSchema } from './schemas/version.ts';

async function listOrUndefined(storage: StorageAdapter, prefix: string): Promise<string[] | undefined> {
  try {
    return await listAllKeys(storage, prefix);
  } catch (error) {
    if (PlinthError.is(error, 'PLINTH_UNSUPPORTED')) return undefined;
    throw error;
  }
}

/** Options of the registry's {@link storageBackend}. */
export interface RegistryStorageBackendOptions {
  /** Where models, versions, events and blobs are kept. */
  storage: StorageAdapter;
}

/** The storage of `storageBackend({ storage })`, or of the deprecated `storageBackend(storage)`. */
function storageOf(argument: unknown): StorageAdapter {
  if (isStorageAdapter(argument)) return argument;
  const invalid = (path: string, message: string) =>
    errors.invalid('storageBackend options', { path, message });
  if (typeof argument !== 'object' || argument === null || Array.isArray(argument)) {
    throw invalid('options', 'must be an options object { storage }');
  }
  for (const key of Object.keys(argument)) {
    if (key !== 'storage') throw invalid(`options.${key}`, 'is not an option (known: storage)');
  }
  const { storage } = argument as { storage?: unknown };
  if (!isStorageAdapter(storage)) {
    throw invalid(
      'options.storage',
      'must be a StorageAdapter such as memoryStorage() or fsStorage({ dir })',
    );
  }
  return storage;
}

/**
 * The registry backend over any `StorageAdapter` (memory, fs, IndexedDB, a read-only HTTP export, a cache
 * over one). `createRegistry({ storage })` uses it; pass it as `backend` to share one between registries.
 *
 * Layout: `models/<name>.json`, `counters/<name>.json`, `versions/<name>/<10-digit number>.json`,
 * `events/<name>/<id>.json`, `blobs/sha256/<hex>`, `blobs/uploads/<id>`. Every resolved read is a `get` of a
 * known key, so a static HTTP export needs no listing.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when `storage` is not a storage adapter or an option is unknown.
 * @example
 * ```ts
 * const backend = storageBackend({ storage: fsStorage({ dir: '.plinth/registry' }) });
 * const registry = createRegistry({ backend });
 * ```
 */
export function storageBackend(options: RegistryStorageBackendOptions): RegistryBackend;
/**
 * @deprecated Pass an options object, as tracking's `storageBackend` takes: `storageBackend({ storage })`.
 * The positional form will be removed before 1.0.
 */
export function storageBackend(storage: StorageAdapter): RegistryBackend;
export function storageBackend(argument: RegistryStorageBackendOptions | StorageAdapter): RegistryBackend {
  const storage = storageOf(argument);
  const documents = documentStore(storage, { component: errors.component });
  // documentStore validates with the schema's own safeParse, which zod/mini schemas have too.
  const read = <S extends zc.$ZodType>(key: string, schema: S) =>
    documents.get(key, schema as never) as Promise<Versioned<zc.output<S>> | undefined>;
  const write = async (key: string, value: unknown, condition?: WriteCondition) =>
    (await storage.put(key, encodeJson(value), condition)).version;

  return {
    name: `storage:${storage.name}`,
    get readOnly() {
      return storage.readOnly;
    },
    getModel: (name) => read(layout.model(name), RegisteredModelSchema),
    putModel: (model, condition) => write(layout.model(model.name), model, condition),
    deleteModel: (name, condition) => storage.delete(layout.model(name), condition),
    async listModels() {
      const keys = await listOrUndefined(storage, layout.modelsPrefix);
      return keys?.map(modelNameOfKey).filter((name): name is string => name !== undefined);
    },
    async getCounter(name) {
      const found = await read(layout.counter(name), CounterSchema);
      return found && ({ value: found.value.latest, version: found.version } satisfies Versioned<number>);
    },
    putCounter: (name, latest, condition) => write(layout.counter(name), { latest }, condition),
    getVersion: (name, version) => read(layout.version(name, version), ModelVersionSchema),
    hasVersion: async (name, version) => (await storage.stat(layout.version(name, version))) !== undefined,
    putVersion: (version, condition) =>
      write(layout.version(version.name, version.version), version, condition),
    deleteVersion: (name, version, condition) => storage.delete(layout.version(name, version), condition),
    async listVersions(name) {
      const keys = await listOrUndefined(storage, layout.versionsPrefix(name));
      return keys
        ?.map(versionOfKey)
        .filter((number): number is number => number !== undefined)
        .sort((a, b) => a - b);
    },
    statBlob: async (key) => {
      const stat = await storage.stat(layout.blob(key));
      return stat && { size: stat.size };
    },
    getBlob: async (key) => (await storage.get(layout.blob(key)))?.value,
    getBlobStream: async (key) => {
      const entry = await storage.getStream(layout.blob(key));
      return entry && { stream: entry.stream, size: entry.size };
    },
    async putBlob(key: BlobKey, source, options) {
      const conditions = options?.ifNotExists ? { ifNotExists: true } : {};
      if (source instanceof Uint8Array) await storage.put(layout.blob(key), source, conditions);
      else await storage.putStream(layout.blob(key), source, conditions);
    },
    deleteBlob: (key) => storage.delete(layout.blob(key)),
    async appendEvent(event) {
      await write(layout.event(event.model, event.id), event);
    },
    async listEvents(name) {
      const keys = await listOrUndefined(storage, layout.eventsPrefix(name));
      if (keys === undefined) return undefined;
      const events = await Promise.all(keys.map((key) => read(key, RegistryEventSchema)));
      return events.flatMap((event) => (event ? [event.value] : []));
    },
    close: storage.close ? () => storage.close!() : undefined,
  } satisfies RegistryBackend;
}
