import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listAllKeys } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { createTracker, storageBackend } from '@plinth/tracking';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const directories: string[] = [];

afterEach(async () => {
  for (const dir of directories.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'plinth-index-'));
  directories.push(dir);
  return dir;
}

/** Runs a child script to its end; resolves with how it ended and what it printed. */
function run(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--conditions=@plinth/source', '--import', 'tsx', path.join(import.meta.dirname, script), ...args],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

const quiet = { systemTags: false, heartbeatMs: 0, exitHandler: false } as const;

describe('search index on fsStorage with real processes', () => {
  for (const crashAt of ['pack', 'manifest-before', 'manifest-after', 'cleanup']) {
    it(`a SIGKILL mid-compaction (${crashAt}) leaves a readable, complete index`, async () => {
      const dir = await tempDir();
      const result = await run('child-compactor.ts', [dir, crashAt]);
      expect(result.signal, result.stderr).toBe('SIGKILL');
      expect(result.stdout).not.toContain('survived');

      const storage = fsStorage({ dir });
      const check = async () => {
        const tracker = createTracker({ storage, ...quiet });
        const { runs } = await tracker.searchRuns({
          experiments: ['crash'],
          orderBy: ['metrics.m0 ASC'],
          maxResults: 1000,
        });
        expect(runs).toHaveLength(140);
        runs.forEach((found, i) => {
          expect(found.name).toBe(i < 10 ? `renamed-${i}` : `r${i}`);
          expect(found.status).toBe('finished');
          expect(Object.keys(found.params)).toHaveLength(20);
          expect(found.params.p7).toBe(`${i}-7`);
          expect(found.metrics.m4).toEqual({ value: i + 4, step: 1, timestamp: expect.any(Number) });
        });
        const filtered = await tracker.searchRuns({
          experiments: ['crash'],
          filter: "params.p3 LIKE '13%' and attributes.run_name LIKE 'r%'",
        });
        // p3 = `${i}-3` starts with 13 for i = 13 and 130..139.
        expect(filtered.runs.map((found) => found.name).sort()).toEqual(
          ['r13', ...Array.from({ length: 10 }, (_, k) => `r${130 + k}`)].sort(),
        );
        await tracker.close();
      };
      await check();
      // The next compaction, by another process, folds everything into one segment; the index stays whole.
      const { id } = await createTracker({ storage, ...quiet }).getExperiment('crash');
      await storageBackend({ storage }).compactIndex(id);
      const after = await listAllKeys(storage, `tracking/experiments/${id}/`);
      expect(after.filter((key) => key.includes('/changes/'))).toEqual([]);
      await check();
    });
  }

  it('two processes logging into one experiment, compacting every two writes, lose nothing', async () => {
    const dir = await tempDir();
    const env = { RUNS: '15', STEPS: '3', KEYS: '2', COMPACT_AFTER: '2' };
    const results = await Promise.all(
      ['a', 'b'].map((label) => run('child-logger.ts', [dir, 'runs', label], env)),
    );
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const storage = fsStorage({ dir });
    const keys = await listAllKeys(storage, 'tracking/experiments/');
    // Both writers compacted: the index has segments, not only markers.
    expect(keys.some((key) => key.endsWith('.pack'))).toBe(true);
    const tracker = createTracker({ storage, ...quiet });
    const { runs } = await tracker.searchRuns({ experiments: ['shared'], orderBy: ['attributes.run_name'] });
    const expected = ['a', 'b']
      .flatMap((label) => Array.from({ length: 15 }, (_, r) => `${label}-run${r}`))
      .sort();
    expect(runs.map((found) => found.name)).toEqual(expected);
    for (const found of runs) {
      const [label, r] = found.name.split('-run') as [string, string];
      expect(found.status).toBe('finished');
      expect(found.params.p19).toBe(`${label}-${r}-19`);
      // Latest of key 1 is at step 2: 1e6 + 2·0.5.
      expect(found.metrics.k1).toEqual({ value: 1_000_001, step: 2, timestamp: expect.any(Number) });
    }
    await tracker.close();
  });
});
