import { z } from 'zod';

const Count = z.number().int().nonnegative();

/** Schema of a stored KLL sketch. */
export const KllSketchSchema = z.object({
  k: z.number().int().min(8).max(65536),
  n: Count,
  samplerExponent: z.number().int().min(0).max(60),
  candidate: z.tuple([z.number(), z.number().positive()]).nullable(),
  levels: z.array(z.array(z.number())).min(1),
});

/** Schema of a stored grid histogram. */
export const GridHistogramSchema = z.object({
  exponent: z.number().int().min(-1023).max(1100),
  offset: z.number().int(),
  counts: z.array(z.number().nonnegative()).max(4096),
});

/** Schema of a numeric column's profile. */
export const NumericColumnProfileSchema = z.object({
  name: z.string().min(1),
  kind: z.literal('numeric'),
  /** Rows seen, missing ones included. */
  count: Count,
  nulls: Count,
  nan: Count,
  positiveInfinity: Count,
  negativeInfinity: Count,
  /** Finite values (what the moments, sketch and histogram summarise). */
  n: Count,
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  /** Population standard deviation (ddof 0), as Evidently's normed Wasserstein uses. */
  std: z.number().nonnegative().nullable(),
  /** Sum of squared deviations from the mean (for exact merging). */
  m2: z.number().nonnegative(),
  /** Exact value counts while the column has at most 21 distinct values; null past that. */
  distinct: z.object({ values: z.array(z.number()), counts: z.array(Count) }).nullable(),
  sketch: KllSketchSchema,
  histogram: GridHistogramSchema,
});
/** A numeric column's profile. */
export type NumericColumnProfile = z.infer<typeof NumericColumnProfileSchema>;

/** Schema of a categorical column's profile. */
export const CategoricalColumnProfileSchema = z.object({
  name: z.string().min(1),
  kind: z.literal('categorical'),
  count: Count,
  nulls: Count,
  /** Distinct categories seen (exact). */
  distinct: Count,
  /** The most frequent categories and their counts, most frequent first. */
  top: z.array(z.tuple([z.string(), Count])),
  /** Count of values in categories beyond `top`. */
  other: Count,
});
/** A categorical column's profile. */
export type CategoricalColumnProfile = z.infer<typeof CategoricalColumnProfileSchema>;

/** Schema of one column's profile. */
export const ColumnProfileSchema = z.discriminatedUnion('kind', [
  NumericColumnProfileSchema,
  CategoricalColumnProfileSchema,
]);
/** One column's profile. */
export type ColumnProfile = z.infer<typeof ColumnProfileSchema>;

/** Format tag of a stored profile. */
export const PROFILE_FORMAT = 'plinth.profile/v1';

/** Schema of a dataset profile: a compact, mergeable summary standing in for a reference table. */
export const ProfileSchema = z.object({
  format: z.literal(PROFILE_FORMAT),
  rowCount: Count,
  columns: z.array(ColumnProfileSchema).min(1),
});
/** A dataset profile (plain JSON-ready data). */
export type Profile = z.infer<typeof ProfileSchema>;
