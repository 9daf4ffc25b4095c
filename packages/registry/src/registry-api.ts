import type { DatasetRef, StorageAdapter } from '@plinth/core';
import type { RegistryEvent } from './schemas/event.ts';
import type { CreateModelOptions, RegisteredModel, UpdateOptions } from './schemas/model.ts';
import type { ModelVersion, RegisterVersionOptions, Stage } from './schemas/version.ts';
import type { ModelVersionRef } from './uri.ts';

/** Who made a change and why, recorded in the audit event. */
export interface AuditOptions {
  /** Who made the change. @default the registry's `actor` */
  actor?: string;
  /** Why, in words (up to 8,000 characters). */
  reason?: string;
}

/** Options of `transitionStage`. */
export interface TransitionStageOptions extends AuditOptions {
  /** Move other versions in the target stage to `archived`. @default false */
  archiveExisting?: boolean;
}

/** What `setAlias` / `deleteAlias` did. */
export interface AliasChange {
  /** The alias. */
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
  /** Sort keys such as `version DESC`, `created_at ASC`, `name` (up to 20). @default ['name ASC', 'version DESC'] */
  orderBy?: string[];
  /** Most results per page, 1–100,000. @default 1000 */
  maxResults?: number;
  /** The `nextPageToken` of the previous page of the same search. */
  pageToken?: string;
}

/** One page of `searchVersions`. */
export interface VersionsPage {
  /** The matching versions of this page. */
  versions: ModelVersion[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

/** Options of `watchAlias`. */
export interface WatchAliasOptions {
  /** Polling interval in ms (1 to 2^31 − 1). @default 1000 */
  intervalMs?: number;
  /** Called with errors other than "not found" (storage down, say). @default ignore */
  onError?: (error: unknown) => void;
}

/** Where a version came from. */
export interface Lineage {
  /** The model's name. */
  name: string;
  /** The version number. */
  version: number;
  /** SHA-256 of its artifact. */
  sha256: string;
  /** The training run, if recorded. */
  runId?: string;
  /** Datasets by name and digest. */
  datasets: Pick<DatasetRef, 'name' | 'digest'>[];
}

/** Options of `exportStatic` shared by both targets. */
interface ExportStaticCommon {
  /** Models to export. @default every model */
  models?: string[];
  /** Also copy the audit events (so `history()` works on the export). @default true */
  events?: boolean;
  /**
   * Write `plinth-index.json` (httpStorage's static index, listing every key of the target) so `listModels`,
   * `history` and unpinned searches work over plain HTTP. @default true
   */
  index?: boolean;
}

/**
 * Options of `exportStatic`: exactly one target. `toDirectory` (Node) writes plain files whose paths are the
 * keys `httpStorage` asks for, ready for any static web server or CDN; `to` writes into a storage adapter in
 * that adapter's own encoding (for a registry read through the same kind of adapter).
 */
export type ExportStaticOptions = ExportStaticCommon &
  (
    | {
        /** A folder of plain files to publish (`'public/registry'`). Node only. */
        toDirectory: string;
        to?: never;
      }
    | {
        /** A storage adapter to write the read-only layout into. */
        to: StorageAdapter;
        toDirectory?: never;
      }
  );

/** What `exportStatic` wrote. */
export interface ExportSummary {
  /** Models exported. */
  models: string[];
  /** Versions exported. */
  versions: number;
  /** Distinct artifact blobs referenced. */
  blobs: number;
  /** Artifact bytes copied (blobs already present with the same size are skipped). */
  bytes: number;
}

/**
 * A model registry: registered models, auto-numbered versions, aliases with an audit trail, stages, model
 * cards, lineage and SHA-256-verified artifacts, over any {@link RegistryBackend}. Model versions are named by
 * URI (`models:/fraud/3`, `models:/fraud@champion`, `models:/fraud/latest`) or by `{ name, version }` /
 * `{ name, alias }`.
 *
 * Errors (`PlinthError`, component `registry`): unknown model, version or alias → `PLINTH_NOT_FOUND` naming
 * what exists; bad input or a malformed URI → `PLINTH_VALIDATION`, before anything is written; changed
 * artifact bytes → `PLINTH_INTEGRITY`; any write to a read-only (static) registry → `PLINTH_READ_ONLY`.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ storage: memoryStorage() });
 * const v = await registry.registerVersion('fraud', { artifact: bytes, format: 'onnx' });
 * await registry.setAlias('fraud', 'champion', v.version, { reason: 'first model' });
 * const bytesAgain = await registry.loadArtifact('models:/fraud@champion');
 * ```
 */
export interface Registry {
  /**
   * Creates a registered model.
   * @throws {PlinthError} `PLINTH_CONFLICT` when the name is taken (unless `ifExists: 'return'`).
   */
  createModel(name: string, options?: CreateModelOptions): Promise<RegisteredModel>;
  /** A registered model with its alias table. @throws {PlinthError} `PLINTH_NOT_FOUND`. */
  getModel(name: string): Promise<RegisteredModel>;
  /** Every registered model, by name. @throws {PlinthError} `PLINTH_UNSUPPORTED` on a backend that cannot list. */
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
   * compare-and-set. Creates the model when it does not exist, unless `createModel: false`.
   * @throws {PlinthError} `PLINTH_VALIDATION`; `PLINTH_NOT_FOUND` with `createModel: false`.
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
  /** Every audit event of a model, oldest first; events of one document in commit order. */
  history(name: string): Promise<RegistryEvent[]>;
  /** Run id and dataset digests of a version. */
  lineage(reference: ModelVersionRef): Promise<Lineage>;
  /** The artifact's bytes, SHA-256 verified on every call. @throws {PlinthError} `PLINTH_INTEGRITY`. */
  loadArtifact(reference: ModelVersionRef | ModelVersion): Promise<Uint8Array>;
  /** The artifact as a stream; the stream errors with `PLINTH_INTEGRITY` at its end if the digest differs. */
  loadArtifactStream(reference: ModelVersionRef | ModelVersion): Promise<ReadableStream<Uint8Array>>;
  /** Versions matching an MLflow-style filter, one page at a time. @throws {PlinthError} `PLINTH_VALIDATION`. */
  searchVersions(options?: SearchVersionsOptions): Promise<VersionsPage>;
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
  /** Writes models (documents and artifacts) in the layout a read-only registry reads over HTTP. */
  exportStatic(options: ExportStaticOptions): Promise<ExportSummary>;
}
