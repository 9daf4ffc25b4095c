import { collectBytes, KeySchema, RelativePathSchema, systemClock, uuidv7 } from '@plinth/core';
import { collectSystemTags, onExit, openLocalFile, startSystemMetrics } from '@plinth/tracking/system';
import { type ActiveRun, activeRun, type RunControl } from './active-run.ts';
import type { ArtifactInfo, RunsPage, TrackingBackend, ViewType } from './backend.ts';
import { trackingErrors } from './errors.ts';
import { type ExperimentApi, experimentApi } from './experiment-api.ts';
import type { MetricColumns } from './metrics/codec.ts';
import { randomRunName } from './run-names.ts';
import { IdSchema, RunNameSchema } from './schemas/limits.ts';
import { ownMap, withOwn } from './schemas/own-record.ts';
import type { MetricPoint, Run } from './schemas/run.ts';
import { storageBackend } from './storage/storage-backend.ts';
import {
  type MarkStaleRunsOptions,
  MarkStaleRunsOptionsSchema,
  type SearchRunsRequest,
  SearchRunsRequestSchema,
  type StartRunOptions,
  StartRunOptionsSchema,
  type TrackerOptions,
  TrackerOptionsSchema,
} from './tracker-options.ts';

/** The tracking API; see {@link createTracker}. */
export interface Tracker extends ExperimentApi {
  /** The backend calls go to. */
  readonly backend: TrackingBackend;
  /**
   * Starts a run in an experiment (by name — created if missing — or id).
   * @throws {PlinthError} `PLINTH_VALIDATION` (unknown option, bad name, tags or start time);
   * `PLINTH_NOT_FOUND` for an unknown experiment id or parent run.
   */
  startRun(options?: StartRunOptions): Promise<ActiveRun>;
  /** Runs `body` in a new run: ended `finished`, or `failed` (and the error rethrown). */
  withRun<T>(options: StartRunOptions, body: (run: ActiveRun) => Promise<T> | T): Promise<T>;
  /** A run by id. @throws {PlinthError} `PLINTH_NOT_FOUND`; `PLINTH_VALIDATION` for a malformed id. */
  getRun(id: string): Promise<Run>;
  /**
   * Every point of a metric, in logged order; `[]` for a key never logged.
   * @throws {PlinthError} `PLINTH_NOT_FOUND` for an unknown run; `PLINTH_VALIDATION` for a bad id or key.
   */
  getMetricHistory(runId: string, key: string): Promise<MetricPoint[]>;
  /** Every point of a metric as float64 columns (fast path for charts and analysis). */
  getMetricColumns(runId: string, key: string): Promise<MetricColumns>;
  /** Renames a run (1–250 characters). */
  renameRun(id: string, name: string): Promise<Run>;
  /** Soft-deletes a run (hidden from searches unless asked). @throws {PlinthError} `PLINTH_CONFLICT` if already deleted. */
  deleteRun(id: string): Promise<Run>;
  /** Restores a soft-deleted run. @throws {PlinthError} `PLINTH_CONFLICT` if it is active. */
  restoreRun(id: string): Promise<Run>;
  /**
   * Searches runs with MLflow's filter grammar, ordered and paged. For an Apache Arrow table of the
   * results use `searchRunsTable` from `@plinth/tracking/arrow`.
   * @throws {PlinthError} `PLINTH_VALIDATION` for an unknown option or a filter that does not parse (with
   * the position of the offending token).
   */
  searchRuns(request?: SearchRunsRequest): Promise<RunsPage>;
  /** Artifacts of a run (under `directory`), recursively. */
  listArtifacts(runId: string, directory?: string): Promise<ArtifactInfo[]>;
  /** An artifact's bytes. @throws {PlinthError} `PLINTH_NOT_FOUND`. */
  downloadArtifact(runId: string, path: string): Promise<Uint8Array>;
  /** An artifact as a stream. @throws {PlinthError} `PLINTH_NOT_FOUND`. */
  openArtifact(runId: string, path: string): Promise<ReadableStream<Uint8Array>>;
  /**
   * Marks running runs whose heartbeat is older than `olderThanMs` as `killed`; returns them.
   * @throws {PlinthError} `PLINTH_VALIDATION` unless `olderThanMs` is a number ≥ 0.
   */
  markStaleRuns(options: MarkStaleRunsOptions): Promise<Run[]>;
  /** Flushes every active run of this tracker. */
  flush(): Promise<void>;
  /** Flushes, stops timers and the exit hook, and waits for background index compaction. Active runs stay `running`. */
  close(): Promise<void>;
}

