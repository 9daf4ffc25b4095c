import { listAllKeys, PlinthError, type StorageAdapter } from '@plinth/core';
import type { DocumentStore } from '@plinth/core/adapter';
import { trackingErrors } from '../errors.ts';
import { type Experiment, ExperimentSchema, NameIndexSchema } from '../schemas/experiment.ts';
import { asDocumentSchema } from './document-schema.ts';
import { decodeKeyPart, paths } from './layout.ts';

const ExperimentDocument = asDocumentSchema<Experiment>(ExperimentSchema);
const NameIndexDocument = asDocumentSchema<{ id: string }>(NameIndexSchema);

function nameTaken(name: string) {
  return trackingErrors.error(
    'PLINTH_CONFLICT',
    `experiment "${name}" already exists (names stay reserved by deleted experiments); pick another name or restore it`,
    { details: { name } },
  );
}

/** Experiment documents plus the create-only name index that keeps names unique across processes. */
export function experimentStore(storage: StorageAdapter, docs: DocumentStore) {
  const get = async (id: string) => (await docs.get(paths.experiment(id), ExperimentDocument))?.value;

  const getByName = async (name: string) => {
    const entry = await docs.get(paths.nameIndex(name), NameIndexDocument);
    if (!entry) return undefined;
    const experiment = await get(entry.value.id);
    return experiment?.name === name ? experiment : undefined;
  };

  return {
    get,
    getByName,
    async create(experiment: Experiment): Promise<Experiment> {
      await docs.put(paths.experiment(experiment.id), experiment, { ifNotExists: true });
      try {
        await docs.put(paths.nameIndex(experiment.name), { id: experiment.id }, { ifNotExists: true });
      } catch (error) {
        await storage.delete(paths.experiment(experiment.id));
        if (PlinthError.is(error, 'PLINTH_CONFLICT')) {
          // A crash between a rename's steps can leave a stale name entry: reclaim it if it points nowhere.
          const holder = await getByName(experiment.name);
          if (holder) throw nameTaken(experiment.name);
          const stale = await storage.get(paths.nameIndex(experiment.name));
          if (stale) {
            await docs.put(paths.experiment(experiment.id), experiment, { ifNotExists: true });
            try {
              await docs.put(
                paths.nameIndex(experiment.name),
                { id: experiment.id },
                { ifVersion: stale.version },
              );
              return experiment;
            } catch {
              await storage.delete(paths.experiment(experiment.id));
            }
          }
          throw nameTaken(experiment.name);
        }
        throw error;
      }
      return experiment;
    },
    async list(): Promise<Experiment[]> {
      const keys = await listAllKeys(storage, paths.nameIndexPrefix);
      const found = await Promise.all(
        keys.map((key) => getByName(decodeKeyPart(key.slice(paths.nameIndexPrefix.length)))),
      );
      const byId = new Map<string, Experiment>();
      for (const experiment of found) if (experiment) byId.set(experiment.id, experiment);
      return [...byId.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    async update(
      id: string,
      mutate: (experiment: Experiment) => Experiment | undefined,
    ): Promise<Experiment> {
      const result = await docs.update(paths.experiment(id), ExperimentDocument, (current) => {
        if (!current)
          throw trackingErrors.error(
            'PLINTH_NOT_FOUND',
            `experiment "${id}" does not exist; list experiments to find its id`,
          );
        return mutate(current);
      });
      return result!.value;
    },
    async rename(id: string, name: string, updatedAt: number): Promise<Experiment> {
      const current = await get(id);
      if (!current)
        throw trackingErrors.error(
          'PLINTH_NOT_FOUND',
          `experiment "${id}" does not exist; list experiments to find its id`,
        );
      if (current.name === name) return current;
      try {
        await docs.put(paths.nameIndex(name), { id }, { ifNotExists: true });
      } catch (error) {
        if (PlinthError.is(error, 'PLINTH_CONFLICT')) throw nameTaken(name);
        throw error;
      }
      const renamed = await this.update(id, (experiment) => ({ ...experiment, name, updatedAt }));
      await storage.delete(paths.nameIndex(current.name));
      return renamed;
    },
  };
}
