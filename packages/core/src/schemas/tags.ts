import * as z from 'zod/mini';
import { KeySchema } from './names.ts';

/** Longest tag value accepted (MLflow's limit). */
export const MAX_TAG_VALUE_LENGTH = 8000;

/** A tag value: a string of at most 8,000 characters. Longer values are rejected, never cut. */
export const TagValueSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .string()
    .check(
      z.maxLength(
        MAX_TAG_VALUE_LENGTH,
        `must be at most ${MAX_TAG_VALUE_LENGTH} characters; store longer text as an artifact`,
      ),
    ),
);

/** Tags: string keys (see `KeySchema`) to string values. */
export const TagsSchema = /* @__PURE__ */ z.lazy(() => z.record(KeySchema, TagValueSchema));
/** Validated tags; see {@link TagsSchema}. */
export type Tags = z.infer<typeof TagsSchema>;
