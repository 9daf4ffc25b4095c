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

/** What a value is, for a message that must not echo a large one: `null`, `an array`, `NaN`, `a Date`, `string`, … */
export function describeReceived(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? 'an invalid Date' : 'a Date';
  return typeof input;
}

/** `expected X, received Y`; the received part only when the issue still carries its input. */
function describeType(expected: unknown, raw: Record<string, unknown>): string {
  return 'input' in raw
    ? `expected ${String(expected)}, received ${describeReceived(raw.input)}`
    : `expected ${String(expected)}`;
}

/** A union whose every branch wanted another type reads as `expected string | number, received …`. */
function describeUnion(raw: Record<string, unknown>): string {
  const branches = raw.errors as readonly (readonly zc.$ZodIssue[])[] | undefined;
  const expected = new Set<string>();
  for (const branch of branches ?? []) {
    const first = branch[0] as (zc.$ZodIssue & Record<string, unknown>) | undefined;
    if (branch.length !== 1 || first?.code !== 'invalid_type' || first.path.length > 0) {
      return 'does not match any accepted form';
    }
    expected.add(String(first.expected));
  }
  return expected.size > 0
    ? describeType([...expected].join(' | '), raw)
    : 'does not match any accepted form';
}

/** `must be at least 3 characters`, `must have at most 1 item`, `must not be empty`, `must be less than 5`. */
function describeSize(bound: 'at least' | 'at most', limit: unknown, raw: Record<string, unknown>): string {
  const plural = (noun: string) => `${noun}${limit === 1 ? '' : 's'}`;
  if (raw.origin === 'string' || raw.origin === 'array' || raw.origin === 'set') {
    if (bound === 'at least' && limit === 1) return 'must not be empty';
    return raw.origin === 'string'
      ? `must be ${bound} ${String(limit)} ${plural('character')}`
      : `must have ${bound} ${String(limit)} ${plural('item')}`;
  }
  const strict = bound === 'at least' ? 'greater than' : 'less than';
  return `must be ${raw.inclusive === false ? strict : bound} ${String(limit)}`;
}

function describeFormat(raw: Record<string, unknown>): string {
  switch (raw.format) {
    case 'regex':
      return `must match ${String(raw.pattern)}`;
    case 'starts_with':
      return `must start with ${JSON.stringify(raw.prefix)}`;
    case 'ends_with':
      return `must end with ${JSON.stringify(raw.suffix)}`;
    case 'includes':
      return `must include ${JSON.stringify(raw.includes)}`;
    default:
      return `must be a valid ${String(raw.format)}`;
  }
}

/**
 * A readable message for one zod issue. zod/mini ships no locale by default (to keep browser bundles small),
 * so issues without a custom message are described here from their code.
 */
function issueMessage(issue: zc.$ZodIssue | zc.$ZodRawIssue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  const raw = issue as Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type':
      return describeType(raw.expected, raw);
    case 'too_small':
      return describeSize('at least', raw.minimum, raw);
    case 'too_big':
      return describeSize('at most', raw.maximum, raw);
    case 'invalid_value':
      return `must be one of ${(raw.values as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown option${(raw.keys as string[]).length > 1 ? 's' : ''} ${(raw.keys as string[])
        .map((key) => JSON.stringify(key))
        .join(', ')}`;
    case 'invalid_format':
      return describeFormat(raw);
    case 'not_multiple_of':
      return `must be a multiple of ${String(raw.divisor)}`;
    case 'invalid_union':
      return describeUnion(raw);
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid element';
    default:
      return issue.message || 'is invalid';
  }
}

/**
 * The error map {@link parseOrThrow} parses with: it sees each raw issue (with its input) before zod drops the
 * input, and words it the same whether or not a zod locale is loaded.
 */
const describeIssue = (issue: zc.$ZodRawIssue): string => issueMessage(issue);

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
  const parsed = safeParseDescribed(schema, value);
  if (!parsed.success) throw fromZodError(parsed.error, context);
  return parsed.data;
}

/**
 * `safeParse` (classic or mini schema) with Plinth's issue wording. Internal: {@link parseOrThrow} and the
 * document store use it.
 */
export function safeParseDescribed<S extends AnySchema>(
  schema: S,
  value: unknown,
): { success: true; data: zc.output<S> } | { success: false; error: { issues: zc.$ZodIssue[] } } {
  return safeParse(schema, value, { error: describeIssue }) as
    | { success: true; data: zc.output<S> }
    | { success: false; error: { issues: zc.$ZodIssue[] } };
}
