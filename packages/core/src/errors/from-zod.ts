import type * as zc from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';
import { PlinthError } from './plinth-error.ts';

/** One offending field of a failed validation. */
export interface ValidationIssue {
  /** Dotted path of the field (`tags.team`, `signature.inputs.0.shape`); empty for the value itself. */
  path: string;
  /** What was wrong with it. */
  message: string;
}

/** Any zod schema, classic (`zod`) or mini (`zod/mini`). */
export type AnySchema = zc.$ZodType;

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'symbol' ? part.toString() : String(part))).join('.');
}

function describeReceived(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
  return typeof input;
}

/**
 * A readable message for one zod issue. zod/mini ships no locale by default (to keep browser bundles small),
 * so issues without a custom message are described here from their code.
 */
function issueMessage(issue: zc.$ZodIssue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  const raw = issue as zc.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${String(raw.expected)}, received ${describeReceived(raw.input)}`;
    case 'too_small':
      return raw.origin === 'string'
        ? `must be at least ${String(raw.minimum)} characters`
        : raw.origin === 'array' || raw.origin === 'set'
          ? `must have at least ${String(raw.minimum)} items`
          : `must be ${raw.inclusive === false ? 'greater than' : 'at least'} ${String(raw.minimum)}`;
    case 'too_big':
      return raw.origin === 'string'
        ? `must be at most ${String(raw.maximum)} characters`
        : raw.origin === 'array' || raw.origin === 'set'
          ? `must have at most ${String(raw.maximum)} items`
          : `must be ${raw.inclusive === false ? 'less than' : 'at most'} ${String(raw.maximum)}`;
    case 'invalid_value':
      return `must be one of ${(raw.values as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown option${(raw.keys as string[]).length > 1 ? 's' : ''} ${(raw.keys as string[])
        .map((key) => JSON.stringify(key))
        .join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${String(raw.format)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(raw.divisor)}`;
    case 'invalid_union':
      return 'does not match any accepted form';
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid element';
    default:
      return issue.message || 'is invalid';
  }
}

/**
 * Turns a zod error (classic or mini) into a `PLINTH_VALIDATION` {@link PlinthError} that lists each
 * offending path.
 *
 * `context.subject` names what was being validated, for the message (`run options`, `model version`).
 * @example
 * ```ts
 * const parsed = RunSchema.safeParse(input);
 * if (!parsed.success) throw fromZodError(parsed.error, { component: 'tracking', subject: 'run options' });
 * ```
 */
export function fromZodError(
  error: { issues: readonly zc.$ZodIssue[] },
  context: { component: string; subject: string },
): PlinthError<'PLINTH_VALIDATION'> {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issueMessage(issue),
  }));
  return validationError(issues, context, error);
}

/**
 * A `PLINTH_VALIDATION` error from a list of issues, in the same shape {@link fromZodError} gives.
 */
export function validationError(
  issues: readonly ValidationIssue[],
  context: { component: string; subject: string },
  cause?: unknown,
): PlinthError<'PLINTH_VALIDATION'> {
  const listed = issues.map((issue) => `${issue.path || '(value)'}: ${issue.message}`).join('; ');
  return new PlinthError({
    code: 'PLINTH_VALIDATION',
    component: context.component,
    message: `invalid ${context.subject}: ${listed}; fix these fields and retry`,
    cause,
    details: { issues: [...issues] },
  });
}

/**
 * Parses `value` with `schema` (classic `zod` or `zod/mini`), throwing a `PLINTH_VALIDATION` error that lists
 * each offending path.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the value does not match.
 */
export function parseOrThrow<S extends AnySchema>(
  schema: S,
  value: unknown,
  context: { component: string; subject: string },
): zc.output<S> {
  const parsed = safeParse(schema, value);
  if (!parsed.success) throw fromZodError(parsed.error, context);
  return parsed.data;
}
