import {
  bytesToText,
  listAllKeys,
  PlinthError,
  type StorageAdapter,
  textToBytes,
  uuidv7,
} from '@plinth/core';
import { trackingError } from '../errors.ts';
import type { Run } from '../schemas/run.ts';
import { paths } from './layout.ts';

/**
 * The snapshot is plain JSON (parsed without a reviver, which is several times slower on 20 MB): the only
 * non-finite numbers a run holds are metric values, written as the strings "NaN", "Infinity", "-Infinity".
 */
function encodeSnapshot(runs: Iterable<Run>): Uint8Array {
  const out: Run[] = [];
  for (const run of runs) {
    let metrics = run.metrics;
    for (const [key, point] of Object.entries(run.metrics)) {
      if (Number.isFinite(point.value)) continue;
      if (metrics === run.metrics) metrics = { ...run.metrics };
      metrics[key] = { ...point, value: String(point.value) as unknown as number };
    }
    out.push(metrics === run.metrics ? run : { ...run, metrics });
  }
  return textToBytes(JSON.stringify({ format: 1, runs: out }));
}

function decodeSnapshot(bytes: Uint8Array): Run[] | undefined {
  const decoded = JSON.parse(bytesToText(bytes)) as { format?: number; runs?: Run[] };
  if (decoded?.format !== 1 || !Array.isArray(decoded.runs)) return undefined;
  for (const run of decoded.runs) {
    for (const point of Object.values(run.metrics)) {
      if (typeof point.value === 'string') point.value = Number(point.value);
    }
  }
  return decoded.runs;
}

interface Snapshot {
  version: string | undefined;
  runs: Map<string, Run>;
}

/** Options of {@link summaryIndex}. */
export interface SummaryIndexOptions {
  /** Compact the change markers into the snapshot once this many are pending. @default 64 */
  compactAfter?: number;
}

/**
 * The per-experiment summary index behind `searchRuns`: a compacted snapshot of every run document plus
 * one change marker per run-document write since. Reading merges the two; writers in several processes
 * only ever create unique markers, and compaction replaces the snapshot by compare-and-set, then deletes
 * only the markers it read before re-reading the runs they name — so no update is ever lost.
 */
export function summaryIndex(
  storage: StorageAdapter,
  readRun: (id: string) => Promise<Run | undefined>,
  options: SummaryIndexOptions = {},
) {
  const compactAfter = options.compactAfter ?? 64;
  const cache = new Map<string, Snapshot>();

  async function loadSnapshot(experimentId: string): Promise<Snapshot> {
    const key = paths.summary(experimentId);
    const stat = await storage.stat(key);
    const cached = cache.get(experimentId);
    if (!stat) return { version: undefined, runs: new Map() };
    if (cached && cached.version === stat.version) return cached;
    const entry = await storage.get(key);
    if (!entry) return { version: undefined, runs: new Map() };
    let decoded: Run[] | undefined;
    try {
      decoded = decodeSnapshot(entry.value);
    } catch (cause) {
      throw trackingError(
        'PLINTH_STORAGE',
        `summary "${key}" is not valid JSON; delete it and it is rebuilt from the run documents`,
        { cause },
      );
    }
    if (!decoded) {
      throw trackingError(
        'PLINTH_STORAGE',
        `summary "${key}" has an unknown shape; delete it and it is rebuilt from the run documents`,
      );
    }
    const snapshot = { version: entry.version, runs: new Map(decoded.map((run) => [run.id, run])) };
    cache.set(experimentId, snapshot);
    return snapshot;
  }

  async function compact(experimentId: string, base: Snapshot, runs: Map<string, Run>, markers: string[]) {
    const body = encodeSnapshot(runs.values());
    try {
      const conditions = base.version === undefined ? { ifNotExists: true } : { ifVersion: base.version };
      const { version } = await storage.put(paths.summary(experimentId), body, conditions);
      cache.set(experimentId, { version, runs });
    } catch (error) {
      if (PlinthError.is(error, 'PLINTH_CONFLICT')) return;
      throw error;
    }
    await Promise.all(markers.map((marker) => storage.delete(marker).catch(() => false)));
  }

  return {
    /** Records that a run document changed (called after the document write is acknowledged). */
    async touch(experimentId: string, runId: string): Promise<void> {
      await storage.put(paths.change(experimentId, uuidv7(), runId), '', { ifNotExists: true });
    },
    /** Every run document of an experiment, as of now. */
    async load(experimentId: string): Promise<Iterable<Run>> {
      const base = await loadSnapshot(experimentId);
      const markers = await listAllKeys(storage, paths.changesPrefix(experimentId));
      if (markers.length === 0) return base.runs.values();
      const changed = new Set(markers.map((marker) => marker.slice(marker.lastIndexOf('~') + 1)));
      const fresh = await Promise.all([...changed].map((id) => readRun(id)));
      const runs = new Map(base.runs);
      for (const run of fresh) if (run) runs.set(run.id, run);
      if (markers.length >= compactAfter) await compact(experimentId, base, runs, markers);
      return runs.values();
    },
    /** Forces a compaction of pending markers (benchmarks, maintenance). */
    async compact(experimentId: string): Promise<void> {
      const base = await loadSnapshot(experimentId);
      const markers = await listAllKeys(storage, paths.changesPrefix(experimentId));
      if (markers.length === 0) return;
      const changed = new Set(markers.map((marker) => marker.slice(marker.lastIndexOf('~') + 1)));
      const fresh = await Promise.all([...changed].map((id) => readRun(id)));
      const runs = new Map(base.runs);
      for (const run of fresh) if (run) runs.set(run.id, run);
      await compact(experimentId, base, runs, markers);
    },
  };
}
