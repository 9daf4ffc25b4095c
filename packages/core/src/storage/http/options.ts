import { PlinthError } from '../../errors/plinth-error.ts';

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

/**
 * Checks the numeric and URL options, naming each offending one.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION`.
 */
export function checkOptions(options: HttpStorageOptions, component: string): void {
  const issues: { path: string; message: string }[] = [];
  if (!(options.baseUrl instanceof URL) && (typeof options.baseUrl !== 'string' || options.baseUrl === '')) {
    issues.push({ path: 'baseUrl', message: 'must be a non-empty string or a URL' });
  }
  const positive = (path: string, value: number | undefined, allowZero: boolean) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      issues.push({ path, message: `must be a finite number ${allowZero ? '≥ 0' : '> 0'}` });
    }
  };
  positive('timeoutMs', options.timeoutMs, false);
  positive('retryDelayMs', options.retryDelayMs, true);
  positive('etagCacheBytes', options.etagCacheBytes, true);
  if (options.retries !== undefined && (!Number.isInteger(options.retries) || options.retries < 0)) {
    issues.push({ path: 'retries', message: 'must be an integer ≥ 0' });
  }
  if (issues.length > 0) {
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component,
      message: `invalid httpStorage options: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}; fix these fields`,
      details: { issues },
    });
  }
}
