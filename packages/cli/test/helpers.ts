import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { manualClock } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { createRegistry } from '@plinth/registry';
import { createTracker } from '@plinth/tracking';

export const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
export const bin = path.join(repositoryRoot, 'packages/cli/bin/plinth.js');
/** tsx's loader by URL, so the binary runs from source whatever the working directory. */
const tsxLoader = pathToFileURL(path.join(repositoryRoot, 'node_modules/tsx/dist/loader.mjs')).href;

/** The arguments of `node` that run the binary from source. */
export const nodeArguments = ['--conditions=@plinth/source', '--import', tsxLoader, bin];

/** What one run of the binary printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `plinth` binary from source (`node --conditions=@plinth/source --import tsx bin/plinth.js`),
 * as a child process without a shell. The environment is the test's with colour settings removed, plus `env`.
 */
export function plinth(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
  };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.PLINTH_DIR;
  return new Promise<CliResult>((resolve, reject) => {
    execFile(
      process.execPath,
      [...nodeArguments, ...args],
      { cwd: options.cwd ?? repositoryRoot, env: { ...env, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** A fresh temporary folder, removed by the returned function. */
export async function tempDir(prefix = 'plinth-cli-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Start of the seeded store's clock: 2026-01-01T00:00:00Z. */
export const SEED_START = Date.UTC(2026, 0, 1);

/** Ids and facts of the seeded store, for assertions. */
export interface Seeded {
  dir: string;
  runs: { a: string; b: string; c: string; running: string; evil: string };
}

/**
 * A store laid out as the demo writes it (tracker and registry over one fsStorage): experiment "fraud" with
 * three finished runs of known params and metrics, one run left `running`, an experiment "evil" whose run has
 * attacker-shaped names; model "fraud" with two versions and alias champion → 1.
 */
export async function seedStore(dir: string): Promise<Seeded> {
  const storage = fsStorage({ dir });
  const clock = manualClock(SEED_START, 1000);
  const tracker = createTracker({ storage, clock, exitHandler: false, heartbeatMs: 0, systemTags: false });
  const registry = createRegistry({ storage, clock, actor: 'seed' });
  const finished = async (name: string, lr: number, accuracy: number, loss: number[]) =>
    tracker.withRun({ experiment: 'fraud', name, tags: { team: 'risk' } }, async (run) => {
      await run.logParams({ lr, model: 'logreg', epochs: 10 });
      for (const [step, value] of loss.entries()) run.logMetric('loss', value, { step });
      run.logMetric('accuracy', accuracy, { step: loss.length });
      await run.logArtifact('model/weights.json', JSON.stringify({ lr }));
      return run.id;
    });
  const a = await finished('lr-0.1', 0.1, 0.8, [0.9, 0.5, 0.3]);
  const b = await finished('lr-0.5', 0.5, 0.9, [0.8, 0.4, 0.2]);
  const c = await finished('lr-1.0', 1, 0.85, [0.7, 0.45, 0.25]);
  const active = await tracker.startRun({ experiment: 'fraud', name: 'abandoned' });
  await active.logParams({ lr: 2 });
  await active.flush();
  const evil = await tracker.withRun(
    {
      experiment: 'evil',
      name: '<script>alert(1)</script>',
      tags: JSON.parse('{"__proto__":"x","note":"\\u001b[31mred\\u001b[0m"}'),
    },
    async (run) => {
      await run.logParams({
        ...JSON.parse('{"__proto__":"proto-param"}'),
        constructor: 'ctor',
        huge: 'x'.repeat(6000),
      });
      run.logMetric('__proto__', 1.5, { step: 0 });
      return run.id;
    },
  );
  await registry.registerVersion('fraud', {
    artifact: 'weights v1',
    format: 'json',
    runId: a,
    metrics: { accuracy: 0.8 },
  });
  await registry.registerVersion('fraud', { artifact: 'weights v2', format: 'json', runId: b });
  await registry.setAlias('fraud', 'champion', 1, { reason: 'first model' });
  await tracker.close();
  await storage.close?.();
  return { dir, runs: { a, b, c, running: active.id, evil } };
}
