import * as z from 'zod/mini';
import { ColumnSpecSchema } from './signature.ts';

/** Where a dataset came from: a URI string, or a typed source (`{ type: 's3', uri: 's3://…' }`). */
export const DatasetSourceSchema = /* @__PURE__ */ z.lazy(() =>
  z.union([
    z.string().check(z.minLength(1), z.maxLength(2048)),
    z.object({
      type: z.string().check(z.minLength(1), z.maxLength(64)),
      uri: z.string().check(z.minLength(1), z.maxLength(2048)),
    }),
  ]),
);

/**
 * A reference to a dataset: its name, a content digest that identifies the exact data, where it came
 * from, and its schema. Used by tracking inputs and registry lineage.
 */
export const DatasetRefSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    /** Dataset name, 1–500 characters. */
    name: z.string().check(z.minLength(1), z.maxLength(500)),
    /** Content digest that identifies the exact data (`sha256:…`), 1–256 characters. */
    digest: z.string().check(z.minLength(1), z.maxLength(256)),
    /** Where the data came from. */
    source: z.optional(DatasetSourceSchema),
    /** The columns of the data. */
    schema: z.optional(z.array(ColumnSpecSchema)),
    /** Number of rows, a non-negative integer. */
    rows: z.optional(z.int().check(z.nonnegative())),
  }),
);
/** A dataset reference. */
export type DatasetRef = z.infer<typeof DatasetRefSchema>;
