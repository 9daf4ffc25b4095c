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
