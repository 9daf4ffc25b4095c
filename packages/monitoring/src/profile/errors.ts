import { PlinthError } from '@plinth/core';

/**
 * A `PLINTH_VALIDATION` error from the monitoring package, naming the column when there is one.
 *
 * @param message what happened and what to do; the `[plinth:monitoring]` prefix is added.
 */
export function monitoringValidationError(
  message: string,
  details: Record<string, unknown> = {},
): PlinthError<'PLINTH_VALIDATION'> {
  return new PlinthError({ code: 'PLINTH_VALIDATION', component: 'monitoring', message, details });
}
