import { DatasetRefSchema, KeySchema, TagsSchema } from '@plinth/core';
import { z } from 'zod';

/** Longest param value accepted (MLflow's limit). Longer values are rejected, never cut. */
export const MAX_PARAM_VALUE_LENGTH = 6000;

/** Status of a run. `running` until `end()`; `killed` also by `markStaleRuns()`. */
export const RunStatusSchema = z.enum(['running', 'finished', 'failed', 'killed']);
/** A run status. */
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** Whether an experiment or run is visible (`active`) or soft-deleted (`deleted`). */
export const LifecycleSchema = z.enum(['active', 'deleted']);
/** A lifecycle stage. */
export type Lifecycle = z.infer<typeof LifecycleSchema>;

/** A param value as given: strings, numbers and booleans are stored as strings. */
export const ParamValueSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((value) => String(value))
  .pipe(
    z
      .string()
      .max(
        MAX_PARAM_VALUE_LENGTH,
        `must be at most ${MAX_PARAM_VALUE_LENGTH} characters; log longer text as an artifact`,
      ),
  );

/** Params to log: keys per `KeySchema`, values up to 6,000 characters. */
export const ParamsSchema = z.record(KeySchema, ParamValueSchema);
/** Validated params (values as strings). */
export type Params = Record<string, string>;

/** The latest point of a metric: greatest (step, timestamp). */
const AnyNumber = z.custom<number>((value) => typeof value === 'number', 'must be a number');

/** The latest point of a metric: greatest (step, timestamp). NaN and ±Infinity are kept. */
export const LatestMetricSchema = z.object({ value: AnyNumber, step: z.number(), timestamp: z.number() });
/** The latest point of a metric. */
export type LatestMetric = z.infer<typeof LatestMetricSchema>;

/** A dataset logged as an input of a run, with its context (`training`, `evaluation`, …). */
export const RunInputSchema = z.object({
  dataset: DatasetRefSchema,
  context: z.string().max(250).optional(),
  tags: TagsSchema.optional(),
});
/** A run input. */
export type RunInput = z.infer<typeof RunInputSchema>;

/** A run as stored and returned: attributes, params, latest metrics, tags and inputs. */
export const RunSchema = z.object({
  id: z.string(),
  experimentId: z.string(),
  name: z.string(),
  status: RunStatusSchema,
  lifecycle: LifecycleSchema,
  startTime: z.number(),
  endTime: z.number().optional(),
  user: z.string().optional(),
  parentRunId: z.string().optional(),
  heartbeatAt: z.number(),
  artifactPrefix: z.string(),
  params: z.record(z.string(), z.string()),
  metrics: z.record(z.string(), LatestMetricSchema),
  tags: z.record(z.string(), z.string()),
  inputs: z.array(RunInputSchema),
});
/** A run: attributes, params, latest metrics, tags and dataset inputs. */
export type Run = z.infer<typeof RunSchema>;

/** One point of a metric history. */
export interface MetricPoint {
  /** The value; NaN and ±Infinity are kept. */
  value: number;
  /** The step (an integer). */
  step: number;
  /** UTC epoch milliseconds. */
  timestamp: number;
}
