import { collectBytes } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { bytesOf, caught, freshRegistry, sha256 } from './fixtures.ts';

describe('loadArtifact', () => {
  it('returns the registered bytes, verified against an independent sha256', async () => {
    const { registry } = freshRegistry();
    await registry.createModel('fraud');
    const artifact = bytesOf('model bytes '.repeat(1000));
    const version = await registry.registerVersion('fraud', { artifact });
    expect(version.sha256).toBe(sha256(artifact));
    expect(Buffer.from(await registry.loadArtifact(version)).equals(artifact)).toBe(true);
    expect(Buffer.from(await registry.loadArtifact('models:/fraud/1')).equals(artifact)).toBe(true);
    const streamed = await collectBytes(await registry.loadArtifactStream('models:/fraud/latest'));
    expect(Buffer.from(streamed).equals(artifact)).toBe(true);
  });

  it('raises PLINTH_INTEGRITY on every load once the stored bytes change', async () => {
    const { registry, storage } = freshRegistry();
    await registry.createModel('fraud');
    const artifact = bytesOf('the real model');
    const version = await registry.registerVersion('fraud', { artifact });
    const key = `blobs/sha256/${sha256(artifact)}`;
    expect((await storage.list('blobs/')).keys).toEqual([key]);
    const tampered = artifact.slice();
    tampered[3] = tampered[3]! ^ 1;
    await storage.put(key, tampered);
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await caught(registry.loadArtifact('models:/fraud/1'));
      expect(error.code).toBe('PLINTH_INTEGRITY');
      expect(error.message).toContain(version.sha256);
      expect(error.message).toContain(sha256(tampered));
    }
    const stream = await registry.loadArtifactStream(version);
    const streamError = await caught(collectBytes(stream));
    expect(streamError.code).toBe('PLINTH_INTEGRITY');
    await storage.put(key, bytesOf('the real model, plus more'));
    expect((await caught(registry.loadArtifact(version))).code).toBe('PLINTH_INTEGRITY');
    await storage.delete(key);
    const missing = await caught(registry.loadArtifact(version));
    expect(missing.code).toBe('PLINTH_NOT_FOUND');
    expect(missing.message).toContain(key);
  });
});
