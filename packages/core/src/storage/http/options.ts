import { checkOptionsObject, checks, type FieldCheck } from '../arguments.ts';
import { storageKeyProblem } from '../keys.ts';

/**
 * The part of a fetch `Response` that `httpStorage` reads. The global `Response` and undici's fit it.
 */
export interface HttpResponseLike {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers. */
  readonly headers: { get(name: string): string | null };
  /** The body as a stream, or `null` (HEAD, 304). */
  readonly body: ReadableStream<Uint8Array> | null;
  /** The whole body. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What `httpStorage` passes to `fetch`. */
export interface HttpRequestInit {
  /** `GET` or `HEAD`. */
  method: 'GET' | 'HEAD';
  /** Request headers. */
  headers: Record<string, string>;
  /** Aborts the request on timeout or when the caller's signal fires. */
  signal: AbortSignal;
}

/** The `fetch` shape `httpStorage` calls: the global `fetch` and undici's `fetch` both fit. */
export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>;

/** Options of `httpStorage`. */
export interface HttpStorageOptions {
  /** URL under which each key is served: key `a/b c` is fetched from `<baseUrl>/a/b%20c`. */
  baseUrl: string | URL;
  /** Extra request headers (auth tokens, say), or a function called before every request to make them. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Deadline of one call, retries included, in milliseconds. @default 30_000 */
  timeoutMs?: number;
  /** Retries after a 5xx response or a network error (never after a 4xx). @default 3 */
  retries?: number;
  /** First retry delay in milliseconds; each retry doubles it, with full jitter, capped at 5 s. @default 200 */
  retryDelayMs?: number;
  /** The fetch to use; inject one for proxies, tests or custom agents. @default global fetch (browser) or undici with a keep-alive agent (Node) */
  fetch?: HttpFetch;
  /** Cancels every request of this adapter (closing the adapter fires it too). */
  signal?: AbortSignal;
  /**
   * Bytes of bodies kept in memory for ETag revalidation (`If-None-Match`, then a 304 reuses the body).
   * `0` turns the cache off. @default 33_554_432 (32 MiB)
   */
  etagCacheBytes?: number;
  /** Key of the static index `list` pages through (see `writeStaticIndex`). @default 'plinth-index.json' */
  indexKey?: string;
  /** Name used in messages. @default 'http' */
  name?: string;
}

/** Longest timer delay (setTimeout's limit). */
const MAX_DELAY_MS = 2 ** 31 - 1;

const headersCheck: FieldCheck = (value) => {
  if (typeof value === 'function') return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object of header strings or a function that returns one';
  }
  for (const [name, header] of Object.entries(value)) {
    if (typeof header !== 'string') return `header ${JSON.stringify(name)} must be a string`;
  }
  return undefined;
};

const baseUrlCheck: FieldCheck = (value) => {
  if (value instanceof URL) return undefined;
  if (typeof value !== 'string' || value === '') return 'must be a non-empty string or a URL';
  if (value.length > 8192) return 'must be at most 8192 characters';
  return undefined;
};

const nonNegative =
  (max: number, allowZero: boolean): FieldCheck =>
  (value) =>
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value <= max &&
    (allowZero ? value >= 0 : value > 0)
      ? undefined
      : `must be a finite number ${allowZero ? '≥ 0' : '> 0'} and at most ${max}`;

/**
 * Checks the options of `httpStorage`, naming each offending one; unknown options are rejected.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION`.
 */
export function checkOptions(options: HttpStorageOptions, component: string): void {
  checkOptionsObject(
    options,
    {
      baseUrl: baseUrlCheck,
      headers: headersCheck,
      timeoutMs: nonNegative(MAX_DELAY_MS, false),
      retries: checks.integer(0, 100),
      retryDelayMs: nonNegative(MAX_DELAY_MS, true),
      fetch: checks.function,
      signal: checks.signal,
      etagCacheBytes: nonNegative(Number.MAX_SAFE_INTEGER, true),
      indexKey: (value) => storageKeyProblem(value),
      name: checks.text(64),
    },
    { component, subject: 'httpStorage options', required: ['baseUrl'] },
  );
}
