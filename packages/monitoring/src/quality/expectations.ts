import { z } from 'zod';

/** Schema of what one column must satisfy. */
export const ColumnExpectationSchema = z.object({
  /** The column must be present (default true). */
  required: z.boolean().optional(),
  /** `numeric`: every non-missing cell a number; `categorical`: strings or booleans. */
  type: z.enum(['numeric', 'categorical']).optional(),
  /** Largest share of missing cells (null, undefined, NaN) allowed, 0–1. */
  maxNullShare: z.number().min(0).max(1).optional(),
  /** Smallest allowed value (numeric columns). */
  min: z.number().optional(),
  /** Largest allowed value (numeric columns). */
  max: z.number().optional(),
  /** The only categories allowed (categorical columns, by string form). */
  allowed: z.array(z.string()).optional(),
  /** Every non-missing value distinct. */
  unique: z.boolean().optional(),
});
/** What one column must satisfy. */
export type ColumnExpectation = z.infer<typeof ColumnExpectationSchema>;

/** Schema of the expectations a batch is validated against. */
export const ExpectationsSchema = z.object({
  columns: z.record(z.string(), ColumnExpectationSchema),
  rowCount: z
    .object({ min: z.number().int().nonnegative().optional(), max: z.number().int().optional() })
    .optional(),
});
/** The expectations a batch is validated against (declared in code or derived with expectationsFromProfile). */
export type Expectations = z.infer<typeof ExpectationsSchema>;

/** The kinds of expectation a failure can come from. */
export type ExpectationKind =
  | 'presence'
  | 'type'
  | 'nullShare'
  | 'min'
  | 'max'
  | 'allowed'
  | 'unique'
  | 'rowCount';

/** One failed expectation. */
export interface ExpectationFailure {
  expectation: ExpectationKind;
  /** The column, or null for table-level expectations (row count). */
  column: string | null;
  /** What was expected (a bound, a type, a list). */
  expected: unknown;
  /** What the batch had. */
  observed: unknown;
  /** Readable sentence. */
  message: string;
}

/** Result of validateData. */
export interface ValidationResult {
  /** True when no expectation failed. */
  success: boolean;
  /** Number of expectations checked. */
  checked: number;
  /** Every failed expectation. */
  failures: ExpectationFailure[];
  rowCount: number;
}
