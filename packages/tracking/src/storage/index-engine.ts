// The search and compaction half of the summary index, loaded on the first search or compaction (a dynamic
// import in summary-index.ts), so a page that only logs runs does not carry the columnar index or the filter engine.
import { isUuidv7, listAllKeys, PlinthError, type StorageAdapter, uuidv7, uuidv7Time } from '@plinth/core';
import type { BackendSearchRequest, RunsPage } from '../backend.ts';
import { trackingErrors } from '../errors.ts';
import type { Run } from '../schemas/run.ts';
import {
  decodeLegacySummary,
  decodeManifest,
  encodeManifest,
  indexPaths,
  type Manifest,
} from './index/manifest.ts';
import { type IndexView, searchViews } from './index/query.ts';
import { buildSegment, type RowSource, type SegmentReader, segmentReader } from './index/segment.ts';
import { paths } from './layout.ts';
import type { IndexState } from './summary-index.ts';

/** An experiment's index as of one manifest version. */
interface Loaded {
  version: string | undefined;
  manifest: Manifest;
  segments: SegmentReader[];
  /** Runs of a format-1 JSON snapshot, read while no manifest exists. */
  legacy: Run[] | undefined;
}

interface Pending extends Loaded {
  markers: string[];
  /** Runs newer than the segments: the legacy snapshot's, then those the markers name. */
  overlay: Map<string, Run>;
}

/** Markers deleted concurrently after a compaction. */
const DELETE_BATCH = 8;
/** Segments beyond which a compaction merges all but the first into one. */
const MAX_SEGMENTS = 12;
/** A compaction merges every segment once the later segments and pending runs exceed 1/MERGE_RATIO of the first. */
const MERGE_RATIO = 8;
/** Age past which a segment no manifest names is a crashed compaction's leftover (see `orphanPacks`). */
const ORPHAN_AGE_MS = 60 * 60 * 1000;
/** Attempts of a search whose segments a concurrent compaction removed. */
const ATTEMPTS = 3;

