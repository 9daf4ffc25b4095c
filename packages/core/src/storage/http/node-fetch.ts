// The fetch of `httpStorage` in Node: undici when installed, else the global fetch. Reached only from index.node.ts.
import type { HttpRuntime } from './http-storage.ts';
import type { HttpFetch, HttpRequestInit, HttpResponseLike } from './options.ts';

/** What {@link nodeFetchRuntime} needs from undici: its `fetch` and a keep-alive `Agent`. */
export interface UndiciLike {
  fetch(url: string, init: HttpRequestInit & { dispatcher: unknown }): Promise<unknown>;
  Agent: new (options: {
    keepAliveTimeout: number;
    keepAliveMaxTimeout: number;
  }) => { close(): Promise<void> };
}

/**
 * The Node runtime of `httpStorage`: undici with a keep-alive agent when it is installed (an optional peer
 * dependency), else the global `fetch`. The two loaders are injectable for tests.
 */
export function nodeFetchRuntime(
  importUndici: () => Promise<UndiciLike> = () => import('undici') as Promise<UndiciLike>,
  globalFetch: () => HttpFetch = () => globalThis.fetch,
): HttpRuntime {
  let agent: { close(): Promise<void> } | undefined;
  return {
    async defaultFetch(): Promise<HttpFetch> {
      let undici: UndiciLike;
      try {
        undici = await importUndici();
      } catch (error) {
        if (!isModuleNotFound(error)) throw error;
        const fetch = globalFetch();
        return (url, init) => fetch(url, init);
      }
      const dispatcher = new undici.Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
      agent = dispatcher;
      return async (url, init) => (await undici.fetch(url, { ...init, dispatcher })) as HttpResponseLike;
    },
    async close() {
      await agent?.close();
      agent = undefined;
    },
  };
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
