import type * as zc from 'zod/v4/core';
import type { PlinthErrorCode } from './codes.ts';
import { type AnySchema, parseOrThrow, type ValidationIssue, validationError } from './from-zod.ts';
import { PlinthError, type PlinthErrorOptions } from './plinth-error.ts';

/** The error builders of one component (`tracking`, `registry`, `storage:fs`, …); see {@link componentErrors}. */
export interface ComponentErrors {
  /** The component named in every message (`[plinth:<component>] …`). */
  readonly component: string;
  /** A {@link PlinthError} with this component. */
  error<C extends PlinthErrorCode>(
    code: C,
    message: string,
    extra?: Pick<PlinthErrorOptions, 'cause' | 'details'>,
  ): PlinthError<C>;
  /** A `PLINTH_VALIDATION` error for `subject`, one issue per offending path (`details.issues`). */
  invalid(
    subject: string,
    issues: ValidationIssue | readonly ValidationIssue[],
  ): PlinthError<'PLINTH_VALIDATION'>;
  /**
   * Parses `value` with a zod schema (classic or mini), or throws `PLINTH_VALIDATION` naming `subject`.
   * @throws {PlinthError} `PLINTH_VALIDATION`
   */
  parse<S extends AnySchema>(schema: S, value: unknown, subject: string): zc.output<S>;
}

/**
 * Makes the error builders of one component: the one way every package builds its errors.
 *
 * @example
 * ```ts
 * const errors = componentErrors('registry');
 * throw errors.error('PLINTH_NOT_FOUND', `model "fraud" has no alias "champion"; set one with setAlias()`);
 * const options = errors.parse(OptionsSchema, input, 'registerVersion options');
 * ```
 */
export function componentErrors(component: string): ComponentErrors {
  if (typeof component !== 'string' || component === '' || component.length > 64) {
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component: 'core',
      message:
        'componentErrors(component): component must be a string of 1 to 64 characters (tracking, storage:fs, …)',
      details: { issues: [{ path: 'component', message: 'must be a string of 1 to 64 characters' }] },
    });
  }
  return {
    component,
    error: (code, message, extra = {}) => new PlinthError({ code, component, message, ...extra }),
    invalid: (subject, issues) =>
      validationError(Array.isArray(issues) ? issues : [issues as ValidationIssue], { component, subject }),
    parse: (schema, value, subject) => parseOrThrow(schema, value, { component, subject }),
  };
}
