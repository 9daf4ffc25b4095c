import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { createTracker } from '@plinth/tracking';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-demo-'));

async function demo(): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@plinth/source', '--import', 'tsx', 'examples/demo.ts'],
    { cwd: root, env: { ...process.env, PLINTH_DIR: dir } },
  );
  return stdout;
}

describe('npm run demo', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs a run, registers a version, moves the champion alias and writes a drift report, twice', async () => {
    const first = await demo();
    expect(first).toMatch(/tracked run \S+ \(finished\): 40 loss points/);
    expect(first).toMatch(/registered fraud v1 /);
    expect(first).toMatch(/champion → v1/);
    const second = await demo();
    expect(second).toMatch(/registered fraud v2 /);

    const storage = fsStorage({ dir });
    const tracker = createTracker({ storage });
    const runs = await tracker.searchRuns({ experiments: ['fraud'], filter: "params.model = 'logreg'" });
    expect(runs.runs).toHaveLength(2);
    const history = await tracker.getMetricHistory(runs.runs[0]!.id, 'train/loss');
    expect(history.map((point) => point.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const registry = createRegistry({ storage });
    const champion = await registry.getVersion('models:/fraud@champion');
    expect(champion.version).toBe(2);
    expect(runs.runs.map((tracked) => tracked.id)).toContain(champion.runId);
    const weights = JSON.parse(new TextDecoder().decode(await registry.loadArtifact(champion)));
    expect(weights.weights).toHaveLength(4);
    await tracker.close();

    const report = readFileSync(path.join(dir, 'reports', 'drift.html'), 'utf8');
    expect(report).toMatch(/Drift in \d of 5 columns/);
    expect(report).not.toMatch(/<script[^>]+src=|https?:\/\/(?!www\.w3\.org)/);
  });
});
