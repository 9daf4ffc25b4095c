import { type ByteSource, collectBytes } from '@plinth/core';
import {
  type BackoffOptions,
  backoff,
  decodeMlflowNumber,
  encodeArtifactPath,
  encodeMlflowNumber,
  type MlflowClient,
  type MlflowConnectionOptions,
  mlflowArtifactPath,
  mlflowClient,
} from '@plinth/core/adapter';
import type {
  ArtifactInfo,
  BackendSearchRequest,
  NewRun,
  RunsPage,
  TrackingBackend,
  ViewType,
} from '../backend.ts';
import { trackingErrors } from '../errors.ts';
import type { MetricBatch, MetricColumns } from '../metrics/codec.ts';
import { type Experiment, ExperimentSchema } from '../schemas/experiment.ts';
import { type Run, RunSchema } from '../schemas/run.ts';
import { chunkLogBatch, type LogBatchItems } from './batch.ts';
import {
  type MlflowExperiment,
  type MlflowKeyValue,
  type MlflowMetric,
  type MlflowRun,
  ownEntries,
  toExperiment,
  toMlflowInput,
  toMlflowStatus,
  toRun,
} from './convert.ts';
import { createOutbox, type MlflowOutboxStats } from './outbox.ts';

const API = '/api/2.0/mlflow';
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

/** Options of {@link mlflowTrackingBackend}. */
export interface MlflowTrackingBackendOptions extends MlflowConnectionOptions {
  /**
   * Waits between rounds of attempts while the server stays away (the outbox keeps its data and tries again,
   * as long as it takes). @default { baseMs: 1000, maxDelayMs: 60_000 }
   */
  outboxRetry?: BackoffOptions;
  /**
   * Most metric points, params and tags the outbox holds while the server is away. Past it the oldest queued
   * entries are dropped (their writes reject with `PLINTH_OVERLOADED`) and counted in `stats().dropped`.
   * @default 1_000_000
   */
  maxQueuedItems?: number;
  /** Points per `metrics/get-history` page (always sent: MLflow 3.4–3.13 return nothing without it). @default 25_000 */
  historyPageSize?: number;
  /** Called after each failed round of sending while the server is away. */
  onRetry?: (info: { error: unknown; queued: number }) => void;
  /** Called when the full outbox drops its oldest entries. */
  onDrop?: (info: { items: number; dropped: number }) => void;
}

/** The MLflow tracking backend: a `TrackingBackend` with an outbox to watch and flush. */
export interface MlflowTrackingBackend extends TrackingBackend {
  /** The server URL. */
  readonly url: string;
  /** What the outbox holds and has done. */
  stats(): MlflowOutboxStats;
  /** Resolves once everything queued was delivered (or refused). */
  flush(): Promise<void>;
  /** Stops the outbox: entries not yet delivered reject with `PLINTH_CLOSED`. */
  close(): Promise<void>;
}

const OPTION_KEYS = new Set([
  'url',
  'token',
  'headers',
  'fetch',
  'retry',
  'outboxRetry',
  'maxQueuedItems',
  'historyPageSize',
  'onRetry',
  'onDrop',
]);

function checkOptions(options: MlflowTrackingBackendOptions): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw trackingErrors.invalid('mlflowTrackingBackend options', {
      path: '',
      message: "must be an object like { url: 'http://127.0.0.1:5000' }",
    });
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      throw trackingErrors.invalid('mlflowTrackingBackend options', {
        path: key,
        message: `unknown option; the options are ${[...OPTION_KEYS].join(', ')}`,
      });
    }
  }
  const integer = (key: 'maxQueuedItems' | 'historyPageSize', max: number) => {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= max)) {
      throw trackingErrors.invalid('mlflowTrackingBackend options', {
        path: key,
        message: `must be an integer from 1 to ${max}`,
      });
    }
  };
  integer('maxQueuedItems', 100_000_000);
  integer('historyPageSize', 1_000_000);
  for (const key of ['onRetry', 'onDrop'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw trackingErrors.invalid('mlflowTrackingBackend options', {
        path: key,
        message: 'must be a function',
      });
    }
  }
}

