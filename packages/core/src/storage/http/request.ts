import type { Backoff } from '../../backoff.ts';
import { PlinthError } from '../../errors/plinth-error.ts';
import type { HttpFetch, HttpResponseLike, HttpStorageOptions } from './options.ts';

/** Settings every request of one adapter shares. */
export interface HttpContext {
  component: string;
  fetch: () => Promise<HttpFetch>;
  headers: HttpStorageOptions['headers'];
  timeoutMs: number;
  /** Waits between attempts; its `maxAttempts` is the `retries` option plus one. */
  retries: Backoff;
  /** Fires when the adapter is closed or its `signal` option fires. */
  signal: AbortSignal;
  /** True once `close()` was called. */
  closed: () => boolean;
}

/**
 * Runs `task` with a signal that fires at the deadline (`timeoutMs`) or when the caller or the adapter
 * cancels. A task that hands out a body to stream calls `hold()`: the deadline stops counting when the task
 * resolves, but cancelling still reaches the request until the returned release function is called.
 *
 * @throws {PlinthError} `PLINTH_TIMEOUT` past the deadline, `PLINTH_ABORTED` when cancelled.
 */
export async function withDeadline<T>(
  context: HttpContext,
  callerSignal: AbortSignal | undefined,
  what: string,
  task: (signal: AbortSignal, hold: () => () => void) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const sources = callerSignal ? [context.signal, callerSignal] : [context.signal];
  const fired = () => sources.find((signal) => signal.aborted);
  const aborted = (cause: unknown) =>
    new PlinthError({
      code: 'PLINTH_ABORTED',
      component: context.component,
      message: `${what} was cancelled by an AbortSignal (or the adapter was closed); nothing was changed`,
      cause,
    });
  if (context.closed()) {
    throw new PlinthError({
      code: 'PLINTH_CLOSED',
      component: context.component,
      message: `${what}: this httpStorage was closed; create a new one`,
    });
  }
  const already = fired();
  if (already) throw aborted(already.reason);
  const onAbort = () => controller.abort(fired()?.reason);
  const unlink = () => {
    for (const signal of sources) signal.removeEventListener('abort', onAbort);
  };
  for (const signal of sources) signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`deadline of ${context.timeoutMs} ms passed`));
  }, context.timeoutMs);
  let held = false;
  const hold = () => {
    held = true;
    return unlink;
  };
  try {
    return await task(controller.signal, hold);
  } catch (error) {
    held = false;
    if (timedOut) {
      throw new PlinthError({
        code: 'PLINTH_TIMEOUT',
        component: context.component,
        message: `${what} did not finish within ${context.timeoutMs} ms; check the server or raise timeoutMs`,
        cause: error,
        details: { timeoutMs: context.timeoutMs },
      });
    }
    const source = fired();
    if (source) throw aborted(source.reason);
    throw error;
  } finally {
    clearTimeout(timer);
    if (!held) unlink();
  }
}

/**
 * Passes a response body through, calling `release` once it ends, fails or is cancelled, and turning a
 * failed read into `PLINTH_STORAGE` (or `PLINTH_ABORTED` when `signal` fired).
 */
export function releasingStream(
  context: HttpContext,
  url: string,
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  release: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        release();
        controller.error(
          new PlinthError({
            code: signal.aborted ? 'PLINTH_ABORTED' : 'PLINTH_STORAGE',
            component: context.component,
            message: signal.aborted
              ? `streaming GET ${url} was cancelled by an AbortSignal (or the adapter was closed)`
              : `streaming GET ${url} broke off (${String(error)}); read the key again`,
            cause: error,
            details: { url },
          }),
        );
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
}

/** Releases a response body we will not read, so its connection returns to the pool. */
export function discardBody(response: HttpResponseLike): void {
  response.body?.cancel().catch(() => undefined);
}

/** Error for a response status the adapter cannot use. */
export function statusError(context: HttpContext, method: string, url: string, status: number): PlinthError {
  const hint =
    status === 401 || status === 403
      ? 'the server refused access; pass credentials in the headers option'
      : status >= 500
        ? 'the server kept failing; check it and retry later'
        : 'check baseUrl and the server';
  return new PlinthError({
    code: 'PLINTH_STORAGE',
    component: context.component,
    message: `${method} ${url} answered HTTP ${status}; ${hint}`,
    details: { url, status, method },
  });
}

/**
 * Sends one request, retrying 5xx answers and network errors with exponential backoff and jitter; 2xx, 3xx
 * and 4xx answers come back as they are.
 *
 * @throws {PlinthError} `PLINTH_STORAGE` when every attempt failed (with the last network error as `cause`).
 */
export async function fetchWithRetry(
  context: HttpContext,
  method: 'GET' | 'HEAD',
  url: string,
  extraHeaders: Record<string, string>,
  signal: AbortSignal,
): Promise<HttpResponseLike> {
  const fetch = await context.fetch();
  const configured = typeof context.headers === 'function' ? await context.headers() : context.headers;
  const headers = { ...configured, ...extraHeaders };
  for (let attempt = 0; ; attempt++) {
    let response: HttpResponseLike | undefined;
    let failure: unknown;
    try {
      response = await fetch(url, { method, headers, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      failure = error;
    }
    if (response && response.status < 500) return response;
    if (attempt + 1 >= context.retries.maxAttempts) {
      if (response) {
        discardBody(response);
        throw statusError(context, method, url, response.status);
      }
      throw new PlinthError({
        code: 'PLINTH_STORAGE',
        component: context.component,
        message: `${method} ${url} failed after ${attempt + 1} attempts (${String(failure)}); check the network and that the server is up`,
        cause: failure,
        details: { url, method, attempts: attempt + 1 },
      });
    }
    if (response) discardBody(response);
    await context.retries.wait(attempt, signal);
  }
}
