import * as undici from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpStaticServer, startHttpStaticServer } from '../../../test/http-static-server.ts';
import { bytesToText } from '../bytes.ts';
import { memoryStorage } from '../memory.ts';
import { createHttpStorage } from './http-storage.ts';
import { nodeFetchRuntime, type UndiciLike } from './node-fetch.ts';
import type { HttpFetch } from './options.ts';

let server: HttpStaticServer;

beforeAll(async () => {
  const source = memoryStorage();
  await source.put('models/a/card.json', '{"name":"a"}');
  server = await startHttpStaticServer({ storage: source });
});
afterAll(() => server.close());

/** A fetch that records the URLs it is asked for and answers through the global fetch. */
function recordingFetch() {
  const urls: string[] = [];
  const fetch: HttpFetch = (url, init) => {
    urls.push(url);
    return globalThis.fetch(url, init);
  };
  return { urls, fetch };
}

const notInstalled = () =>
  Promise.reject(Object.assign(new Error("Cannot find package 'undici'"), { code: 'ERR_MODULE_NOT_FOUND' }));

describe('httpStorage in Node without undici (an optional peer dependency)', () => {
  it('falls back to the global fetch when undici is not installed', async () => {
    const { urls, fetch } = recordingFetch();
    const storage = createHttpStorage(
      { baseUrl: server.url },
      nodeFetchRuntime(notInstalled, () => fetch),
    );
    const entry = await storage.get('models/a/card.json');
    expect(bytesToText(entry!.value)).toBe('{"name":"a"}');
    expect(urls).toEqual([`${server.url}models/a/card.json`]);
    await storage.close?.();
  });

  it('uses undici with a keep-alive agent when it is installed, and close() releases the agent', async () => {
    const { urls, fetch } = recordingFetch();
    const agents: undici.Agent[] = [];
    const recordingUndici: UndiciLike = {
      fetch: (url, init) => {
        urls.push(`undici ${url}`);
        return undici.fetch(url, init as Parameters<typeof undici.fetch>[1]);
      },
      Agent: function Agent(options: ConstructorParameters<typeof undici.Agent>[0]) {
        const agent = new undici.Agent(options);
        agents.push(agent);
        return agent;
      } as unknown as UndiciLike['Agent'],
    };
    const storage = createHttpStorage(
      { baseUrl: server.url },
      nodeFetchRuntime(
        async () => recordingUndici,
        () => fetch,
      ),
    );
    expect(await storage.stat('models/a/card.json')).toMatchObject({ size: 12 });
    expect(urls).toEqual([`undici ${server.url}models/a/card.json`]);
    expect(agents.map((agent) => agent.closed)).toEqual([false]);
    await storage.close?.();
    expect(agents.map((agent) => agent.closed)).toEqual([true]);
  });

  it('a failure to load undici other than "not installed" is not hidden', async () => {
    const broken = () => Promise.reject(Object.assign(new Error('undici: bad build'), { code: 'ERR_X' }));
    const { urls, fetch } = recordingFetch();
    const storage = createHttpStorage(
      { baseUrl: server.url, retries: 0 },
      nodeFetchRuntime(broken, () => fetch),
    );
    await expect(storage.get('models/a/card.json')).rejects.toThrow('undici: bad build');
    expect(urls).toEqual([]);
  });
});