const unsupported = (call: string, why: string) =>
  trackingErrors.error('PLINTH_UNSUPPORTED', `${call}: MLflow cannot ${why}`, { details: { call } });

const isCode = (error: unknown, code: string) => (error as { code?: unknown } | null)?.code === code;

/** `undefined` for a PLINTH_NOT_FOUND answer. */
async function orUndefined<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (isCode(error, 'PLINTH_NOT_FOUND')) return undefined;
    throw error;
  }
}

const VIEW_TYPES: Record<ViewType, string> = { active: 'ACTIVE_ONLY', deleted: 'DELETED_ONLY', all: 'ALL' };

/** Splits order-by strings on commas outside quotes and backticks. */
function orderKeys(orderBy: readonly string[]): string[] {
  const keys: string[] = [];
  for (const text of orderBy) {
    let current = '';
    let quote: string | undefined;
    for (const char of text) {
      if (quote) {
        if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"' || char === '`') quote = char;
      else if (char === ',') {
        if (current.trim()) keys.push(current.trim());
        current = '';
        continue;
      }
      current += char;
    }
    if (current.trim()) keys.push(current.trim());
  }
  return keys;
}

const keyValues = (map: Readonly<Record<string, string>>): MlflowKeyValue[] =>
  ownEntries(map).map(([key, value]) => ({ key, value }));

/**
 * A `TrackingBackend` over an MLflow tracking server (REST API 2.0, MLflow 2.x and 3.x), for
 * `createTracker({ backend })`. Experiments, runs, params, tags, metric histories, dataset inputs, artifacts
 * (through the server's artifact proxy, `mlflow server --serve-artifacts`, the default) and search map onto
 * MLflow's calls; params, tags and metric points go out through `runs/log-batch` in chunks within MLflow's
 * limits, from an outbox that keeps them while the server is away and retries with backoff.
 *
 * What MLflow cannot express raises `PLINTH_UNSUPPORTED` naming the call: removing a param, changing a
 * run's start time, user or experiment, and artifacts of a server that does not proxy them. MLflow assigns
 * run and experiment ids (the ids the tracker proposes are not kept), keeps no heartbeat (a run's
 * `heartbeatAt` is its latest recorded time), has no compare-and-set (read-modify-write is last writer wins
 * per field), returns metric history ordered by timestamp and step, and drops the sign of `-0`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for an unknown option or a malformed URL.
 * @example
 * ```ts
 * import { createTracker } from '@plinth/tracking';
 * import { mlflowTrackingBackend } from '@plinth/tracking/mlflow';
 * const tracker = createTracker({ backend: mlflowTrackingBackend({ url: 'http://127.0.0.1:5000' }) });
 * await tracker.withRun({ experiment: 'fraud' }, async (run) => run.log({ loss: 0.3 }));
 * ```
 */
export function mlflowTrackingBackend(options: MlflowTrackingBackendOptions): MlflowTrackingBackend {
  checkOptions(options);
  const client: MlflowClient = mlflowClient({
    url: options.url,
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    component: 'tracking:mlflow',
  });
  const historyPageSize = options.historyPageSize ?? 25_000;
  const artifactRoots = new Map<string, string>();

  const outbox = createOutbox({
    send: async (body) => {
      await client.json({ method: 'POST', path: `${API}/runs/log-batch`, body, what: 'runs/log-batch' });
    },
    maxQueuedItems: options.maxQueuedItems ?? 1_000_000,
    waits: backoff({
      baseMs: 1000,
      maxDelayMs: 60_000,
      maxAttempts: 1_000_000,
      component: 'tracking:mlflow',
      ...options.outboxRetry,
    }),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.onDrop ? { onDrop: options.onDrop } : {}),
  });

  const logBatch = (runId: string, items: Partial<LogBatchItems>) => {
    const full = { metrics: items.metrics ?? [], params: items.params ?? [], tags: items.tags ?? [] };
    const count = full.metrics.length + full.params.length + full.tags.length;
    return outbox.enqueue(chunkLogBatch(runId, full), count);
  };

  const getExperiment = async (id: string): Promise<Experiment | undefined> => {
    // MLflow ids are integers; another id (a UUID the tracker made) cannot exist there (MLflow answers 500).
    if (!/^\d{1,19}$/.test(id)) return undefined;
    const found = await orUndefined(
      client.json<{ experiment: MlflowExperiment }>({
        method: 'GET',
        path: `${API}/experiments/get`,
        query: { experiment_id: id },
        what: 'getExperiment',
      }),
    );
    return found && toExperiment(found.experiment);
  };

  const requireExperiment = async (id: string, call: string): Promise<Experiment> => {
    const found = await getExperiment(id);
    if (!found)
      throw trackingErrors.error(
        'PLINTH_NOT_FOUND',
        `${call}: experiment "${id}" does not exist on the MLflow server`,
      );
    return found;
  };

  const getRun = async (id: string): Promise<Run | undefined> => {
    const found = await orUndefined(
      client.json<{ run: MlflowRun }>({
        method: 'GET',
        path: `${API}/runs/get`,
        query: { run_id: id },
        what: 'getRun',
      }),
    );
    if (!found) return undefined;
    const run = toRun(found.run);
    if (run.artifactPrefix) artifactRoots.set(run.id, run.artifactPrefix);
    return run;
  };

  const requireRun = async (id: string, call: string): Promise<Run> => {
    const run = await getRun(id);
    if (!run)
      throw trackingErrors.error(
        'PLINTH_NOT_FOUND',
        `${call}: run "${id}" does not exist on the MLflow server`,
      );
    return run;
  };

  /** The artifact proxy path of a run's root (`12/<run>/artifacts`). */
  const artifactRoot = async (runId: string, call: string): Promise<string> => {
    const uri = artifactRoots.get(runId) ?? (await requireRun(runId, call)).artifactPrefix;
    const path = mlflowArtifactPath(uri);
    if (path === undefined) {
      throw unsupported(
        call,
        `reach artifacts at "${uri}" through its REST API; start the server with --serve-artifacts (the default since MLflow 2.0) so runs get mlflow-artifacts:/ URIs`,
      );
    }
    return path;
  };

  const checkRunDocument = (run: unknown, subject: string): Run =>
    trackingErrors.parse(RunSchema, run, subject) as Run;

  const setLifecycle = async (kind: 'experiments' | 'runs', id: string, lifecycle: 'active' | 'deleted') => {
    const field = kind === 'runs' ? 'run_id' : 'experiment_id';
    await client.json({
      method: 'POST',
      path: `${API}/${kind}/${lifecycle === 'deleted' ? 'delete' : 'restore'}`,
      body: { [field]: id },
      what: `${kind}/${lifecycle === 'deleted' ? 'delete' : 'restore'}`,
    });
  };

  const backend: MlflowTrackingBackend = {
    name: 'mlflow',
    url: client.url,

    async createExperiment(experiment) {
      const checked = trackingErrors.parse(ExperimentSchema, experiment, 'experiment') as Experiment;
      const tags = keyValues(checked.tags);
      const { experiment_id: id } = await client.json<{ experiment_id: string }>({
        method: 'POST',
        path: `${API}/experiments/create`,
        body: { name: checked.name, ...(tags.length > 0 ? { tags } : {}) },
        what: 'createExperiment',
      });
      if (checked.lifecycle === 'deleted') await setLifecycle('experiments', id, 'deleted');
      return requireExperiment(id, 'createExperiment');
    },

    getExperiment,

    async getExperimentByName(name) {
      const found = await orUndefined(
        client.json<{ experiment: MlflowExperiment }>({
          method: 'GET',
          path: `${API}/experiments/get-by-name`,
          query: { experiment_name: name },
          what: 'getExperimentByName',
        }),
      );
      return found && toExperiment(found.experiment);
    },

    async listExperiments() {
      const all: Experiment[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.json<{ experiments?: MlflowExperiment[]; next_page_token?: string }>({
          method: 'POST',
          path: `${API}/experiments/search`,
          body: { max_results: 1000, view_type: 'ALL', ...(pageToken ? { page_token: pageToken } : {}) },
          what: 'listExperiments',
        });
        for (const experiment of page.experiments ?? []) all.push(toExperiment(experiment));
        pageToken = page.next_page_token;
      } while (pageToken);
      return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async renameExperiment(id, name, updatedAt) {
      await requireExperiment(id, 'renameExperiment');
      await client.json({
        method: 'POST',
        path: `${API}/experiments/update`,
        body: { experiment_id: id, new_name: name },
        what: 'renameExperiment',
      });
      // MLflow stamps its own last_update_time; the document returned carries the tracker's clock.
      return { ...(await requireExperiment(id, 'renameExperiment')), updatedAt };
    },

    async updateExperiment(id, mutate) {
      const current = await requireExperiment(id, 'updateExperiment');
      const proposed = mutate(current);
      if (proposed === undefined) return current;
      const next = trackingErrors.parse(ExperimentSchema, proposed, 'experiment') as Experiment;
      if (next.id !== current.id) throw unsupported('updateExperiment', "change an experiment's id");
      if (next.name !== current.name) await backend.renameExperiment(id, next.name, next.updatedAt);
      for (const [key, value] of ownEntries(next.tags)) {
        if (Object.getOwnPropertyDescriptor(current.tags, key)?.value === value) continue;
        await client.json({
          method: 'POST',
          path: `${API}/experiments/set-experiment-tag`,
          body: { experiment_id: id, key, value },
          what: 'setExperimentTags',
        });
      }
      for (const [key] of ownEntries(current.tags)) {
        if (Object.hasOwn(next.tags, key)) continue;
        await client.json({
          method: 'POST',
          path: `${API}/experiments/delete-experiment-tag`,
          body: { experiment_id: id, key },
          what: 'deleteExperimentTag',
        });
      }
      if (next.lifecycle !== current.lifecycle) await setLifecycle('experiments', id, next.lifecycle);
      return requireExperiment(id, 'updateExperiment');
    },

    async createRun(run: NewRun) {
      const checked = checkRunDocument({ ...run, artifactPrefix: '' }, 'run');
      if (!/^\d{1,19}$/.test(checked.experimentId)) {
        throw trackingErrors.error(
          'PLINTH_NOT_FOUND',
          `createRun: experiment "${checked.experimentId}" does not exist on the MLflow server (its ids are integers)`,
        );
      }
      const tags = keyValues(checked.tags);
      const { run: created } = await client.json<{ run: MlflowRun }>({
        method: 'POST',
        path: `${API}/runs/create`,
        body: {
          experiment_id: checked.experimentId,
          run_name: checked.name,
          start_time: checked.startTime,
          ...(checked.user ? { user_id: checked.user } : {}),
          ...(tags.length > 0 ? { tags } : {}),
        },
        what: 'createRun',
      });
      const id = created.info.run_id;
      const metrics: MlflowMetric[] = ownEntries(checked.metrics).map(([key, point]) => ({
        key,
        value: encodeMlflowNumber(point.value),
        timestamp: point.timestamp,
        step: point.step,
      }));
      await logBatch(id, { params: keyValues(checked.params), metrics });
      if (checked.inputs.length > 0) {
        await client.json({
          method: 'POST',
          path: `${API}/runs/log-inputs`,
          body: { run_id: id, datasets: checked.inputs.map(toMlflowInput) },
          what: 'logInputs',
        });
      }
      if (checked.status !== 'running' || checked.endTime !== undefined) {
        await client.json({
          method: 'POST',
          path: `${API}/runs/update`,
          body: {
            run_id: id,
            status: toMlflowStatus(checked.status),
            ...(checked.endTime !== undefined ? { end_time: checked.endTime } : {}),
          },
          what: 'createRun',
        });
      }
      if (checked.lifecycle === 'deleted') await setLifecycle('runs', id, 'deleted');
      return requireRun(id, 'createRun');
    },

    getRun,

    async updateRun(id, mutate) {
      const current = await requireRun(id, 'updateRun');
      const proposed = mutate(current);
      if (proposed === undefined) return current;
      const next = checkRunDocument(proposed, 'run');
      for (const field of ['id', 'experimentId', 'startTime', 'user'] as const) {
        if (next[field] !== current[field]) throw unsupported('updateRun', `change a run's ${field}`);
      }
      const params: MlflowKeyValue[] = [];
      for (const [key, value] of ownEntries(next.params)) {
        if (Object.getOwnPropertyDescriptor(current.params, key)?.value !== value)
          params.push({ key, value });
      }
      for (const [key] of ownEntries(current.params)) {
        if (!Object.hasOwn(next.params, key))
          throw unsupported('updateRun', `remove param "${key}" (params are immutable)`);
      }
      const tags: MlflowKeyValue[] = [];
      for (const [key, value] of ownEntries(next.tags)) {
        if (Object.getOwnPropertyDescriptor(current.tags, key)?.value !== value) tags.push({ key, value });
      }
      // run_name travels in runs/update, which sets the tag mlflow.runName too
      const renamed = next.name !== current.name;
      await logBatch(id, {
        params,
        tags: renamed ? tags.filter((tag) => tag.key !== 'mlflow.runName') : tags,
      });
      for (const [key] of ownEntries(current.tags)) {
        if (Object.hasOwn(next.tags, key)) continue;
        await client.json({
          method: 'POST',
          path: `${API}/runs/delete-tag`,
          body: { run_id: id, key },
          what: 'deleteTag',
        });
      }
      const known = new Set(
        current.inputs.map((input) => `${input.dataset.name}\u0000${input.dataset.digest}`),
      );
      const added = next.inputs.filter(
        (input) => !known.has(`${input.dataset.name}\u0000${input.dataset.digest}`),
      );
      if (added.length > 0) {
        await client.json({
          method: 'POST',
          path: `${API}/runs/log-inputs`,
          body: { run_id: id, datasets: added.map(toMlflowInput) },
          what: 'logInputs',
        });
      }
      if (renamed || next.status !== current.status || next.endTime !== current.endTime) {
        await client.json({
          method: 'POST',
          path: `${API}/runs/update`,
          body: {
            run_id: id,
            ...(renamed ? { run_name: next.name } : {}),
            ...(next.status !== current.status ? { status: toMlflowStatus(next.status) } : {}),
            ...(next.endTime !== undefined && next.endTime !== current.endTime
              ? { end_time: next.endTime }
              : {}),
          },
          what: 'updateRun',
        });
      }
      if (next.lifecycle !== current.lifecycle) await setLifecycle('runs', id, next.lifecycle);
      return requireRun(id, 'updateRun');
    },

    async writeMetrics(runId, batches: ReadonlyArray<MetricBatch>) {
      const metrics: MlflowMetric[] = [];
      for (const batch of batches) {
        const { values, steps, timestamps } = batch.columns;
        for (let i = 0; i < batch.count; i++) {
          metrics.push({
            key: batch.key,
            value: encodeMlflowNumber(values[i]!),
            timestamp: timestamps[i]!,
            step: steps[i]!,
          });
        }
      }
      await logBatch(runId, { metrics });
    },

    async readMetricHistory(runId, key): Promise<MetricColumns> {
      const points: MlflowMetric[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.json<{ metrics?: MlflowMetric[]; next_page_token?: string }>({
          method: 'GET',
          path: `${API}/metrics/get-history`,
          query: { run_id: runId, metric_key: key, max_results: historyPageSize, page_token: pageToken },
          what: 'readMetricHistory',
        });
        points.push(...(page.metrics ?? []));
        pageToken = page.next_page_token;
      } while (pageToken);
      const columns: MetricColumns = {
        values: new Float64Array(points.length),
        steps: new Float64Array(points.length),
        timestamps: new Float64Array(points.length),
      };
      for (const [i, point] of points.entries()) {
        columns.values[i] = decodeMlflowNumber(point.value);
        columns.steps[i] = point.step ?? 0;
        columns.timestamps[i] = point.timestamp ?? 0;
      }
      return columns;
    },

    async putArtifact(runId, path, content: Uint8Array | ByteSource): Promise<ArtifactInfo> {
      // Read the whole source first: a stream that fails stores nothing.
      const bytes = content instanceof Uint8Array ? content : await collectBytes(content);
      const root = await artifactRoot(runId, 'putArtifact');
      await client.send({
        method: 'PUT',
        path: `${ARTIFACTS}/${encodeArtifactPath(root)}/${encodeArtifactPath(path)}`,
        body: bytes,
        what: 'putArtifact',
      });
      return { path, size: bytes.byteLength };
    },

    async getArtifact(runId, path) {
      const root = await artifactRoot(runId, 'getArtifact');
      try {
        const response = await client.send({
          method: 'GET',
          path: `${ARTIFACTS}/${encodeArtifactPath(root)}/${encodeArtifactPath(path)}`,
          what: 'getArtifact',
        });
        return response.body ?? new Blob([]).stream();
      } catch (error) {
        // MLflow answers a missing artifact with 500 INTERNAL_ERROR: a listing tells absent from broken.
        if (isCode(error, 'PLINTH_NOT_FOUND')) return undefined;
        const slash = path.lastIndexOf('/');
        const listed = await backend.listArtifacts(runId, slash === -1 ? undefined : path.slice(0, slash));
        if (!listed.some((info) => info.path === path)) return undefined;
        throw error;
      }
    },

    async listArtifacts(runId, directory) {
      const found: ArtifactInfo[] = [];
      const visit = async (path: string | undefined) => {
        const page = await client.json<{
          files?: Array<{ path: string; is_dir?: boolean; file_size?: number }>;
        }>({
          method: 'GET',
          path: `${API}/artifacts/list`,
          query: { run_id: runId, path },
          what: 'listArtifacts',
        });
        for (const file of page.files ?? []) {
          if (file.is_dir) await visit(file.path);
          else found.push({ path: file.path, size: Number(file.file_size ?? 0) });
        }
      };
      await visit(directory === '' ? undefined : directory?.replace(/\/+$/, ''));
      return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },

    async searchRuns(request: BackendSearchRequest): Promise<RunsPage> {
      const orderBy = orderKeys(request.orderBy);
      const page = await client.json<{ runs?: MlflowRun[]; next_page_token?: string }>({
        method: 'POST',
        path: `${API}/runs/search`,
        body: {
          experiment_ids: request.experimentIds,
          ...(request.filter ? { filter: request.filter } : {}),
          ...(request.viewType !== 'active' ? { run_view_type: VIEW_TYPES[request.viewType] } : {}),
          max_results: request.maxResults,
          ...(orderBy.length > 0 ? { order_by: orderBy } : {}),
          ...(request.pageToken ? { page_token: request.pageToken } : {}),
        },
        what: 'searchRuns',
      });
      const runs = (page.runs ?? []).map(toRun);
      return page.next_page_token ? { runs, nextPageToken: page.next_page_token } : { runs };
    },

    stats: () => outbox.stats(),
    flush: () => outbox.idle(),
    async close() {
      outbox.close();
    },
  };
  return backend;
}
