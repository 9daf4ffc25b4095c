import { expect } from 'vitest';
import { PlinthError } from '../errors/plinth-error.ts';

/**
 * Awaits a promise that must reject with a `PlinthError` and returns its code, failing the test otherwise.
 *
 * @example
 * ```ts
 * expect(await rejectionCode(storage.put('/abs', 'x'))).toBe('PLINTH_VALIDATION');
 * ```
 */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(PlinthError.is(error), `expected a PlinthError, got ${String(error)}`).toBe(true);
    return (error as PlinthError).code;
  }
  throw new Error('expected the call to reject with a PlinthError, but it resolved');
}
