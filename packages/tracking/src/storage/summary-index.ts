import { type StorageAdapter, uuidv7 } from '@plinth/core';
import type { BackendSearchRequest, RunsPage } from '../backend.ts';
import type { Run } from '../schemas/run.ts';
import type { IndexEngine } from './index-engine.ts';
import { paths } from './layout.ts';

/** Options of {@link summaryIndex}. */
export interface SummaryIndexOptions {
  /** Fold pending change markers into a new index segment once this many are pending. @default 64 */
  compactAfter?: number;
}

/** State the marker writer shares with the lazily loaded search and compaction engine. */
export interface IndexState {
  compactAfter: number;
  /** Per experiment: marker key → the run document this process wrote before creating that marker. */
  written: Map<string, Map<string, Run>>;
  /** Per experiment: how many of this process's markers trigger the next background compaction. */
  nextCompaction: Map<string, number>;
  /** Per experiment: the running background compaction. */
  compacting: Map<string, Promise<void>>;
}

/**
 * The per-experiment search index behind `searchRuns`: columnar segments listed by a manifest, plus one
 * change marker per run-document write since the last compaction. A search reads the manifest, the columns
 * its filter and order name (and, for the page it returns, the rest of the segments holding those runs),
 * and the run documents behind pending markers, then merges them (a later segment or marker replaces a
 * run's earlier rows).
 *
 * Writers in several processes only ever create unique markers and unique segment files; a compaction
 * writes a new segment's packs, then replaces the manifest by compare-and-set, then deletes only the
 * markers it read before re-reading the runs they name, then the packs the new manifest no longer lists.
 * So no update is lost, and a crash at any point leaves the previous manifest and every file it names.
 *
 * A compaction folds pending markers into a small new segment (cost independent of the experiment's
 * size); at 12 segments it merges the later ones into one (cost bounded by an eighth of the experiment);
 * once the later ones hold more than an eighth of the first's rows it merges all segments into one (cost
 * proportional to the experiment, once per experiment/8 writes: a constant per write). Compaction
 * runs in the background: every `compactAfter` markers this process writes, and at a search that finds as
 * many pending. This process remembers the run document behind each marker it wrote, so merging its own
 * writes reads nothing; only markers written by other processes cost a read.
 */
export function summaryIndex(
  storage: StorageAdapter,
  readRun: (id: string) => Promise<Run | undefined>,
  options: SummaryIndexOptions = {},
) {
  const state: IndexState = {
    compactAfter: options.compactAfter ?? 64,
    written: new Map(),
    nextCompaction: new Map(),
    compacting: new Map(),
  };
  // The columnar index, its compaction and the filter engine load on the first search or compaction.
  let engine: Promise<IndexEngine> | undefined;
  const load = () => {
    engine ??= import('./index-engine.ts').then((module) => module.indexEngine(storage, readRun, state));
    return engine;
  };
  /** Background compactions asked for while the engine was loading. */
  const scheduled = new Set<Promise<void>>();

  return {
    /** Records that a run document changed (called after the document write is acknowledged). */
    async touch(run: Run): Promise<void> {
      const experimentId = run.experimentId;
      const marker = paths.change(experimentId, uuidv7(), run.id);
      await storage.put(marker, '', { ifNotExists: true });
      const mine = state.written.get(experimentId) ?? new Map<string, Run>();
      state.written.set(experimentId, mine);
      mine.set(marker, run);
      if (mine.size >= (state.nextCompaction.get(experimentId) ?? state.compactAfter)) {
        // a failed background compaction (or a failed load of it) only leaves markers pending
        const job = load().then(
          (loaded) => loaded.compactInBackground(experimentId),
          () => undefined,
        );
        scheduled.add(job);
        job.finally(() => scheduled.delete(job));
      }
    },
    /** Runs of some experiments, filtered, ordered and paged, as of now. */
    search: async (request: BackendSearchRequest): Promise<RunsPage> => (await load()).search(request),
    /** Folds every pending marker and every segment into one segment now (benchmarks, maintenance, tests). */
    compact: async (experimentId: string): Promise<void> => (await load()).compact(experimentId),
    /** Waits for background compactions to finish. */
    async settle(): Promise<void> {
      await Promise.all(scheduled);
      await Promise.all(state.compacting.values());
    },
  };
}
