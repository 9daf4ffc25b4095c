import { DatasetRefSchema, KeySchema, NameSchema, SignatureSchema, TagsSchema } from '@plinth/core';
import { z } from 'zod';
import { ModelCardSchema } from './card.ts';
import { DescriptionSchema } from './model.ts';

/** Lifecycle stages, for teams that use them (aliases are the finer tool). */
export const StageSchema = z.enum(['none', 'staging', 'production', 'archived']);
/** A lifecycle stage. */
export type Stage = z.infer<typeof StageSchema>;

/** A semantic version `major.minor.patch`. */
export const SemverSchema = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'must be major.minor.patch');

/** A lowercase hex SHA-256 digest. */
export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** Metrics: finite numbers by key. */
export const MetricsSchema = z.record(KeySchema, z.number());
/** Params: strings by key (numbers and booleans are turned into strings). */
export const ParamsSchema = z.record(
  KeySchema,
  z.union([z.string().max(6000), z.number(), z.boolean()]).transform((value) => String(value)),
);

/** A model version as stored at `versions/<name>/<10-digit version>.json`. */
export const ModelVersionSchema = z.object({
  name: NameSchema,
  version: z.number().int().positive(),
  semver: SemverSchema,
  sha256: Sha256Schema,
  size: z.number().int().nonnegative(),
  createdAt: z.number(),
  updatedAt: z.number(),
  createdBy: z.string(),
  format: z.string(),
  signature: SignatureSchema.optional(),
  inputExample: z.unknown().optional(),
  metrics: z.record(z.string(), z.number()).default({}),
  params: z.record(z.string(), z.string()).default({}),
  tags: TagsSchema.default({}),
  description: z.string().default(''),
  card: ModelCardSchema.optional(),
  runId: z.string().optional(),
  datasets: z.array(DatasetRefSchema).default([]),
  stage: StageSchema.default('none'),
});
/** A stored model version. */
export type StoredModelVersion = z.infer<typeof ModelVersionSchema>;
/** A model version as the registry returns it: the stored fields plus the aliases that point at it. */
export type ModelVersion = StoredModelVersion & { aliases: string[] };

/** The metadata of `registerVersion` (everything but the artifact), validated before any write. */
export const RegisterVersionOptionsSchema = z.object({
  format: z.string().min(1).max(64).default('onnx'),
  signature: SignatureSchema.optional(),
  inputExample: z.unknown().optional(),
  metrics: MetricsSchema.default({}),
  params: ParamsSchema.default({}),
  tags: TagsSchema.default({}),
  description: DescriptionSchema.default(''),
  card: ModelCardSchema.optional(),
  runId: z.string().min(1).max(256).optional(),
  datasets: z.array(DatasetRefSchema).max(1000).default([]),
  semver: SemverSchema.optional(),
  actor: z.string().min(1).max(256).optional(),
  stage: StageSchema.default('none'),
});

/** Where an artifact comes from in a `{ tracker, runId, path }` reference: the part of a tracker the registry calls. */
export interface ArtifactDownloader {
  downloadArtifact(runId: string, path: string): Promise<Uint8Array>;
}

/** An artifact to register: bytes, a stream, a file path (Node only), or a tracked run's artifact. */
export type ArtifactInput =
  | Uint8Array
  | ArrayBuffer
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | string
  | { tracker: ArtifactDownloader; runId: string; path: string };

/** Options of `registerVersion`. */
export type RegisterVersionOptions = z.input<typeof RegisterVersionOptionsSchema> & {
  /** The model file. */
  artifact: ArtifactInput;
};

/** The name schema reused for aliases. */
export const AliasNameSchema = NameSchema;
