import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type HttpStaticServer, startHttpStaticServer } from '../../../test/http-static-server.ts';
import { PlinthError } from '../../errors/plinth-error.ts';
import { randomBytes } from '../../testing/random-bytes.ts';
import { rejectionCode } from '../../testing/rejection-code.ts';
import { bytesEqual, bytesToText, collectBytes } from '../bytes.ts';
import { listAllKeys } from '../list-all.ts';
import { memoryStorage } from '../memory.ts';
import type { StorageAdapter } from '../port.ts';
import { httpStorage, writeStaticIndex } from './index.node.ts';

const source = memoryStorage();
const big = randomBytes(3 * 1024 * 1024 + 5, 42);
let server: HttpStaticServer;
let storage: StorageAdapter;

beforeAll(async () => {
  await source.put('models/a/model.onnx', big);
  await source.put('models/a/card.json', '{"name":"a"}');
  await source.put('odd/per%cent and space/😀?#', 'odd key');
  server = await startHttpStaticServer({ storage: source });
  storage = httpStorage({ baseUrl: server.url, retryDelayMs: 5 });
});
afterAll(async () => {
  await storage.close?.();
  await server.close();
});
beforeEach(() => server.resetStats());

describe('httpStorage reads', () => {
  it('gets, stats and streams values with the server ETag as version', async () => {
    const expected = (await source.get('models/a/model.onnx'))!;
    const entry = await storage.get('models/a/model.onnx');
    expect(bytesEqual(entry!.value, big)).toBe(true);
    expect(entry!.version).toBe(`"${expected.version}"`);
    expect(await storage.stat('models/a/model.onnx')).toEqual({
      version: `"${expected.version}"`,
      size: big.byteLength,
    });
    const streamed = await storage.getStream('models/a/model.onnx');
    expect(streamed!.size).toBe(big.byteLength);
    expect(bytesEqual(await collectBytes(streamed!.stream), big)).toBe(true);
    expect(bytesToText((await storage.get('odd/per%cent and space/😀?#'))!.value)).toBe('odd key');
    expect(server.stats().methods).toEqual({ GET: 3, HEAD: 1 });
  });

  it('answers undefined for missing keys, in one request each', async () => {
    expect(await storage.get('models/none')).toBeUndefined();
    expect(await storage.stat('models/none')).toBeUndefined();
    expect(await storage.getStream('models/none')).toBeUndefined();
    expect(server.stats().statuses).toEqual({ 404: 3 });
  });

  it('revalidates with If-None-Match: the second read is a 304 and returns the remembered body', async () => {
    const first = await storage.get('models/a/card.json');
    const second = await storage.get('models/a/card.json');
    expect(bytesToText(second!.value)).toBe('{"name":"a"}');
    expect(second!.version).toBe(first!.version);
    second!.value[0] = 0;
    expect(bytesToText((await storage.get('models/a/card.json'))!.value)).toBe('{"name":"a"}');
    const changed = await source.put('models/a/card.json', '{"name":"b"}');
    const third = await storage.get('models/a/card.json');
    expect(bytesToText(third!.value)).toBe('{"name":"b"}');
    expect(third!.version).toBe(`"${changed.version}"`);
    expect(server.stats().statuses).toEqual({ 200: 2, 304: 2 });
  });

  it('keeps connections alive across requests', async () => {
    for (let i = 0; i < 20; i++) await storage.get('models/a/card.json');
    expect(server.stats().methods.GET).toBe(20);
    expect(server.stats().connections).toBeLessThanOrEqual(1);
  });

  it('sends configured headers, from a function called per request', async () => {
    let calls = 0;
    const authorized = httpStorage({
      baseUrl: server.url,
      headers: () => ({ authorization: `Bearer token-${++calls}` }),
    });
    await authorized.get('models/a/card.json');
    await authorized.stat('models/a/card.json');
    expect(server.stats().lastAuthorization).toBe('Bearer token-2');
    await authorized.close?.();
  });

  it('uses an injected fetch (here the global one) instead of undici', async () => {
    const urls: string[] = [];
    const injected = httpStorage({
      baseUrl: new URL(server.url),
      fetch: (url, init) => {
        urls.push(`${init.method} ${url}`);
        return globalThis.fetch(url, init);
      },
    });
    const expected = (await source.get('models/a/card.json'))!;
    expect(bytesEqual((await injected.get('models/a/card.json'))!.value, expected.value)).toBe(true);
    expect(await injected.stat('odd/per%cent and space/😀?#')).toEqual({
      version: `"${(await source.stat('odd/per%cent and space/😀?#'))!.version}"`,
      size: 7,
    });
    expect(urls).toEqual([
      `GET ${server.url}models/a/card.json`,
      `HEAD ${server.url}odd/per%25cent%20and%20space/%F0%9F%98%80%3F%23`,
    ]);
    await injected.close?.();
  });

  it('without an ETag, versions are the sha256 of the body, the same from get and stat', async () => {
    const plain = await startHttpStaticServer({ storage: source, etags: false });
    const noEtag = httpStorage({ baseUrl: plain.url });
    const expected = `sha256-${createHash('sha256').update(big).digest('hex')}`;
    expect((await noEtag.get('models/a/model.onnx'))!.version).toBe(expected);
    expect(await noEtag.stat('models/a/model.onnx')).toEqual({ version: expected, size: big.byteLength });
    const streamed = (await noEtag.getStream('models/a/model.onnx'))!;
    expect(streamed.version).toBe(expected);
    expect(bytesEqual(await collectBytes(streamed.stream), big)).toBe(true);
    await noEtag.close?.();
    await plain.close();
  });

  it('rejects bad options with PLINTH_VALIDATION naming each field', () => {
    let caught: unknown;
    try {
      httpStorage({ baseUrl: '', timeoutMs: 0, retries: 1.5, etagCacheBytes: -1 });
    } catch (error) {
      caught = error;
    }
    expect(PlinthError.is(caught, 'PLINTH_VALIDATION')).toBe(true);
    const issues = (caught as PlinthError).details?.issues as { path: string }[];
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'baseUrl',
      'etagCacheBytes',
      'retries',
      'timeoutMs',
    ]);
    for (const bad of [
      null,
      'https://example.com/',
      { baseUrl: 'https://example.com/', timeout: 5 },
      { baseUrl: 'https://example.com/', headers: { a: 1 } },
      { baseUrl: 'https://example.com/', indexKey: '../index.json' },
      { baseUrl: 'https://example.com/', fetch: 'fetch' },
      {},
    ]) {
      expect(() => httpStorage(bad as never), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
    }
  });

  it('rejects bad keys before any request', async () => {
    expect(await rejectionCode(storage.get('../etc/passwd'))).toBe('PLINTH_VALIDATION');
    expect(await rejectionCode(storage.stat('/abs'))).toBe('PLINTH_VALIDATION');
    expect(await rejectionCode(storage.list('a/../'))).toBe('PLINTH_VALIDATION');
    expect(server.stats().log).toEqual([]);
  });
});

