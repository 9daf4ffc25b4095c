import {
  collectBytes,
  parseOrThrow,
  RelativePathSchema,
  systemClock,
  TagsSchema,
  toEpochMs,
  uuidv7,
} from '@plinth/core';
import { collectSystemTags, onExit, startSystemMetrics } from '@plinth/tracking/system';
import type { Table } from 'apache-arrow';
import { type ActiveRun, activeRun, type RunControl } from './active-run.ts';
import type { ArtifactInfo, RunsPage, TrackingBackend, ViewType } from './backend.ts';
import { COMPONENT, trackingError } from './errors.ts';
import { type ExperimentApi, experimentApi } from './experiment-api.ts';
import type { MetricColumns } from './metrics/codec.ts';
import { randomRunName } from './run-names.ts';
import type { MetricPoint, Run } from './schemas/run.ts';
import { runsToArrow } from './search/arrow.ts';
import { storageBackend } from './storage/storage-backend.ts';
import type { SearchRunsRequest, StartRunOptions, TrackerOptions } from './tracker-options.ts';

/** The tracking API; see {@link createTracker}. */
export interface Tracker extends ExperimentApi {
  /** The backend calls go to. */
  readonly backend: TrackingBackend;
  /**
   * Starts a run in an experiment (by name — created if missing — or id).
   * @throws {PlinthError} `PLINTH_VALIDATION`; `PLINTH_NOT_FOUND` for an unknown experiment id or parent run.
   */
  startRun(options?: StartRunOptions): Promise<ActiveRun>;
  /** Runs `body` in a new run: ended `finished`, or `failed` (and the error rethrown). */
  withRun<T>(options: StartRunOptions, body: (run: ActiveRun) => Promise<T> | T): Promise<T>;
  /** A run by id. @throws {PlinthError} `PLINTH_NOT_FOUND`. */
  getRun(id: string): Promise<Run>;
  /** Every point of a metric, in logged order; `[]` for a key never logged. @throws {PlinthError} `PLINTH_NOT_FOUND` for an unknown run. */
  getMetricHistory(runId: string, key: string): Promise<MetricPoint[]>;
  /** Every point of a metric as float64 columns (fast path for charts and analysis). */
  getMetricColumns(runId: string, key: string): Promise<MetricColumns>;
  /** Renames a run. */
  renameRun(id: string, name: string): Promise<Run>;
  /** Soft-deletes a run (hidden from searches unless asked). */
  deleteRun(id: string): Promise<Run>;
  /** Restores a soft-deleted run. */
  restoreRun(id: string): Promise<Run>;
  /**
   * Searches runs with MLflow's filter grammar, ordered and paged.
   * @throws {PlinthError} `PLINTH_VALIDATION` with the position of the offending token.
   */
  searchRuns(request?: SearchRunsRequest): Promise<RunsPage>;
  /** A search as an Apache Arrow table: one row per run; params, latest metrics and tags as columns. Follows every page unless `maxResults` is given. */
  searchRunsTable(request?: SearchRunsRequest): Promise<Table>;
  /** Artifacts of a run (under `directory`), recursively. */
  listArtifacts(runId: string, directory?: string): Promise<ArtifactInfo[]>;
  /** An artifact's bytes. @throws {PlinthError} `PLINTH_NOT_FOUND`. */
  downloadArtifact(runId: string, path: string): Promise<Uint8Array>;
  /** An artifact as a stream. @throws {PlinthError} `PLINTH_NOT_FOUND`. */
  openArtifact(runId: string, path: string): Promise<ReadableStream<Uint8Array>>;
  /** Marks running runs whose heartbeat is older than `olderThanMs` as `killed`; returns them. */
  markStaleRuns(options: { olderThanMs: number; experiments?: string[] }): Promise<Run[]>;
  /** Flushes every active run of this tracker. */
  flush(): Promise<void>;
  /** Flushes, stops timers and the exit hook, and waits for background index compaction. Active runs stay `running`. */
  close(): Promise<void>;
}

const VIEW_TYPES: Record<string, ViewType> = {
  active: 'active',
  deleted: 'deleted',
  all: 'all',
  ACTIVE_ONLY: 'active',
  DELETED_ONLY: 'deleted',
  ALL: 'all',
};

/**
 * Creates a tracker: experiments, runs, buffered metrics, artifacts and MLflow-style search over any
 * `StorageAdapter` (or an injected `TrackingBackend`).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when neither `storage` nor `backend` is given.
 * @example
 * ```ts
 * const tracker = createTracker({ storage: fsStorage({ dir: '.plinth' }) });
 * await tracker.withRun({ experiment: 'fraud', name: 'lr-0.01' }, async (run) => {
 *   await run.logParams({ lr: 0.01 });
 *   for (let step = 0; step < 100; step++) run.logMetric('loss', 1 / (step + 1), { step });
 * });
 * const { runs } = await tracker.searchRuns({ experiments: ['fraud'], filter: 'metrics.loss < 0.1' });
 * ```
 */
