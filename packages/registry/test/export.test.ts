import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { httpStorage } from '@plinth/core/http';
import { createRegistry, type Registry } from '@plinth/registry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PlainFileServer, startPlainFileServer } from '../../core/test/plain-file-server.ts';
import { bytesOf, caught, freshRegistry, sha256 } from './fixtures.ts';

describe('exportStatic and read-only registries', () => {
  let directory: string;
  let exported: string;
  let server: PlainFileServer;
  let remote: Registry;
  let source: Registry;
  const artifact = bytesOf('champion model bytes');

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'plinth-export-'));
    source = freshRegistry('ci').registry;
    await source.createModel('fraud', { description: 'card fraud' });
    await source.createModel('private');
    await source.registerVersion('fraud', { artifact: bytesOf('old model') });
    await source.registerVersion('fraud', { artifact, card: { overview: 'v2' } });
    await source.registerVersion('fraud', { artifact: bytesOf('candidate') });
    await source.setAlias('fraud', 'champion', 2, { reason: 'best AUC' });
    await source.registerVersion('private', { artifact: bytesOf('secret') });
    exported = path.join(directory, 'public', 'registry');
    const summary = await source.exportStatic({ toDirectory: exported, models: ['fraud'] });
    expect(summary).toEqual({ models: ['fraud'], versions: 3, blobs: 3, bytes: 9 + artifact.byteLength + 9 });
    server = await startPlainFileServer(exported);
    remote = createRegistry({ storage: httpStorage({ baseUrl: server.url, retries: 0 }) });
  });

  afterEach(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('resolves aliases, numbers and latest over plain HTTP with no listing, and verifies artifacts', async () => {
    const champion = await remote.getVersion('models:/fraud@champion');
    expect(champion).toEqual(await source.getVersion('models:/fraud/2'));
    expect((await remote.getVersion('models:/fraud/latest')).version).toBe(3);
    expect(sha256(await remote.loadArtifact('models:/fraud@champion'))).toBe(sha256(artifact));
    expect(server.log.some((line) => line.includes('plinth-index'))).toBe(false);
    expect(server.log.every((line) => line.startsWith('GET') || line.startsWith('HEAD'))).toBe(true);
    const missing = await caught(remote.getVersion('models:/private/1'));
    expect(missing.code).toBe('PLINTH_NOT_FOUND');
    expect(missing.message).toContain('models that exist: "fraud"');
    const alias = await caught(remote.getVersion('models:/fraud@shadow'));
    expect(alias.message).toContain('aliases that exist: "champion"');
  });

  it('lists models, history and searches through the static index it wrote', async () => {
    expect((await remote.listModels()).map((model) => model.name)).toEqual(['fraud']);
    expect((await remote.history('fraud')).map((event) => event.type)).toEqual([
      'created',
      'registered',
      'registered',
      'registered',
      'alias_set',
    ]);
    const found = await remote.searchVersions({ filter: "alias = 'champion'" });
    expect(found.versions.map((version) => version.version)).toEqual([2]);
  });

  it('without the index, says that the storage cannot list', async () => {
    const bare = path.join(directory, 'bare');
    await source.exportStatic({ toDirectory: bare, models: ['fraud'], index: false });
    const bareServer = await startPlainFileServer(bare);
    try {
      const bareRemote = createRegistry({ storage: httpStorage({ baseUrl: bareServer.url, retries: 0 }) });
      expect((await bareRemote.getVersion('models:/fraud@champion')).version).toBe(2);
      const missing = await caught(bareRemote.getVersion('models:/private/1'));
      expect(missing.code).toBe('PLINTH_NOT_FOUND');
      expect(missing.message).toContain('this registry cannot list models');
      expect((await caught(bareRemote.listModels())).code).toBe('PLINTH_UNSUPPORTED');
    } finally {
      await bareServer.close();
    }
  });

  it('refuses every write with PLINTH_READ_ONLY', async () => {
    const writes: [string, () => Promise<unknown>][] = [
      ['createModel', () => remote.createModel('new')],
      ['updateModel', () => remote.updateModel('fraud', { description: 'x' })],
      ['deleteModel', () => remote.deleteModel('fraud')],
      ['registerVersion', () => remote.registerVersion('fraud', { artifact: bytesOf('x') })],
      ['updateVersion', () => remote.updateVersion('fraud', 1, { tags: { a: 'b' } })],
      ['setAlias', () => remote.setAlias('fraud', 'champion', 3)],
      ['deleteAlias', () => remote.deleteAlias('fraud', 'champion')],
      ['transitionStage', () => remote.transitionStage('fraud', 3, 'production')],
    ];
    for (const [operation, write] of writes) {
      const error = await caught(write());
      expect(error.code, operation).toBe('PLINTH_READ_ONLY');
      expect(error.message).toContain(`${operation}()`);
    }
    expect((await caught(source.exportStatic({ to: httpStorage({ baseUrl: server.url }) }))).code).toBe(
      'PLINTH_READ_ONLY',
    );
    expect((await remote.getModel('fraud')).aliases).toEqual({ champion: 2 });
  });

  it('detects bytes changed on the static host', async () => {
    const version = await remote.getVersion('models:/fraud@champion');
    const tampered = artifact.slice();
    tampered[0] = tampered[0]! ^ 0xff;
    await writeFile(path.join(exported, 'blobs', 'sha256', version.sha256), tampered);
    expect((await caught(remote.loadArtifact(version))).code).toBe('PLINTH_INTEGRITY');
  });

  it('re-exports idempotently, skipping blobs already there', async () => {
    await source.setAlias('fraud', 'champion', 3);
    const again = await source.exportStatic({ toDirectory: exported });
    expect(again.models).toEqual(['fraud', 'private']);
    expect(again.bytes).toBe(6);
    expect((await remote.getVersion('models:/fraud@champion')).version).toBe(3);
  });

  it('writes plain files whose paths are the keys a static server is asked for', async () => {
    const files = async (dir: string): Promise<string[]> =>
      (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) =>
          path.relative(exported, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
        )
        .sort();
    const listed = await files(exported);
    expect(listed).toContain('models/fraud.json');
    expect(listed).toContain('counters/fraud.json');
    expect(listed).toContain('versions/fraud/0000000002.json');
    expect(listed).toContain('plinth-index.json');
    expect(listed).toContain(`blobs/sha256/${sha256(artifact)}`);
    expect(listed.filter((file) => file.includes('%'))).toEqual([]);
    expect(await readFile(path.join(exported, 'blobs', 'sha256', sha256(artifact)))).toEqual(
      Buffer.from(artifact),
    );
    const model = JSON.parse(await readFile(path.join(exported, 'models', 'fraud.json'), 'utf8'));
    expect(model.aliases).toEqual({ champion: 2 });
  });

  it('serves model names with spaces and other scripts through URL-encoded paths', async () => {
    const name = 'détection de fraude: v2';
    await source.registerVersion(name, { artifact: bytesOf('accented') });
    await source.setAlias(name, 'champion', 1);
    await source.exportStatic({ toDirectory: exported, models: [name] });
    const loaded = await remote.loadArtifact(`models:/${encodeURIComponent(name)}@champion`);
    expect(new TextDecoder().decode(loaded)).toBe('accented');
  });

  it("also exports into a storage adapter (in that adapter's encoding), read back through the same adapter", async () => {
    const storage = fsStorage({ dir: path.join(directory, 'adapter') });
    try {
      await source.exportStatic({ to: storage, models: ['fraud'] });
      const reader = createRegistry({ storage });
      expect((await reader.getVersion('models:/fraud@champion')).version).toBe(2);
    } finally {
      await storage.close?.();
    }
    expect((await caught(source.exportStatic({ to: storage, toDirectory: exported } as never))).code).toBe(
      'PLINTH_VALIDATION',
    );
  });
});
