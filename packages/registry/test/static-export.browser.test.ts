import { cachedStorage } from '@plinth/core/cached';
import { httpStorage } from '@plinth/core/http';
import { idbStorage } from '@plinth/core/idb';
import { rejectionCode } from '@plinth/core/testing';
import { createRegistry, type Registry } from '@plinth/registry';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { StaticExportInfo } from './browser-commands.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    registryStaticExportStart: () => Promise<StaticExportInfo>;
    registryStaticExportStop: (url: string) => Promise<boolean>;
  }
}

const database = `plinth-registry-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const blobsAreImmutable = (key: string) => key.startsWith('blobs/sha256/');

/** A browser registry reading a static export through an IndexedDB read-through cache. */
function browserRegistry(url: string): Registry {
  return createRegistry({
    storage: cachedStorage({
      cache: idbStorage({ database }),
      source: httpStorage({ baseUrl: url, retries: 0, timeoutMs: 3000 }),
      immutable: blobsAreImmutable,
    }),
  });
}

async function webCryptoSha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let size = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) size += chunk.byteLength;
  return size;
}

afterAll(async () => {
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(database);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
});

describe('the README publishing recipe: exportStatic({ toDirectory }) served by a plain file server, pulled in Chromium', () => {
  it('loads over HTTP, keeps working from IndexedDB with the server gone, and detects tampering', async () => {
    const served = await commands.registryStaticExportStart();
    let stopped = false;
    try {
      const online = browserRegistry(served.url);
      const champion = await online.getVersion('models:/fraud@champion');
      expect(champion).toMatchObject({ name: 'fraud', version: served.version, sha256: served.sha256 });
      expect(champion.aliases).toEqual(['champion']);
      const bytes = await online.loadArtifact(champion);
      expect(bytes.byteLength).toBe(served.size);
      expect(await webCryptoSha256(bytes)).toBe(served.sha256);
      expect(await rejectionCode(online.setAlias('fraud', 'champion', 1))).toBe('PLINTH_READ_ONLY');
      expect(await rejectionCode(online.registerVersion('fraud', { artifact: new Uint8Array(1) }))).toBe(
        'PLINTH_READ_ONLY',
      );

      expect(await commands.registryStaticExportStop(served.url)).toBe(true);
      stopped = true;
      const probe = await fetch(`${served.url}models/fraud.json`).then(
        () => 'reachable',
        () => 'unreachable',
      );
      expect(probe).toBe('unreachable');

      const offline = browserRegistry(served.url);
      const again = await offline.getVersion('models:/fraud@champion');
      expect(again.version).toBe(served.version);
      const cached = await offline.loadArtifact('models:/fraud@champion');
      expect(await webCryptoSha256(cached)).toBe(served.sha256);
      expect(await drain(await offline.loadArtifactStream(again))).toBe(served.size);
      expect((await offline.lineage('models:/fraud@champion')).runId).toBe('run-42');

      const cache = idbStorage({ database });
      const key = `blobs/sha256/${served.sha256}`;
      const record = await cache.get(key);
      expect(record?.value.byteLength).toBeGreaterThan(served.size);
      const tampered = record!.value.slice();
      tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0x01;
      await cache.put(key, tampered);
      await cache.close?.();

      expect(await rejectionCode(offline.loadArtifact(again))).toBe('PLINTH_INTEGRITY');
      expect(await rejectionCode(browserRegistry(served.url).loadArtifact('models:/fraud@champion'))).toBe(
        'PLINTH_INTEGRITY',
      );
      expect(await rejectionCode(offline.loadArtifactStream(again).then(drain))).toBe('PLINTH_INTEGRITY');
    } finally {
      if (!stopped) await commands.registryStaticExportStop(served.url);
    }
  });
});
