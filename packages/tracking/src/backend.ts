import type { ByteSource, Tags } from '@plinth/core';
import type { MetricColumns } from './metrics/codec.ts';
import type { Experiment } from './schemas/experiment.ts';
import type { Run } from './schemas/run.ts';

/** Which runs or experiments a query sees: the active ones (default), the soft-deleted ones, or all. */
export type ViewType = 'active' | 'deleted' | 'all';

/** A search request as the backend receives it: experiment ids resolved, everything else as given. */
export interface BackendSearchRequest {
  experimentIds: string[];
  filter: string;
  orderBy: string[];
  maxResults: number;
  pageToken?: string;
  viewType: ViewType;
}

/** One page of runs. */
export interface RunsPage {
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

/**
 * The port tracking runs on: everything that touches storage. `createTracker` builds the storage-backed
 * implementation ({@link storageBackend}) over any `StorageAdapter`; a remote backend (an MLflow server)
 * implements the same interface and is passed as `backend`.
 *
 * Semantics every backend keeps:
 * - experiment names are unique, decided atomically (a lost race is `PLINTH_CONFLICT`);
 * - `updateRun` / `updateExperiment` are read-modify-write with compare-and-set: `mutate` may run several
 *   times and must be pure; returning `undefined` leaves the document unchanged;
 * - `writeMetrics` resolves only when the points are durable; segments are append-only;
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
  /** Stores a new run document. */
  createRun(run: Run): Promise<void>;
  /** A run by id, or `undefined`. */
  getRun(id: string): Promise<Run | undefined>;
  /**
   * Read-modify-write of a run document (params, tags, latest metrics, status, heartbeat).
   * @throws {PlinthError} `PLINTH_NOT_FOUND` when the run does not exist.
   */
  updateRun(id: string, mutate: (run: Run) => Run | undefined): Promise<Run>;
  /** Makes metric points durable: one segment per key. */
  writeMetrics(
    runId: string,
    batches: ReadonlyArray<{ key: string; columns: MetricColumns; count: number }>,
  ): Promise<void>;
  /** Every point of one metric, in the order the segments were written. */
  readMetricHistory(runId: string, key: string): Promise<MetricColumns>;
  /** Stores an artifact from bytes or a stream. */
  putArtifact(runId: string, path: string, source: Uint8Array | ByteSource): Promise<ArtifactInfo>;
  /** An artifact as a stream, or `undefined` when absent. */
  getArtifact(runId: string, path: string): Promise<ReadableStream<Uint8Array> | undefined>;
  /** Artifacts of a run under an optional directory prefix, recursively, by path. */
  listArtifacts(runId: string, directory?: string): Promise<ArtifactInfo[]>;
  /** Runs of some experiments, filtered, ordered and paged. */
  searchRuns(request: BackendSearchRequest): Promise<RunsPage>;
  /** Releases timers and handles. */
  close?(): Promise<void>;
}

/** Tags type re-exported for backend implementers. */
export type { Tags };