describe('httpStorage failures', () => {
  it('retries 503 answers with backoff, then succeeds', async () => {
    server.failNext(2, 503);
    const entry = await storage.get('models/a/card.json');
    expect(entry).toBeDefined();
    expect(server.stats().methods.GET).toBe(3);
    expect(server.stats().statuses[503]).toBe(2);
  });

  it('retries dropped connections (network errors)', async () => {
    server.dropNext(2);
    expect(await storage.stat('models/a/card.json')).toBeDefined();
    expect(server.stats().methods.HEAD).toBe(3);
  });

  it('gives up after `retries` retries with PLINTH_STORAGE naming the status', async () => {
    server.failNext(10, 500);
    const error = await storage.get('models/a/card.json').catch((caught: unknown) => caught);
    expect(PlinthError.is(error, 'PLINTH_STORAGE')).toBe(true);
    expect((error as PlinthError).message).toContain('HTTP 500');
    expect(server.stats().methods.GET).toBe(4);
    server.failNext(0, 500);
  });

  it('does not retry 403 (PLINTH_STORAGE) or 404 (undefined)', async () => {
    server.failNext(1, 403);
    expect(await rejectionCode(storage.get('models/a/card.json'))).toBe('PLINTH_STORAGE');
    expect(await storage.get('models/missing')).toBeUndefined();
    expect(server.stats().methods.GET).toBe(2);
  });

  it('raises PLINTH_TIMEOUT at the deadline, retries included', async () => {
    const impatient = httpStorage({ baseUrl: server.url, timeoutMs: 300 });
    server.hang(true);
    // The server never answers, so the deadline is what ends these calls, however loaded the machine is.
    expect(await rejectionCode(impatient.get('models/a/card.json'))).toBe('PLINTH_TIMEOUT');
    expect(await rejectionCode(impatient.stat('models/a/card.json'))).toBe('PLINTH_TIMEOUT');
    server.hang(false);
    await impatient.close?.();
  });

  it('raises PLINTH_ABORTED when the caller cancels', async () => {
    server.hang(true);
    const controller = new AbortController();
    const pending = storage.get('models/a/card.json', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await rejectionCode(pending)).toBe('PLINTH_ABORTED');
    server.hang(false);
  });

  it('a streamed body outlives the deadline, and cancelling mid-stream raises PLINTH_ABORTED', async () => {
    // Timers are faked so the 200 ms deadline passes when the test says, not when a loaded machine is slow
    // to answer (a real 200 ms deadline timed out the headers under load in CI).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let late: Awaited<ReturnType<StorageAdapter['getStream']>>;
    let quick: StorageAdapter;
    try {
      quick = httpStorage({ baseUrl: server.url, timeoutMs: 200 });
      late = (await quick.getStream('models/a/model.onnx'))!;
      vi.advanceTimersByTime(1000);
    } finally {
      vi.useRealTimers();
    }
    expect(bytesEqual(await collectBytes(late!.stream), big)).toBe(true);
    const controller = new AbortController();
    const cut = (await quick.getStream('models/a/model.onnx', { signal: controller.signal }))!;
    controller.abort();
    expect(await rejectionCode(collectBytes(cut.stream))).toBe('PLINTH_ABORTED');
    await quick.close?.();
  });

  it('after close(), in-flight reads end with PLINTH_ABORTED and new ones raise PLINTH_CLOSED', async () => {
    const closing = httpStorage({ baseUrl: server.url });
    server.hang(true);
    const pending = rejectionCode(closing.get('models/a/card.json')); // handled before close() rejects it
    await new Promise((resolve) => setTimeout(resolve, 50));
    await closing.close?.();
    expect(await pending).toBe('PLINTH_ABORTED');
    expect(await rejectionCode(closing.stat('models/a/card.json'))).toBe('PLINTH_CLOSED');
    server.hang(false);
  });

  it('is read-only: every write raises PLINTH_READ_ONLY and sends nothing', async () => {
    expect(storage.readOnly).toBe(true);
    expect(await rejectionCode(storage.put('models/a/card.json', 'x'))).toBe('PLINTH_READ_ONLY');
    expect(await rejectionCode(storage.putStream('x', new Blob(['x']).stream()))).toBe('PLINTH_READ_ONLY');
    expect(await rejectionCode(storage.delete('models/a/card.json'))).toBe('PLINTH_READ_ONLY');
    expect(server.stats().log).toEqual([]);
  });
});

