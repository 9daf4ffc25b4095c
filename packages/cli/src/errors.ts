import { componentErrors, PlinthError } from '@plinth/core';

/** The error builders of the `plinth` command (component `cli`). */
export const cliErrors = componentErrors('cli');

/**
 * A usage error: a bad option or argument on the command line (exit code 2). A `PLINTH_VALIDATION` error with
 * the option named in `details.issues`, like every other Plinth validation error.
 */
export function usageError(option: string, message: string): PlinthError<'PLINTH_VALIDATION'> {
  return cliErrors.invalid('command line', { path: option, message });
}

/** True for an error that means "the command line asked for something invalid": exit code 2. */
export function isUsageError(error: unknown): boolean {
  return PlinthError.is(error, 'PLINTH_VALIDATION');
}
