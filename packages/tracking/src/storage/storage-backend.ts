import { type ByteSource, listAllKeys, type StorageAdapter, uuidv7 } from '@plinth/core';
import { documentStore, isStorageAdapter } from '@plinth/core/adapter';
import { safeParse } from 'zod/v4/core';
import type { TrackingBackend } from '../backend.ts';
import { trackingErrors } from '../errors.ts';
import { concatColumns, decodeMetricBatch, encodeMetricBatch } from '../metrics/codec.ts';
import { type Run, RunSchema } from '../schemas/run.ts';
import { asDocumentSchema } from './document-schema.ts';
import { experimentStore } from './experiments.ts';
import { paths } from './layout.ts';
import { summaryIndex } from './summary-index.ts';

/** Options of {@link storageBackend}. */
export interface StorageBackendOptions {
  /** Where everything is kept (under the `tracking/` prefix). */
  storage: StorageAdapter;
  /** Compact an experiment's search index once this many run updates are pending. @default 64 */
  compactAfter?: number;
}

/** The storage backend, plus maintenance calls beyond the port. */
export interface StorageTrackingBackend extends TrackingBackend {
  /** Folds pending run updates of an experiment into its search snapshot now. */
  compactIndex(experimentId: string): Promise<void>;
}

const RunDocument = asDocumentSchema<Run>(RunSchema);

/** Refuses a run document that would not read back: nothing invalid is ever written. */
function checkRun(run: Run): void {
  const parsed = safeParse(RunSchema, run);
  if (!parsed.success) {
    throw trackingErrors.invalid(
      `run document "${run.id}"`,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
}

/** Checks `storageBackend`'s options: an object with a storage adapter and only known keys. */
function checkOptions(options: unknown): StorageBackendOptions {
  const invalid = (path: string, message: string) =>
    trackingErrors.invalid('storageBackend options', { path, message });
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid('options', 'must be an options object { storage, compactAfter? }');
  }
  for (const key of Object.keys(options)) {
    if (key !== 'storage' && key !== 'compactAfter') {
      throw invalid(`options.${key}`, 'is not an option (known: storage, compactAfter)');
    }
  }
  const { storage, compactAfter } = options as { storage?: unknown; compactAfter?: unknown };
  if (!isStorageAdapter(storage)) {
    throw invalid(
      'options.storage',
      'must be a StorageAdapter such as memoryStorage() or fsStorage({ dir })',
    );
  }
  if (
    compactAfter !== undefined &&
    !(
      Number.isSafeInteger(compactAfter) &&
      (compactAfter as number) >= 1 &&
      (compactAfter as number) <= 1_000_000
    )
  ) {
    throw invalid('options.compactAfter', 'must be an integer from 1 to 1,000,000 (or left out: 64)');
  }
  return options as StorageBackendOptions;
}

/**
 * The embedded `TrackingBackend`: experiments, runs, metric batches and artifacts in any `StorageAdapter`
 * (memory, fs, IndexedDB). Safe for several processes sharing one fs store.
 *
 * @example
 * ```ts
 * const backend = storageBackend({ storage: memoryStorage() });
 * ```
 * @throws {PlinthError} `PLINTH_VALIDATION` when `storage` is not a storage adapter, `compactAfter` is not an
 * integer from 1 to 1,000,000, or an option is unknown.
 */
export function storageBackend(options: StorageBackendOptions): StorageTrackingBackend {
  checkOptions(options);
  const { storage } = options;
  const docs = documentStore(storage, { component: 'tracking' });
  const experiments = experimentStore(storage, docs);
  const getRun = async (id: string) => (await docs.get(paths.run(id), RunDocument))?.value;
  const index = summaryIndex(storage, getRun, { compactAfter: options.compactAfter });

  return {
    name: `storage:${storage.name}`,
    createExperiment: (experiment) => experiments.create(experiment),
    getExperiment: (id) => experiments.get(id),
    getExperimentByName: (name) => experiments.getByName(name),
    listExperiments: () => experiments.list(),
    renameExperiment: (id, name, updatedAt) => experiments.rename(id, name, updatedAt),
    updateExperiment: (id, mutate) => experiments.update(id, mutate),
    async createRun(fields) {
      const run: Run = { ...fields, artifactPrefix: paths.artifactsPrefix(fields.id).slice(0, -1) };
      checkRun(run);
      await docs.put(paths.run(run.id), run, { ifNotExists: true });
      await index.touch(run);
      return run;
    },
    getRun,
    async updateRun(id, mutate) {
      let changed = false;
      const result = await docs.update(paths.run(id), RunDocument, (current) => {
        if (!current)
          throw trackingErrors.error('PLINTH_NOT_FOUND', `run "${id}" does not exist; check the run id`);
        const next = mutate(current);
        if (next !== undefined) checkRun(next);
        changed = next !== undefined;
        return next;
      });
      const run = result!.value;
      if (changed) await index.touch(run);
      return run;
    },
    writeMetrics(runId, batches) {
      // Encoded now, in a plain function: once it returns nothing holds the caller's columns, only the
      // encoded batches on their way to storage (24 bytes a point), however long the writes take.
      const encoded = batches.map((batch) => ({
        key: paths.metricBatch(runId, batch.key, uuidv7()),
        bytes: encodeMetricBatch(batch.columns, batch.count),
      }));
      const writes = encoded.map(({ key, bytes }) => storage.put(key, bytes, { ifNotExists: true }));
      return Promise.all(writes).then(() => undefined);
    },
    async readMetricHistory(runId, key) {
      const keys = await listAllKeys(storage, paths.metricPrefix(runId, key));
      const entries = await Promise.all(keys.map((batch) => storage.get(batch)));
      return concatColumns(
        entries.flatMap((entry, i) => (entry ? [decodeMetricBatch(entry.value, keys[i]!)] : [])),
      );
    },
    async putArtifact(runId, path, content) {
      const key = paths.artifact(runId, path);
      const result =
        content instanceof Uint8Array
          ? await storage.put(key, content)
          : await storage.putStream(key, content as ByteSource);
      return { path, size: result.size };
    },
    async getArtifact(runId, path) {
      return (await storage.getStream(paths.artifact(runId, path)))?.stream;
    },
    async listArtifacts(runId, directory) {
      const root = paths.artifactsPrefix(runId);
      const prefix = directory ? `${root}${directory.replace(/\/$/, '')}/` : root;
      const keys = await listAllKeys(storage, prefix);
      const stats = await Promise.all(keys.map((key) => storage.stat(key)));
      return keys.flatMap((key, i) =>
        stats[i] ? [{ path: key.slice(root.length), size: stats[i]!.size }] : [],
      );
    },
    searchRuns: (request) => index.search(request),
    compactIndex: (experimentId) => index.compact(experimentId),
    close: () => index.settle(),
  };
}
