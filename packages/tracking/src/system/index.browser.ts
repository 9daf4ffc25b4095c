/**
 * System information in browsers: the user agent as a tag, JS heap size (where Chromium exposes it) as a
 * metric, and `pagehide` as the exit hook. Same surface as `index.node.ts`.
 *
 * @packageDocumentation
 */
import type { ByteSource } from '@plinth/core';
import { trackingErrors } from '../errors.ts';
import type { ExitCallback, SystemMetricSample, SystemTagOptions } from './types.ts';

export type { ExitCallback, SystemMetricSample, SystemTagOptions } from './types.ts';

/** Tags describing the runtime: `plinth.user_agent` in browsers. */
export async function collectSystemTags(_options: SystemTagOptions = {}): Promise<Record<string, string>> {
  const agent = typeof navigator === 'undefined' ? undefined : navigator.userAgent;
  return agent ? { 'plinth.runtime': 'browser', 'plinth.user_agent': agent.slice(0, 8000) } : {};
}

/**
 * Samples system gauges every `intervalMs` and passes them to `sink`; returns a function that stops.
 * Browsers report `heap_used_mb` where `performance.memory` exists.
 */
export function startSystemMetrics(
  sink: (sample: SystemMetricSample) => void,
  intervalMs: number,
): () => void {
  const timer = setInterval(() => {
    const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
    if (memory) sink({ heap_used_mb: memory.usedJSHeapSize / 2 ** 20 });
  }, intervalMs);
  return () => clearInterval(timer);
}

/** Calls `callback` when the page is hidden for good (`pagehide`); returns a function that unregisters. */
export function onExit(callback: ExitCallback): () => void {
  if (typeof addEventListener !== 'function') return () => {};
  const listener = () => {
    void callback();
  };
  addEventListener('pagehide', listener);
  return () => removeEventListener('pagehide', listener);
}

/**
 * Local files exist only in Node: pass the content (a string, bytes, a `Blob`'s `stream()`) instead.
 * @throws {PlinthError} `PLINTH_UNSUPPORTED_RUNTIME` always.
 */
export async function openLocalFile(path: string): Promise<ByteSource> {
  throw trackingErrors.error(
    'PLINTH_UNSUPPORTED_RUNTIME',
    `logArtifact(…, { path: "${path}" }) reads a local file, which only works in Node; in a browser pass the content (a string, a Uint8Array, or file.stream())`,
  );
}
