import { type PlinthErrorCode, plinthError } from '@plinth/core';

/** Component name used in every tracking error message. */
export const COMPONENT = 'tracking';

/** A tracking `PlinthError`. */
export function trackingError(code: PlinthErrorCode, message: string, details?: Record<string, unknown>) {
  return plinthError(code, COMPONENT, message, details ? { details } : {});
}
