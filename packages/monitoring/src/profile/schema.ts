import * as z from 'zod/mini';
import type { GridHistogramData } from './grid-histogram.ts';
import type { KllSketchData } from './kll.ts';

/** A count: a whole number ≥ 0. */
const count = () => z.int().check(z.nonnegative());

/** Builds a schema on first use (module load builds nothing, so unused schemas cost a bundle nothing). */
export function lazySchema<T>(build: () => T): () => T {
  let schema: T | undefined;
  return () => (schema ??= build());
}

const kllSketchSchema = () =>
  z.strictObject({
    k: z.int().check(z.minimum(8), z.maximum(65_536)),
    n: count(),
    samplerExponent: z.int().check(z.minimum(0), z.maximum(60)),
    candidate: z.nullable(z.tuple([z.number(), z.number().check(z.positive())])),
    levels: z.array(z.array(z.number())).check(z.minLength(1), z.maxLength(64)),
  });

const gridHistogramSchema = () =>
  z.strictObject({
    exponent: z.int().check(z.minimum(-1023), z.maximum(1100)),
    offset: z.int(),
    counts: z.array(z.number().check(z.nonnegative())).check(z.maxLength(4096)),
  });

const numericColumnSchema = () =>
  z.strictObject({
    name: z.string().check(z.minLength(1), z.maxLength(1000)),
    kind: z.literal('numeric'),
    count: count(),
    nulls: count(),
    nan: count(),
    positiveInfinity: count(),
    negativeInfinity: count(),
    n: count(),
    min: z.nullable(z.number()),
    max: z.nullable(z.number()),
    mean: z.nullable(z.number()),
    std: z.nullable(z.number().check(z.nonnegative())),
    m2: z.number().check(z.nonnegative()),
    distinct: z.nullable(
      z.strictObject({ values: z.array(z.number()).check(z.maxLength(21)), counts: z.array(count()) }),
    ),
    sketch: kllSketchSchema(),
    histogram: gridHistogramSchema(),
  });

const categoricalColumnSchema = () =>
  z.strictObject({
    name: z.string().check(z.minLength(1), z.maxLength(1000)),
    kind: z.literal('categorical'),
    count: count(),
    nulls: count(),
    distinct: count(),
    top: z.array(z.tuple([z.string(), count()])),
    other: count(),
  });

/** Schema of a stored profile (zod/mini), built on first use; `profileFromJSON` is the public way to validate. */
export const profileSchema = lazySchema(() =>
  z.strictObject({
    format: z.literal(PROFILE_FORMAT),
    rowCount: count(),
    columns: z
      .array(z.discriminatedUnion('kind', [numericColumnSchema(), categoricalColumnSchema()]))
      .check(z.minLength(1)),
  }),
);

/** Format tag of a stored profile. */
export const PROFILE_FORMAT = 'plinth.profile/v1';

/** A numeric column's profile. */
export interface NumericColumnProfile {
  name: string;
  kind: 'numeric';
  /** Rows seen, missing ones included. */
  count: number;
  nulls: number;
  nan: number;
  positiveInfinity: number;
  negativeInfinity: number;
  /** Finite values (what the moments, sketch and histogram summarise). */
  n: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Population standard deviation (ddof 0), as Evidently's normed Wasserstein uses. */
  std: number | null;
  /** Sum of squared deviations from the mean (for exact merging). */
  m2: number;
  /** Exact value counts while the column has at most 21 distinct values; null past that. */
  distinct: { values: number[]; counts: number[] } | null;
  /** KLL quantile sketch of the finite values. */
  sketch: KllSketchData;
  /** Exact grid histogram of the finite values. */
  histogram: GridHistogramData;
}

/** A categorical column's profile. */
export interface CategoricalColumnProfile {
  name: string;
  kind: 'categorical';
  /** Rows seen, missing ones included. */
  count: number;
  nulls: number;
  /** Distinct categories seen (exact). */
  distinct: number;
  /** The most frequent categories and their counts, most frequent first. */
  top: Array<[string, number]>;
  /** Count of values in categories beyond `top`. */
  other: number;
}

/** One column's profile. */
export type ColumnProfile = NumericColumnProfile | CategoricalColumnProfile;

/** A dataset profile: a compact, mergeable summary standing in for a reference table (plain JSON-ready data). */
export interface Profile {
  /** Always {@link PROFILE_FORMAT}. */
  format: typeof PROFILE_FORMAT;
  /** Rows profiled. */
  rowCount: number;
  /** One entry per column, in table order. */
  columns: ColumnProfile[];
}
