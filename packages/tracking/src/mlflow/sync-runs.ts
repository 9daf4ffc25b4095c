import { collectBytes, uuidv7 } from '@plinth/core';
import type { TrackingBackend } from '../backend.ts';
import { trackingErrors } from '../errors.ts';
import type { MetricColumns } from '../metrics/codec.ts';
import type { Experiment } from '../schemas/experiment.ts';
import type { LatestMetric, Run, RunInput } from '../schemas/run.ts';

/** Tag a copied run carries: the id of the run it was copied from (how a second sync finds it). */
export const SYNC_SOURCE_TAG = 'plinth.sync.source';

/** The part of a tracker {@link syncRuns} reads and writes: its backend. */
export interface SyncEndpoint {
  /** The tracker's backend (`tracker.backend`). */
  readonly backend: TrackingBackend;
}

/** What one {@link syncRuns} call did. */
export interface SyncRunsResult {
  /** Experiments created in `to`. */
  experimentsCreated: number;
  /** Runs created in `to`. */
  runsCreated: number;
  /** Runs that existed in `to` and got something new. */
  runsUpdated: number;
  /** Runs that existed in `to` with nothing new. */
  runsUnchanged: number;
  /** Metric points copied. */
  points: number;
  /** Params copied. */
  params: number;
  /** Tags set. */
  tags: number;
  /** Artifacts copied. */
  artifacts: number;
  /** Artifact bytes copied. */
  artifactBytes: number;
  /** Dataset inputs copied. */
  inputs: number;
}

/** A progress report of {@link syncRuns}: after each run. */
export interface SyncProgress {
  /** The experiment being copied. */
  experiment: string;
  /** The run just handled (its name in `from`). */
  run: string;
  /** Runs handled so far, over every experiment. */
  done: number;
  /** Runs to handle in this experiment. */
  total: number;
  /** Totals so far. */
  result: SyncRunsResult;
}

/** Options of {@link syncRuns}. */
export interface SyncRunsOptions {
  /** The tracker to copy from. */
  from: SyncEndpoint;
  /** The tracker to copy to. */
  to: SyncEndpoint;
  /** One experiment (name or id in `from`); every active experiment when absent. */
  experiment?: string;
  /** Called after each run. */
  onProgress?: (progress: SyncProgress) => void;
}

const own = <V>(map: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.getOwnPropertyDescriptor(map, key)?.value as V | undefined;
const ownMap = <V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> => {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) out[key] = value;
  return out;
};
const inputKey = (input: RunInput) => `${input.dataset.name}\u0000${input.dataset.digest}`;

function slice(columns: MetricColumns, from: number): MetricColumns {
  return {
    values: columns.values.subarray(from),
    steps: columns.steps.subarray(from),
    timestamps: columns.timestamps.subarray(from),
  };
}

async function allRuns(backend: TrackingBackend, experimentId: string): Promise<Run[]> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const page = await backend.searchRuns({
      experimentIds: [experimentId],
      filter: '',
      orderBy: ['attributes.start_time ASC'],
      maxResults: 1000,
      viewType: 'active',
      ...(pageToken ? { pageToken } : {}),
    });
    runs.push(...page.runs);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return runs;
}

function checkEndpoint(value: unknown, path: string): TrackingBackend {
  const backend = (value as SyncEndpoint | null)?.backend;
  if (typeof backend !== 'object' || backend === null || typeof backend.searchRuns !== 'function') {
    throw trackingErrors.invalid('syncRuns options', {
      path,
      message: 'must be a tracker (createTracker(...))',
    });
  }
  return backend;
}

/**
 * Copies runs from one tracker to another: experiments by name, runs with their names, start and end
 * times, statuses, params, tags, full metric histories (steps and timestamps kept), artifacts and dataset
 * inputs; a nested run keeps its parent when the parent is copied too. Offline first: log on the embedded
 * store, publish to MLflow later (`{ from: local, to: mlflow }`), or take an experiment offline the other
 * way. Idempotent: each copy carries the tag `plinth.sync.source` (the source run's id), and a second sync
 * copies only what is new (missing params, tags, artifacts and inputs, changed status, and the tail of each
 * metric history beyond what the copy holds). Deleted runs are not copied.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options; `PLINTH_NOT_FOUND` for an unknown `experiment`;
 * any error of either backend (the runs copied so far stay; run it again to finish).
 * @example
 * ```ts
 * const local = createTracker({ storage: fsStorage({ dir: '.plinth' }) });
 * const mlflow = createTracker({ backend: mlflowTrackingBackend({ url: 'http://127.0.0.1:5000' }) });
 * const result = await syncRuns({ from: local, to: mlflow, experiment: 'fraud' });
 * ```
 */
