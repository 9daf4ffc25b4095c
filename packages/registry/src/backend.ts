import type { ByteSource } from '@plinth/core';
import type { RegistryEvent } from './schemas/event.ts';
import type { RegisteredModel } from './schemas/model.ts';
import type { StoredModelVersion } from './schemas/version.ts';

/** A stored document with the opaque token to pass back for compare-and-set. */
export interface Versioned<T> {
  /** The document. */
  value: T;
  /** Opaque token that changes on every write. */
  version: string;
}

/**
 * Conditions of a document write: `{ ifNotExists: true }` creates only, `{ ifVersion }` replaces only the
 * version read. A write whose condition fails raises `PLINTH_CONFLICT` and changes nothing. Without a
 * condition the write replaces whatever is there (used only by `exportStatic`).
 */
export type WriteCondition = { ifNotExists: true } | { ifVersion: string };

/**
 * Key of a blob: `sha256/<hex>` for an artifact at its content address, `uploads/<id>` for a stream being
 * uploaded before its digest is known.
 */
export type BlobKey = `sha256/${string}` | `uploads/${string}`;

/** A blob as a stream. */
export interface BlobStream {
  /** The bytes. */
  stream: ReadableStream<Uint8Array>;
  /** Size in bytes. */
  size: number;
}

/**
 * The registry's backend port: where models, versions, blobs and audit events are kept. It is narrow on
 * purpose: documents with compare-and-set, blobs by key, and an event log. Everything else (version
 * numbering, aliases, stages, semver, SHA-256 verification, URI resolution, `watchAlias`, `exportStatic`)
 * lives in `createRegistry` and works the same over every backend.
 *
 * `storageBackend({ storage })` implements it over any `StorageAdapter`; a backend for another store (an MLflow
 * server) implements the same methods and runs `registryBackendContract` from `@plinth/registry/testing`.
 *
 * Semantics every backend keeps:
 * - reads return `undefined` for what is absent; documents are returned exactly as written (own-key maps
 *   included: `__proto__` and `constructor` are ordinary keys);
 * - `putModel`, `putVersion` and `putCounter` honour {@link WriteCondition}: of N writers with the same
 *   condition exactly one wins, the others get `PLINTH_CONFLICT`;
 * - a read-only backend (`readOnly: true`) raises `PLINTH_READ_ONLY` on every write;
 * - listings return `undefined` when the backend cannot list (a static HTTP export without an index).
 *
 * @example
 * ```ts
 * const registry = createRegistry({ backend: storageBackend({ storage: fsStorage({ dir: '.plinth/registry' }) }) });
 * ```
 */
export interface RegistryBackend {
  /** Name for messages (`storage:fs`, `mlflow`). */
  readonly name: string;
  /** True when every write raises `PLINTH_READ_ONLY` (a static export). */
  readonly readOnly: boolean;

  /** A model document, or `undefined`. */
  getModel(name: string): Promise<Versioned<RegisteredModel> | undefined>;
  /**
   * Writes a model document; returns its new version token.
   * @throws {PlinthError} `PLINTH_CONFLICT` when the condition does not hold.
   */
  putModel(model: RegisteredModel, condition?: WriteCondition): Promise<string>;
  /**
   * Deletes a model document if its version is still `ifVersion`; resolves `true` if it existed.
   * @throws {PlinthError} `PLINTH_CONFLICT` when another write came in between.
   */
  deleteModel(name: string, condition: { ifVersion: string }): Promise<boolean>;
  /** Names of every model, sorted; `undefined` when this backend cannot list. */
  listModels(): Promise<string[] | undefined>;

  /** The version counter of a model (a lower bound of its newest version number), or `undefined`. */
  getCounter(name: string): Promise<Versioned<number> | undefined>;
  /**
   * Writes the version counter.
   * @throws {PlinthError} `PLINTH_CONFLICT` when the condition does not hold.
   */
  putCounter(name: string, latest: number, condition?: WriteCondition): Promise<string>;

  /** A version document, or `undefined`. */
  getVersion(name: string, version: number): Promise<Versioned<StoredModelVersion> | undefined>;
  /** True when the version document exists (cheaper than reading it). */
  hasVersion(name: string, version: number): Promise<boolean>;
  /**
   * Writes a version document. `{ ifNotExists: true }` is how a version number is claimed: the first writer
   * of a number owns it. @throws {PlinthError} `PLINTH_CONFLICT` when the condition does not hold.
   */
  putVersion(version: StoredModelVersion, condition?: WriteCondition): Promise<string>;
  /** Deletes a version document; resolves `true` if it existed. */
  deleteVersion(name: string, version: number, condition?: { ifVersion: string }): Promise<boolean>;
  /** Numbers of the versions of a model that exist, ascending; `undefined` when this backend cannot list. */
  listVersions(name: string): Promise<number[] | undefined>;

  /** Size of a blob, or `undefined` when absent. */
  statBlob(key: BlobKey): Promise<{ size: number } | undefined>;
  /** A whole blob, or `undefined`. */
  getBlob(key: BlobKey): Promise<Uint8Array | undefined>;
  /** A blob as a stream, or `undefined`. */
  getBlobStream(key: BlobKey): Promise<BlobStream | undefined>;
  /**
   * Writes a blob atomically from bytes or a stream (a stream that fails leaves nothing stored).
   * @throws {PlinthError} `PLINTH_CONFLICT` with `ifNotExists` when the blob exists.
   */
  putBlob(key: BlobKey, source: Uint8Array | ByteSource, options?: { ifNotExists?: boolean }): Promise<void>;
  /** Deletes a blob; resolves `true` if it existed. */
  deleteBlob(key: BlobKey): Promise<boolean>;

  /** Stores an audit event under its id (writing the same id again replaces it). */
  appendEvent(event: RegistryEvent): Promise<void>;
  /** Every stored event of a model (any order); `undefined` when this backend cannot list. */
  listEvents(name: string): Promise<RegistryEvent[] | undefined>;

  /** Releases handles and timers. */
  close?(): Promise<void>;
}
