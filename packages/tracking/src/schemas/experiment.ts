import * as z from 'zod/mini';
import { ownRecord } from './own-record.ts';
import { type Lifecycle, LifecycleSchema } from './run.ts';

/** An experiment: a named group of runs. */
export interface Experiment {
  /** The experiment id (UUIDv7 for the storage backend). */
  id: string;
  /** The unique name (names stay reserved by deleted experiments). */
  name: string;
  /** Tags, name → value (an own-key map). */
  tags: Record<string, string>;
  /** `active`, or `deleted` after `deleteExperiment`. */
  lifecycle: Lifecycle;
  /** When it was created, UTC epoch milliseconds. */
  createdAt: number;
  /** When it last changed, UTC epoch milliseconds. */
  updatedAt: number;
}

/** Schema of a stored {@link Experiment} document. */
export const ExperimentSchema = z.object({
  id: z.string(),
  name: z.string(),
  tags: ownRecord(z.string(), z.string()),
  lifecycle: LifecycleSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** The name index entry: experiment name → id, created only once (compare-and-set). */
export const NameIndexSchema = z.object({ id: z.string() });

/** Name of the experiment used when a run names none. */
export const DEFAULT_EXPERIMENT_NAME = 'Default';
