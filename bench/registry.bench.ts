import { createHash, randomFillSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { percentile, ratioOf, report, timeCases } from './lib/harness.ts';

const ARTIFACT_BYTES = 50 * 2 ** 20;
const RESOLUTIONS = 2000;

/**
 * registry: warm alias resolution (p50, p99 over 2,000 calls on fsStorage) and loading + verifying a 50 MiB
 * artifact from fsStorage, against a raw `fs.readFile` + node:crypto sha256 of the same blob file.
 */
export default async function registryBench(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'plinth-bench-registry-'));
  try {
    const storage = fsStorage({ dir: path.join(directory, 'store') });
    const registry = createRegistry({ storage, actor: 'bench' });
    await registry.createModel('fraud');
    const artifact = randomFillSync(new Uint8Array(ARTIFACT_BYTES));
    const source = path.join(directory, 'model.onnx');
    await writeFile(source, artifact);
    const registerStart = performance.now();
    const version = await registry.registerVersion('fraud', { artifact: { path: source }, format: 'onnx' });
    const registerMs = performance.now() - registerStart;
    await registry.setAlias('fraud', 'champion', version.version, { reason: 'bench' });
    const blobFile = path.join(directory, 'store', 'blobs', 'sha256', `${version.sha256}.v`);
    const rawDigest = createHash('sha256')
      .update(await readFile(blobFile))
      .digest('hex');
    if (rawDigest !== version.sha256) throw new Error(`blob file ${blobFile} does not hold the artifact`);

    for (let i = 0; i < 200; i++) await registry.getVersion('models:/fraud@champion');
    const resolutionMs: number[] = [];
    for (let i = 0; i < RESOLUTIONS; i++) {
      const start = performance.now();
      const resolved = await registry.getVersion('models:/fraud@champion');
      resolutionMs.push(performance.now() - start);
      if (resolved.version !== version.version) throw new Error('alias resolved to the wrong version');
    }

    const results = await timeCases(
      [
        {
          label: 'registry.loadArtifact 50 MiB (fs, sha256 verified)',
          run: async () => {
            const bytes = await registry.loadArtifact(version);
            return bytes.byteLength;
          },
        },
        {
          label: 'raw fs.readFile + node:crypto sha256',
          run: async () => {
            const bytes = await readFile(blobFile);
            if (createHash('sha256').update(bytes).digest('hex') !== version.sha256)
              throw new Error('digest');
            return bytes.byteLength;
          },
        },
        {
          label: 'registry.loadArtifactStream 50 MiB (fs, verified at end)',
          run: async () => {
            let size = 0;
            for await (const chunk of await registry.loadArtifactStream(version)) size += chunk.byteLength;
            return size;
          },
        },
      ],
      { samples: 15, warmup: 2 },
    );
    const mbPerSecond = (label: string) => {
      const result = results.find((entry) => entry.label.startsWith(label))!;
      return Math.round((ARTIFACT_BYTES / 1e6 / (result.medianMs / 1000)) * 10) / 10;
    };
    const p50 = percentile(resolutionMs, 50);
    report({
      name: 'registry',
      results,
      ratios: {
        'loadArtifact / raw readFile+sha256': ratioOf(
          results,
          'registry.loadArtifact 50 MiB (fs, sha256 verified)',
          'raw fs.readFile + node:crypto sha256',
        ),
        'loadArtifactStream / raw readFile+sha256': ratioOf(
          results,
          'registry.loadArtifactStream 50 MiB (fs, verified at end)',
          'raw fs.readFile + node:crypto sha256',
        ),
      },
      extra: {
        aliasResolution: {
          calls: RESOLUTIONS,
          p50Ms: Math.round(p50 * 1000) / 1000,
          p99Ms: Math.round(percentile(resolutionMs, 99) * 1000) / 1000,
          budgetP50Ms: 1,
          withinBudget: p50 <= 1,
        },
        loadMBps: mbPerSecond('registry.loadArtifact '),
        loadStreamMBps: mbPerSecond('registry.loadArtifactStream'),
        rawMBps: mbPerSecond('raw fs.readFile'),
        registerFromFileMs: Math.round(registerMs),
      },
    });
    await storage.close?.();
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
