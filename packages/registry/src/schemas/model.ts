import { NameSchema, TagsSchema } from '@plinth/core';
import { z } from 'zod';

/** Longest description of a model or version. */
export const MAX_DESCRIPTION_LENGTH = 20_000;

/** A description: Markdown text. */
export const DescriptionSchema = z
  .string()
  .max(MAX_DESCRIPTION_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`);

/** A registered model as stored at `models/<name>.json`: metadata and its alias table. */
export const RegisteredModelSchema = z.object({
  name: NameSchema,
  description: z.string().default(''),
  tags: TagsSchema.default({}),
  /** Alias → version number. */
  aliases: z.record(z.string(), z.number().int().positive()).default({}),
  /**
   * Versions deleted with `deleteVersion`, recorded here before their documents go, so that an alias move
   * racing the delete (both compare-and-set on this document) can never point at a deleted version.
   */
  deletedVersions: z.array(z.number().int().positive()).default([]),
  createdAt: z.number(),
  updatedAt: z.number(),
  createdBy: z.string(),
});
/** A registered model. */
export type RegisteredModel = z.infer<typeof RegisteredModelSchema>;

/** The version counter at `counters/<name>.json`: a lower bound of the newest version (a hint, never ahead). */
export const CounterSchema = z.object({ latest: z.number().int().nonnegative() });

/** Options of `createModel`. */
export const CreateModelOptionsSchema = z.object({
  description: DescriptionSchema.optional(),
  tags: TagsSchema.optional(),
  actor: z.string().min(1).max(256).optional(),
});
/** Options of `createModel`. */
export type CreateModelOptions = z.input<typeof CreateModelOptionsSchema>;

/** Changes for `updateModel` / `updateVersion`: a new description, tags to set, tag keys to delete. */
export const UpdateOptionsSchema = z.object({
  description: DescriptionSchema.optional(),
  tags: TagsSchema.optional(),
  deleteTags: z.array(z.string().min(1).max(250)).optional(),
  actor: z.string().min(1).max(256).optional(),
});
/** Changes for `updateModel` / `updateVersion`. */
export type UpdateOptions = z.input<typeof UpdateOptionsSchema>;
