/**
 * System information in Node: user, source file, git commit/branch/dirty (read from `.git`, no shell),
 * Node version, platform and hostname as tags; CPU, memory and event-loop delay as metrics; and an exit
 * hook that flushes on `beforeExit`, SIGINT and SIGTERM; local files for `logArtifact(path, { path })`.
 * Same surface as `index.browser.ts`.
 *
 * @packageDocumentation
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ByteSource } from '@plinth/core';
import { trackingErrors } from '../errors.ts';
import { readGitInfo } from './git.ts';
import type { ExitCallback, SystemMetricSample, SystemTagOptions } from './types.ts';

export type { ExitCallback, SystemMetricSample, SystemTagOptions } from './types.ts';

function userName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME;
  }
}

/**
 * Tags describing the runtime: `mlflow.user`, `mlflow.source.name`, `mlflow.source.type`,
 * `mlflow.source.git.commit`, `mlflow.source.git.branch`, `plinth.git.dirty`, `plinth.runtime.node`,
 * `plinth.platform`, `plinth.hostname`. Missing facts are left out.
 */
export async function collectSystemTags(options: SystemTagOptions = {}): Promise<Record<string, string>> {
  const tags: Record<string, string> = {
    'mlflow.source.type': 'LOCAL',
    'plinth.runtime': 'node',
    'plinth.runtime.node': process.version,
    'plinth.platform': `${process.platform}-${process.arch}`,
    'plinth.hostname': os.hostname(),
  };
  const user = userName();
  if (user) tags['mlflow.user'] = user;
  if (process.argv[1]) tags['mlflow.source.name'] = process.argv[1];
  const git = await readGitInfo(options.cwd ?? process.cwd()).catch(
    () => ({}) as Awaited<ReturnType<typeof readGitInfo>>,
  );
  if (git.commit) tags['mlflow.source.git.commit'] = git.commit;
  if (git.branch) tags['mlflow.source.git.branch'] = git.branch;
  if (git.dirty !== undefined) tags['plinth.git.dirty'] = String(git.dirty);
  return tags;
}

/**
 * Samples `cpu_percent`, `memory_rss_mb`, `heap_used_mb` and `event_loop_delay_ms` every `intervalMs`
 * and passes them to `sink`; returns a function that stops. The timer does not keep the process alive.
 */
export function startSystemMetrics(
  sink: (sample: SystemMetricSample) => void,
  intervalMs: number,
): () => void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lastCpu = process.cpuUsage();
  let lastTime = performance.now();
  const timer = setInterval(() => {
    const cpu = process.cpuUsage(lastCpu);
    const now = performance.now();
    const memory = process.memoryUsage();
    sink({
      cpu_percent: ((cpu.user + cpu.system) / 1000 / Math.max(1, now - lastTime)) * 100,
      memory_rss_mb: memory.rss / 2 ** 20,
      heap_used_mb: memory.heapUsed / 2 ** 20,
      event_loop_delay_ms: Number.isNaN(delay.mean) ? 0 : delay.mean / 1e6,
    });
    lastCpu = process.cpuUsage();
    lastTime = now;
    delay.reset();
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    delay.disable();
  };
}

const exitCallbacks = new Set<ExitCallback>();
let installed = false;
let exiting = false;

const runAll = () => Promise.allSettled([...exitCallbacks].map((callback) => callback()));

function onBeforeExit(): void {
  if (exiting) return;
  exiting = true;
  void runAll().finally(() => {
    exiting = false;
  });
}

function onSignal(signal: NodeJS.Signals): void {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  void runAll().finally(() => {
    // Re-raise with the default disposition unless the application handles the signal itself.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/**
 * Calls `callback` before the process exits on its own (`beforeExit`) and on SIGINT/SIGTERM (then re-raises
 * the signal, so the process ends as it would have, unless the application has its own handler). One set of
 * process listeners serves every tracker. Returns a function that unregisters.
 */
export function onExit(callback: ExitCallback): () => void {
  exitCallbacks.add(callback);
  if (!installed) {
    installed = true;
    process.on('beforeExit', onBeforeExit);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return () => {
    exitCallbacks.delete(callback);
    if (exitCallbacks.size === 0 && installed) {
      installed = false;
      process.off('beforeExit', onBeforeExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}

/**
 * A local file's bytes as a stream, for `logArtifact(path, { path })`.
 * @throws {PlinthError} `PLINTH_NOT_FOUND` when `path` is not a readable regular file.
 */
export async function openLocalFile(path: string): Promise<ByteSource> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw trackingErrors.error(
      'PLINTH_NOT_FOUND',
      `local file "${path}" does not exist or is not a regular file; check the path (relative paths start at ${process.cwd()})`,
      { details: { path } },
    );
  }
  return createReadStream(path);
}
