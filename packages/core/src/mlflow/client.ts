// The HTTP client the MLflow backends of tracking and registry share: one place for the REST base, JSON
// bodies with `Content-Type: application/json`, bearer tokens, retries on 429/503 and network errors (core's
// backoff), and MLflow error codes mapped onto Plinth codes.
import { type BackoffOptions, backoff } from '../backoff.ts';
import { componentErrors } from '../errors/component-errors.ts';
import type { PlinthError } from '../errors/plinth-error.ts';
import { mlflowError } from './errors.ts';

/** The `fetch` an MLflow client calls: the global `fetch` (browsers, Node 20) and undici's both fit. */
export type MlflowFetch = (url: string, init: MlflowFetchInit) => Promise<Response>;

/** What the client passes to `fetch`. */
export interface MlflowFetchInit {
  /** HTTP method. */
  method: string;
  /** Request headers. */
  headers: Record<string, string>;
  /** JSON text or raw bytes (artifact uploads). */
  body?: string | Uint8Array;
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** How to reach an MLflow server: what every MLflow backend takes. */
export interface MlflowConnectionOptions {
  /** Base URL of the MLflow server, e.g. `http://127.0.0.1:5000` (a path prefix is kept). */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: MlflowFetch;
  /** Retries of a request answered 429/502/503/504 or failing on the network. @default { baseMs: 200, maxDelayMs: 5000, maxAttempts: 5 } */
  retry?: BackoffOptions;
}

/** Options of {@link mlflowClient}. */
export interface MlflowClientOptions extends MlflowConnectionOptions {
  /** Component named in errors. @default 'mlflow' */
  component?: string;
}

/** A query value: a string, a number, repeated values, or `undefined` (left out). */
export type MlflowQueryValue = string | number | boolean | readonly string[] | undefined;

/** One request of {@link MlflowClient}. */
export interface MlflowRequest {
  /** HTTP method. */
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** Path below the server URL, from `/` (`/api/2.0/mlflow/runs/get`). */
  path: string;
  /** Query parameters; arrays are sent as repeated keys. */
  query?: Record<string, MlflowQueryValue>;
  /** A JSON body (already encoded with `encodeMlflowJson` if it holds NaN), or raw bytes (PUT). */
  body?: unknown;
  /** The call, for messages (`createExperiment`). */
  what: string;
  /** Retry transient failures. @default true */
  retry?: boolean;
}

/** The transport of the MLflow backends: JSON calls, raw downloads and uploads. */
export interface MlflowClient {
  /** The server URL without a trailing slash. */
  readonly url: string;
  /**
   * Sends a request and parses the JSON answer (`{}` for an empty one).
   * @throws {PlinthError} the MLflow error mapped onto a Plinth code (see {@link mlflowError}).
   */
  json<T = Record<string, unknown>>(request: MlflowRequest): Promise<T>;
  /** Sends a request and returns the response once it is a success (2xx); the body is unread. */
  send(request: MlflowRequest): Promise<Response>;
  /** Turns a non-2xx response into the mapped PlinthError. */
  toError(response: Response, what: string): Promise<PlinthError>;
}

const errors = componentErrors('mlflow');

/** True for an error worth another attempt: 429, 502, 503, 504 or a network failure. */
export function isTransientMlflowError(error: unknown): boolean {
  const details = (error as PlinthError | undefined)?.details as
    | { status?: number; network?: boolean }
    | undefined;
  if (!details) return false;
  return details.network === true || [429, 502, 503, 504].includes(details.status ?? 0);
}

function queryString(query: Record<string, MlflowQueryValue> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A client for the MLflow REST API 2.0. JSON bodies go out with `Content-Type: application/json`; requests
 * answered 429, 502, 503 or 504, and network failures, are retried with core's exponential backoff; error
 * answers (JSON `{error_code, message}`, or HTML/text for unknown paths, wrong methods and CORS refusals)
 * become PlinthErrors with mapped codes.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a URL that does not parse or a token that is not a string.
 * @example
 * ```ts
 * const client = mlflowClient({ url: 'http://127.0.0.1:5000' });
 * const { experiment_id } = await client.json({ method: 'POST', path: '/api/2.0/mlflow/experiments/create', body: { name: 'x' }, what: 'createExperiment' });
 * ```
 */
export function mlflowClient(options: MlflowClientOptions): MlflowClient {
  if (options === null || typeof options !== 'object') {
    throw errors.invalid('mlflow options', { path: '', message: 'must be an object like { url }' });
  }
  let base: URL;
  try {
    base = new URL(String(options.url));
  } catch {
    throw errors.invalid('mlflow options', { path: 'url', message: 'must be an absolute http(s) URL' });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw errors.invalid('mlflow options', { path: 'url', message: 'must be an absolute http(s) URL' });
  }
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token.length > 8192)) {
    throw errors.invalid('mlflow options', { path: 'token', message: 'must be a string' });
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw errors.invalid('mlflow options', { path: 'fetch', message: 'must be a function like fetch' });
  }
  const url = base.href.replace(/\/+$/, '');
  const component = options.component ?? 'mlflow';
  const retries = backoff({ baseMs: 200, maxDelayMs: 5000, maxAttempts: 5, component, ...options.retry });
  const doFetch: MlflowFetch =
    options.fetch ?? ((target, init) => globalThis.fetch(target, init as RequestInit));

