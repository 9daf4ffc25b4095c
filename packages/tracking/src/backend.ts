import type { ByteSource } from '@plinth/core';
import type { MetricBatch, MetricColumns } from './metrics/codec.ts';
import type { Experiment } from './schemas/experiment.ts';
import type { Run } from './schemas/run.ts';

/** Which runs or experiments a query sees: the active ones (default), the soft-deleted ones, or all. */
export type ViewType = 'active' | 'deleted' | 'all';

/** A search request as the backend receives it: experiment ids resolved, everything else as given. */
export interface BackendSearchRequest {
  /** Experiments to search, by id (resolved by the tracker). */
  experimentIds: string[];
  /** MLflow filter; `''` matches everything. */
  filter: string;
  /** Order keys (each string one key or several separated by commas); empty for the default order. */
  orderBy: string[];
  /** Page size, 1–50,000. */
  maxResults: number;
  /** `nextPageToken` of the previous page of the same query. */
  pageToken?: string;
  /** Active, deleted or all runs. */
  viewType: ViewType;
}

/** One page of runs. */
export interface RunsPage {
  /** The runs of this page, in order. */
  runs: Run[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

/** One artifact of a run. */
export interface ArtifactInfo {
  /** Path relative to the run's artifact root. */
  path: string;
  /** Size in bytes. */
  size: number;
}

/** A run document as the tracker creates it: everything but where the backend keeps its artifacts. */
export type NewRun = Omit<Run, 'artifactPrefix'>;

/**
 * The port tracking runs on: everything that touches storage. `createTracker` builds the storage-backed
 * implementation ({@link storageBackend}) over any `StorageAdapter`; a remote backend (an MLflow server)
 * implements the same interface and is passed as `backend`. Where things are kept (keys, URIs, the
 * artifact location of a run) is the backend's business: the tracker never builds a storage path.
 *
 * Semantics every backend keeps (checked by `trackingBackendContract` from `@plinth/tracking/testing`):
 * - experiment names are unique, decided atomically (a lost race is `PLINTH_CONFLICT`);
 * - `updateRun` / `updateExperiment` are read-modify-write with compare-and-set: `mutate` may run several
 *   times and must be pure; returning `undefined` leaves the document unchanged;
 * - user names (params, metrics, tags) are own keys: `__proto__`, `constructor` and `toString` round-trip;
 * - `writeMetrics` resolves only when the points are durable; batches are append-only and a history reads
 *   back in the order they were written;
 * - a document that would not read back (fails its schema) is refused with `PLINTH_VALIDATION`, never written;
 * - `searchRuns` sees every run document written before it was called, from any process.
 *
 * @example
 * ```ts
 * const backend = storageBackend({ storage: fsStorage({ dir: '.plinth' }) });
 * const tracker = createTracker({ backend });
 * ```
 */
export interface TrackingBackend {
  /** Name for messages (`storage:fs`, `mlflow`). */
  readonly name: string;
  /**
   * Creates an experiment with a unique name.
   * @throws {PlinthError} `PLINTH_CONFLICT` when the name is taken (also by a deleted experiment).
   */
  createExperiment(experiment: Experiment): Promise<Experiment>;
  /** An experiment by id, or `undefined`. */
  getExperiment(id: string): Promise<Experiment | undefined>;
  /** An experiment by name, or `undefined`. */
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  /** Every experiment, by name. */
  listExperiments(): Promise<Experiment[]>;
  /**
   * Renames an experiment; the new name is reserved atomically before the old one is released.
   * @throws {PlinthError} `PLINTH_CONFLICT` when the new name is taken; `PLINTH_NOT_FOUND`.
   */
  renameExperiment(id: string, name: string, updatedAt: number): Promise<Experiment>;
  /**
   * Read-modify-write of an experiment document.
   * @throws {PlinthError} `PLINTH_NOT_FOUND` when it does not exist.
   */
  updateExperiment(
    id: string,
    mutate: (experiment: Experiment) => Experiment | undefined,
  ): Promise<Experiment>;
  /**
   * Stores a new run document; the backend decides where the run's artifacts live (`artifactPrefix`).
   * @throws {PlinthError} `PLINTH_VALIDATION` for a document that does not match the run schema.
   */
  createRun(run: NewRun): Promise<Run>;
  /** A run by id, or `undefined`. */
  getRun(id: string): Promise<Run | undefined>;
  /**
   * Read-modify-write of a run document (params, tags, latest metrics, status, heartbeat).
   * @throws {PlinthError} `PLINTH_NOT_FOUND` when the run does not exist.
   */
  updateRun(id: string, mutate: (run: Run) => Run | undefined): Promise<Run>;
  /** Makes metric points durable: one batch per key. */
  writeMetrics(runId: string, batches: ReadonlyArray<MetricBatch>): Promise<void>;
  /** Every point of one metric, in the order the batches were written. */
  readMetricHistory(runId: string, key: string): Promise<MetricColumns>;
  /** Stores an artifact from bytes or a stream; a stream that fails stores nothing. */
  putArtifact(runId: string, path: string, content: Uint8Array | ByteSource): Promise<ArtifactInfo>;
  /** An artifact as a stream, or `undefined` when absent. */
  getArtifact(runId: string, path: string): Promise<ReadableStream<Uint8Array> | undefined>;
  /** Artifacts of a run under an optional directory prefix, recursively, by path. */
  listArtifacts(runId: string, directory?: string): Promise<ArtifactInfo[]>;
  /** Runs of some experiments, filtered, ordered and paged. */
  searchRuns(request: BackendSearchRequest): Promise<RunsPage>;
  /** Releases timers and handles. */
  close?(): Promise<void>;
}
