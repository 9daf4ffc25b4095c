// The schemas of the write calls' options: only the calls that change the registry use them, and they load on
// first use (internal/deferred.ts). Kept out of the files the package root re-exports (version.ts, model.ts,
// fields.ts), since a schema built at module top level is carried by every page that imports its file.
import { DatasetRefSchema, KeySchema, SignatureSchema } from '@plinth/core';
import * as z from 'zod/mini';
import { ModelCardSchema } from './card.ts';
import { ActorSchema, MAX_DESCRIPTION_LENGTH, MAX_REASON_LENGTH, OwnTagsSchema } from './fields.ts';
import { JsonValueSchema } from './json-value.ts';
import { ownRecord } from './own-record.ts';
import { SemverSchema, StageSchema } from './version.ts';

/** A description: Markdown text. */
export const DescriptionSchema = z
  .string()
  .check(z.maxLength(MAX_DESCRIPTION_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`));

/** Why a change was made, in words. */
export const ReasonSchema = z
  .string()
  .check(z.maxLength(MAX_REASON_LENGTH, `must be at most ${MAX_REASON_LENGTH} characters`));

/** Tag keys to delete. */
export const TagKeysSchema = z.array(KeySchema).check(z.maxLength(10_000));

/** Who and why of an audited change. */
export const AuditOptionsSchema = z.strictObject({
  actor: z.optional(ActorSchema),
  reason: z.optional(ReasonSchema),
});

/** Options of `createModel`, validated strictly (unknown keys are rejected). */
export const CreateModelOptionsSchema = z.strictObject({
  description: z.optional(DescriptionSchema),
  tags: z.optional(OwnTagsSchema),
  actor: z.optional(ActorSchema),
  ifExists: z.optional(z.enum(['error', 'return'])),
});

/** Changes of `updateModel` / `updateVersion`, validated strictly. */
export const UpdateOptionsSchema = z.strictObject({
  description: z.optional(DescriptionSchema),
  tags: z.optional(OwnTagsSchema),
  deleteTags: z.optional(TagKeysSchema),
  actor: z.optional(ActorSchema),
});

export type ParsedUpdate = z.output<typeof UpdateOptionsSchema>;

/** Metrics: finite numbers by key (an own-key map). */
export const MetricsSchema = ownRecord(KeySchema, z.number(), 10_000);
/** Params: strings by key (numbers and booleans are turned into strings; an own-key map). */
export const ParamsSchema = ownRecord(
  KeySchema,
  z.pipe(
    z.union([z.string().check(z.maxLength(6000)), z.number(), z.boolean()]),
    z.transform((value) => String(value)),
  ),
  10_000,
);

/** The options of `registerVersion`, validated strictly before anything is written. */
export const RegisterVersionOptionsSchema = z.strictObject({
  artifact: z.unknown(),
  format: z._default(z.string().check(z.minLength(1), z.maxLength(64)), 'onnx'),
  signature: z.optional(SignatureSchema),
  inputExample: z.optional(JsonValueSchema),
  metrics: z._default(MetricsSchema, {}),
  params: z._default(ParamsSchema, {}),
  tags: z._default(OwnTagsSchema, {}),
  description: z._default(DescriptionSchema, ''),
  card: z.optional(ModelCardSchema),
  runId: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  datasets: z._default(z.array(DatasetRefSchema).check(z.maxLength(1000)), []),
  semver: z.optional(SemverSchema),
  actor: z.optional(ActorSchema),
  stage: z._default(StageSchema, 'none'),
  createModel: z._default(z.boolean(), true),
});
