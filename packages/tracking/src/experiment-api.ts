import {
  type Clock,
  isUuidv7,
  NameSchema,
  PlinthError,
  parseOrThrow,
  TagsSchema,
  uuidv7,
} from '@plinth/core';
import type { TrackingBackend, ViewType } from './backend.ts';
import { COMPONENT, trackingError } from './errors.ts';
import type { Experiment } from './schemas/experiment.ts';

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
  const findExperiment = async (reference: string) => {
    if (isUuidv7(reference)) {
      const byId = await backend.getExperiment(reference);
      if (byId) return byId;
    }
    return backend.getExperimentByName(reference);
  };
  const getExperiment = async (reference: string) => {
    const experiment = await findExperiment(reference);
    if (!experiment) {
      throw trackingError(
        'PLINTH_NOT_FOUND',
        `experiment "${reference}" does not exist; create it with createExperiment()`,
        {
          experiment: reference,
        },
      );
    }
    return experiment;
  };
  const createExperiment: ExperimentApi['createExperiment'] = async (name, options = {}) => {
    const checked = parseOrThrow(NameSchema, name, { component: COMPONENT, subject: 'experiment name' });
    const tags = parseOrThrow(TagsSchema, options.tags ?? {}, {
      component: COMPONENT,
      subject: 'experiment tags',
    });
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
  const setLifecycle = async (reference: string, lifecycle: 'active' | 'deleted') => {
    const { id } = await getExperiment(reference);
    return backend.updateExperiment(id, (experiment) => {
      if (experiment.lifecycle === lifecycle) {
        throw trackingError('PLINTH_CONFLICT', `experiment "${experiment.name}" is already ${lifecycle}`);
      }
      return { ...experiment, lifecycle, updatedAt: clock.now() };
    });
  };
  const api: ExperimentApi = {
    createExperiment,
    getExperiment,
    findExperiment,
    async listExperiments(options = {}) {
      const viewType = options.viewType ?? 'active';
      const all = await backend.listExperiments();
      return viewType === 'all' ? all : all.filter((experiment) => experiment.lifecycle === viewType);
    },
    async renameExperiment(reference, name) {
      const checked = parseOrThrow(NameSchema, name, { component: COMPONENT, subject: 'experiment name' });
      const { id } = await getExperiment(reference);
      return backend.renameExperiment(id, checked, clock.now());
    },
    async setExperimentTags(reference, tags) {
      const toSet = Object.fromEntries(Object.entries(tags).filter(([, value]) => value !== null));
      parseOrThrow(TagsSchema, toSet, { component: COMPONENT, subject: 'experiment tags' });
      const { id } = await getExperiment(reference);
      return backend.updateExperiment(id, (experiment) => {
        const next = { ...experiment.tags };
        for (const [key, value] of Object.entries(tags)) {
          if (value === null) delete next[key];
          else next[key] = value;
        }
        return { ...experiment, tags: next, updatedAt: clock.now() };
      });
    },
    deleteExperiment: (reference) => setLifecycle(reference, 'deleted'),
    restoreExperiment: (reference) => setLifecycle(reference, 'active'),
  };
  return {
    ...api,
    /** The experiment with this id or name; a missing name is created (racing creators agree on one). */
    async ensureExperiment(reference: string): Promise<Experiment> {
      const existing = await findExperiment(reference);
      if (existing) return existing;
      try {
        return await createExperiment(reference);
      } catch (error) {
        if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
        return getExperiment(reference);
      }
    },
  };
}
