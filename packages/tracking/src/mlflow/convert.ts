// MLflow JSON (proto3: default values left out) ↔ Plinth documents.
import type { DatasetRef } from '@plinth/core';
import { decodeMlflowNumber, MLFLOW_COLUMN_DTYPES } from '@plinth/core/adapter';
import type { Experiment } from '../schemas/experiment.ts';
import type { LatestMetric, Run, RunInput, RunStatus } from '../schemas/run.ts';

/** An MLflow `{key, value}` pair. */
export interface MlflowKeyValue {
  key: string;
  value: string;
}

/** An MLflow experiment as JSON. */
export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number;
  last_update_time?: number;
  tags?: MlflowKeyValue[];
}

/** An MLflow metric point as JSON (`value` may be `"NaN"`). */
export interface MlflowMetric {
  key: string;
  value: number | string;
  timestamp?: number;
  step?: number;
}

/** An MLflow dataset input as JSON. */
export interface MlflowDatasetInput {
  tags?: MlflowKeyValue[];
  dataset: {
    name: string;
    digest?: string;
    source_type?: string;
    source?: string;
    schema?: string;
    profile?: string;
  };
}

/** An MLflow run as JSON. */
export interface MlflowRun {
  info: {
    run_id: string;
    experiment_id: string;
    run_name?: string;
    user_id?: string;
    status?: string;
    start_time?: number;
    end_time?: number;
    artifact_uri?: string;
    lifecycle_stage?: string;
  };
  data?: { metrics?: MlflowMetric[]; params?: MlflowKeyValue[]; tags?: MlflowKeyValue[] };
  inputs?: { dataset_inputs?: MlflowDatasetInput[] };
}

/** A map whose keys are all own (`__proto__` is an ordinary key). */
export function ownMap<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** Own entries of a map, `__proto__` included. */
export function ownEntries<V>(map: Readonly<Record<string, V>>): Array<[string, V]> {
  return Object.keys(map).map((key) => [key, Object.getOwnPropertyDescriptor(map, key)?.value as V]);
}

const pairs = (list: MlflowKeyValue[] | undefined): Record<string, string> =>
  ownMap((list ?? []).map((pair) => [pair.key, pair.value] as const));

/** MLflow experiment → Plinth experiment. */
export function toExperiment(json: MlflowExperiment): Experiment {
  const createdAt = json.creation_time ?? 0;
  return {
    id: json.experiment_id,
    name: json.name,
    tags: pairs(json.tags),
    lifecycle: json.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    createdAt,
    updatedAt: json.last_update_time ?? createdAt,
  };
}

const STATUSES: Record<string, RunStatus> = {
  RUNNING: 'running',
  SCHEDULED: 'running',
  FINISHED: 'finished',
  FAILED: 'failed',
  KILLED: 'killed',
};

/** Plinth status → MLflow status. */
export const toMlflowStatus = (status: RunStatus): string => status.toUpperCase();

/** Plinth's reserved key in a dataset's `schema` JSON: the columns exactly as Plinth logged them. */
const PLINTH_COLUMNS = 'plinth_columns';

/** MLflow dataset input → Plinth run input (an empty digest, which MLflow allows, reads as `"none"`). */
function toInput(json: MlflowDatasetInput): RunInput {
  const { dataset } = json;
  const ref: DatasetRef = { name: dataset.name, digest: dataset.digest || 'none' };
  if (dataset.source) {
    const parsed = safeJson(dataset.source) as { uri?: unknown; url?: unknown } | undefined;
    const uri =
      typeof parsed?.uri === 'string' ? parsed.uri : typeof parsed?.url === 'string' ? parsed.url : undefined;
    if (uri)
      ref.source =
        dataset.source_type && dataset.source_type !== 'plinth' ? { type: dataset.source_type, uri } : uri;
  }
  const schema = dataset.schema
    ? (safeJson(dataset.schema) as Record<string, unknown> | undefined)
    : undefined;
  if (Array.isArray(schema?.[PLINTH_COLUMNS])) ref.schema = schema[PLINTH_COLUMNS] as DatasetRef['schema'];
  else if (Array.isArray(schema?.mlflow_colspec)) {
    ref.schema = (schema.mlflow_colspec as Array<{ name?: string; type?: string; required?: boolean }>)
      .filter((column) => typeof column.name === 'string')
      .map((column) => ({
        name: column.name!,
        dtype: FROM_MLFLOW_TYPE[column.type ?? ''] ?? 'string',
        ...(column.required === false ? { nullable: true } : {}),
      })) as DatasetRef['schema'];
  }
  const profile = dataset.profile
    ? (safeJson(dataset.profile) as { num_rows?: unknown } | undefined)
    : undefined;
  if (Number.isInteger(profile?.num_rows) && (profile!.num_rows as number) >= 0)
    ref.rows = profile!.num_rows as number;
  const input: RunInput = { dataset: ref };
  const tags = ownMap<string>();
  for (const tag of json.tags ?? []) {
    if (tag.key === 'mlflow.data.context') input.context = tag.value;
    else tags[tag.key] = tag.value;
  }
  if (Object.keys(tags).length > 0) input.tags = tags;
  return input;
}

