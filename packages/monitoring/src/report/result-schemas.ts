// Shapes of results handed back to the exporters (renderDriftReport, *ToPrometheus), checked before use so a
// wrong argument is a PLINTH_VALIDATION naming the field rather than a TypeError deep inside.
import * as z from 'zod/mini';
import { lazySchema } from '../profile/schema.ts';

/** Any number, NaN and ±Infinity included (a window with no data reports NaN). */
const num = () => z.custom<number>((value) => typeof value === 'number', { error: 'expected a number' });
const nullableNumber = () => z.nullable(num());
const removedSchema = () =>
  z.looseObject({
    rows: num(),
    nulls: num(),
    nan: num(),
    positiveInfinity: num(),
    negativeInfinity: num(),
    nanShare: num(),
  });

const histogramSchema = () =>
  z.nullable(
    z.discriminatedUnion('kind', [
      z.looseObject({
        kind: z.literal('numeric'),
        edges: z.array(num()),
        reference: z.array(num()),
        current: z.array(num()),
      }),
      z.looseObject({
        kind: z.literal('categorical'),
        categories: z.array(z.string()),
        reference: z.array(num()),
        current: z.array(num()),
      }),
    ]),
  );

/** A drift result (detectDrift, a drift monitor window, or its `toJSON()`). */
export const driftResultSchema = lazySchema(() =>
  z.looseObject({
    columns: z.array(
      z.looseObject({
        column: z.string(),
        type: z.enum(['numeric', 'categorical']),
        test: z.nullable(z.string()),
        score: nullableNumber(),
        statistic: nullableNumber(),
        pValue: nullableNumber(),
        threshold: nullableNumber(),
        drifted: z.boolean(),
        severity: num(),
        reference: removedSchema(),
        current: removedSchema(),
        histogram: histogramSchema(),
        error: z.optional(z.string()),
      }),
    ),
    columnCount: num(),
    driftedCount: num(),
    driftedShare: num(),
    driftShareThreshold: num(),
    datasetDrift: z.boolean(),
    referenceRows: num(),
    currentRows: num(),
    referenceSource: z.enum(['table', 'profile']),
  }),
);

/** A validateData result. */
export const validationResultSchema = lazySchema(() =>
  z.looseObject({
    success: z.boolean(),
    checked: num(),
    rowCount: num(),
    failures: z.array(
      z.looseObject({
        expectation: z.string(),
        column: z.nullable(z.string()),
        expected: z.unknown(),
        observed: z.unknown(),
        message: z.string(),
      }),
    ),
  }),
);

/** A latency monitor window. */
export const latencyResultSchema = lazySchema(() =>
  z.looseObject({
    count: num(),
    errors: num(),
    errorRate: num(),
    p50: num(),
    p95: num(),
    p99: num(),
    mean: num(),
    max: num(),
  }),
);

/** A quality monitor window. */
export const qualityResultSchema = lazySchema(() =>
  z.looseObject({
    count: num(),
    pending: num(),
    accuracy: z.optional(num()),
    precision: z.optional(num()),
    recall: z.optional(num()),
    f1: z.optional(num()),
    rocAuc: z.optional(num()),
    rmse: z.optional(num()),
    mae: z.optional(num()),
  }),
);
