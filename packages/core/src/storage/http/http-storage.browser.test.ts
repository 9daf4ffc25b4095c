import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type {} from '../../../test/browser-command-types.ts';
import { randomBytes } from '../../testing/random-bytes.ts';
import { rejectionCode } from '../../testing/rejection-code.ts';
import { bytesEqual, bytesToText, collectBytes } from '../bytes.ts';
import { listAllKeys } from '../list-all.ts';
import type { StorageAdapter } from '../port.ts';
import { httpStorage } from './index.browser.ts';

let server: { id: string; url: string };
let storage: StorageAdapter;

beforeAll(async () => {
  server = await commands.startStaticServer({
    files: { 'models/a/card.json': '{"name":"a"}', 'odd/per%cent and space/模型': 'odd' },
    random: { 'models/a/model.onnx': [1024 * 1024 + 7, 5] },
  });
  storage = httpStorage({ baseUrl: server.url, retryDelayMs: 5 });
});
afterAll(async () => {
  await storage.close?.();
  await commands.stopStaticServer(server.id);
});

describe('httpStorage in Chromium (global fetch, cross-origin with CORS)', () => {
  it('gets, stats, streams and lists', async () => {
    const model = randomBytes(1024 * 1024 + 7, 5);
    const entry = await storage.get('models/a/model.onnx');
    expect(bytesEqual(entry!.value, model)).toBe(true);
    expect(entry!.version).toMatch(/^"m[0-9a-z]+"$/);
    expect(await storage.stat('models/a/model.onnx')).toEqual({
      version: entry!.version,
      size: model.byteLength,
    });
    const streamed = (await storage.getStream('models/a/model.onnx'))!;
    expect(bytesEqual(await collectBytes(streamed.stream), model)).toBe(true);
    expect(bytesToText((await storage.get('odd/per%cent and space/模型'))!.value)).toBe('odd');
    expect(await storage.get('models/none')).toBeUndefined();
    expect(await listAllKeys(storage, '')).toEqual([
      'models/a/card.json',
      'models/a/model.onnx',
      'odd/per%cent and space/模型',
    ]);
  });

  it('revalidates by ETag: the second read is answered 304 by the server', async () => {
    await commands.staticServerStats(server.id, true);
    const first = await storage.get('models/a/card.json');
    const second = await storage.get('models/a/card.json');
    expect(bytesToText(second!.value)).toBe('{"name":"a"}');
    expect(second!.version).toBe(first!.version);
    const stats = await commands.staticServerStats(server.id, true);
    expect(stats.methods).toEqual({ GET: 2 });
    expect(stats.statuses[304]).toBe(1);
  });

  it('retries 503 answers, and is read-only', async () => {
    await commands.failStaticServer(server.id, 2, 503);
    expect(await storage.get('models/a/card.json')).toBeDefined();
    const stats = await commands.staticServerStats(server.id, true);
    expect(stats.statuses[503]).toBe(2);
    expect(await rejectionCode(storage.put('models/a/card.json', 'x'))).toBe('PLINTH_READ_ONLY');
    expect(await rejectionCode(storage.delete('models/a/card.json'))).toBe('PLINTH_READ_ONLY');
  });

  it('raises PLINTH_TIMEOUT when the server does not answer in time', async () => {
    const impatient = httpStorage({ baseUrl: server.url, timeoutMs: 300 });
    await commands.hangStaticServer(server.id, true);
    const started = performance.now();
    expect(await rejectionCode(impatient.get('models/a/card.json'))).toBe('PLINTH_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(3000);
    await commands.hangStaticServer(server.id, false);
    await impatient.close?.();
  });

  it('without ETags, versions are SHA-256 digests, equal from get, stat and getStream', async () => {
    const plain = await commands.startStaticServer({ files: { 'a.txt': 'abc' }, etags: false });
    const noEtag = httpStorage({ baseUrl: plain.url });
    // SHA-256("abc"), the FIPS 180-2 test vector.
    const expected = 'sha256-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect((await noEtag.get('a.txt'))!.version).toBe(expected);
    expect(await noEtag.stat('a.txt')).toEqual({ version: expected, size: 3 });
    expect((await noEtag.getStream('a.txt'))!.version).toBe(expected);
    await noEtag.close?.();
    await commands.stopStaticServer(plain.id);
  });
});
