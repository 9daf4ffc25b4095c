import { fsStorage } from '@plinth/core/fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plinth, type Seeded, seedStore, tempDir } from './helpers.ts';

interface DoctorJson {
  ok: boolean;
  checked: Record<string, number>;
  problems: { kind: string; severity: string; key: string; message: string }[];
}

describe('plinth doctor', () => {
  let seeded: Seeded;
  let remove: () => Promise<void>;
  const doctor = (args: string[]) => plinth(['doctor', ...args, '--dir', seeded.dir]);
  beforeAll(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    seeded = await seedStore(temp.dir);
  });
  afterAll(() => remove());

  it('a healthy store: exit 0, counts of what was checked', async () => {
    // the seeded run left running has its last heartbeat on 2026-01-01: a threshold of 100,000 days excuses it
    const result = await doctor(['--stale-after', '100000d', '--verify', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DoctorJson;
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    // 2 experiments, 5 runs, metrics: loss+accuracy × 3 runs + __proto__ = 7, 1 model, 2 versions, 2 blobs
    expect(report.checked).toMatchObject({
      experiments: 2,
      runs: 5,
      metrics: 7,
      models: 1,
      versions: 2,
      blobs: 2,
    });
    const text = await doctor(['--stale-after', '100000d']);
    expect(text.stdout).toContain('no problems found');
  });

  it('a run left running is reported (exit 1) with what to do', async () => {
    const result = await doctor(['--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorJson;
    expect(report.problems).toEqual([
      {
        kind: 'stale-run',
        severity: 'warning',
        key: `tracking/runs/${seeded.runs.running}/run.json`,
        message: expect.stringContaining('markStaleRuns'),
      },
    ]);
  });

  it('unreadable documents, unreadable metrics, orphan and missing blobs, unfinished uploads: each reported, exit 1', async () => {
    const storage = fsStorage({ dir: seeded.dir });
    const orphan = `blobs/sha256/${'0'.repeat(64)}`;
    try {
      await storage.put(`tracking/runs/${seeded.runs.c}/run.json`, '{"not": "a run"');
      await storage.put(orphan, 'nobody references me');
      await storage.put('blobs/uploads/0190abcd', 'half an upload');
      await storage.put(`tracking/runs/${seeded.runs.a}/metrics/loss/zzzz.batch`, 'not a metric batch');
      await storage.put('tracking/runs/01900000-0000-7000-8000-00000000dead/artifacts/x.txt', 'lost');
      const versions = await storage.list('versions/fraud/');
      const second = JSON.parse(new TextDecoder().decode((await storage.get(versions.keys[1]!))!.value)) as {
        sha256: string;
      };
      await storage.delete(`blobs/sha256/${second.sha256}`);
      const result = await doctor(['--stale-after', '100000d', '--json']);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as DoctorJson;
      const found = report.problems.map((problem) => [problem.kind, problem.severity, problem.key]).sort();
      expect(found).toEqual(
        [
          ['unreadable-document', 'error', `tracking/runs/${seeded.runs.c}/run.json`],
          ['unreadable-metrics', 'error', `tracking/runs/${seeded.runs.a}/metrics/loss/`],
          ['orphan-run-data', 'warning', 'tracking/runs/01900000-0000-7000-8000-00000000dead/'],
          ['missing-blob', 'error', `blobs/sha256/${second.sha256}`],
          ['orphan-blob', 'warning', orphan],
          ['leftover-upload', 'warning', 'blobs/uploads/0190abcd'],
        ].sort(),
      );
      const text = await doctor(['--stale-after', '100000d']);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/6 problems \(3 errors, 3 warnings\)/);
    } finally {
      await storage.close?.();
    }
  });

  it('bad options exit 2; a folder that is not a store exits 1', async () => {
    const stale = await doctor(['--stale-after', 'soon']);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('must be a duration such as 90s');
    const missing = await plinth(['doctor', '--dir', `${seeded.dir}/../definitely-not-here`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no Plinth store at');
  });
});
