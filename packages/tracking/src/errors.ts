import { componentErrors } from '@plinth/core';

/** The error builders of `@plinth/tracking`: every tracking error is made here (`[plinth:tracking] …`). */
export const trackingErrors = componentErrors('tracking');

/**
 * A tracking `PlinthError` (the older helper, kept while `search/` and the summary index move to
 * {@link trackingErrors}).
 * @internal
 */
export function trackingError(
  code: Parameters<typeof trackingErrors.error>[0],
  message: string,
  details?: Record<string, unknown>,
) {
  return trackingErrors.error(code, message, details ? { details } : {});
}