export async function syncRuns(options: SyncRunsOptions): Promise<SyncRunsResult> {
  if (options === null || typeof options !== 'object') {
    throw trackingErrors.invalid('syncRuns options', {
      path: '',
      message: 'must be an object like { from, to }',
    });
  }
  for (const key of Object.keys(options)) {
    if (!['from', 'to', 'experiment', 'onProgress'].includes(key))
      throw trackingErrors.invalid('syncRuns options', {
        path: key,
        message: 'unknown option; the options are from, to, experiment, onProgress',
      });
  }
  const from = checkEndpoint(options.from, 'from');
  const to = checkEndpoint(options.to, 'to');
  if (
    options.experiment !== undefined &&
    (typeof options.experiment !== 'string' || options.experiment === '')
  )
    throw trackingErrors.invalid('syncRuns options', {
      path: 'experiment',
      message: 'must be an experiment name or id',
    });
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    throw trackingErrors.invalid('syncRuns options', { path: 'onProgress', message: 'must be a function' });

  const result: SyncRunsResult = {
    experimentsCreated: 0,
    runsCreated: 0,
    runsUpdated: 0,
    runsUnchanged: 0,
    points: 0,
    params: 0,
    tags: 0,
    artifacts: 0,
    artifactBytes: 0,
    inputs: 0,
  };
  let experiments: Experiment[];
  if (options.experiment !== undefined) {
    const found =
      (await from.getExperiment(options.experiment)) ?? (await from.getExperimentByName(options.experiment));
    if (!found)
      throw trackingErrors.error(
        'PLINTH_NOT_FOUND',
        `syncRuns: experiment "${options.experiment}" does not exist in the source tracker`,
      );
    experiments = [found];
  } else {
    experiments = (await from.listExperiments()).filter((experiment) => experiment.lifecycle === 'active');
  }
  let done = 0;
  for (const source of experiments) {
    let target = await to.getExperimentByName(source.name);
    if (!target) {
      target = await to.createExperiment({
        ...source,
        id: uuidv7(),
        tags: ownMap(Object.entries(source.tags)),
      });
      result.experimentsCreated += 1;
    }
    const runs = await allRuns(from, source.id);
    const existing = await allRuns(to, target.id);
    /** source run id → target run */
    const copies = new Map<string, Run>();
    for (const copy of existing) {
      const origin = own(copy.tags, SYNC_SOURCE_TAG);
      if (origin) copies.set(origin, copy);
    }
    for (const run of runs) {
      // a run that is itself a copy of a target run (a round trip) is that run
      const origin = own(run.tags, SYNC_SOURCE_TAG);
      const twin = origin
        ? (existing.find((candidate) => candidate.id === origin) ?? copies.get(origin))
        : undefined;
      if (twin) copies.set(run.id, twin);
    }
    // parents before children, so a copy can point at its parent's copy
    const ordered = [...runs].sort((a, b) => Number(Boolean(a.parentRunId)) - Number(Boolean(b.parentRunId)));
    for (const run of ordered) {
      await syncRun(from, to, run, target, copies, result);
      done += 1;
      options.onProgress?.({
        experiment: source.name,
        run: run.name,
        done,
        total: runs.length,
        result: { ...result },
      });
    }
  }
  return result;
}

