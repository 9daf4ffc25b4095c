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
 * Each run's JSON, kept for as long as the run object lives: run documents are replaced on update, never
 * mutated, so a process that compacts again re-encodes only the runs that changed since.
 */
const encodedRuns = new WeakMap<Run, string>();

function encodeRun(run: Run): string {
  let json = encodedRuns.get(run);
  if (json !== undefined) return json;
  let metrics = run.metrics;
  for (const [key, point] of Object.entries(run.metrics)) {
    if (Number.isFinite(point.value)) continue;
    if (metrics === run.metrics) metrics = { ...run.metrics };
    metrics[key] = { ...point, value: String(point.value) as unknown as number };
  }
  json = JSON.stringify(metrics === run.metrics ? run : { ...run, metrics });
  encodedRuns.set(run, json);
  return json;
}

/**
 * The snapshot is plain JSON (parsed without a reviver, which is several times slower on 20 MB): the only
 * non-finite numbers a run holds are metric values, written as the strings "NaN", "Infinity", "-Infinity".
 */
function encodeSnapshot(runs: Iterable<Run>): Uint8Array {
  const parts: string[] = [];
  for (const run of runs) parts.push(encodeRun(run));
  return textToBytes(`{"format":1,"runs":[${parts.join(',')}]}`);
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

interface Pending {
  base: Snapshot;
  runs: Map<string, Run>;
  markers: string[];
}

/** Markers deleted concurrently after a compaction. */
const DELETE_BATCH = 8;

const runIdOf = (marker: string): string => marker.slice(marker.lastIndexOf('~') + 1);

/**
 * The per-experiment summary index behind `searchRuns`: a compacted snapshot of every run document plus
 * one change marker per run-document write since. Reading merges the two; writers in several processes
 * only ever create unique markers, and compaction replaces the snapshot by compare-and-set, then deletes
 * only the markers it read before re-reading the runs they name — so no update is ever lost.
 *
 * This process remembers the run document behind each marker it wrote, so merging its own writes reads
 * nothing; only markers written by other processes cost a read. Compaction runs in the background: once
 * `compactAfter` markers are pending at a search, and while writing once this process has written
 * max(`compactAfter`, snapshot runs / 4) markers since its last compaction (so a writer keeps the snapshot
 * fresh at an amortized constant cost per write, and a new process reads a snapshot plus a bounded tail).
 */
export function summaryIndex(
  storage: StorageAdapter,
  readRun: (id: string) => Promise<Run | undefined>,
  options: SummaryIndexOptions = {},
) {
  const compactAfter = options.compactAfter ?? 64;
  const cache = new Map<string, Snapshot>();
  /** Per experiment: marker key → the run document this process wrote before creating that marker. */
  const written = new Map<string, Map<string, Run>>();
  /** Per experiment: how many of this process's markers trigger the next background compaction. */
  const nextCompaction = new Map<string, number>();
  const compacting = new Map<string, Promise<void>>();

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

  /** The snapshot merged with every pending marker: this process's from memory, the others' read. */
  async function pending(experimentId: string): Promise<Pending> {
    const base = await loadSnapshot(experimentId);
    const markers = await listAllKeys(storage, paths.changesPrefix(experimentId));
    if (markers.length === 0) return { base, runs: base.runs, markers };
    const mine = written.get(experimentId);
    // Markers list in uuidv7 order, and this process's ids are monotonic: the last one seen is the newest.
    const known = new Map<string, Run>();
    const foreign = new Set<string>();
    for (const marker of markers) {
      const run = mine?.get(marker);
      if (run) known.set(run.id, run);
      else foreign.add(runIdOf(marker));
    }
    const fresh = await Promise.all([...foreign].map((id) => readRun(id)));
    const runs = new Map(base.runs);
    for (const [id, run] of known) if (!foreign.has(id)) runs.set(id, run);
    for (const run of fresh) if (run) runs.set(run.id, run);
    return { base, runs, markers };
  }

  async function compact(experimentId: string, { base, runs, markers }: Pending): Promise<void> {
    if (markers.length === 0) return;
    const body = encodeSnapshot(runs.values());
    try {
      const conditions = base.version === undefined ? { ifNotExists: true } : { ifVersion: base.version };
      const { version } = await storage.put(paths.summary(experimentId), body, conditions);
      cache.set(experimentId, { version, runs });
    } catch (error) {
      if (PlinthError.is(error, 'PLINTH_CONFLICT')) return;
      throw error;
    }
    const mine = written.get(experimentId);
    for (const marker of markers) mine?.delete(marker);
    // A few deletes at a time: a search running meanwhile queues behind at most this many storage calls.
    for (let from = 0; from < markers.length; from += DELETE_BATCH) {
      const batch = markers.slice(from, from + DELETE_BATCH);
      await Promise.all(batch.map((marker) => storage.delete(marker).catch(() => false)));
    }
  }

  /** One compaction at a time per experiment; a failed background compaction only leaves markers pending. */
  function compactInBackground(experimentId: string): void {
    if (compacting.has(experimentId)) return;
    const job = pending(experimentId)
      .then((state) => compact(experimentId, state))
      .catch(() => undefined)
      .finally(() => {
        compacting.delete(experimentId);
        const runs = cache.get(experimentId)?.runs.size ?? 0;
        const mine = written.get(experimentId)?.size ?? 0;
        nextCompaction.set(experimentId, mine + Math.max(compactAfter, Math.floor(runs / 4)));
      });
    compacting.set(experimentId, job);
  }

  return {
    /** Records that a run document changed (called after the document write is acknowledged). */
    async touch(run: Run): Promise<void> {
      const experimentId = run.experimentId;
      const marker = paths.change(experimentId, uuidv7(), run.id);
      await storage.put(marker, '', { ifNotExists: true });
      const mine = written.get(experimentId) ?? new Map<string, Run>();
      written.set(experimentId, mine);
      mine.set(marker, run);
      if (mine.size >= (nextCompaction.get(experimentId) ?? compactAfter)) compactInBackground(experimentId);
    },
    /** Every run document of an experiment, as of now. */
    async load(experimentId: string): Promise<Iterable<Run>> {
      const state = await pending(experimentId);
      if (state.markers.length >= compactAfter) compactInBackground(experimentId);
      return state.runs.values();
    },
    /** Folds every pending marker into the snapshot now (benchmarks, maintenance, tests). */
    async compact(experimentId: string): Promise<void> {
      await compacting.get(experimentId);
      await compact(experimentId, await pending(experimentId));
    },
    /** Waits for background compactions to finish. */
    async settle(): Promise<void> {
      await Promise.all(compacting.values());
    },
  };
}
