import { type Clock, type StorageAdapter, systemClock } from '@plinth/core';
import { isStorageAdapter } from '@plinth/core/adapter';
import * as z from 'zod/mini';
import type { RegistryBackend } from './backend.ts';
import type { Context } from './internal/context.ts';
import { errors } from './internal/errors.ts';
import type { Platform } from './internal/platform.ts';
import { loadVerified, streamVerified } from './internal/read-artifacts.ts';
import { getModel, listModels } from './internal/read-models.ts';
import { getVersion, listVersions } from './internal/read-versions.ts';
import { checkModelName, checkVersion } from './internal/validate.ts';
import { watchAlias } from './internal/watch-alias.ts';

import type { Registry } from './registry-api.ts';
import { ActorSchema } from './schemas/fields.ts';
import { type ModelVersion, Sha256Schema } from './schemas/version.ts';
import { storageBackend } from './storage-backend.ts';
import type { ModelVersionRef } from './uri.ts';

/** Settings of `createRegistry` shared by both forms. */
export interface RegistrySettings {
  /** Source of timestamps (versions, events, UUIDv7 ids). @default systemClock */
  clock?: Clock;
  /** Who is acting, recorded on versions and audit events when a call names no actor. @default 'unknown' */
  actor?: string;
}

/**
 * Options of `createRegistry`: exactly one of `storage` (any `StorageAdapter`; a read-only one, such as a
 * static HTTP export, gives a read-only registry) or `backend` (a {@link RegistryBackend}).
 */
export type RegistryOptions = RegistrySettings &
  (
    | {
        /** Where models, versions, aliases, events and artifacts live. */
        storage: StorageAdapter;
        backend?: never;
      }
    | {
        /** A registry backend: `storageBackend({ storage })`, or another store implementing the port. */
        backend: RegistryBackend;
        storage?: never;
      }
  );

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const RegistryOptionsSchema = z.strictObject({
  storage: z.optional(
    z.custom<StorageAdapter>(isStorageAdapter, {
      message: 'must be a StorageAdapter',
    }),
  ),
  backend: z.optional(
    z.custom<RegistryBackend>((value) => isObject(value) && typeof value.getModel === 'function', {
      message: 'must be a RegistryBackend',
    }),
  ),
  clock: z.optional(
    z.custom<Clock>((value) => isObject(value) && typeof value.now === 'function', {
      message: 'must be a Clock ({ now() })',
    }),
  ),
  actor: z.optional(ActorSchema),
});

/** A version object passed where a reference is expected: validated, since its digest names the blob read. */
function asVersion(reference: unknown): Pick<ModelVersion, 'name' | 'version' | 'sha256'> | undefined {
  if (!isObject(reference) || !('sha256' in reference)) return undefined;
  checkModelName(reference.name, 'model version name');
  checkVersion(reference.version, 'model version number');
  errors.parse(Sha256Schema, reference.sha256, 'model version sha256');
  return reference as unknown as ModelVersion;
}

// Loaded on first use (a dynamic import is a chunk of its own in Vite, rolldown and esbuild), so a page that reads
// models and versions does not carry the write calls, the static export or the filter engine.
const deferred = () => import('./internal/deferred.ts');

/** Builds a registry for one platform (Node or browser). */
export function createRegistryWith(platform: Platform, options: RegistryOptions): Registry {
  const parsed = errors.parse(RegistryOptionsSchema, options, 'createRegistry options');
  if ((parsed.storage === undefined) === (parsed.backend === undefined)) {
    throw errors.invalid('createRegistry options', {
      path: 'storage',
      message:
        'give exactly one of storage (a StorageAdapter such as memoryStorage()) or backend (a RegistryBackend)',
    });
  }
  const context: Context = {
    backend: parsed.backend ?? storageBackend({ storage: parsed.storage! }),
    clock: parsed.clock ?? systemClock,
    actor: parsed.actor ?? 'unknown',
    platform,
  };
  const target = async (reference: ModelVersionRef | ModelVersion) =>
    asVersion(reference) ?? getVersion(context, reference);
  return {
    createModel: async (name, createOptions) => (await deferred()).createModel(context, name, createOptions),
    getModel: (name) => getModel(context, name),
    listModels: () => listModels(context),
    updateModel: async (name, changes) => (await deferred()).updateModel(context, name, changes),
    deleteModel: async (name, auditOptions) => (await deferred()).deleteModel(context, name, auditOptions),
    registerVersion: async (name, registerOptions) =>
      (await deferred()).registerVersion(context, name, registerOptions),
    getVersion: (reference) => getVersion(context, reference),
    listVersions: (name) => listVersions(context, name),
    deleteVersion: async (name, version, auditOptions) =>
      (await deferred()).deleteVersion(context, name, version, auditOptions),
    updateVersion: async (name, version, changes) =>
      (await deferred()).updateVersion(context, name, version, changes),
    setAlias: async (name, alias, version, auditOptions) =>
      (await deferred()).setAlias(context, name, alias, version, auditOptions),
    deleteAlias: async (name, alias, auditOptions) =>
      (await deferred()).deleteAlias(context, name, alias, auditOptions),
    transitionStage: async (name, version, stage, stageOptions) =>
      (await deferred()).transitionStage(context, name, version, stage, stageOptions),
    history: async (name) => (await deferred()).history(context, name),
    lineage: async (reference) => (await deferred()).lineage(context, reference),
    loadArtifact: async (reference) => loadVerified(context, await target(reference)),
    loadArtifactStream: async (reference) => streamVerified(context, await target(reference)),
    searchVersions: async (searchOptions) => (await deferred()).searchVersions(context, searchOptions),
    watchAlias: (name, alias, callback, watchOptions) =>
      watchAlias(context, name, alias, callback, watchOptions),
    exportStatic: async (exportOptions) => (await deferred()).exportStatic(context, exportOptions),
  };
}
