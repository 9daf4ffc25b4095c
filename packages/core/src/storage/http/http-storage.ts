import { backoff } from '../../backoff.ts';
import { parseOrThrow } from '../../errors/from-zod.ts';
import { PlinthError } from '../../errors/plinth-error.ts';
import { withArgumentChecks } from '../arguments.ts';
import { bytesToStream } from '../bytes.ts';
import { readOnlyError } from '../conditions.ts';
import { pageSortedKeys } from '../keys.ts';
import type { StorageAdapter, StorageEntry, StorageStat, StorageStreamEntry } from '../port.ts';
import { bodyVersion } from './digest.ts';
import { EtagCache } from './etag-cache.ts';
import { checkOptions, type HttpFetch, type HttpResponseLike, type HttpStorageOptions } from './options.ts';
import {
  discardBody,
  fetchWithRetry,
  type HttpContext,
  releasingStream,
  statusError,
  withDeadline,
} from './request.ts';
import { DEFAULT_STATIC_INDEX_KEY, StaticIndexSchema } from './static-index.ts';

/** What a runtime entry (`index.node.ts`, `index.browser.ts`) supplies. */
export interface HttpRuntime {
  /** Makes the default fetch, on first use. */
  defaultFetch: () => Promise<HttpFetch>;
  /** Releases what `defaultFetch` made (connection pools). */
  close?: () => Promise<void>;
}

/** Longest wait between two attempts. */
const MAX_RETRY_DELAY_MS = 5000;

const textDecoder = new TextDecoder();

function isMissing(status: number): boolean {
  return status === 404 || status === 410;
}

/** Size from `content-length`, when it is the size of the decoded body. */
function declaredSize(response: HttpResponseLike): number | undefined {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return undefined;
  const length = response.headers.get('content-length');
  if (length === null || !/^\d+$/.test(length)) return undefined;
  return Number(length);
}

/**
 * Builds the read-only HTTP adapter on a runtime's fetch. Shared by the Node and browser entries.
 */
