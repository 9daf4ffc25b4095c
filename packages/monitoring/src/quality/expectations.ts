import type { PlinthError, ValidationIssue } from '@plinth/core';
import * as z from 'zod/mini';
import { describe, errors, invalid, isPlainObject } from '../errors.ts';
import { lazySchema } from '../profile/schema.ts';

/** What one column must satisfy. */
export interface ColumnExpectation {
  /** The column must be present. @default true */
  required?: boolean;
  /** `numeric`: every non-missing cell a number; `categorical`: strings or booleans. */
  type?: 'numeric' | 'categorical';
  /** Largest share of missing cells (null, undefined, NaN) allowed, 0–1. */
  maxNullShare?: number;
  /** Smallest allowed value (numeric columns). */
  min?: number;
  /** Largest allowed value (numeric columns). */
  max?: number;
  /** The only categories allowed (categorical columns, by string form). */
  allowed?: string[];
  /** Every non-missing value distinct. */
  unique?: boolean;
}

/** The expectations a batch is validated against (declared in code or derived with expectationsFromProfile). */
export interface Expectations {
  /** Column name → what it must satisfy (own keys; `constructor` is a column like any other). */
  columns: Record<string, ColumnExpectation>;
  /** Bounds on the batch's row count. */
  rowCount?: { min?: number; max?: number };
}

const columnExpectationSchema = lazySchema(() =>
  z.strictObject({
    required: z.optional(z.boolean()),
    type: z.optional(z.enum(['numeric', 'categorical'])),
    maxNullShare: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
    min: z.optional(z.number()),
    max: z.optional(z.number()),
    allowed: z.optional(z.array(z.string().check(z.maxLength(10_000))).check(z.maxLength(1_000_000))),
    unique: z.optional(z.boolean()),
  }),
);

const rowCountSchema = lazySchema(() =>
  z.optional(
    z.strictObject({
      min: z.optional(z.int().check(z.nonnegative())),
      max: z.optional(z.int().check(z.nonnegative())),
    }),
  ),
);

/**
 * Validates expectations; returns a copy whose `columns` map has own keys only (`Object.create(null)`).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the offending field (`columns.age.maxNullShare`).
 */
export function checkExpectations(input: unknown): Expectations {
  if (!isPlainObject(input)) {
    throw invalid(`expectations must be an object { columns, rowCount? }, got ${describe(input)}`, {
      argument: 'expectations',
    });
  }
  for (const key of Object.keys(input)) {
    if (key !== 'columns' && key !== 'rowCount') {
      throw errors.invalid('expectations', { path: key, message: `unknown option ${JSON.stringify(key)}` });
    }
  }
  if (!isPlainObject(input.columns)) {
    throw errors.invalid('expectations', {
      path: 'columns',
      message: `expected an object, received ${describe(input.columns)}`,
    });
  }
  const columns: Record<string, ColumnExpectation> = Object.create(null);
  for (const name of Object.keys(input.columns)) {
    try {
      columns[name] = errors.parse(columnExpectationSchema(), input.columns[name], 'expectations');
    } catch (error) {
      const issues = ((error as PlinthError).details?.issues ?? []) as ValidationIssue[];
      throw errors.invalid(
        'expectations',
        issues.map((issue) => ({
          path: issue.path ? `columns.${name}.${issue.path}` : `columns.${name}`,
          message: issue.message,
        })),
      );
    }
  }
  const rowCount = errors.parse(rowCountSchema(), input.rowCount, 'expectations.rowCount');
  return rowCount === undefined ? { columns } : { columns, rowCount };
}

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
