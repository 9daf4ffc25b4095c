import { type DatasetRef, DatasetRefSchema, NameSchema, type Signature, SignatureSchema } from '@plinth/core';
import * as z from 'zod/mini';
import { type ModelCard, ModelCardSchema } from './card.ts';
import { OwnTagsSchema, VersionNumberSchema } from './fields.ts';
import { ownRecord } from './own-record.ts';

/** Lifecycle stages, for teams that use them (aliases are the finer tool). */
export const StageSchema = z.enum(['none', 'staging', 'production', 'archived']);
/** A lifecycle stage: `none`, `staging`, `production` or `archived`. */
export type Stage = z.infer<typeof StageSchema>;

/** A semantic version `major.minor.patch`. */
export const SemverSchema = z
  .string()
  .check(
    z.maxLength(64),
    z.regex(/^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/, 'must be major.minor.patch'),
  );

/** A lowercase hex SHA-256 digest. */
export const Sha256Schema = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'));

/** A model version as stored (`versions/<name>/<10-digit version>.json` on a storage backend). */
export const ModelVersionSchema = z.object({
  name: NameSchema,
  version: VersionNumberSchema,
  semver: SemverSchema,
  sha256: Sha256Schema,
  size: z.int().check(z.nonnegative()),
  createdAt: z.number(),
  updatedAt: z.number(),
  createdBy: z.string(),
  format: z.string(),
  signature: z.optional(SignatureSchema),
  inputExample: z.optional(z.unknown()),
  metrics: z._default(ownRecord(z.string(), z.number()), {}),
  params: z._default(ownRecord(z.string(), z.string()), {}),
  tags: z._default(OwnTagsSchema, {}),
  description: z._default(z.string(), ''),
  card: z.optional(ModelCardSchema),
  runId: z.optional(z.string()),
  datasets: z._default(z.array(DatasetRefSchema), []),
  stage: z._default(StageSchema, 'none'),
  sequence: z._default(z.int().check(z.nonnegative()), 0),
});

/** A stored model version: everything `registerVersion` recorded. */
export interface StoredModelVersion {
  /** The model's name. */
  name: string;
  /** Version number, from 1, never reused. */
  version: number;
  /** Semantic version, bumped by signature changes (or given at registration). */
  semver: string;
  /** SHA-256 of the artifact, lowercase hex: checked on every load. */
  sha256: string;
  /** Artifact size in bytes. */
  size: number;
  /** Registration time, epoch ms. */
  createdAt: number;
  /** Last change, epoch ms. */
  updatedAt: number;
  /** Who registered it. */
  createdBy: string;
  /** Artifact format (`onnx`). */
  format: string;
  /** Inputs and outputs. */
  signature?: Signature;
  /** An example input (any JSON value). */
  inputExample?: unknown;
  /** Evaluation metrics (own-key map). */
  metrics: Record<string, number>;
  /** Training params as strings (own-key map). */
  params: Record<string, string>;
  /** Tags (own-key map). */
  tags: Record<string, string>;
  /** Markdown description. */
  description: string;
  /** Model card. */
  card?: ModelCard;
  /** The training run it came from. */
  runId?: string;
  /** Datasets it was trained or evaluated on. */
  datasets: DatasetRef[];
  /** Lifecycle stage. */
  stage: Stage;
  /**
   * Count of committed changes of this version's document (1 when registered): orders its audit events.
   * Always present on versions the registry returns.
   */
  sequence?: number;
}

/** A model version as the registry returns it: the stored fields plus the aliases that point at it. */
export interface ModelVersion extends StoredModelVersion {
  /** Aliases pointing at this version, sorted. */
  aliases: string[];
}

/** The part of a tracker the registry calls to fetch a run's artifact (`@plinth/tracking` is not imported). */
export interface ArtifactDownloader {
  /** The bytes of artifact `path` of run `runId`. */
  downloadArtifact(runId: string, path: string): Promise<Uint8Array>;
}

/** A local file to register (Node only; `PLINTH_UNSUPPORTED_RUNTIME` in browsers). */
export interface ArtifactFile {
  /** Path of the file. */
  path: string;
}

/** An artifact of a tracked run: fetched with `tracker.downloadArtifact(runId, path)`; `runId` is recorded. */
export interface TrackedArtifact {
  /** Anything with `downloadArtifact(runId, path)`, such as a tracker from `@plinth/tracking`. */
  tracker: ArtifactDownloader;
  /** The run. */
  runId: string;
  /** The artifact's path in the run. */
  path: string;
}

/**
 * An artifact to register. Content is a `string` (UTF-8 text: a bare string is never a file path), bytes, or a
 * stream of bytes; a local file is `{ path }` (Node only); a tracked run's artifact is `{ tracker, runId, path }`.
 */
export type ArtifactInput =
  | string
  | Uint8Array
  | ArrayBuffer
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | ArtifactFile
  | TrackedArtifact;

/** Options of `registerVersion`. */
export interface RegisterVersionOptions {
  /** The model: text, bytes, a stream of bytes, `{ path }` (a local file, Node only) or `{ tracker, runId, path }`. */
  artifact: ArtifactInput;
  /** Artifact format. @default 'onnx' */
  format?: string;
  /** Inputs and outputs; a change from the previous version decides the semver bump. */
  signature?: Signature;
  /** An example input: any JSON value (up to 1 MiB of JSON). */
  inputExample?: unknown;
  /** Evaluation metrics: finite numbers by key. @default {} */
  metrics?: Record<string, number>;
  /** Training params; numbers and booleans are stored as strings. @default {} */
  params?: Record<string, string | number | boolean>;
  /** Tags. @default {} */
  tags?: Record<string, string>;
  /** Markdown description. @default '' */
  description?: string;
  /** Model card. */
  card?: ModelCard;
  /** The training run it came from (taken from a `{ tracker, runId, path }` artifact when absent). */
  runId?: string;
  /** Datasets it was trained or evaluated on: `{ name, digest }` at least. @default [] */
  datasets?: DatasetRef[];
  /** Semantic version to record instead of the computed one (`major.minor.patch`). @default computed */
  semver?: string;
  /** Who registers it. @default the registry's `actor` */
  actor?: string;
  /** Initial stage. @default 'none' */
  stage?: Stage;
  /**
   * Create the model when it does not exist (as MLflow's `register_model` does), recording a `created` event;
   * `false` raises `PLINTH_NOT_FOUND` instead. @default true
   */
  createModel?: boolean;
}
