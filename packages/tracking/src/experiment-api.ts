import {
  type Clock,
  isUuidv7,
  KeySchema,
  NameSchema,
  PlinthError,
  TagValueSchema,
  uuidv7,
} from '@plinth/core';
import * as z from 'zod/mini';
import type { TrackingBackend, ViewType } from './backend.ts';
import { trackingErrors } from './errors.ts';
import type { Experiment } from './schemas/experiment.ts';
import { ExperimentReferenceSchema } from './schemas/limits.ts';
import { ownRecord, withOwn } from './schemas/own-record.ts';
import { TagsInputSchema } from './schemas/run.ts';

const CreateOptionsSchema = z.strictObject({ tags: z.optional(TagsInputSchema) });
const ListOptionsSchema = z.strictObject({ viewType: z.optional(z.enum(['active', 'deleted', 'all'])) });
/** Experiment tags to set; a `null` value deletes the tag. */
const TagUpdatesSchema = ownRecord(KeySchema, z.nullable(TagValueSchema));

const reference = (value: unknown, subject = 'experiment') =>
  trackingErrors.parse(ExperimentReferenceSchema, value, subject);

/** Experiment calls of the tracker. Every `experiment` argument is a name or an id. */
export interface ExperimentApi {
  /**
   * Creates an experiment with a unique name.
   * @throws {PlinthError} `PLINTH_CONFLICT` when the name is taken; `PLINTH_VALIDATION` for a bad name.
   */
  createExperiment(name: string, options?: { tags?: Record<string, string> }): Promise<Experiment>;
  /** An experiment by id or name. @throws {PlinthError} `PLINTH_NOT_FOUND`. */
  getExperiment(experiment: string): Promise<Experiment>;
  /** An experiment by id or name, or `undefined`. */
  findExperiment(experiment: string): Promise<Experiment | undefined>;
  /** Experiments by name: active ones unless `viewType` says otherwise. */
  listExperiments(options?: { viewType?: ViewType }): Promise<Experiment[]>;
  /** Renames an experiment. @throws {PlinthError} `PLINTH_CONFLICT` when the name is taken. */
  renameExperiment(experiment: string, name: string): Promise<Experiment>;
  /** Sets (merges) experiment tags; a `null` value deletes a tag. */
  setExperimentTags(experiment: string, tags: Record<string, string | null>): Promise<Experiment>;
  /** Soft-deletes an experiment (its name stays reserved). @throws {PlinthError} `PLINTH_CONFLICT` if already deleted. */
  deleteExperiment(experiment: string): Promise<Experiment>;
  /** Restores a soft-deleted experiment. @throws {PlinthError} `PLINTH_CONFLICT` if it is active. */
  restoreExperiment(experiment: string): Promise<Experiment>;
}

/** Experiment calls plus `ensureExperiment` (get by name or create), used by `startRun`. */
export function experimentApi(backend: TrackingBackend, clock: Clock) {
  const findExperiment = async (given: string) => {
    const checked = reference(given);
    if (isUuidv7(checked)) {
      const byId = await backend.getExperiment(checked);
      if (byId) return byId;
    }
    return backend.getExperimentByName(checked);
  };
  const getExperiment = async (given: string) => {
    const experiment = await findExperiment(given);
    if (!experiment) {
      throw trackingErrors.error(
        'PLINTH_NOT_FOUND',
        `experiment "${given}" does not exist; create it with createExperiment()`,
        { details: { experiment: given } },
      );
    }
    return experiment;
  };
  const createExperiment: ExperimentApi['createExperiment'] = async (name, options = {}) => {
    const checked = trackingErrors.parse(NameSchema, name, 'experiment name');
    const parsed = trackingErrors.parse(CreateOptionsSchema, options, 'createExperiment options');
    const tags = parsed.tags ?? withOwn<string>({}, []);
    const now = clock.now();
    return backend.createExperiment({
      id: uuidv7(clock),
      name: checked,
      tags,
      lifecycle: 'active',
      createdAt: now,
      updatedAt: now,
    });
  };
  const setLifecycle = async (given: string, lifecycle: 'active' | 'deleted') => {
    const { id } = await getExperiment(given);
    return backend.updateExperiment(id, (experiment) => {
      if (experiment.lifecycle === lifecycle) {
        throw trackingErrors.error(
          'PLINTH_CONFLICT',
          `experiment "${experiment.name}" is already ${lifecycle}`,
        );
      }
      return { ...experiment, lifecycle, updatedAt: clock.now() };
    });
  };
  const api: ExperimentApi = {
    createExperiment,
    getExperiment,
    findExperiment,
    async listExperiments(options = {}) {
      const viewType =
        trackingErrors.parse(ListOptionsSchema, options, 'listExperiments options').viewType ?? 'active';
      const all = await backend.listExperiments();
      return viewType === 'all' ? all : all.filter((experiment) => experiment.lifecycle === viewType);
    },
    async renameExperiment(given, name) {
      const checked = trackingErrors.parse(NameSchema, name, 'experiment name');
      const { id } = await getExperiment(given);
      return backend.renameExperiment(id, checked, clock.now());
    },
    async setExperimentTags(given, tags) {
      const updates = trackingErrors.parse(TagUpdatesSchema, tags, 'experiment tags');
      const { id } = await getExperiment(given);
      return backend.updateExperiment(id, (experiment) => {
        const next = withOwn(experiment.tags, []);
        for (const [key, value] of Object.entries(updates)) {
          if (value === null) delete next[key];
          else next[key] = value;
        }
        return { ...experiment, tags: next, updatedAt: clock.now() };
      });
    },
    deleteExperiment: (given) => setLifecycle(given, 'deleted'),
    restoreExperiment: (given) => setLifecycle(given, 'active'),
  };
  return {
    ...api,
    /** The experiment with this id or name; a missing name is created (racing creators agree on one). */
    async ensureExperiment(given: string): Promise<Experiment> {
      const existing = await findExperiment(given);
      if (existing) return existing;
      try {
        return await createExperiment(given);
      } catch (error) {
        if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
        return getExperiment(given);
      }
    },
  };
}
