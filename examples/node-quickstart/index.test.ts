import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { createTracker } from '@plinth/tracking';
import { afterAll, describe, expect, it } from 'vitest';
import { runExample } from '../run-example.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-quickstart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/node-quickstart', () => {
  it('tracks a run and registers its model, again on a second run', async () => {
    const first = await runExample('node-quickstart/index.ts', { PLINTH_DIR: dir });
    // w converges towards 3: w_{n+1} = w_n − 0.01 · 2 · 11 · (w_n − 3), so 3 − w_50 = 3 · 0.78^50.
    expect(first).toMatch(
      /^run \S+: weight 3\.000; registered linear v1 \(sha256 [0-9a-f]{12}…\) as champion\n$/,
    );
    expect(await runExample('node-quickstart/index.ts', { PLINTH_DIR: dir })).toMatch(
      /registered linear v2 /,
    );

    const storage = fsStorage({ dir });
    const tracker = createTracker({ storage });
    const registry = createRegistry({ storage });
    const champion = await registry.getVersion('models:/linear@champion');
    const history = await tracker.getMetricHistory(champion.runId!, 'loss');
    expect(history).toHaveLength(50);
    // After the first step w = 0.01 · 2 · 3 · 11 = 0.66, so the first loss is 11 · (3 − 0.66)².
    expect(history[0]!.value).toBeCloseTo(11 * (3 - 0.66) ** 2, 9);
    expect(JSON.parse(new TextDecoder().decode(await registry.loadArtifact(champion))).weight).toBeCloseTo(
      3,
      4,
    );
    await tracker.close();
  }, 180_000);
});