async function syncRun(
  from: TrackingBackend,
  to: TrackingBackend,
  run: Run,
  experiment: Experiment,
  copies: Map<string, Run>,
  result: SyncRunsResult,
): Promise<void> {
  const parent = run.parentRunId ? (copies.get(run.parentRunId)?.id ?? run.parentRunId) : undefined;
  const tags = ownMap(Object.keys(run.tags).map((key) => [key, own(run.tags, key)!] as const));
  if (!own(run.tags, SYNC_SOURCE_TAG)) tags[SYNC_SOURCE_TAG] = run.id;
  if (parent && own(tags, 'mlflow.parentRunId') !== undefined) tags['mlflow.parentRunId'] = parent;
  let copy = copies.get(run.id);
  const before = { ...result };
  if (!copy) {
    copy = await to.createRun({
      id: uuidv7(),
      experimentId: experiment.id,
      name: run.name,
      status: run.status,
      lifecycle: 'active',
      startTime: run.startTime,
      ...(run.endTime !== undefined ? { endTime: run.endTime } : {}),
      ...(run.user !== undefined ? { user: run.user } : {}),
      ...(parent ? { parentRunId: parent } : {}),
      heartbeatAt: run.heartbeatAt,
      params: ownMap(Object.keys(run.params).map((key) => [key, own(run.params, key)!] as const)),
      metrics: ownMap(),
      tags,
      inputs: run.inputs,
    });
    copies.set(run.id, copy);
    result.runsCreated += 1;
    result.params += Object.keys(run.params).length;
    result.tags += Object.keys(tags).length;
    result.inputs += run.inputs.length;
  }
  // metric histories: the tail beyond what the copy holds
  const latest: Array<[string, LatestMetric]> = [];
  for (const key of Object.keys(run.metrics)) {
    const source = await from.readMetricHistory(run.id, key);
    const held = (await to.readMetricHistory(copy.id, key)).values.length;
    if (source.values.length > held) {
      const count = source.values.length - held;
      await to.writeMetrics(copy.id, [{ key, columns: slice(source, held), count }]);
      result.points += count;
    }
    if (own(copy.metrics, key) === undefined || source.values.length > held)
      latest.push([key, own(run.metrics, key)!]);
  }
  // artifacts missing from the copy
  const present = new Set((await to.listArtifacts(copy.id)).map((info) => info.path));
  for (const info of await from.listArtifacts(run.id)) {
    if (present.has(info.path)) continue;
    const stream = await from.getArtifact(run.id, info.path);
    if (!stream) continue;
    const bytes = await collectBytes(stream);
    await to.putArtifact(copy.id, info.path, bytes);
    result.artifacts += 1;
    result.artifactBytes += bytes.byteLength;
  }
  // params, tags, inputs, status and end time that changed since the copy was made
  const id = copy.id;
  let changed = false;
  const updated = await to.updateRun(id, (current) => {
    const params = ownMap(
      Object.keys(current.params).map((key) => [key, own(current.params, key)!] as const),
    );
    const nextTags = ownMap(Object.keys(current.tags).map((key) => [key, own(current.tags, key)!] as const));
    const metrics = ownMap(
      Object.keys(current.metrics).map((key) => [key, own(current.metrics, key)!] as const),
    );
    let params0 = 0;
    let tags0 = 0;
    for (const key of Object.keys(run.params))
      if (own(params, key) === undefined) {
        params[key] = own(run.params, key)!;
        params0 += 1;
      }
    for (const key of Object.keys(tags))
      if (key !== SYNC_SOURCE_TAG && key !== 'mlflow.runName' && own(nextTags, key) !== own(tags, key)) {
        nextTags[key] = own(tags, key)!;
        tags0 += 1;
      }
    for (const [key, point] of latest) metrics[key] = point;
    const known = new Set(current.inputs.map(inputKey));
    const inputs = [...current.inputs, ...run.inputs.filter((input) => !known.has(inputKey(input)))];
    const status = run.status !== current.status || run.endTime !== current.endTime;
    changed = params0 + tags0 > 0 || inputs.length > current.inputs.length || status || latest.length > 0;
    if (!changed) return undefined;
    result.params += params0;
    result.tags += tags0;
    result.inputs += inputs.length - current.inputs.length;
    return {
      ...current,
      params,
      tags: nextTags,
      metrics,
      inputs,
      status: run.status,
      ...(run.endTime !== undefined ? { endTime: run.endTime } : {}),
    };
  });
  copies.set(run.id, updated);
  const created = result.runsCreated > before.runsCreated;
  if (!created) {
    const moved = result.points + result.artifacts + result.params + result.tags + result.inputs;
    const was = before.points + before.artifacts + before.params + before.tags + before.inputs;
    if (moved > was || changed) result.runsUpdated += 1;
    else result.runsUnchanged += 1;
  }
}
