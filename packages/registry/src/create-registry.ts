import { type Clock, documentStore, type StorageAdapter, systemClock } from '@plinth/core';
import type { Registry } from './backend.ts';
import { deleteAlias, setAlias, watchAlias } from './internal/aliases.ts';
import { loadVerified, streamVerified } from './internal/artifacts.ts';
import type { Context } from './internal/context.ts';
import { deleteVersion } from './internal/delete-version.ts';
import { exportStatic } from './internal/export.ts';
import { createModel, deleteModel, getModel, listModels, updateModel } from './internal/models.ts';
import type { Platform } from './internal/platform.ts';
import { history, lineage, searchVersions } from './internal/search.ts';
import {
  getVersion,
  listVersions,
  registerVersion,
  transitionStage,
  updateVersion,
} from './internal/versions.ts';
import type { ModelVersion } from './schemas/version.ts';
import type { ModelVersionRef } from './uri.ts';

/** Options of `createRegistry`. */
export interface RegistryOptions {
  /** Where models, versions, aliases, events and artifacts live. Read-only storage gives a read-only registry. */
  storage: StorageAdapter;
  /** Source of timestamps. @default systemClock */
  clock?: Clock;
  /** Who is acting, recorded on versions and audit events when a call names no actor. @default 'unknown' */
  actor?: string;
}

const isVersion = (value: unknown): value is ModelVersion =>
  typeof value === 'object' && value !== null && typeof (value as ModelVersion).sha256 === 'string';

/** Builds the storage-backed registry for one platform (Node or browser). */
export function createRegistryWith(platform: Platform, options: RegistryOptions): Registry {
  const context: Context = {
    storage: options.storage,
    docs: documentStore(options.storage, { component: 'registry', maxAttempts: 200 }),
    clock: options.clock ?? systemClock,
    actor: options.actor ?? 'unknown',
    platform,
  };
  const target = async (reference: ModelVersionRef | ModelVersion) =>
    isVersion(reference) ? reference : getVersion(context, reference);
  return {
    createModel: (name, createOptions) => createModel(context, name, createOptions),
    getModel: (name) => getModel(context, name),
    listModels: () => listModels(context),
    updateModel: (name, changes) => updateModel(context, name, changes),
    deleteModel: (name, auditOptions) => deleteModel(context, name, auditOptions),
    registerVersion: (name, registerOptions) => registerVersion(context, name, registerOptions),
    getVersion: (reference) => getVersion(context, reference),
    listVersions: (name) => listVersions(context, name),
    deleteVersion: (name, version, auditOptions) => deleteVersion(context, name, version, auditOptions),
    updateVersion: (name, version, changes) => updateVersion(context, name, version, changes),
    setAlias: (name, alias, version, auditOptions) => setAlias(context, name, alias, version, auditOptions),
    deleteAlias: (name, alias, auditOptions) => deleteAlias(context, name, alias, auditOptions),
    transitionStage: (name, version, stage, stageOptions) =>
      transitionStage(context, name, version, stage, stageOptions),
    history: (name) => history(context, name),
    lineage: (reference) => lineage(context, reference),
    loadArtifact: async (reference) => loadVerified(context, await target(reference)),
    loadArtifactStream: async (reference) => streamVerified(context, await target(reference)),
    searchVersions: (searchOptions) => searchVersions(context, searchOptions),
    watchAlias: (name, alias, callback, watchOptions) =>
      watchAlias(context, name, alias, callback, watchOptions),
    exportStatic: (exportOptions) => exportStatic(context, exportOptions),
  };
}