export function createHttpStorage(options: HttpStorageOptions, runtime: HttpRuntime): StorageAdapter {
  checkOptions(options, 'storage:http');
  const name = options.name ?? 'http';
  const component = `storage:${name}`;
  const base = String(options.baseUrl).endsWith('/') ? String(options.baseUrl) : `${options.baseUrl}/`;
  const closer = new AbortController();
  let closed = false;
  if (options.signal) {
    if (options.signal.aborted) closer.abort(options.signal.reason);
    else options.signal.addEventListener('abort', () => closer.abort(options.signal?.reason), { once: true });
  }
  let fetchPromise: Promise<HttpFetch> | undefined;
  const context: HttpContext = {
    component,
    fetch: () => {
      fetchPromise ??= options.fetch ? Promise.resolve(options.fetch) : runtime.defaultFetch();
      return fetchPromise;
    },
    headers: options.headers,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: backoff({
      component,
      baseMs: options.retryDelayMs ?? 200,
      maxDelayMs: MAX_RETRY_DELAY_MS,
      maxAttempts: (options.retries ?? 3) + 1,
    }),
    signal: closer.signal,
    closed: () => closed,
  };
  const etags = new EtagCache(options.etagCacheBytes ?? 32 * 1024 * 1024);
  const indexKey = options.indexKey ?? DEFAULT_STATIC_INDEX_KEY;
  let parsedIndex: { version: string; keys: string[] } | undefined;

  const urlOf = (key: string) => base + key.split('/').map(encodeURIComponent).join('/');

  /** GET with ETag revalidation; a `shared` body is also in the ETag cache, so callers copy it before handing it out. */
  const fetchEntry = (
    key: string,
    signal: AbortSignal | undefined,
  ): Promise<(StorageEntry & { shared: boolean }) | undefined> => {
    const url = urlOf(key);
    return withDeadline(context, signal, `GET ${url}`, async (deadline) => {
      const cached = etags.get(url);
      const conditional: Record<string, string> = cached ? { 'if-none-match': cached.etag } : {};
      const response = await fetchWithRetry(context, 'GET', url, conditional, deadline);
      if (response.status === 304 && cached) {
        discardBody(response);
        return { value: cached.body, version: cached.etag, shared: true };
      }
      if (isMissing(response.status)) {
        discardBody(response);
        etags.delete(url);
        return undefined;
      }
      if (response.status < 200 || response.status > 299) {
        discardBody(response);
        throw statusError(context, 'GET', url, response.status);
      }
      const body = new Uint8Array(await response.arrayBuffer());
      const etag = response.headers.get('etag');
      if (etag === null) return { value: body, version: await bodyVersion(body), shared: false };
      return { value: body, version: etag, shared: etags.set(url, etag, body) };
    });
  };

  const loadIndex = async (signal: AbortSignal | undefined): Promise<string[]> => {
    const entry = await fetchEntry(indexKey, signal);
    if (entry === undefined) {
      throw new PlinthError({
        code: 'PLINTH_UNSUPPORTED',
        component,
        message: `cannot list: no static index at ${urlOf(indexKey)}; run writeStaticIndex(storage) from @plinth/core/http on the files before serving them`,
        details: { url: urlOf(indexKey) },
      });
    }
    if (parsedIndex?.version === entry.version) return parsedIndex.keys;
    let json: unknown;
    try {
      json = JSON.parse(textDecoder.decode(entry.value));
    } catch (error) {
      throw new PlinthError({
        code: 'PLINTH_VALIDATION',
        component,
        message: `static index at ${urlOf(indexKey)} is not JSON; regenerate it with writeStaticIndex()`,
        cause: error,
      });
    }
    const index = parseOrThrow(StaticIndexSchema, json, { component, subject: 'static index' });
    const keys = [...index.keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    parsedIndex = { version: entry.version, keys };
    return keys;
  };

  const refuse = async (key: string): Promise<never> => {
    throw readOnlyError(component, key);
  };

  return withArgumentChecks(component, {
    name,
    readOnly: true,
    async get(key, readOptions) {
      const entry = await fetchEntry(key, readOptions?.signal);
      return entry && { value: entry.shared ? entry.value.slice() : entry.value, version: entry.version };
    },
    async stat(key, readOptions): Promise<StorageStat | undefined> {
      const url = urlOf(key);
      const head = await withDeadline(context, readOptions?.signal, `HEAD ${url}`, async (deadline) => {
        const response = await fetchWithRetry(context, 'HEAD', url, {}, deadline);
        discardBody(response);
        if (isMissing(response.status)) return 'missing' as const;
        if (response.status < 200 || response.status > 299)
          throw statusError(context, 'HEAD', url, response.status);
        const etag = response.headers.get('etag');
        const size = declaredSize(response);
        return etag !== null && size !== undefined ? { version: etag, size } : undefined;
      });
      if (head === 'missing') return undefined;
      if (head) return head;
      const entry = await fetchEntry(key, readOptions?.signal);
      return entry && { version: entry.version, size: entry.value.byteLength };
    },
    async getStream(key, readOptions) {
      const url = urlOf(key);
      const cached = etags.get(url);
      const streamed = await withDeadline(
        context,
        readOptions?.signal,
        `GET ${url}`,
        async (
          deadline,
          hold,
        ): Promise<StorageStreamEntry | { body: Uint8Array; version: string } | undefined> => {
          const conditional: Record<string, string> = cached ? { 'if-none-match': cached.etag } : {};
          const response = await fetchWithRetry(context, 'GET', url, conditional, deadline);
          if (response.status === 304 && cached) {
            discardBody(response);
            return { body: cached.body.slice(), version: cached.etag };
          }
          if (isMissing(response.status)) {
            discardBody(response);
            return undefined;
          }
          if (response.status < 200 || response.status > 299) {
            discardBody(response);
            throw statusError(context, 'GET', url, response.status);
          }
          const etag = response.headers.get('etag');
          const size = declaredSize(response);
          if (etag !== null && size !== undefined && response.body) {
            const stream = releasingStream(context, url, response.body, deadline, hold());
            return { stream, version: etag, size };
          }
          const body = new Uint8Array(await response.arrayBuffer());
          return { body, version: etag ?? (await bodyVersion(body)) };
        },
      );
      if (streamed === undefined) return undefined;
      if ('stream' in streamed) return streamed;
      return {
        stream: bytesToStream(streamed.body),
        version: streamed.version,
        size: streamed.body.byteLength,
      };
    },
    async list(prefix, listOptions) {
      const keys = await loadIndex(listOptions?.signal);
      return pageSortedKeys(keys, prefix, listOptions);
    },
    put: (key) => refuse(key),
    delete: (key) => refuse(key),
    async putStream(key, source) {
      if (source instanceof ReadableStream) await source.cancel().catch(() => undefined);
      return refuse(key);
    },
    async close() {
      closed = true;
      closer.abort(new Error('httpStorage closed'));
      etags.clear();
      parsedIndex = undefined;
      await runtime.close?.();
    },
  });
}
