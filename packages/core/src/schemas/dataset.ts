import { z } from 'zod';
import { ColumnSpecSchema } from './signature.ts';

/** Where a dataset came from: a URI string, or a typed source (`{ type: 's3', uri: 's3://…' }`). */
export const DatasetSourceSchema = z.union([
  z.string().min(1).max(2048),
  z.object({ type: z.string().min(1).max(64), uri: z.string().min(1).max(2048) }),
]);

/**
 * A reference to a dataset: its name, a content digest that identifies the exact data, where it came
 * from, and its schema. Used by tracking inputs and registry lineage.
 */
export const DatasetRefSchema = z.object({
  name: z.string().min(1).max(500),
  digest: z.string().min(1).max(256),
  source: DatasetSourceSchema.optional(),
  schema: z.array(ColumnSpecSchema).optional(),
  rows: z.number().int().nonnegative().optional(),
});
/** A dataset reference. */
export type DatasetRef = z.infer<typeof DatasetRefSchema>;