export function createTracker(options: TrackerOptions): Tracker {
  const backend =
    options.backend ??
    (options.storage
      ? storageBackend({ storage: options.storage, compactAfter: options.compactAfter })
      : undefined);
  if (!backend)
    throw trackingError('PLINTH_VALIDATION', 'createTracker needs `storage` (a StorageAdapter) or `backend`');
  const clock = options.clock ?? systemClock;
  const bufferPoints = options.bufferPoints ?? 250_000;
  const active = new Set<RunControl>();
  const experiments = experimentApi(backend, clock);
  let systemTags: Promise<Record<string, string>> | undefined;
  const stops: Array<() => void> = [];

  const flushAll = async () => {
    await Promise.all([...active].map((run) => run.flushPending()));
  };
  if (options.exitHandler !== false) stops.push(onExit(flushAll));
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  if (heartbeatMs > 0) {
    const timer = setInterval(() => {
      for (const run of active) void run.heartbeat().catch(() => {});
    }, heartbeatMs);
    (timer as { unref?: () => void }).unref?.();
    stops.push(() => clearInterval(timer));
  }
  if (options.systemMetrics) {
    const intervalMs =
      typeof options.systemMetrics === 'object' ? (options.systemMetrics.intervalMs ?? 10_000) : 10_000;
    let step = 0;
    stops.push(
      startSystemMetrics((sample) => {
        step += 1;
        const metrics = Object.fromEntries(
          Object.entries(sample).map(([key, value]) => [`system/${key}`, value]),
        );
        for (const run of active) run.logMetrics(metrics, { step });
      }, intervalMs),
    );
  }

  const requireRun = async (id: string) => {
    const run = await backend.getRun(id);
    if (!run)
      throw trackingError('PLINTH_NOT_FOUND', `run "${id}" does not exist; check the run id`, { runId: id });
    return run;
  };

  const setLifecycle = (id: string, lifecycle: 'active' | 'deleted') =>
    backend.updateRun(id, (run) => {
      if (run.lifecycle === lifecycle) {
        throw trackingError(
          'PLINTH_CONFLICT',
          `run "${id}" is already ${lifecycle === 'active' ? 'active' : 'deleted'}`,
        );
      }
      return { ...run, lifecycle };
    });

  const resolveExperimentIds = async (list: string[] | undefined): Promise<string[]> => {
    if (!list) return (await backend.listExperiments()).map((experiment) => experiment.id);
    return Promise.all(list.map(async (reference) => (await experiments.getExperiment(reference)).id));
  };

  const searchRuns = async (request: SearchRunsRequest = {}): Promise<RunsPage> => {
    const maxResults = request.maxResults ?? 1000;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50_000) {
      throw trackingError(
        'PLINTH_VALIDATION',
        `maxResults must be an integer from 1 to 50000, got ${String(maxResults)}`,
      );
    }
    const viewType = VIEW_TYPES[request.runViewType ?? 'active'];
    if (!viewType)
      throw trackingError(
        'PLINTH_VALIDATION',
        `runViewType must be 'active', 'deleted' or 'all', got ${JSON.stringify(request.runViewType)}`,
      );
    return backend.searchRuns({
      experimentIds: await resolveExperimentIds(request.experiments),
      filter: request.filter ?? '',
      orderBy: request.orderBy ?? [],
      maxResults,
      pageToken: request.pageToken,
      viewType,
    });
  };

  const tracker: Tracker = {
    createExperiment: experiments.createExperiment,
    getExperiment: experiments.getExperiment,
    findExperiment: experiments.findExperiment,
    listExperiments: experiments.listExperiments,
    renameExperiment: experiments.renameExperiment,
    setExperimentTags: experiments.setExperimentTags,
    deleteExperiment: experiments.deleteExperiment,
    restoreExperiment: experiments.restoreExperiment,
    backend,
    async startRun(runOptions = {}) {
      const name = runOptions.name ?? randomRunName();
      if (typeof name !== 'string' || name.length === 0 || name.length > 250) {
        throw trackingError('PLINTH_VALIDATION', 'run name must be a string of 1 to 250 characters');
      }
      const tags = parseOrThrow(TagsSchema, runOptions.tags ?? {}, {
        component: COMPONENT,
        subject: 'run tags',
      });
      const startTime = runOptions.startTime === undefined ? clock.now() : toEpochMs(runOptions.startTime);
      if (startTime === undefined)
        throw trackingError('PLINTH_VALIDATION', 'startTime must be a Date or epoch milliseconds');
      const experiment = runOptions.experimentId
        ? await experiments.getExperiment(runOptions.experimentId)
        : await experiments.ensureExperiment(runOptions.experiment ?? 'Default');
      if (experiment.lifecycle === 'deleted') {
        throw trackingError(
          'PLINTH_CONFLICT',
          `experiment "${experiment.name}" is deleted; restore it or use another experiment`,
        );
      }
      if (runOptions.parentRunId) await requireRun(runOptions.parentRunId);
      if (options.systemTags !== false) systemTags ??= collectSystemTags().catch(() => ({}));
      const system = options.systemTags === false ? {} : await systemTags!;
      const user = options.user ?? system['mlflow.user'];
      const id = uuidv7(clock);
      const run: Run = {
        id,
        experimentId: experiment.id,
        name,
        status: 'running',
        lifecycle: 'active',
        startTime,
        ...(user ? { user } : {}),
        ...(runOptions.parentRunId ? { parentRunId: runOptions.parentRunId } : {}),
        heartbeatAt: clock.now(),
        artifactPrefix: `tracking/runs/${id}/artifacts`,
        params: {},
        metrics: {},
        tags: {
          ...system,
          ...(user ? { 'mlflow.user': user } : {}),
          'mlflow.runName': name,
          ...(runOptions.parentRunId ? { 'mlflow.parentRunId': runOptions.parentRunId } : {}),
          ...tags,
        },
        inputs: [],
      };
      await backend.createRun(run);
      const handle = activeRun({
        backend,
        clock,
        run,
        bufferPoints,
        maxPendingPoints: options.maxPendingPoints ?? bufferPoints * 4,
        onEnd: (ended) => active.delete(ended),
      });
      active.add(handle);
      return handle;
    },
    async withRun(runOptions, body) {
      const run = await tracker.startRun(runOptions);
      try {
        const result = await body(run);
        await run.end({ status: 'finished' });
        return result;
      } catch (error) {
        await run.end({ status: 'failed' }).catch(() => undefined);
        throw error;
      }
    },
    getRun: requireRun,
    async getMetricHistory(runId, key) {
      const columns = await tracker.getMetricColumns(runId, key);
      const points: MetricPoint[] = new Array(columns.values.length);
      for (let i = 0; i < points.length; i++) {
        points[i] = { value: columns.values[i]!, step: columns.steps[i]!, timestamp: columns.timestamps[i]! };
      }
      return points;
    },
    async getMetricColumns(runId, key) {
      const columns = await backend.readMetricHistory(runId, key);
      // An empty history is normal for a key never logged; for a run that does not exist it is an error.
      if (columns.values.length === 0) await requireRun(runId);
      return columns;
    },
    renameRun: (id, name) => {
      if (typeof name !== 'string' || name.length === 0 || name.length > 250) {
        throw trackingError('PLINTH_VALIDATION', 'run name must be a string of 1 to 250 characters');
      }
      return backend.updateRun(id, (run) => ({
        ...run,
        name,
        tags: { ...run.tags, 'mlflow.runName': name },
      }));
    },
    deleteRun: (id) => setLifecycle(id, 'deleted'),
    restoreRun: (id) => setLifecycle(id, 'active'),
    searchRuns,
    async searchRunsTable(request = {}) {
      const runs: Run[] = [];
      let pageToken = request.pageToken;
      do {
        const page = await searchRuns({ ...request, pageToken });
        runs.push(...page.runs);
        pageToken = request.maxResults === undefined ? page.nextPageToken : undefined;
      } while (pageToken);
      return runsToArrow(runs);
    },
    listArtifacts: (runId, directory) => {
      if (directory !== undefined)
        parseOrThrow(RelativePathSchema, directory, { component: COMPONENT, subject: 'artifact directory' });
      return backend.listArtifacts(runId, directory);
    },
    async downloadArtifact(runId, path) {
      return collectBytes(await tracker.openArtifact(runId, path));
    },
    async openArtifact(runId, path) {
      const stream = await backend.getArtifact(runId, path);
      if (!stream)
        throw trackingError(
          'PLINTH_NOT_FOUND',
          `run "${runId}" has no artifact "${path}"; list its artifacts to see what exists`,
        );
      return stream;
    },
    async markStaleRuns({ olderThanMs, experiments: names }) {
      const cutoff = clock.now() - olderThanMs;
      const marked: Run[] = [];
      let pageToken: string | undefined;
      do {
        const page = await searchRuns({
          experiments: names,
          filter: "attributes.status = 'RUNNING'",
          runViewType: 'all',
          maxResults: 50_000,
          pageToken,
        });
        for (const candidate of page.runs) {
          if (candidate.heartbeatAt >= cutoff) continue;
          let changed = false;
          const updated = await backend.updateRun(candidate.id, (run) => {
            if (run.status !== 'running' || run.heartbeatAt >= cutoff) return undefined;
            changed = true;
            return { ...run, status: 'killed', endTime: clock.now() };
          });
          if (changed) marked.push(updated);
        }
        pageToken = page.nextPageToken;
      } while (pageToken);
      return marked;
    },
    flush: flushAll,
    async close() {
      await flushAll();
      for (const stop of stops.splice(0)) stop();
      // A backend the tracker built is the tracker's to close (it finishes background index compaction).
      if (!options.backend) await backend.close?.();
    },
  };
  return tracker;
}