const runIdOf = (marker: string): string => marker.slice(marker.lastIndexOf('~') + 1);
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The search and compaction of a {@link summaryIndex}, sharing its state (see summary-index.ts). */
export function indexEngine(
  storage: StorageAdapter,
  readRun: (id: string) => Promise<Run | undefined>,
  state: IndexState,
) {
  const { written, nextCompaction, compacting, compactAfter } = state;
  const cache = new Map<string, Loaded>();
  /** Per experiment: segment id → its reader, kept across manifest versions (segments never change). */
  const readers = new Map<string, Map<string, SegmentReader>>();

  function open(experimentId: string, manifest: Manifest): SegmentReader[] {
    const previous = readers.get(experimentId) ?? new Map<string, SegmentReader>();
    const current = new Map<string, SegmentReader>();
    for (const meta of manifest.segments) {
      current.set(
        meta.id,
        previous.get(meta.id) ?? segmentReader(storage, indexPaths.segment(experimentId, meta.id), meta),
      );
    }
    readers.set(experimentId, current);
    return manifest.segments.map((meta) => current.get(meta.id)!);
  }

  async function loadLegacy(experimentId: string): Promise<Run[] | undefined> {
    const key = indexPaths.legacySummary(experimentId);
    const entry = await storage.get(key);
    if (!entry) return undefined;
    const runs = decodeLegacySummary(entry.value);
    if (!runs) {
      throw trackingErrors.error(
        'PLINTH_STORAGE',
        `summary "${key}" is not a run snapshot; delete it and it is rebuilt from the run documents`,
      );
    }
    return runs;
  }

  async function loadManifest(experimentId: string): Promise<Loaded> {
    const key = indexPaths.manifest(experimentId);
    const stat = await storage.stat(key);
    const cached = cache.get(experimentId);
    if (cached && cached.version === stat?.version && stat) return cached;
    const entry = stat ? await storage.get(key) : undefined;
    if (!entry) {
      const empty: Manifest = { format: 2, segments: [] };
      return { version: undefined, manifest: empty, segments: [], legacy: await loadLegacy(experimentId) };
    }
    const manifest = decodeManifest(entry.value);
    if (!manifest) {
      throw trackingErrors.error(
        'PLINTH_STORAGE',
        `search index manifest "${key}" is damaged; delete the experiment's index/ folder and it is rebuilt from the run documents`,
      );
    }
    const loaded = {
      version: entry.version,
      manifest,
      segments: open(experimentId, manifest),
      legacy: undefined,
    };
    cache.set(experimentId, loaded);
    return loaded;
  }

  /** The segments plus every pending marker's run: this process's from memory, the others' read. */
  async function pending(experimentId: string): Promise<Pending> {
    const loaded = await loadManifest(experimentId);
    const markers = await listAllKeys(storage, paths.changesPrefix(experimentId));
    const overlay = new Map<string, Run>();
    for (const run of loaded.legacy ?? []) overlay.set(run.id, run);
    if (markers.length === 0) return { ...loaded, markers, overlay };
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
    for (const [id, run] of known) if (!foreign.has(id)) overlay.set(id, run);
    for (const run of fresh) if (run) overlay.set(run.id, run);
    return { ...loaded, markers, overlay };
  }

  /** Rows of a merge of some segments and the pending runs: each run's newest row, in id order. */
  async function mergedRows(
    segments: readonly SegmentReader[],
    overlay: Pending['overlay'],
  ): Promise<RowSource[]> {
    await Promise.all(segments.map((segment) => segment.loadAll()));
    const newer = new Set(overlay.keys());
    const rows: Array<{ id: string; source: RowSource }> = [];
    for (const run of overlay.values()) rows.push({ id: run.id, source: run });
    for (let s = segments.length - 1; s >= 0; s--) {
      const segment = segments[s]!;
      for (let row = 0; row < segment.meta.rows; row++) {
        const id = segment.valueAt('a:id', row) as string;
        if (newer.has(id)) continue;
        newer.add(id);
        rows.push({ id, source: { segment, row } });
      }
    }
    return rows.sort(byId).map((entry) => entry.source);
  }

  /**
   * Folds the pending runs into a new segment that replaces the segments after the first `keep`: all of
   * them (`keep` = 0) for a full merge, the later ones (`keep` = 1) when there are too many, none otherwise.
   */
  async function compact(experimentId: string, state: Pending, full: boolean): Promise<void> {
    if (state.markers.length === 0 && !state.legacy && !(full && state.segments.length > 1)) return;
    const first = state.segments[0]?.meta.rows ?? 0;
    let later = state.overlay.size;
    for (const segment of state.segments.slice(1)) later += segment.meta.rows;
    const keep =
      full || state.segments.length === 0 || later * MERGE_RATIO > first
        ? 0
        : state.segments.length >= MAX_SEGMENTS
          ? 1
          : state.segments.length;
    const sources =
      keep === state.segments.length
        ? [...state.overlay.values()].sort(byId)
        : await mergedRows(state.segments.slice(keep), state.overlay);
    const segmentId = uuidv7();
    const directory = indexPaths.segment(experimentId, segmentId);
    const { meta, packs } = buildSegment(segmentId, sources);
    const packKeys = packs.map((_, n) => `${directory}${n}.pack`);
    const removePacks = (keys: readonly string[]) =>
      Promise.all(keys.map((key) => storage.delete(key).catch(() => false)));
    try {
      for (let n = 0; n < packs.length; n += DELETE_BATCH) {
        await Promise.all(
          packs
            .slice(n, n + DELETE_BATCH)
            .map((bytes, i) => storage.put(packKeys[n + i]!, bytes, { ifNotExists: true })),
        );
      }
    } catch (error) {
      await removePacks(packKeys);
      throw error;
    }
    const manifest: Manifest = {
      format: 2,
      segments: [...state.manifest.segments.slice(0, keep), meta],
    };
    try {
      const conditions = state.version === undefined ? { ifNotExists: true } : { ifVersion: state.version };
      const { version } = await storage.put(
        indexPaths.manifest(experimentId),
        encodeManifest(manifest),
        conditions,
      );
      cache.set(experimentId, {
        version,
        manifest,
        segments: open(experimentId, manifest),
        legacy: undefined,
      });
    } catch (error) {
      await removePacks(packKeys);
      if (PlinthError.is(error, 'PLINTH_CONFLICT')) return;
      throw error;
    }
    const mine = written.get(experimentId);
    for (const marker of state.markers) mine?.delete(marker);
    // A few deletes at a time: a search running meanwhile queues behind at most this many storage calls.
    const obsolete = [...state.markers];
    if (state.legacy) obsolete.push(indexPaths.legacySummary(experimentId));
    for (const segment of state.manifest.segments.slice(keep)) {
      const dir = indexPaths.segment(experimentId, segment.id);
      for (let n = 0; n < segment.packs; n++) obsolete.push(`${dir}${n}.pack`);
    }
    if (keep === 0) obsolete.push(...(await orphanPacks(experimentId, manifest, segmentId)));
    for (let from = 0; from < obsolete.length; from += DELETE_BATCH) {
      await Promise.all(
        obsolete.slice(from, from + DELETE_BATCH).map((key) => storage.delete(key).catch(() => false)),
      );
    }
  }

  /**
   * Packs of segments no manifest names that were minted over an hour before `newest` (a segment id):
   * what a compaction that crashed or lost its race before cleaning up left behind. Younger ones may belong
   * to a compaction still writing.
   */
  async function orphanPacks(experimentId: string, manifest: Manifest, newest: string): Promise<string[]> {
    const named = new Set(manifest.segments.map((segment) => segment.id));
    const directory = indexPaths.directory(experimentId);
    const cutoff = uuidv7Time(newest) - ORPHAN_AGE_MS;
    return (await listAllKeys(storage, directory)).filter((key) => {
      const segmentId = key.slice(directory.length, key.indexOf('/', directory.length));
      return isUuidv7(segmentId) && !named.has(segmentId) && uuidv7Time(segmentId) < cutoff;
    });
  }

  /** One compaction at a time per experiment; a failed background compaction only leaves markers pending. */
  function compactInBackground(experimentId: string): void {
    if (compacting.has(experimentId)) return;
    const job = pending(experimentId)
      .then((state) => compact(experimentId, state, false))
      .catch(() => undefined)
      .finally(() => {
        compacting.delete(experimentId);
        const mine = written.get(experimentId)?.size ?? 0;
        nextCompaction.set(experimentId, mine + compactAfter);
      });
    compacting.set(experimentId, job);
  }

  async function views(experimentIds: readonly string[]): Promise<IndexView[]> {
    return Promise.all(
      experimentIds.map(async (experimentId) => {
        const state = await pending(experimentId);
        if (state.markers.length >= compactAfter || state.legacy) compactInBackground(experimentId);
        return { segments: state.segments, overlay: state.overlay };
      }),
    );
  }

  /** Runs `work` again when a compaction elsewhere removed the segments it was reading. */
  async function retried<T>(experimentIds: readonly string[], work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const gone = PlinthError.is(error, 'PLINTH_NOT_FOUND') && error.details?.indexPackMissing === true;
        if (!gone || attempt >= ATTEMPTS) throw error;
        for (const experimentId of experimentIds) cache.delete(experimentId);
      }
    }
  }

  return {
    compactInBackground,
    /** Runs of some experiments, filtered, ordered and paged, as of now. */
    search: (request: BackendSearchRequest): Promise<RunsPage> =>
      retried(request.experimentIds, async () => searchViews(await views(request.experimentIds), request)),
    /** Folds every pending marker and every segment into one segment now. */
    async compact(experimentId: string): Promise<void> {
      await compacting.get(experimentId);
      await retried([experimentId], async () => compact(experimentId, await pending(experimentId), true));
    },
  };
}

/** What {@link indexEngine} returns. */
export type IndexEngine = ReturnType<typeof indexEngine>;
