import type { z } from 'zod';
import { PlinthError } from './plinth-error.ts';

/** One offending field of a failed validation. */
export interface ValidationIssue {
  /** Dotted path of the field (`tags.team`, `signature.inputs.0.shape`); empty for the value itself. */
  path: string;
  /** What was wrong with it. */
  message: string;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'symbol' ? part.toString() : String(part))).join('.');
}

/**
 * Turns a zod error into a `PLINTH_VALIDATION` {@link PlinthError} that lists each offending path.
 *
 * `context.subject` names what was being validated, for the message (`run options`, `model version`).
 * @example
 * ```ts
 * const parsed = RunSchema.safeParse(input);
 * if (!parsed.success) throw fromZodError(parsed.error, { component: 'tracking', subject: 'run options' });
 * ```
 */
export function fromZodError(
  error: z.ZodError,
  context: { component: string; subject: string },
): PlinthError<'PLINTH_VALIDATION'> {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const listed = issues.map((issue) => `${issue.path || '(value)'}: ${issue.message}`).join('; ');
  return new PlinthError({
    code: 'PLINTH_VALIDATION',
    component: context.component,
    message: `invalid ${context.subject}: ${listed}; fix these fields and retry`,
    cause: error,
    details: { issues },
  });
}

/**
 * Parses `value` with `schema`, throwing a `PLINTH_VALIDATION` error that lists each offending path.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the value does not match.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  context: { component: string; subject: string },
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error, context);
  return parsed.data;
}
