import { PlinthError } from '../errors/plinth-error.ts';
import type { WriteOptions } from './port.ts';

/**
 * Checks the compare-and-set conditions of a write or delete against the current version
 * (`undefined` when the key is absent). Shared by adapters so every one reports conflicts alike.
 *
 * @throws {PlinthError} `PLINTH_CONFLICT` naming the key and what was expected.
 */
export function checkWriteConditions(
  component: string,
  key: string,
  current: string | undefined,
  options: Pick<WriteOptions, 'ifNotExists' | 'ifVersion'> | undefined,
): void {
  if (options?.ifNotExists && current !== undefined) {
    throw new PlinthError({
      code: 'PLINTH_CONFLICT',
      component,
      message: `key "${key}" already exists; read it and retry with ifVersion to replace it`,
      details: { key, expected: 'absent', actual: current },
    });
  }
  if (options?.ifVersion !== undefined && options.ifVersion !== current) {
    throw new PlinthError({
      code: 'PLINTH_CONFLICT',
      component,
      message:
        current === undefined
          ? `key "${key}" no longer exists (expected version ${options.ifVersion}); read it again and retry`
          : `key "${key}" changed since version ${options.ifVersion} was read; read it again and retry`,
      details: { key, expected: options.ifVersion, actual: current },
    });
  }
}

/**
 * Throws `PLINTH_ABORTED` if the signal has fired.
 *
 * @throws {PlinthError} `PLINTH_ABORTED`.
 */
export function throwIfAborted(signal: AbortSignal | undefined, component: string): void {
  if (signal?.aborted) {
    throw new PlinthError({
      code: 'PLINTH_ABORTED',
      component,
      message: 'operation aborted by its AbortSignal; nothing was changed',
      cause: signal.reason,
    });
  }
}

/**
 * Throws `PLINTH_READ_ONLY` for a write sent to a read-only adapter.
 *
 * @throws {PlinthError} `PLINTH_READ_ONLY`.
 */
export function readOnlyError(component: string, key: string): PlinthError<'PLINTH_READ_ONLY'> {
  return new PlinthError({
    code: 'PLINTH_READ_ONLY',
    component,
    message: `cannot write "${key}": this storage is read-only; write through a writable adapter (fsStorage, idbStorage) instead`,
    details: { key },
  });
}
