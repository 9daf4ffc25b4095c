import { listAllKeys, type StorageAdapter, uuidv7, uuidv7Time } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { describe, expect, it } from 'vitest';
import { createTracker } from '../tracker.ts';
import { storageBackend } from './storage-backend.ts';

/** A real memory store that counts reads of run documents (the cost the summary index exists to avoid). */
function countingStorage(): { storage: StorageAdapter; runReads: () => number } {
  const inner = memoryStorage();
  let reads = 0;
  const storage: StorageAdapter = {
    ...inner,
    get: (key, options) => {
      if (/^tracking\/runs\/[^/]+\/run\.json$/.test(key)) reads++;
      return inner.get(key, options);
    },
  };
  return { storage, runReads: () => reads };
}

const quiet = { systemTags: false, heartbeatMs: 0, exitHandler: false } as const;

async function logRuns(tracker: ReturnType<typeof createTracker>, count: number, offset = 0) {
  for (let i = offset; i < offset + count; i++) {
    const run = await tracker.startRun({ experiment: 'idx', name: `r${i}` });
    await run.logParams({ i });
    run.logMetric('m', i);
    await run.end();
  }
}

describe('summary index', () => {
  it("merges this process's own writes without reading run documents back", async () => {
    const { storage, runReads } = countingStorage();
    const tracker = createTracker({ storage, ...quiet, compactAfter: 1000 });
    await logRuns(tracker, 40);
    const before = runReads();
    const { runs } = await tracker.searchRuns({
      experiments: ['idx'],
      filter: 'metrics.m >= 10',
      maxResults: 100,
    });
    expect(runs).toHaveLength(30);
    expect(runReads() - before).toBe(0);
    await tracker.close();
  });

  it("reads another tracker's runs and sees their latest documents", async () => {
    const { storage } = countingStorage();
    const first = createTracker({ storage, ...quiet, compactAfter: 1000 });
    const second = createTracker({ storage, ...quiet, compactAfter: 1000 });
    await logRuns(first, 5);
    await first.searchRuns({ experiments: ['idx'] }); // caches the first tracker's view
    await logRuns(second, 5, 5);
    const [renamed] = (await first.searchRuns({ experiments: ['idx'], filter: "attributes.run_name = 'r2'" }))
      .runs;
    await second.renameRun(renamed!.id, 'renamed-by-second');
    const { runs } = await first.searchRuns({ experiments: ['idx'], orderBy: ['metrics.m ASC'] });
    expect(runs.map((run) => run.name)).toEqual([
      'r0',
      'r1',
      'renamed-by-second',
      'r3',
      'r4',
      'r5',
      'r6',
      'r7',
      'r8',
      'r9',
    ]);
    await Promise.all([first.close(), second.close()]);
  });

  it('keeps the index compacted while writing, so a new tracker reads few run documents', async () => {
    const { storage, runReads } = countingStorage();
    const writer = createTracker({ storage, ...quiet, compactAfter: 16 });
    await logRuns(writer, 400);
    await writer.close(); // waits for the background compaction in flight
    const pending = await listAllKeys(storage, 'tracking/experiments/');
    const markers = pending.filter((key) => key.includes('/changes/'));
    expect(pending.some((key) => key.endsWith('/index/manifest.json'))).toBe(true);
    // The writer folds its markers into a segment every 16 (plus what it writes while one compaction is in
    // flight); without compaction-on-write there would be 1,200 (3 writes per run).
    expect(markers.length).toBeLessThanOrEqual(48);
    const reader = createTracker({ storage, ...quiet, compactAfter: 16 });
    const before = runReads();
    const { runs } = await reader.searchRuns({ experiments: ['idx'], maxResults: 1000 });
    expect(runs).toHaveLength(400);
    expect(new Set(runs.map((run) => run.metrics.m!.value)).size).toBe(400);
    expect(runReads() - before).toBeLessThanOrEqual(markers.length);
    await reader.close();
  });
});

describe('summary index segments', () => {
  it('merges the later segments when there are 12, keeping the first, and loses no run', async () => {
    const storage = memoryStorage();
    const writer = storageBackend({ storage, compactAfter: 2 });
    const tracker = createTracker({ backend: writer, ...quiet });
    await logRuns(tracker, 400);
    const { id } = await tracker.getExperiment('idx');
    await writer.compactIndex(id);
    const manifestKey = `tracking/experiments/${id}/index/manifest.json`;
    const segmentsOf = async () => {
      const bytes = (await storage.get(manifestKey))!.value;
      return (
        JSON.parse(new TextDecoder().decode(bytes)) as { segments: Array<{ id: string; rows: number }> }
      ).segments;
    };
    const [base] = await segmentsOf();
    expect(base!.rows).toBe(400);
    // One run at a time (3 writes, a segment every 2): the count grows to 12, then the later ones merge
    // (they hold far fewer than 400 / 8 rows, so the first segment stays).
    const counts: number[] = [];
    let total = 400;
    while (counts.length < 2 || counts[counts.length - 1]! >= counts[counts.length - 2]!) {
      await logRuns(tracker, 1, total++);
      await writer.close!(); // lets the background compaction finish
      const segments = await segmentsOf();
      expect(segments[0]!.id).toBe(base!.id);
      counts.push(segments.length);
      expect(total).toBeLessThan(440);
    }
    expect(Math.max(...counts)).toBe(12);
    expect(counts[counts.length - 1]).toBeLessThan(12);
    const reader = createTracker({ storage, ...quiet });
    const { runs } = await reader.searchRuns({
      experiments: ['idx'],
      orderBy: ['metrics.m ASC'],
      maxResults: 1000,
    });
    expect(runs.map((run) => run.metrics.m!.value)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(runs.map((run) => run.params.i)).toEqual(Array.from({ length: total }, (_, i) => String(i)));
  });
});

describe('summary index cleanup', () => {
  it('a full compaction removes packs no manifest names once they are an hour old, and keeps younger ones', async () => {
    const storage = memoryStorage();
    const backend = storageBackend({ storage });
    const tracker = createTracker({ backend, ...quiet });
    await logRuns(tracker, 3);
    const { id } = await tracker.getExperiment('idx');
    await backend.compactIndex(id);
    /** A UUIDv7 minted `agoMs` before now (its first 48 bits are the time). */
    const mintedAgo = (agoMs: number) => {
      const fresh = uuidv7();
      const hex = (uuidv7Time(fresh) - agoMs).toString(16).padStart(12, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}${fresh.slice(13)}`;
    };
    const directory = `tracking/experiments/${id}/index/`;
    const old = `${directory}${mintedAgo(2 * 60 * 60 * 1000)}/0.pack`;
    const young = `${directory}${mintedAgo(10 * 60 * 1000)}/0.pack`;
    await storage.put(old, 'left by a crashed compaction');
    await storage.put(young, 'maybe a compaction still writing');
    await logRuns(tracker, 1, 3);
    await backend.compactIndex(id);
    const keys = await listAllKeys(storage, directory);
    expect(keys).not.toContain(old);
    expect(keys).toContain(young);
    const { runs } = await createTracker({ storage, ...quiet }).searchRuns({ experiments: ['idx'] });
    expect(runs).toHaveLength(4);
  });
});
