import { PlinthError } from '@plinth/core';

/** The page's Content-Security-Policy: scripts, styles and data only from the UI itself. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** For the drift report (inline styles and SVG, no script) shown in a sandboxed frame of the page. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'";
/** For artifact bytes: no script ever runs, even when an SVG is opened on its own. */
export const ARTIFACT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

const COMMON: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** A response with the security headers every UI response carries. */
export function respond(
  body: BodyInit | null,
  status: number,
  headers: Record<string, string>,
  csp: string = PAGE_CSP,
): Response {
  return new Response(body, {
    status,
    headers: {
      ...COMMON,
      'content-security-policy': csp,
      ...(csp === REPORT_CSP ? {} : { 'x-frame-options': 'DENY' }),
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

/** JSON with `<`, `>` and `&` escaped, so the text is inert even if something sniffs it as HTML. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A JSON response. */
export function json(value: unknown, status = 200): Response {
  return respond(jsonText(value), status, { 'content-type': 'application/json; charset=utf-8' });
}

const STATUS: Record<string, number> = {
  PLINTH_VALIDATION: 400,
  PLINTH_NOT_FOUND: 404,
  PLINTH_CONFLICT: 409,
  PLINTH_READ_ONLY: 403,
  PLINTH_UNSUPPORTED: 501,
};

/** An error as JSON `{ error: { code, message } }`: a PlinthError's own message, anything else hidden. */
export function errorResponse(error: unknown): Response {
  if (PlinthError.is(error)) {
    return json(
      { error: { code: error.code, message: error.message } },
      Object.hasOwn(STATUS, error.code) ? STATUS[error.code]! : 500,
    );
  }
  return json(
    { error: { code: 'PLINTH_INTERNAL', message: '[plinth:ui] internal error; see the server log' } },
    500,
  );
}

/** A plain error status with a JSON body. */
export function status(code: number, error: string, message: string): Response {
  return json({ error: { code: error, message: `[plinth:ui] ${message}` } }, code);
}
