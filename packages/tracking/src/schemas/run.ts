import { type DatasetRef, DatasetRefSchema, KeySchema, TagValueSchema } from '@plinth/core';
import * as z from 'zod/mini';
import { ownRecord } from './own-record.ts';

/** Longest param value accepted (MLflow's limit). Longer values are rejected, never cut. */
export const MAX_PARAM_VALUE_LENGTH = 6000;

/** Status of a run: `running` until `end()`; `killed` also by `markStaleRuns()`. */
export type RunStatus = 'running' | 'finished' | 'failed' | 'killed';
/** Schema of {@link RunStatus}. */
export const RunStatusSchema = z.enum(['running', 'finished', 'failed', 'killed']);

/** Whether an experiment or run is visible (`active`) or soft-deleted (`deleted`). */
export type Lifecycle = 'active' | 'deleted';
/** Schema of {@link Lifecycle}. */
export const LifecycleSchema = z.enum(['active', 'deleted']);

/** A param value as given: strings, numbers and booleans are stored as strings of at most 6,000 characters. */
export const ParamValueSchema = z.pipe(
  z.union([z.string(), z.number(), z.boolean()]),
  z.pipe(
    z.transform((value: string | number | boolean) => String(value)),
    z
      .string()
      .check(
        z.maxLength(
          MAX_PARAM_VALUE_LENGTH,
          `must be at most ${MAX_PARAM_VALUE_LENGTH} characters; log longer text as an artifact`,
        ),
      ),
  ),
);

/** Params to log: keys per `KeySchema`, values up to 6,000 characters; an own-key map (`__proto__` is a name). */
export const ParamsSchema = ownRecord(KeySchema, ParamValueSchema);
/** Validated params: name → value as a string. */
export type Params = Record<string, string>;

/** Tags to set: keys per `KeySchema`, values up to 8,000 characters; an own-key map. */
export const TagsInputSchema = ownRecord(KeySchema, TagValueSchema);

/** The latest point of a metric: greatest step, then greatest timestamp. */
export interface LatestMetric {
  /** The value; NaN and ±Infinity are kept. */
  value: number;
  /** The step of that point. */
  step: number;
  /** When it was observed, UTC epoch milliseconds. */
  timestamp: number;
}
const AnyNumber = z.custom<number>((value) => typeof value === 'number', 'must be a number');
/** Schema of {@link LatestMetric}. */
export const LatestMetricSchema = z.object({ value: AnyNumber, step: z.number(), timestamp: z.number() });

/** A dataset logged as an input of a run, with its context. */
export interface RunInput {
  /** The dataset: name, digest, and optionally source, schema and row count. */
  dataset: DatasetRef;
  /** How the run used it: `training`, `evaluation`, … (up to 250 characters). */
  context?: string;
  /** Tags of this input. */
  tags?: Record<string, string>;
}
/** Schema of {@link RunInput}. */
export const RunInputSchema = z.strictObject({
  dataset: DatasetRefSchema,
  context: z.optional(z.string().check(z.maxLength(250, 'must be at most 250 characters'))),
  tags: z.optional(TagsInputSchema),
});

/** A run as stored and returned: attributes, params, latest metrics, tags and dataset inputs. */
export interface Run {
  /** The run id (UUIDv7 for the storage backend). */
  id: string;
  /** Id of the experiment the run belongs to. */
  experimentId: string;
  /** The run name (also tag `mlflow.runName`). */
  name: string;
  /** `running` until ended; `finished`, `failed` or `killed` after. */
  status: RunStatus;
  /** `active`, or `deleted` after `deleteRun` (hidden from searches unless asked). */
  lifecycle: Lifecycle;
  /** When the run started, UTC epoch milliseconds. */
  startTime: number;
  /** When the run ended, UTC epoch milliseconds; absent while running. */
  endTime?: number;
  /** Who ran it (also tag `mlflow.user`). */
  user?: string;
  /** The parent run of a nested run (also tag `mlflow.parentRunId`). */
  parentRunId?: string;
  /** Last sign of life (flush, end, heartbeat timer), UTC epoch milliseconds; see `markStaleRuns`. */
  heartbeatAt: number;
  /** Where the backend keeps the run's artifacts (a storage key prefix, or a URI for a remote backend). */
  artifactPrefix: string;
  /** Params, name → value as a string (an own-key map). */
  params: Record<string, string>;
  /** Latest point of each metric, by name (an own-key map). */
  metrics: Record<string, LatestMetric>;
  /** Tags, name → value (an own-key map). */
  tags: Record<string, string>;
  /** Datasets the run used. */
  inputs: RunInput[];
}

/** Schema of a stored {@link Run} document. */
export const RunSchema = z.object({
  id: z.string(),
  experimentId: z.string(),
  name: z.string(),
  status: RunStatusSchema,
  lifecycle: LifecycleSchema,
  startTime: z.number(),
  endTime: z.optional(z.number()),
  user: z.optional(z.string()),
  parentRunId: z.optional(z.string()),
  heartbeatAt: z.number(),
  artifactPrefix: z.string(),
  params: ownRecord(z.string(), z.string()),
  metrics: ownRecord(z.string(), LatestMetricSchema),
  tags: ownRecord(z.string(), z.string()),
  inputs: z.array(
    z.object({
      dataset: DatasetRefSchema,
      context: z.optional(z.string()),
      tags: z.optional(ownRecord(z.string(), z.string())),
    }),
  ),
});

/** One point of a metric history. */
export interface MetricPoint {
  /** The value; NaN and ±Infinity are kept. */
  value: number;
  /** The step (an integer). */
  step: number;
  /** UTC epoch milliseconds. */
  timestamp: number;
}
