import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { httpStorage } from '@plinth/core/http';
import { createRegistry } from '@plinth/registry';
import { createTracker } from '@plinth/tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlainFileServer } from '../../core/test/plain-file-server.ts';
import { plinth, type Seeded, seedStore, tempDir } from './helpers.ts';

describe('plinth export-static', () => {
  let seeded: Seeded;
  let root: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    ({ dir: root, remove } = await tempDir());
    seeded = await seedStore(path.join(root, 'store'));
  });
  afterAll(() => remove());

  it('writes the registry (and with --tracking the runs) as plain files that httpStorage reads from a static host', async () => {
    const out = path.join(root, 'public');
    const result = await plinth(['export-static', out, '--dir', seeded.dir, '--tracking', '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      to: string;
      registry: { models: string[]; versions: number; blobs: number; bytes: number };
      tracking: { files: number };
    };
    // two artifacts: "weights v1" and "weights v2", 10 bytes each
    expect(summary.registry).toEqual({ models: ['fraud'], versions: 2, blobs: 2, bytes: 20 });
    expect(summary.tracking.files).toBeGreaterThan(32);
    // progress on stderr, as plain lines (stderr is a pipe here): every tenth of the way, then done
    const progress = result.stderr.split('\n').filter((line) => line.startsWith('copying tracking data'));
    expect(progress.at(-1)).toBe(
      `copying tracking data: ${summary.tracking.files}/${summary.tracking.files} done`,
    );
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.length).toBeLessThanOrEqual(11);
    expect(result.stderr).not.toContain('\r');
    const index = JSON.parse(await readFile(path.join(out, 'plinth-index.json'), 'utf8')) as {
      keys: string[];
    };
    expect(index.keys).toContain('models/fraud.json');
    expect(index.keys).toContain(`tracking/runs/${seeded.runs.a}/run.json`);

    const server = await startPlainFileServer(out);
    const storage = httpStorage({ baseUrl: server.url });
    try {
      const registry = createRegistry({ storage });
      expect((await registry.listModels()).map((model) => model.name)).toEqual(['fraud']);
      expect(new TextDecoder().decode(await registry.loadArtifact('models:/fraud@champion'))).toBe(
        'weights v1',
      );
      expect((await registry.history('fraud')).map((event) => event.type)).toEqual([
        'created',
        'registered',
        'registered',
        'alias_set',
      ]);
      const tracker = createTracker({ storage, exitHandler: false, heartbeatMs: 0, systemTags: false });
      const run = await tracker.getRun(seeded.runs.a);
      expect(run.params.lr).toBe('0.1');
      expect((await tracker.getMetricHistory(seeded.runs.a, 'loss')).map((point) => point.value)).toEqual([
        0.9, 0.5, 0.3,
      ]);
      expect(
        new TextDecoder().decode(await tracker.downloadArtifact(seeded.runs.a, 'model/weights.json')),
      ).toBe('{"lr":0.1}');
      await tracker.close();
    } finally {
      await storage.close?.();
      await server.close();
    }
    const text = await plinth(['export-static', out, '--dir', seeded.dir, '--tracking', '--quiet']);
    expect(text.code).toBe(0);
    expect(text.stderr).not.toContain('copying');
    expect(text.stdout).toMatch(
      /^exported 1 model \(2 versions, 2 artifacts, 0 bytes copied\) and \d+ tracking files \(\d+ bytes\) to /,
    );
  });

  it('refuses targets that overlap the store or hold other files, and model names that are not names', async () => {
    const inside = await plinth(['export-static', path.join(seeded.dir, 'public'), '--dir', seeded.dir]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('overlaps the store');
    const parent = await plinth(['export-static', path.join(seeded.dir, '..'), '--dir', seeded.dir]);
    expect(parent.code).toBe(2);
    const busy = path.join(root, 'busy');
    await mkdir(busy);
    await writeFile(path.join(busy, 'thesis.tex'), 'precious');
    const refused = await plinth(['export-static', busy, '--dir', seeded.dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not empty');
    expect(await readFile(path.join(busy, 'thesis.tex'), 'utf8')).toBe('precious');
    expect((await plinth(['export-static', busy, '--dir', seeded.dir, '--force'])).code).toBe(0);
    const traversal = await plinth([
      'export-static',
      path.join(root, 'x'),
      '--dir',
      seeded.dir,
      '--models',
      '../../etc',
    ]);
    expect(traversal.code).toBe(2);
    expect(traversal.stderr).toContain('PLINTH_VALIDATION');
  });
});
