import type { DatasetRef } from '@plinth/core';
import type { RegistryEvent } from './schemas/event.ts';
import type { CreateModelOptions, RegisteredModel, UpdateOptions } from './schemas/model.ts';
import type { ModelVersion, RegisterVersionOptions, Stage } from './schemas/version.ts';
import type { ModelVersionRef } from './uri.ts';

/** Who made a change and why, recorded in the audit event. */
export interface AuditOptions {
  /** Who made the change. @default the registry's `actor` */
  actor?: string;
  /** Why, in words. */
  reason?: string;
}

/** Options of `transitionStage`. */
export interface TransitionStageOptions extends AuditOptions {
  /** Move other versions in the target stage to `archived`. @default false */
  archiveExisting?: boolean;
}

/** What `setAlias` / `deleteAlias` did. */
export interface AliasChange {
  alias: string;
  /** The version it pointed to before, if any. */
  from?: number;
  /** The version it points to now (absent after a delete). */
  to?: number;
}

/** Options of `searchVersions`. */
export interface SearchVersionsOptions {
  /** MLflow-style filter: `name = 'fraud' and tags.validated = 'true' and version > 2`. @default all versions */
  filter?: string;
  /** Sort keys such as `version DESC`, `created_at ASC`, `name`. @default ['name ASC', 'version DESC'] */
  orderBy?: string[];
  /** Most results. @default 1000 */
  maxResults?: number;
}

/** Options of `watchAlias`. */
export interface WatchAliasOptions {
  /** Polling interval. @default 1000 */
  intervalMs?: number;
  /** Called with errors other than "not found" (storage down, say). @default ignore */
  onError?: (error: unknown) => void;
}

/** Where a version came from. */
export interface Lineage {
  name: string;
  version: number;
  sha256: string;
  runId?: string;
  datasets: Pick<DatasetRef, 'name' | 'digest'>[];
}

/** Options of `exportStatic`. */
export interface ExportStaticOptions {
  /** Storage to write the read-only layout into (`fsStorage({ dir: 'public/registry' })`). */
  to: import('@plinth/core').StorageAdapter;
  /** Models to export. @default every model */
  models?: string[];
  /** Also copy the audit events. @default true */
  events?: boolean;
  /**
   * Write `plinth-index.json` (httpStorage's static index, listing every key in `to`) so that
   * `listModels`, `history` and unpinned searches work over plain HTTP. @default true
   */
  index?: boolean;
}

/** What `exportStatic` wrote. */
export interface ExportSummary {
  models: string[];
  versions: number;
  blobs: number;
  bytes: number;
}

/**
 * The registry port: what any registry backend offers, whether it keeps its state in a `StorageAdapter`
 * (`createRegistry`) or, later, speaks to an MLflow server. Model versions are named by URI
 * (`models:/fraud/3`, `models:/fraud@champion`, `models:/fraud/latest`) or by `{ name, version }`.
 *
 * Errors: unknown model, version or alias → `PLINTH_NOT_FOUND` naming what exists; bad input or a
 * malformed URI → `PLINTH_VALIDATION`; changed artifact bytes → `PLINTH_INTEGRITY`; any write to a
 * read-only (static) registry → `PLINTH_READ_ONLY`.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ storage: memoryStorage() });
 * await registry.createModel('fraud', { description: 'card fraud scorer' });
 * const v = await registry.registerVersion('fraud', { artifact: bytes, format: 'onnx' });
 * await registry.setAlias('fraud', 'champion', v.version, { reason: 'first model' });
 * const bytesAgain = await registry.loadArtifact('models:/fraud@champion');
 * ```
 */
