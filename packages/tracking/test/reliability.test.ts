import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { createTracker } from '@plinth/tracking';
import { afterEach, describe, expect, it } from 'vitest';

/** A tracker over what a child process left in `dir`: no system tags, heartbeats or exit hook of its own. */
const reader = (dir: string) =>
  createTracker({ storage: fsStorage({ dir }), systemTags: false, heartbeatMs: 0, exitHandler: false });

const root = path.resolve(import.meta.dirname, '../../..');
const child = path.join(import.meta.dirname, 'child-logger.ts');
const directories: string[] = [];

afterEach(async () => {
  for (const dir of directories.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'plinth-tracking-'));
  directories.push(dir);
  return dir;
}

function start(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--conditions=@plinth/source', '--import', 'tsx', child, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(
  processHandle: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = '';
  processHandle.stderr!.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) =>
    processHandle.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
}

describe('reliability on fsStorage with real processes', () => {
  it('four processes logging runs of one experiment at once lose nothing', async () => {
    const dir = await tempDir();
    const env = { RUNS: '3', STEPS: '5000', KEYS: '3', COMPACT_AFTER: '4' };
    const labels = ['a', 'b', 'c', 'd'];
    const results = await Promise.all(labels.map((label) => exited(start([dir, 'runs', label], env))));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });

    const tracker = reader(dir);
    expect((await tracker.listExperiments()).map((experiment) => experiment.name)).toEqual(['shared']);
    const { runs } = await tracker.searchRuns({ experiments: ['shared'], orderBy: ['attributes.run_name'] });
    const expectedNames = labels.flatMap((label) => [0, 1, 2].map((r) => `${label}-run${r}`));
    expect(runs.map((run) => run.name)).toEqual(expectedNames);
    for (const run of runs) {
      const [label, r] = [run.name.split('-')[0], run.name.slice(-1)];
      expect(run.status).toBe('finished');
      expect(Object.keys(run.params)).toHaveLength(20);
      expect(run.params.p7).toBe(`${label}-${r}-7`);
      // Latest of key k is at step 4999: k·1e6 + 4999·0.5.
      expect(run.metrics.k2).toEqual({
        value: 2_000_000 + 2499.5,
        step: 4999,
        timestamp: expect.any(Number),
      });
      for (let k = 0; k < 3; k++) {
        const history = await tracker.getMetricColumns(run.id, `k${k}`);
        expect(history.values.length).toBe(5000);
        let sum = 0;
        for (let i = 0; i < history.values.length; i++) sum += history.values[i]! - k * 1_000_000;
        // Σ step·0.5 over 0..4999 = 0.5 · 4999·5000/2.
        expect(sum).toBe((0.5 * 4999 * 5000) / 2);
      }
    }
    const filtered = await tracker.searchRuns({
      experiments: ['shared'],
      filter: "params.p0 LIKE 'c-%' and metrics.k0 > 2000",
    });
    expect(filtered.runs.map((run) => run.name).sort()).toEqual(['c-run0', 'c-run1', 'c-run2']);
  });

  it('a process killed with SIGKILL while logging keeps every flushed point, and its run can be marked killed', async () => {
    const dir = await tempDir();
    const logger = start([dir, 'until-killed', 'victim']);
    const done = exited(logger);
    let output = '';
    let acknowledged = 0;
    let runId = '';
    await new Promise<void>((resolve) => {
      logger.stdout!.on('data', (chunk) => {
        output += String(chunk);
        const flushes = [...output.matchAll(/flushed (\d+)\n/g)];
        runId = /run (\S+)\n/.exec(output)?.[1] ?? '';
        acknowledged = flushes.length > 0 ? Number(flushes[flushes.length - 1]![1]) : 0;
        if (flushes.length >= 5) resolve();
      });
    });
    logger.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(acknowledged).toBeGreaterThanOrEqual(5000);

    const tracker = reader(dir);
    const history = await tracker.getMetricColumns(runId, 'loss');
    expect(history.values.length).toBeGreaterThanOrEqual(acknowledged);
    for (let step = 0; step < acknowledged; step++) {
      if (history.steps[step] !== step || history.values[step] !== step * 0.5) {
        throw new Error(`point ${step} is (${history.steps[step]}, ${history.values[step]})`);
      }
    }
    const before = await tracker.getRun(runId);
    expect(before.status).toBe('running');
    expect(before.metrics.loss!.step).toBeGreaterThanOrEqual(acknowledged - 1);
    const marked = await tracker.markStaleRuns({ olderThanMs: 0 });
    expect(marked.map((run) => run.id)).toEqual([runId]);
    expect((await tracker.getRun(runId)).status).toBe('killed');
    const { runs } = await tracker.searchRuns({
      experiments: ['killed'],
      filter: "attributes.status = 'KILLED'",
    });
    expect(runs).toHaveLength(1);
  });

  for (const mode of ['exit', 'sigterm'] as const) {
    it(`the exit handler flushes buffered points when the process ${mode === 'exit' ? 'ends on its own' : 'gets SIGTERM'}`, async () => {
      const dir = await tempDir();
      const logger = start([dir, mode, mode]);
      const done = exited(logger);
      let output = '';
      await new Promise<void>((resolve) => {
        logger.stdout!.on('data', (chunk) => {
          output += String(chunk);
          if (output.includes('\n')) resolve();
        });
      });
      if (mode === 'sigterm') logger.kill('SIGTERM');
      const result = await done;
      expect(mode === 'exit' ? result.code : result.signal, result.stderr).toBe(
        mode === 'exit' ? 0 : 'SIGTERM',
      );
      const runId = /run (\S+)\n/.exec(output)![1]!;
      const tracker = reader(dir);
      const history = await tracker.getMetricColumns(runId, 'loss');
      expect(history.values.length).toBe(5000);
      expect(history.values[4999]).toBe(4999 * 0.5);
    });
  }
});
