// MLflow error answers → PlinthErrors with stable codes.
import type { PlinthErrorCode } from '../errors/codes.ts';
import { PlinthError } from '../errors/plinth-error.ts';

/** MLflow `error_code` → Plinth code. Codes not listed map by HTTP status. */
export const MLFLOW_ERROR_CODES: Readonly<Record<string, PlinthErrorCode>> = Object.freeze({
  RESOURCE_DOES_NOT_EXIST: 'PLINTH_NOT_FOUND',
  RESOURCE_ALREADY_EXISTS: 'PLINTH_CONFLICT',
  INVALID_PARAMETER_VALUE: 'PLINTH_VALIDATION',
  INVALID_STATE: 'PLINTH_CONFLICT',
  BAD_REQUEST: 'PLINTH_VALIDATION',
  MALFORMED_REQUEST: 'PLINTH_VALIDATION',
  NOT_IMPLEMENTED: 'PLINTH_UNSUPPORTED',
  ENDPOINT_NOT_FOUND: 'PLINTH_UNSUPPORTED',
  PERMISSION_DENIED: 'PLINTH_STORAGE',
  UNAUTHENTICATED: 'PLINTH_STORAGE',
  REQUEST_LIMIT_EXCEEDED: 'PLINTH_STORAGE',
  TEMPORARILY_UNAVAILABLE: 'PLINTH_STORAGE',
  INTERNAL_ERROR: 'PLINTH_STORAGE',
});

function byStatus(status: number): PlinthErrorCode {
  if (status === 404) return 'PLINTH_NOT_FOUND';
  if (status === 405 || status === 501) return 'PLINTH_UNSUPPORTED';
  if (status === 409) return 'PLINTH_CONFLICT';
  if (status === 400 || status === 422) return 'PLINTH_VALIDATION';
  return 'PLINTH_STORAGE';
}

/**
 * The PlinthError of an MLflow error answer. JSON bodies `{error_code, message}` map by code (see
 * {@link MLFLOW_ERROR_CODES}); a `BAD_REQUEST` about a UNIQUE constraint (a rename to a taken experiment name)
 * is `PLINTH_CONFLICT`. Non-JSON bodies (HTML 404/405, a text 403 CORS refusal) map by status. `details`
 * carries `status`, `mlflowCode` and the call.
 */
export function mlflowError(
  component: string,
  what: string,
  status: number,
  contentType: string,
  text: string,
): PlinthError {
  let mlflowCode: string | undefined;
  let message: string | undefined;
  if (contentType.includes('json')) {
    try {
      const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
      if (typeof body.error_code === 'string') mlflowCode = body.error_code;
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // not JSON after all: reported by status below
    }
  }
  let code = (mlflowCode && MLFLOW_ERROR_CODES[mlflowCode]) || byStatus(status);
  if (mlflowCode === 'BAD_REQUEST' && /UNIQUE constraint|already exists/i.test(message ?? '')) {
    code = 'PLINTH_CONFLICT';
  }
  let said =
    message ??
    text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 300);
  if (status === 403 && !mlflowCode) {
    said = `${said || 'forbidden'} (MLflow refuses state-changing requests from a non-localhost browser Origin, and answers 403 to a missing or wrong token)`;
  } else if ((status === 404 || status === 405) && !mlflowCode) {
    said = `${said || 'not found'} (this server has no such endpoint: is it MLflow 2.0 or newer, and is the URL its root?)`;
  }
  return new PlinthError({
    code,
    component,
    message: `${what}: MLflow answered ${status}${mlflowCode ? ` ${mlflowCode}` : ''}: ${said}`,
    details: { status, ...(mlflowCode ? { mlflowCode } : {}), what },
  });
}
