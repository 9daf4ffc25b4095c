import { afterAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type {} from '../../test/browser-command-types.ts';
import { PlinthError } from '../errors/plinth-error.ts';
import { randomBytes } from '../testing/random-bytes.ts';
import { bytesEqual, bytesToText, collectBytes } from './bytes.ts';
import { cachedStorage } from './cached.ts';
import { httpStorage } from './http/index.browser.ts';
import { idbStorage } from './idb.ts';
import { listAllKeys } from './list-all.ts';

const database = `plinth-cached-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

afterAll(
  () =>
    new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(database);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    }),
);

describe('cachedStorage in Chromium: HTTP source, IndexedDB cache', () => {
  it('reads over HTTP, caches in IndexedDB, and keeps serving after the server stops', async () => {
    const model = randomBytes(4 * 1024 * 1024 + 1, 11);
    const server = await commands.startStaticServer({
      files: { 'models/a/card.json': '{"name":"a"}' },
      random: { 'models/a/model.onnx': [model.byteLength, 11] },
    });
    const online = cachedStorage({
      source: httpStorage({ baseUrl: server.url, retries: 1, retryDelayMs: 5 }),
      cache: idbStorage({ database }),
    });
    const card = await online.get('models/a/card.json');
    const streamed = (await online.getStream('models/a/model.onnx'))!;
    expect(bytesEqual(await collectBytes(streamed.stream), model)).toBe(true);
    const listed = await listAllKeys(online, '');
    expect(listed).toEqual(['models/a/card.json', 'models/a/model.onnx']);
    await commands.stopStaticServer(server.id);

    const offlineCard = await online.get('models/a/card.json');
    expect(bytesToText(offlineCard!.value)).toBe('{"name":"a"}');
    expect(offlineCard!.version).toBe(card!.version);
    await online.close?.();

    // A new page load: fresh adapters over the same database, server still down.
    const reloaded = cachedStorage({
      source: httpStorage({ baseUrl: server.url, retries: 1, retryDelayMs: 5 }),
      cache: idbStorage({ database }),
    });
    const offlineModel = (await reloaded.getStream('models/a/model.onnx'))!;
    expect(offlineModel.version).toBe(streamed.version);
    expect(offlineModel.size).toBe(model.byteLength);
    expect(bytesEqual(await collectBytes(offlineModel.stream), model)).toBe(true);
    expect(await reloaded.stat('models/a/card.json')).toEqual({ version: card!.version, size: 12 });
    expect(await listAllKeys(reloaded, '')).toEqual(listed);
    const missing = await reloaded.get('models/b/never-read.json').catch((error: unknown) => error);
    expect(PlinthError.is(missing, 'PLINTH_STORAGE')).toBe(true);
    await reloaded.close?.();
  });
});