const FROM_MLFLOW_TYPE = MLFLOW_COLUMN_DTYPES;
const TO_MLFLOW_TYPE: Record<string, string> = Object.fromEntries(
  Object.entries(MLFLOW_COLUMN_DTYPES).map(([mlflow, plinth]) => [plinth, mlflow]),
);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Plinth run input → MLflow dataset input (`log-inputs`). */
export function toMlflowInput(input: RunInput): MlflowDatasetInput {
  const { dataset } = input;
  const out: MlflowDatasetInput['dataset'] = {
    name: dataset.name,
    digest: dataset.digest,
    source_type: typeof dataset.source === 'object' ? dataset.source.type : 'plinth',
    source: JSON.stringify({
      uri: typeof dataset.source === 'object' ? dataset.source.uri : (dataset.source ?? ''),
    }),
  };
  if (dataset.schema) {
    out.schema = JSON.stringify({
      mlflow_colspec: dataset.schema.map((column) => ({
        type: TO_MLFLOW_TYPE[column.dtype] ?? 'string',
        name: column.name,
        required: column.nullable !== true,
      })),
      [PLINTH_COLUMNS]: dataset.schema,
    });
  }
  if (dataset.rows !== undefined) out.profile = JSON.stringify({ num_rows: dataset.rows });
  const tags: MlflowKeyValue[] = [];
  if (input.context !== undefined) tags.push({ key: 'mlflow.data.context', value: input.context });
  for (const [key, value] of ownEntries(input.tags ?? {})) tags.push({ key, value });
  return tags.length > 0 ? { tags, dataset: out } : { dataset: out };
}

/**
 * MLflow run → Plinth run. MLflow keeps no heartbeat: `heartbeatAt` is the latest sign of life it records
 * (the end time, the newest metric timestamp, or the start time).
 */
export function toRun(json: MlflowRun): Run {
  const { info } = json;
  const tags = pairs(json.data?.tags);
  const metrics = ownMap<LatestMetric>(
    (json.data?.metrics ?? []).map((metric) => [
      metric.key,
      { value: decodeMlflowNumber(metric.value), step: metric.step ?? 0, timestamp: metric.timestamp ?? 0 },
    ]),
  );
  const startTime = info.start_time ?? 0;
  let heartbeatAt = Math.max(startTime, info.end_time ?? 0);
  for (const key of Object.keys(metrics)) heartbeatAt = Math.max(heartbeatAt, metrics[key]!.timestamp);
  const user = info.user_id || Object.getOwnPropertyDescriptor(tags, 'mlflow.user')?.value;
  const parentRunId = Object.getOwnPropertyDescriptor(tags, 'mlflow.parentRunId')?.value as
    | string
    | undefined;
  return {
    id: info.run_id,
    experimentId: info.experiment_id,
    name: info.run_name ?? '',
    status: STATUSES[info.status ?? 'RUNNING'] ?? 'running',
    lifecycle: info.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    startTime,
    ...(info.end_time !== undefined && info.status !== 'RUNNING' ? { endTime: info.end_time } : {}),
    ...(user ? { user } : {}),
    ...(parentRunId ? { parentRunId } : {}),
    heartbeatAt,
    artifactPrefix: info.artifact_uri ?? '',
    params: pairs(json.data?.params),
    metrics,
    tags,
    inputs: (json.inputs?.dataset_inputs ?? []).map(toInput),
  };
}