export interface RegistryBackend {
  /** Creates a registered model. @throws {PlinthError} `PLINTH_CONFLICT` when the name is taken. */
  createModel(name: string, options?: CreateModelOptions): Promise<RegisteredModel>;
  /** A registered model with its alias table. @throws {PlinthError} `PLINTH_NOT_FOUND`. */
  getModel(name: string): Promise<RegisteredModel>;
  /** Every registered model, by name. @throws {PlinthError} `PLINTH_UNSUPPORTED` on storage that cannot list. */
  listModels(): Promise<RegisteredModel[]>;
  /** Changes a model's description and tags (set `tags`, remove `deleteTags`). */
  updateModel(name: string, changes: UpdateOptions): Promise<RegisteredModel>;
  /**
   * Deletes a model, its versions and aliases. Its version counter and history stay, so a model created
   * again under the name never reuses a version number. Artifact blobs stay (they may be shared).
   */
  deleteModel(name: string, options?: AuditOptions): Promise<void>;
  /**
   * Registers a new version: stores the artifact by SHA-256, then claims the next version number by
   * compare-and-set. @throws {PlinthError} `PLINTH_VALIDATION`, `PLINTH_NOT_FOUND`.
   */
  registerVersion(name: string, options: RegisterVersionOptions): Promise<ModelVersion>;
  /** Resolves a URI or reference to a version. @throws {PlinthError} `PLINTH_NOT_FOUND`, `PLINTH_VALIDATION`. */
  getVersion(reference: ModelVersionRef): Promise<ModelVersion>;
  /** Every version of a model, oldest first. */
  listVersions(name: string): Promise<ModelVersion[]>;
  /**
   * Deletes one version and the aliases that pointed at it (each recorded as `alias_deleted`, the version as
   * `delete`). Its number is never reused; its artifact blob stays (it may be shared).
   * @throws {PlinthError} `PLINTH_NOT_FOUND` naming the versions that exist; `PLINTH_READ_ONLY` on a static export.
   */
  deleteVersion(name: string, version: number, options?: AuditOptions): Promise<void>;
  /** Changes a version's description and tags. */
  updateVersion(name: string, version: number, changes: UpdateOptions): Promise<ModelVersion>;
  /** Points an alias at a version (compare-and-set) and records who, why, from and to. */
  setAlias(name: string, alias: string, version: number, options?: AuditOptions): Promise<AliasChange>;
  /** Removes an alias. @throws {PlinthError} `PLINTH_NOT_FOUND` naming the aliases that exist. */
  deleteAlias(name: string, alias: string, options?: AuditOptions): Promise<AliasChange>;
  /** Moves a version to a stage, optionally archiving the versions already there. */
  transitionStage(
    name: string,
    version: number,
    stage: Stage,
    options?: TransitionStageOptions,
  ): Promise<ModelVersion>;
  /** Every audit event of a model, oldest first. */
  history(name: string): Promise<RegistryEvent[]>;
  /** Run id and dataset digests of a version. */
  lineage(reference: ModelVersionRef): Promise<Lineage>;
  /** The artifact's bytes, SHA-256 verified on every call. @throws {PlinthError} `PLINTH_INTEGRITY`. */
  loadArtifact(reference: ModelVersionRef | ModelVersion): Promise<Uint8Array>;
  /** The artifact as a stream; the stream errors with `PLINTH_INTEGRITY` at its end if the digest differs. */
  loadArtifactStream(reference: ModelVersionRef | ModelVersion): Promise<ReadableStream<Uint8Array>>;
  /** Versions matching an MLflow-style filter. @throws {PlinthError} `PLINTH_VALIDATION` on a bad filter. */
  searchVersions(options?: SearchVersionsOptions): Promise<ModelVersion[]>;
  /**
   * Polls an alias and calls `callback` with the version it points to now, first right away and then on
   * every change (`undefined` when the alias or model is gone). Returns a function that stops polling.
   */
  watchAlias(
    name: string,
    alias: string,
    callback: (version: ModelVersion | undefined) => void,
    options?: WatchAliasOptions,
  ): () => void;
  /** Writes models (documents and artifacts) into `to` in the layout a read-only registry reads. */
  exportStatic(options: ExportStaticOptions): Promise<ExportSummary>;
}

/** A registry; see {@link RegistryBackend}. */
export type Registry = RegistryBackend;
