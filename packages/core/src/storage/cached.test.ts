import { describe, expect, it } from 'vitest';
import { startHttpStaticServer } from '../../test/http-static-server.ts';
import { PlinthError } from '../errors/plinth-error.ts';
import { randomBytes } from '../testing/random-bytes.ts';
import { rejectionCode } from '../testing/rejection-code.ts';
import { storageContract } from '../testing/storage-contract.ts';
import { bytesEqual, bytesToText, collectBytes } from './bytes.ts';
import { cachedStorage } from './cached.ts';
import { httpStorage, writeStaticIndex } from './http/index.node.ts';
import { listAllKeys } from './list-all.ts';
import { memoryStorage } from './memory.ts';

storageContract({
  name: 'cachedStorage over memory',
  create: () => cachedStorage({ cache: memoryStorage(), source: memoryStorage() }),
});

async function fixture() {
  const files = memoryStorage();
  const model = randomBytes(2 * 1024 * 1024 + 3, 9);
  await files.put('models/a/model.onnx', model);
  await files.put('models/a/card.json', '{"name":"a"}');
  await files.put('blobs/sha256/abc', 'immutable bytes');
  await writeStaticIndex(files);
  const server = await startHttpStaticServer({ storage: files });
  const source = httpStorage({ baseUrl: server.url, retries: 1, retryDelayMs: 5 });
  return { files, model, server, source };
}

describe('cachedStorage over an HTTP source', () => {
  it('serves what was read once after the server is gone, with the source versions', async () => {
    const { model, server, source } = await fixture();
    const cache = memoryStorage();
    const storage = cachedStorage({ cache, source });
    const card = await storage.get('models/a/card.json');
    const stat = await storage.stat('models/a/model.onnx');
    const streamed = (await storage.getStream('models/a/model.onnx'))!;
    expect(bytesEqual(await collectBytes(streamed.stream), model)).toBe(true);
    const listed = await listAllKeys(storage, 'models/');
    await server.close();

    expect(await rejectionCode(source.get('models/a/card.json'))).toBe('PLINTH_STORAGE');
    const offlineCard = await storage.get('models/a/card.json');
    expect(bytesToText(offlineCard!.value)).toBe('{"name":"a"}');
    expect(offlineCard!.version).toBe(card!.version);
    expect(await storage.stat('models/a/model.onnx')).toEqual(stat);
    const offlineModel = (await storage.getStream('models/a/model.onnx'))!;
    expect(offlineModel.version).toBe(streamed.version);
    expect(bytesEqual(await collectBytes(offlineModel.stream), model)).toBe(true);
    expect(await listAllKeys(storage, 'models/')).toEqual(listed);
    expect(await rejectionCode(storage.get('blobs/sha256/abc'))).toBe('PLINTH_STORAGE');
    await storage.close?.();
  });

  it('network-first reads see changes at the source; a key deleted at the source leaves the cache', async () => {
    const { files, server, source } = await fixture();
    const cache = memoryStorage();
    const storage = cachedStorage({ cache, source });
    await storage.get('models/a/card.json');
    await files.put('models/a/card.json', '{"name":"b"}');
    expect(bytesToText((await storage.get('models/a/card.json'))!.value)).toBe('{"name":"b"}');
    await files.delete('models/a/card.json');
    expect(await storage.get('models/a/card.json')).toBeUndefined();
    expect(await cache.get('models/a/card.json')).toBeUndefined();
    await server.close();
    await storage.close?.();
  });

  it('cache-first and immutable keys skip the network once cached', async () => {
    const { server, source } = await fixture();
    const storage = cachedStorage({ cache: memoryStorage(), source, strategy: 'cache-first' });
    await storage.get('models/a/card.json');
    server.resetStats();
    for (let i = 0; i < 5; i++)
      expect(bytesToText((await storage.get('models/a/card.json'))!.value)).toBe('{"name":"a"}');
    await storage.stat('models/a/card.json');
    expect(server.stats().log).toEqual([]);

    const byKey = cachedStorage({
      cache: memoryStorage(),
      source,
      immutable: (key) => key.startsWith('blobs/sha256/'),
    });
    await byKey.get('blobs/sha256/abc');
    await byKey.get('models/a/card.json');
    server.resetStats();
    await byKey.get('blobs/sha256/abc');
    await byKey.get('models/a/card.json');
    expect(server.stats().methods).toEqual({ GET: 1 });
    expect(server.stats().log[0]).toContain('/models/a/card.json');
    await server.close();
    await storage.close?.();
  });

  it('keeps a read-only source read-only and passes other errors through', async () => {
    const { server, source } = await fixture();
    const cache = memoryStorage();
    const storage = cachedStorage({ cache, source });
    expect(storage.readOnly).toBe(true);
    expect(await rejectionCode(storage.put('models/a/card.json', 'x'))).toBe('PLINTH_READ_ONLY');
    expect(await rejectionCode(storage.delete('models/a/card.json'))).toBe('PLINTH_READ_ONLY');
    expect(await rejectionCode(storage.get('../x'))).toBe('PLINTH_VALIDATION');
    expect(await listAllKeys(cache, '')).toEqual([]);
    await server.close();
    await storage.close?.();
  });

  it('a source stream that breaks off errors the read and caches nothing', async () => {
    const { model, server, source } = await fixture();
    const cache = memoryStorage();
    const storage = cachedStorage({ cache, source });
    server.truncateNext(1);
    const broken = (await storage.getStream('models/a/model.onnx'))!;
    expect(broken.size).toBe(model.byteLength);
    const error = await collectBytes(broken.stream).catch((caught: unknown) => caught);
    expect(PlinthError.is(error, 'PLINTH_STORAGE')).toBe(true);
    expect(await cache.get('models/a/model.onnx')).toBeUndefined();
    const whole = (await storage.getStream('models/a/model.onnx'))!;
    expect(bytesEqual(await collectBytes(whole.stream), model)).toBe(true);
    expect(await cache.stat('models/a/model.onnx')).toBeDefined();
    await server.close();
    await storage.close?.();
  });

  it('reports cache failures without failing the read', async () => {
    const { server, source } = await fixture();
    const failures: string[] = [];
    const readOnlyCache = httpStorage({ baseUrl: server.url });
    const storage = cachedStorage({
      cache: readOnlyCache,
      source,
      onCacheError: (error, key) => failures.push(`${(error as PlinthError).code} ${key}`),
    });
    expect(bytesToText((await storage.get('models/a/card.json'))!.value)).toBe('{"name":"a"}');
    expect(failures).toEqual(['PLINTH_READ_ONLY models/a/card.json']);
    await server.close();
    await storage.close?.();
  });
});
