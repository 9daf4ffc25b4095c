// CI runs `npm run demo` twice into one temporary $PLINTH_DIR and checks what it promises: drift detected, a
// retrained version promoted under live traffic, zero failed requests, and the runs, versions, lineage and
// reports it leaves behind (the second run reuses the data and adds runs and versions).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fsStorage } from '@plinth/core/fs';
import { profileStore } from '@plinth/monitoring';
import { createRegistry } from '@plinth/registry';
import { createTracker } from '@plinth/tracking';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoSummary } from './demo/summary.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'plinth-demo-'));

async function demo(...args: string[]): Promise<{ stdout: string; summary: DemoSummary }> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@plinth/source', '--import', 'tsx', 'examples/demo.ts', ...args],
    { cwd: root, env: { ...process.env, PLINTH_DIR: dir, CI: '1' }, maxBuffer: 16 * 1024 * 1024 },
  );
  const summary = JSON.parse(readFileSync(path.join(dir, 'reports', 'summary.json'), 'utf8')) as DemoSummary;
  return { stdout, summary };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('detects the drift, promotes the retrained version with zero failed requests, and works a second time', async () => {
    const first = await demo('--fresh');
    expect(first.stdout).toMatch(/wrote the Parquet sources.*200,000 transactions/);
    expect(first.stdout).toMatch(/drift detected: +yes/);
    expect(first.stdout).toMatch(/promoted: +yes, champion → v2/);
    expect(first.stdout).toMatch(/failed requests: +0 of 30000/);
    expect(first.stdout.trimEnd().split('\n').at(-1)!.trim()).toMatch(/npx plinth ui$/);
    expect(first.summary.failedRequests).toBe(0);
    expect(first.summary.drift.detected).toBe(true);
    // No window before the drift began is flagged; retraining is triggered after it began.
    const flagged = first.summary.drift.windows
      .filter((window) => window.datasetDrift)
      .map((window) => window.index);
    expect(Math.min(...flagged) * 1000).toBeGreaterThanOrEqual(first.summary.drift.startedAtRequest);
    expect(first.summary.drift.retrainTriggeredAtRequest).toBeGreaterThan(
      first.summary.drift.startedAtRequest,
    );
    expect(first.summary.challenger.holdoutAuc).toBeGreaterThan(
      first.summary.challenger.championAucOnSameHoldout,
    );
    expect(first.summary.canary.significant).toBe(true);
    expect(first.summary.canary.a.count).toBeGreaterThan(500);
    expect(first.summary.promoted).toBe(true);
    expect(first.summary.finalChampionVersion).toBe(2);
    // The swap happened under traffic: after the alias moved, both versions answered, and nothing failed.
    expect(first.summary.hotSwap).toMatchObject({ from: 1, to: 2 });
    expect(first.summary.hotSwap!.answersAfterAliasMoved.v1).toBeGreaterThan(0);
    expect(first.summary.hotSwap!.answersAfterAliasMoved.v2).toBeGreaterThan(0);

    const second = await demo();
    expect(second.stdout).toMatch(/reused the Parquet sources/);
    expect(second.summary.failedRequests).toBe(0);
    expect(second.summary.promoted).toBe(true);
    expect(second.summary.finalChampionVersion).toBe(4);
    // The data is the same, so the models are too.
    expect(second.summary.champion.holdoutAuc).toBe(first.summary.champion.holdoutAuc);

    const storage = fsStorage({ dir });
    const tracker = createTracker({ storage });
    const registry = createRegistry({ storage });
    const { runs } = await tracker.searchRuns({
      experiments: ['fraud'],
      filter: "tags.trigger = 'drift-alert'",
    });
    expect(runs).toHaveLength(2);
    const challengerRun = await tracker.getRun(first.summary.challenger.runId);
    expect(challengerRun.status).toBe('finished');
    expect(challengerRun.inputs.map((input) => input.dataset.digest)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]),
    );
    const auc = await tracker.getMetricHistory(first.summary.champion.runId, 'holdout/auc');
    expect(auc.map((point) => point.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8]);
    const roc = new TextDecoder().decode(
      await tracker.downloadArtifact(first.summary.challenger.runId, 'plots/roc.svg'),
    );
    expect(roc).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const champion = await registry.getVersion('models:/fraud@champion');
    expect(champion.version).toBe(4);
    expect(champion.format).toBe('onnx');
    expect(champion.signature?.inputs[0]).toMatchObject({
      name: 'features',
      dtype: 'float32',
      shape: [-1, 6],
    });
    expect(champion.card?.owners).toEqual(['risk-ml']);
    const lineage = await registry.lineage('models:/fraud@champion');
    expect(lineage.runId).toBe(second.summary.challenger.runId);
    expect(lineage.datasets.map((dataset) => dataset.name)).toEqual(
      expect.arrayContaining(['live_labelled', 'user_stats', 'merchant_stats', 'training-set']),
    );
    expect((await profileStore({ storage }).list()).length).toBeGreaterThan(0);
    await tracker.close();

    const report = readFileSync(path.join(dir, 'reports', 'drift.html'), 'utf8');
    expect(report).toMatch(/Drift in \d of 7 columns/);
    expect(report).not.toMatch(/<script[^>]+src=|https?:\/\/(?!www\.w3\.org)/);
    expect(existsSync(path.join(dir, 'reports', 'summary.md'))).toBe(true);
  }, 600_000);
});