const VIEW_TYPES = new Map<string, ViewType>([
  ['active', 'active'],
  ['deleted', 'deleted'],
  ['all', 'all'],
  ['ACTIVE_ONLY', 'active'],
  ['DELETED_ONLY', 'deleted'],
  ['ALL', 'all'],
]);

const runId = (value: unknown, subject = 'run id') => trackingErrors.parse(IdSchema, value, subject);

/**
 * Creates a tracker: experiments, runs, buffered metrics, artifacts and MLflow-style search over any
 * `StorageAdapter` (or an injected `TrackingBackend`).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for an unknown or malformed option, or unless exactly one of
 * `storage` and `backend` is given.
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
  const parsed = trackingErrors.parse(TrackerOptionsSchema, options, 'createTracker options');
  if ((parsed.storage === undefined) === (parsed.backend === undefined)) {
    throw trackingErrors.invalid('createTracker options', {
      path: parsed.storage ? 'backend' : 'storage',
      message: parsed.storage
        ? 'give `storage` or `backend`, not both'
        : 'is required: pass `storage` (a StorageAdapter such as memoryStorage()) or a `backend`',
    });
  }
  if (parsed.backend && parsed.compactAfter !== undefined) {
    throw trackingErrors.invalid('createTracker options', {
      path: 'compactAfter',
      message: 'only applies with `storage`; configure the backend itself',
    });
  }
  const backend =
    parsed.backend ?? storageBackend({ storage: parsed.storage!, compactAfter: parsed.compactAfter });
  const clock = parsed.clock ?? systemClock;
  const bufferPoints = parsed.bufferPoints ?? 250_000;
  const active = new Set<RunControl>();
  const experiments = experimentApi(backend, clock);
  let systemTags: Promise<Record<string, string>> | undefined;
  const stops: Array<() => void> = [];

  const flushAll = async () => {
    await Promise.all([...active].map((run) => run.flushPending()));
  };
  if (parsed.exitHandler !== false) stops.push(onExit(flushAll));
  const heartbeatMs = parsed.heartbeatMs ?? 30_000;
  if (heartbeatMs > 0) {
    const timer = setInterval(() => {
      for (const run of active) void run.heartbeat().catch(() => {});
    }, heartbeatMs);
    (timer as { unref?: () => void }).unref?.();
    stops.push(() => clearInterval(timer));
  }
  if (parsed.systemMetrics) {
    const intervalMs =
      typeof parsed.systemMetrics === 'object' ? (parsed.systemMetrics.intervalMs ?? 10_000) : 10_000;
    stops.push(
      startSystemMetrics((sample) => {
        const metrics = ownMap<number>();
        for (const key of Object.keys(sample)) metrics[`system/${key}`] = sample[key]!;
        // Steps count per run: a run started later begins at step 1.
        for (const run of active) run.logSystemMetrics(metrics);
      }, intervalMs),
    );
  }

  const requireRun = async (id: string) => {
    const run = await backend.getRun(runId(id));
    if (!run)
      throw trackingErrors.error('PLINTH_NOT_FOUND', `run "${id}" does not exist; check the run id`, {
        details: { runId: id },
      });
    return run;
  };

  const setLifecycle = (id: string, lifecycle: 'active' | 'deleted') =>
    backend.updateRun(runId(id), (run) => {
      if (run.lifecycle === lifecycle) {
        throw trackingErrors.error(
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
    const checked = trackingErrors.parse(SearchRunsRequestSchema, request, 'searchRuns request');
    return backend.searchRuns({
      experimentIds: await resolveExperimentIds(checked.experiments),
      filter: checked.filter ?? '',
      orderBy: typeof checked.orderBy === 'string' ? [checked.orderBy] : (checked.orderBy ?? []),
      maxResults: checked.maxResults ?? 1000,
      pageToken: checked.pageToken,
      viewType: VIEW_TYPES.get(checked.runViewType ?? 'active')!,
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
      const given = trackingErrors.parse(StartRunOptionsSchema, runOptions, 'startRun options');
      if (given.experiment !== undefined && given.experimentId !== undefined) {
        throw trackingErrors.invalid('startRun options', {
          path: 'experimentId',
          message: 'give `experiment` (a name or id) or `experimentId`, not both',
        });
      }
      const name = given.name ?? randomRunName();
      const startTime = given.startTime ?? clock.now();
      const experiment = given.experimentId
        ? await experiments.getExperiment(given.experimentId)
        : await experiments.ensureExperiment(given.experiment ?? 'Default');
      if (experiment.lifecycle === 'deleted') {
        throw trackingErrors.error(
          'PLINTH_CONFLICT',
          `experiment "${experiment.name}" is deleted; restore it or use another experiment`,
        );
      }
      if (given.parentRunId) await requireRun(given.parentRunId);
      if (parsed.systemTags !== false) systemTags ??= collectSystemTags().catch(() => ({}));
      const system = parsed.systemTags === false ? {} : await systemTags!;
      const user = parsed.user ?? system['mlflow.user'];
      const id = uuidv7(clock);
      const tags = withOwn(ownMap<string>(), Object.entries(system));
      if (user) tags['mlflow.user'] = user;
      tags['mlflow.runName'] = name;
      if (given.parentRunId) tags['mlflow.parentRunId'] = given.parentRunId;
      const run = await backend.createRun({
        id,
        experimentId: experiment.id,
        name,
        status: 'running',
        lifecycle: 'active',
        startTime,
        ...(user ? { user } : {}),
        ...(given.parentRunId ? { parentRunId: given.parentRunId } : {}),
        heartbeatAt: clock.now(),
        params: ownMap(),
        metrics: ownMap(),
        tags: given.tags ? withOwn(tags, given.tags) : tags,
        inputs: [],
      });
      const handle = activeRun({
        backend,
        clock,
        run,
        bufferPoints,
        maxPendingPoints: parsed.maxPendingPoints ?? bufferPoints * 4,
        openLocalFile,
        onEnd: (ended) => active.delete(ended),
      });
      active.add(handle);
      return handle;
    },
    async withRun(runOptions, body) {
      if (typeof body !== 'function') {
        throw trackingErrors.invalid('withRun arguments', {
          path: 'body',
          message: 'must be a function that receives the run',
        });
      }
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
    async getMetricHistory(id, key) {
      const columns = await tracker.getMetricColumns(id, key);
      const points: MetricPoint[] = new Array(columns.values.length);
      for (let i = 0; i < points.length; i++) {
        points[i] = { value: columns.values[i]!, step: columns.steps[i]!, timestamp: columns.timestamps[i]! };
      }
      return points;
    },
    async getMetricColumns(id, key) {
      const checkedId = runId(id);
      const checkedKey = trackingErrors.parse(KeySchema, key, 'metric key');
      const columns = await backend.readMetricHistory(checkedId, checkedKey);
      // An empty history is normal for a key never logged; for a run that does not exist it is an error.
      if (columns.values.length === 0) await requireRun(checkedId);
      return columns;
    },
    async renameRun(id, name) {
      const checked = trackingErrors.parse(RunNameSchema, name, 'run name');
      return backend.updateRun(runId(id), (run) => ({
        ...run,
        name: checked,
        tags: withOwn(run.tags, [['mlflow.runName', checked]]),
      }));
    },
    deleteRun: async (id) => setLifecycle(id, 'deleted'),
    restoreRun: async (id) => setLifecycle(id, 'active'),
    searchRuns,
    async listArtifacts(id, directory) {
      const checkedId = runId(id);
      if (directory !== undefined) trackingErrors.parse(RelativePathSchema, directory, 'artifact directory');
      return backend.listArtifacts(checkedId, directory);
    },
    async downloadArtifact(id, path) {
      return collectBytes(await tracker.openArtifact(id, path));
    },
    async openArtifact(id, path) {
      const checkedId = runId(id);
      const checkedPath = trackingErrors.parse(RelativePathSchema, path, 'artifact path');
      const stream = await backend.getArtifact(checkedId, checkedPath);
      if (!stream)
        throw trackingErrors.error(
          'PLINTH_NOT_FOUND',
          `run "${id}" has no artifact "${path}"; list its artifacts to see what exists`,
        );
      return stream;
    },
    async markStaleRuns(staleOptions) {
      const { olderThanMs, experiments: names } = trackingErrors.parse(
        MarkStaleRunsOptionsSchema,
        staleOptions,
        'markStaleRuns options',
      );
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
            return { ...run, status: 'killed', endTime: Math.max(clock.now(), run.startTime) };
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
      if (!parsed.backend) await backend.close?.();
    },
  };
  return tracker;
}
