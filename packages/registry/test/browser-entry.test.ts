import { Readable } from 'node:stream';
import { memoryStorage } from '@plinth/core/memory';
import { describe, expect, it } from 'vitest';
import { createRegistry as createBrowserRegistry } from '../src/index.browser.ts';
import { bytesOf, caught, sha256 } from './fixtures.ts';

describe('the browser entry, run in Node', () => {
  it('hashes bytes with WebCrypto and streams with @noble/hashes, matching node:crypto', async () => {
    const registry = createBrowserRegistry({ storage: memoryStorage() });
    await registry.createModel('fraud');
    const artifact = new Uint8Array(1_234_567).map((_, index) => (index * 7 + (index >> 8)) & 0xff);
    const fromBytes = await registry.registerVersion('fraud', { artifact });
    const fromStream = await registry.registerVersion('fraud', {
      artifact: Readable.from([
        artifact.subarray(0, 1000),
        artifact.subarray(1000, 70_001),
        artifact.subarray(70_001),
      ]),
    });
    expect(fromBytes.sha256).toBe(sha256(artifact));
    expect(fromStream.sha256).toBe(sha256(artifact));
    let size = 0;
    for await (const chunk of await registry.loadArtifactStream(fromStream)) size += chunk.byteLength;
    expect(size).toBe(artifact.byteLength);
  });

  it('refuses file paths with PLINTH_UNSUPPORTED_RUNTIME', async () => {
    const registry = createBrowserRegistry({ storage: memoryStorage() });
    await registry.createModel('fraud');
    const error = await caught(registry.registerVersion('fraud', { artifact: { path: 'model.onnx' } }));
    expect(error.code).toBe('PLINTH_UNSUPPORTED_RUNTIME');
    expect(error.message).toContain('only Node');
    expect((await caught(registry.getVersion('models:/fraud/latest'))).code).toBe('PLINTH_NOT_FOUND');
    await registry.registerVersion('fraud', { artifact: bytesOf('ok') });
  });
});