describe('httpStorage listing through a static index', () => {
  it('without an index, list raises PLINTH_UNSUPPORTED saying how to make one', async () => {
    const error = await storage.list('').catch((caught: unknown) => caught);
    expect(PlinthError.is(error, 'PLINTH_UNSUPPORTED')).toBe(true);
    expect((error as PlinthError).message).toContain('writeStaticIndex');
  });

  it('pages through the index exactly like the source lists, revalidating it by ETag', async () => {
    const files = memoryStorage();
    const expected: string[] = [];
    for (let i = 0; i < 2500; i++) expected.push(`runs/${String(i).padStart(5, '0')}/meta.json`);
    for (const key of expected) await files.put(key, 'v');
    await files.put('other/x', 'v');
    const written = await writeStaticIndex(files);
    expect(written.keys).toBe(2501);
    const indexed = await startHttpStaticServer({ storage: files });
    const remote = httpStorage({ baseUrl: indexed.url });
    const pages: number[] = [];
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await remote.list('runs/', { limit: 1000, cursor });
      pages.push(page.keys.length);
      seen.push(...page.keys);
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(pages).toEqual([1000, 1000, 500]);
    expect(seen).toEqual(expected);
    expect(await listAllKeys(remote, '')).toEqual(['other/x', ...expected]);
    expect(indexed.stats().statuses[200]).toBe(1);
    expect(indexed.stats().statuses[304]).toBeGreaterThanOrEqual(3);
    await remote.close?.();
    await indexed.close();
  });
});

describe('writeStaticIndex', () => {
  it('indexes a prefix of one adapter into another, leaving the index key out', async () => {
    const files = memoryStorage();
    const published = memoryStorage();
    for (const key of ['b/2', 'a/1', 'b/1', 'c/1', 'plinth-index.json']) await files.put(key, 'v');
    expect(await writeStaticIndex(files, published, { prefix: 'b/' })).toMatchObject({ keys: 2 });
    const index = JSON.parse(bytesToText((await published.get('plinth-index.json'))!.value));
    expect(index).toEqual({ format: 'plinth-static-index', formatVersion: 1, keys: ['b/1', 'b/2'] });
    await writeStaticIndex(files, published, { key: 'meta/index.json' });
    const all = JSON.parse(bytesToText((await published.get('meta/index.json'))!.value));
    expect(all.keys).toEqual(['a/1', 'b/1', 'b/2', 'c/1', 'plinth-index.json']);
  });

  it('an index that is not the format, or lists a bad key, raises PLINTH_VALIDATION from list', async () => {
    const files = memoryStorage();
    await files.put('plinth-index.json', '{"keys": "nope"}');
    const broken = await startHttpStaticServer({ storage: files });
    const remote = httpStorage({ baseUrl: broken.url });
    expect(await rejectionCode(remote.list(''))).toBe('PLINTH_VALIDATION');
    await files.put(
      'plinth-index.json',
      JSON.stringify({ format: 'plinth-static-index', formatVersion: 1, keys: ['ok/key', '../escape'] }),
    );
    const error = await remote.list('').catch((caught: unknown) => caught);
    expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
    expect((error as PlinthError).details?.issues).toEqual([
      { path: 'keys.1', message: expect.stringContaining('not a valid storage key') },
    ]);
    await remote.close?.();
    await broken.close();
  });
});