  const toError = async (response: Response, what: string): Promise<PlinthError> => {
    const text = await response.text().catch(() => '');
    return mlflowError(component, what, response.status, response.headers.get('content-type') ?? '', text);
  };

  const attempt = async (request: MlflowRequest): Promise<Response> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Uint8Array | undefined;
    if (request.body instanceof Uint8Array) {
      body = request.body;
      headers['content-type'] = 'application/octet-stream';
    } else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await doFetch(`${url}${request.path}${queryString(request.query)}`, {
        method: request.method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
    } catch (cause) {
      throw errors.error(
        'PLINTH_STORAGE',
        `${request.what}: the MLflow server at ${url} could not be reached (${String(cause)}); check that it runs`,
        { cause, details: { network: true, what: request.what } },
      );
    }
    if (response.status >= 200 && response.status < 300) return response;
    throw await toError(response, request.what);
  };

  const send = (request: MlflowRequest): Promise<Response> =>
    request.retry === false
      ? attempt(request)
      : retries.run(() => attempt(request), { retryIf: isTransientMlflowError });

  return {
    url,
    send,
    toError,
    async json<T>(request: MlflowRequest): Promise<T> {
      const response = await send(request);
      const text = await response.text();
      if (text === '') return {} as T;
      return decodeMlflowJson(text) as T;
    },
  };
}

/**
 * Encodes a metric value for MLflow: NaN and ±Infinity as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`
 * (`JSON.stringify` would send `null`, which MLflow rejects).
 */
export function encodeMlflowNumber(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}

/** The largest double: MLflow stores ±Infinity as ±this. */
const MLFLOW_MAX = 1.7976931348623157e308;

/**
 * Decodes a metric value from MLflow: `"NaN"`, `"Infinity"` and `"-Infinity"` strings, and the clamped
 * ±1.7976931348623157e308 MLflow stores for ±Infinity, back to numbers.
 */
export function decodeMlflowNumber(value: unknown): number {
  if (typeof value === 'number') {
    if (value === MLFLOW_MAX) return Number.POSITIVE_INFINITY;
    if (value === -MLFLOW_MAX) return Number.NEGATIVE_INFINITY;
    return value;
  }
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number.NaN;
}

/** Parses an MLflow JSON answer; bare `NaN`/`Infinity` tokens (Python's json) are read as strings first. */
export function decodeMlflowJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Python's json writes bare NaN / Infinity / -Infinity tokens outside strings.
    return JSON.parse(text.replace(/(?<=[:,[]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, '"$1"'));
  }
}

/**
 * The proxy path of an `mlflow-artifacts:` URI: `mlflow-artifacts:/12/abc/artifacts` (or with an authority,
 * `mlflow-artifacts://host:5000/12/…`) → `12/abc/artifacts`. Returns `undefined` for other schemes.
 */
export function mlflowArtifactPath(uri: string): string | undefined {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(uri);
  if (!match) return undefined;
  return match[1]!.replace(/\/+$/, '');
}

/** Percent-encodes each segment of a relative artifact path (slashes kept). */
export function encodeArtifactPath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/');
}

/** MLflow column types (`mlflow_colspec`) → Plinth column dtypes. */
export const MLFLOW_COLUMN_DTYPES: Readonly<Record<string, string>> = Object.freeze({
  double: 'float64',
  float: 'float32',
  long: 'int64',
  integer: 'int32',
  boolean: 'bool',
  string: 'string',
  binary: 'binary',
  datetime: 'timestamp',
});
