import { z } from 'zod';
import { LifecycleSchema } from './run.ts';

/** An experiment as stored and returned. */
export const ExperimentSchema = z.object({
  id: z.string(),
  name: z.string(),
  tags: z.record(z.string(), z.string()),
  lifecycle: LifecycleSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** An experiment: a named group of runs. */
export type Experiment = z.infer<typeof ExperimentSchema>;

/** The name index entry: experiment name → id, created only once (compare-and-set). */
export const NameIndexSchema = z.object({ id: z.string() });

/** Name of the experiment used when a run names none. */
export const DEFAULT_EXPERIMENT_NAME = 'Default';
