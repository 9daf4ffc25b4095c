import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { bytesToStream } from '@plinth/core/adapter';
import type { ModelVersionRef } from '@plinth/registry';
import { describe, expect, it } from 'vitest';
import { bytesOf, caught, freshRegistry, sha256, signature } from './fixtures.ts';

describe('registerVersion', () => {
  it('numbers versions from 1 and records every field', async () => {
    const { registry } = freshRegistry('ci');
    await registry.createModel('fraud');
    const artifact = bytesOf('onnx model v1');
    const card = { overview: 'Scores transactions.', owners: ['risk-ml'] };
    const v1 = await registry.registerVersion('fraud', {
      artifact,
      format: 'onnx',
      signature,
      inputExample: { features: [[0.1, 0.2]] },
      metrics: { auc: 0.93 },
      params: { depth: 6, lr: '0.1', balanced: true },
      tags: { validated: 'true' },
      description: 'first',
      card,
      runId: 'run-123',
      datasets: [{ name: 'transactions', digest: 'sha256:abc' }],
    });
    expect(v1).toMatchObject({
      name: 'fraud',
      version: 1,
      semver: '1.0.0',
      sha256: sha256(artifact),
      size: artifact.byteLength,
      createdBy: 'ci',
      format: 'onnx',
      signature,
      inputExample: { features: [[0.1, 0.2]] },
      metrics: { auc: 0.93 },
      params: { depth: '6', lr: '0.1', balanced: 'true' },
      tags: { validated: 'true' },
      description: 'first',
      card,
      runId: 'run-123',
      datasets: [{ name: 'transactions', digest: 'sha256:abc' }],
      stage: 'none',
      aliases: [],
    });
    expect(v1.createdAt).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1));
    expect(await registry.getVersion('models:/fraud/1')).toEqual(v1);
    const v2 = await registry.registerVersion('fraud', { artifact: bytesOf('v2') });
    const v3 = await registry.registerVersion('fraud', { artifact: bytesOf('v3') });
    expect([v2.version, v3.version]).toEqual([2, 3]);
  });

  it('keeps a semver: major/minor/patch by signature change, or as the caller says', async () => {
    const { registry } = freshRegistry();
    await registry.createModel('fraud');
    const register = (options: Record<string, unknown>) =>
      registry.registerVersion('fraud', { artifact: bytesOf(JSON.stringify(options)), ...options });
    expect((await register({ signature })).semver).toBe('1.0.0');
    expect((await register({ signature, metrics: { auc: 0.95 } })).semver).toBe('1.0.1');
    const withLabel = {
      ...signature,
      outputs: [...signature.outputs, { name: 'label', dtype: 'int64' as const, shape: [-1] }],
    };
    expect((await register({ signature: withLabel })).semver).toBe('1.1.0');
    const retyped = {
      ...withLabel,
      inputs: [{ name: 'features', dtype: 'float64' as const, shape: [-1, 32] }],
    };
    expect((await register({ signature: retyped })).semver).toBe('2.0.0');
    expect((await register({ signature: retyped, semver: '5.0.0' })).semver).toBe('5.0.0');
    expect((await register({ signature: retyped })).semver).toBe('5.0.1');
    expect((await caught(register({ semver: 'v1' }))).code).toBe('PLINTH_VALIDATION');
  });

  it('stores artifacts content-addressed and deduplicated, from bytes, streams, files and trackers', async () => {
    const { registry, storage } = freshRegistry();
    await registry.createModel('fraud');
    const artifact = new Uint8Array(3_000_000).map((_, index) => (index * 31) & 0xff);
    const digest = sha256(artifact);
    const fromBytes = await registry.registerVersion('fraud', { artifact });
    const fromWebStream = await registry.registerVersion('fraud', {
      artifact: bytesToStream(artifact, 65_536),
    });
    const fromNodeStream = await registry.registerVersion('fraud', {
      artifact: Readable.from([artifact.slice(0, 7), artifact.slice(7)]),
    });
    const directory = await mkdtemp(path.join(tmpdir(), 'plinth-registry-'));
    try {
      const file = path.join(directory, 'model.onnx');
      await writeFile(file, artifact);
      const fromFile = await registry.registerVersion('fraud', { artifact: { path: file } });
      const downloads: string[] = [];
      const tracker = {
        async downloadArtifact(runId: string, artifactPath: string) {
          downloads.push(`${runId}:${artifactPath}`);
          return artifact;
        },
      };
      const fromTracker = await registry.registerVersion('fraud', {
        artifact: { tracker, runId: 'run-9', path: 'model/model.onnx' },
      });
      expect(downloads).toEqual(['run-9:model/model.onnx']);
      expect(fromTracker.runId).toBe('run-9');
      for (const version of [fromBytes, fromWebStream, fromNodeStream, fromFile, fromTracker]) {
        expect(version.sha256).toBe(digest);
        expect(version.size).toBe(artifact.byteLength);
      }
      expect((await storage.list('blobs/')).keys).toEqual([`blobs/sha256/${digest}`]);
      expect(Buffer.from(await registry.loadArtifact('models:/fraud/4')).equals(artifact)).toBe(true);
      const missing = await caught(
        registry.registerVersion('fraud', { artifact: { path: path.join(directory, 'nope.onnx') } }),
      );
      expect(missing.code).toBe('PLINTH_NOT_FOUND');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('validates everything before writing anything', async () => {
    const { registry, storage } = freshRegistry();
    await registry.createModel('fraud');
    const before = (await storage.list('')).keys;
    const bad = [
      { artifact: bytesOf('x'), metrics: { auc: 'high' } },
      { artifact: bytesOf('x'), signature: { inputs: [] } },
      { artifact: bytesOf('x'), datasets: [{ name: 'd' }] },
      { artifact: bytesOf('x'), tags: { ok: 'x'.repeat(9000) } },
      { artifact: bytesOf('x'), card: { owners: 'me' } },
      { artifact: 42 },
      {},
    ];
    for (const options of bad) {
      const error = await caught(registry.registerVersion('fraud', options as never));
      expect(error.code, JSON.stringify(options).slice(0, 80)).toBe('PLINTH_VALIDATION');
    }
    expect((await storage.list('')).keys).toEqual(before);
    expect(
      (await caught(registry.registerVersion('nope', { artifact: bytesOf('x'), createModel: false }))).code,
    ).toBe('PLINTH_NOT_FOUND');
    expect((await storage.list('')).keys).toEqual(before);
  });
});

describe('getVersion', () => {
  it('resolves every URI form and reference object to the same version', async () => {
    const { registry } = freshRegistry();
    await registry.createModel('fraud');
    await registry.registerVersion('fraud', { artifact: bytesOf('1') });
    const v2 = await registry.registerVersion('fraud', { artifact: bytesOf('2') });
    await registry.setAlias('fraud', 'champion', 2);
    const expected = { ...v2, aliases: ['champion'] };
    const references: ModelVersionRef[] = [
      'models:/fraud/2',
      'models:/fraud@champion',
      'models:/fraud/latest',
      { name: 'fraud', version: 2 },
      { name: 'fraud', version: 'latest' as const },
      { name: 'fraud', alias: 'champion' },
    ];
    for (const reference of references) {
      expect(await registry.getVersion(reference)).toEqual(expected);
    }
  });

  it('names what exists when a version or alias is unknown, and lists the forms for malformed URIs', async () => {
    const { registry } = freshRegistry();
    await registry.createModel('fraud');
    await registry.registerVersion('fraud', { artifact: bytesOf('1') });
    await registry.registerVersion('fraud', { artifact: bytesOf('2') });
    await registry.setAlias('fraud', 'champion', 1);
    await registry.setAlias('fraud', 'challenger', 2);
    const version = await caught(registry.getVersion('models:/fraud/9'));
    expect(version.code).toBe('PLINTH_NOT_FOUND');
    expect(version.message).toContain('model "fraud" has no version 9 (versions that exist: 1–2)');
    const alias = await caught(registry.getVersion('models:/fraud@shadow'));
    expect(alias.code).toBe('PLINTH_NOT_FOUND');
    expect(alias.message).toContain('has no alias "shadow" (aliases that exist: "challenger", "champion")');
    const model = await caught(registry.getVersion('models:/frau/1'));
    expect(model.message).toContain('models that exist: "fraud"');
    const malformed = await caught(registry.getVersion('fraud:1' as ModelVersionRef));
    expect(malformed.code).toBe('PLINTH_VALIDATION');
    expect(malformed.message).toContain('models:/<name>@<alias>');
    await registry.createModel('empty');
    expect((await caught(registry.getVersion('models:/empty/latest'))).message).toContain(
      'has no versions yet',
    );
  });

  it('reports lineage: run id and dataset digests', async () => {
    const { registry } = freshRegistry();
    await registry.createModel('fraud');
    await registry.registerVersion('fraud', {
      artifact: bytesOf('m'),
      runId: 'run-7',
      datasets: [
        { name: 'train', digest: 'd1', source: 's3://bucket/train.parquet' },
        { name: 'eval', digest: 'd2' },
      ],
    });
    expect(await registry.lineage('models:/fraud/1')).toEqual({
      name: 'fraud',
      version: 1,
      sha256: sha256(bytesOf('m')),
      runId: 'run-7',
      datasets: [
        { name: 'train', digest: 'd1' },
        { name: 'eval', digest: 'd2' },
      ],
    });
  });
});
