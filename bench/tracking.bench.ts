// Benchmark `tracking`: metric write path into fsStorage vs a raw durable append of the same bytes, memory
// while logging 10M points, reading a 100k-point history, and searchRuns over 10,000 runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listAllKeys } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { type ActiveRun, createTracker, storageBackend, type Tracker } from '@plinth/tracking';
import { ratioOf, report, timeCases } from './lib/harness.ts';
import { rawDurableWrite } from './lib/raw-fs.ts';

const KEYS = Array.from({ length: 10 }, (_, k) => `metric_${k}`);
const STEPS = 100_000;
const POINTS = KEYS.length * STEPS;

function tempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `plinth-bench-${label}-`));
}

function tracker(dir: string, options: { fsync?: boolean } = {}): Tracker {
  return createTracker({
    storage: fsStorage({ dir, fsync: options.fsync ?? true }),
    systemTags: false,
    heartbeatMs: 0,
    exitHandler: false,
  });
}

async function logMillion(run: ActiveRun): Promise<number> {
  for (let step = 0; step < STEPS; step++) {
    for (let k = 0; k < KEYS.length; k++) run.logMetric(KEYS[k]!, step * 0.001 + k, { step });
  }
  await run.flush();
  return POINTS;
}

async function writeCases() {
  const dirs: string[] = [];
  let run: ActiveRun | undefined;
  let rawFile = '';
  // The same points' bytes: 1M × (value, step, timestamp) float64 = 24 MB, built once.
  const raw = new Float64Array(POINTS * 3);
  for (let step = 0, i = 0; step < STEPS; step++) {
    for (let k = 0; k < KEYS.length; k++, i++) {
      raw[i] = step * 0.001 + k;
      raw[POINTS + i] = step;
      raw[2 * POINTS + i] = Date.now();
    }
  }
  const rawBytes = new Uint8Array(raw.buffer);
  const results = await timeCases(
    [
      {
        label: 'plinth logMetric ×1M + flush (fsStorage, fsync)',
        setup: async () => {
          const dir = tempDir('write');
          dirs.push(dir);
          run = await tracker(dir).startRun({ experiment: 'bench' });
        },
        run: () => logMillion(run!),
      },
      {
        label: 'raw fs append of the same 24 MB + fsync',
        setup: () => {
          const dir = tempDir('raw');
          dirs.push(dir);
          rawFile = path.join(dir, 'points.bin');
        },
        run: async () => {
          const handle = await open(rawFile, 'a');
          await handle.appendFile(rawBytes);
          await handle.sync();
          await handle.close();
          return POINTS;
        },
      },
    ],
    { samples: 7, warmup: 1 },
  );
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  return results;
}

const LIFECYCLE_RUNS = 50;

/**
 * Run lifecycles one call at a time (startRun, logParams, five metrics, end) on fsStorage with fsync, against
 * the floor of what they must make durable: three document writes per run (created, params, ended) done by hand.
 */
async function lifecycleCases() {
  const dirs: string[] = [];
  let current: Tracker | undefined;
  let rawDir = '';
  const doc = JSON.stringify({ id: 'x'.repeat(36), name: 'run', params: { lr: '0.01', model: 'mlp' } });
  const results = await timeCases(
    [
      {
        label: `run lifecycle ×${LIFECYCLE_RUNS} (fsStorage, fsync)`,
        setup: () => {
          const dir = tempDir('lifecycle');
          dirs.push(dir);
          current = tracker(dir);
        },
        run: async () => {
          for (let i = 0; i < LIFECYCLE_RUNS; i++) {
            const run = await current!.startRun({ experiment: 'lifecycle', name: `run-${i}` });
            await run.logParams({ lr: 0.01, model: 'mlp' });
            run.logMetrics({ acc: 0.9, f1: 0.8, loss: 0.3, auc: 0.93, precision: 0.7 });
            await run.end();
          }
          await current!.close();
          return LIFECYCLE_RUNS;
        },
      },
      {
        label: `raw 3 durable document writes ×${LIFECYCLE_RUNS}`,
        setup: () => {
          rawDir = tempDir('lifecycle-raw');
          dirs.push(rawDir);
        },
        run: async () => {
          for (let i = 0; i < LIFECYCLE_RUNS; i++) {
            for (let write = 0; write < 3; write++)
              await rawDurableWrite(path.join(rawDir, `run-${i}.json`), doc);
          }
          return LIFECYCLE_RUNS;
        },
      },
    ],
    { samples: 7, warmup: 1 },
  );
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  return results;
}

async function memoryCheck() {
  const dir = tempDir('memory');
  const run = await tracker(dir).startRun({ experiment: 'memory' });
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let peakArrayBuffers = before.arrayBuffers;
  const start = performance.now();
  const total = 10_000_000;
  for (let step = 0; step < total / KEYS.length; step++) {
    for (let k = 0; k < KEYS.length; k++) run.logMetric(KEYS[k]!, step, { step });
    if (step % 10_000 === 9_999) {
      // Once per 100,000 points: waits only while more than 1,000,000 points are still on their way to disk.
      await run.ready();
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
      peakArrayBuffers = Math.max(peakArrayBuffers, usage.arrayBuffers);
    }
  }
  await run.flush();
  const seconds = (performance.now() - start) / 1000;
  rmSync(dir, { recursive: true, force: true });
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  return {
    points: total,
    pointsPerSecond: Math.round(total / seconds),
    rssBeforeMB: mb(before.rss),
    peakRssMB: mb(peakRss),
    heapBeforeMB: mb(before.heapUsed),
    peakHeapMB: mb(peakHeap),
    arrayBuffersBeforeMB: mb(before.arrayBuffers),
    peakArrayBuffersMB: mb(peakArrayBuffers),
    rawPointBytesMB: mb(total * 24),
  };
}

/**
 * 10,000,000 points in a loop that never yields, then one flush: nothing can reach storage during the loop, so
 * what it holds then (after a full GC, with --expose-gc) is the floor, the encoded segments at 24 bytes a point.
 */
async function syncLoopCheck() {
  const dir = tempDir('sync-loop');
  const run = await tracker(dir).startRun({ experiment: 'sync-loop' });
  global.gc?.();
  const before = process.memoryUsage().arrayBuffers;
  const total = 10_000_000;
  for (let i = 0; i < total; i++) run.logMetric('loss', i * 1e-7, { step: i });
  global.gc?.();
  const held = process.memoryUsage().arrayBuffers - before;
  await run.flush();
  rmSync(dir, { recursive: true, force: true });
  return {
    points: total,
    arrayBuffersHeldMB: Math.round(held / 2 ** 20),
    bytesPerPoint: +(held / total).toFixed(1),
    gcExposed: typeof global.gc === 'function',
  };
}

async function readCases() {
  const dir = tempDir('read');
  const writer = tracker(dir);
  const run = await writer.startRun({ experiment: 'read' });
  await logMillion(run);
  await run.end();
  const reader = tracker(dir);
  const results = await timeCases(
    [
      {
        label: 'getMetricColumns 100k points (fs)',
        run: async () => (await reader.getMetricColumns(run.id, KEYS[3]!)).values.length,
      },
      {
        label: 'getMetricHistory 100k points as objects (fs)',
        run: async () => (await reader.getMetricHistory(run.id, KEYS[3]!)).length,
      },
    ],
    { samples: 15, warmup: 2 },
  );
  rmSync(dir, { recursive: true, force: true });
  return results;
}

async function searchCases() {
  // The 10,000 runs are made through the tracker API on memoryStorage (fast), then the documents a search
  // reads — experiment, name index, run documents and the compacted summary — are copied byte for byte
  // into fsStorage. Search never reads metric segments, so they are not copied (200,000 small files).
  const dir = tempDir('search');
  const setupStart = performance.now();
  const memory = memoryStorage();
  const writer = createTracker({ storage: memory, systemTags: false, heartbeatMs: 0, exitHandler: false });
  const experiment = await writer.createExperiment('search');
  const runs = 10_000;
  for (let i = 0; i < runs; i++) {
    const run = await writer.startRun({ experimentId: experiment.id, name: `run-${i}` });
    const params: Record<string, string> = {};
    for (let p = 0; p < 20; p++) params[`p${p}`] = `v${(i + p) % 7}`;
    await run.logParams(params);
    const metrics: Record<string, number> = {};
    for (let m = 0; m < 20; m++) metrics[`m${m}`] = ((i * 7919 + m * 104729) % 1000) / 1000;
    run.logMetrics(metrics, { step: 1 });
    await run.end();
  }
  // The first search by the tracker that just logged the runs (its own writes merge from memory): one shot.
  const firstStart = performance.now();
  await writer.searchRuns({
    experiments: ['search'],
    filter: "metrics.m0 > 0.5 and params.p1 = 'v3'",
    orderBy: ['metrics.m3 DESC'],
    maxResults: 100,
  });
  const writerFirstSearchMs = performance.now() - firstStart;
  await writer.close();
  await storageBackend({ storage: memory }).compactIndex(experiment.id);
  const target = fsStorage({ dir, fsync: false });
  const keys = (await listAllKeys(memory, 'tracking/')).filter((key) => !key.includes('/metrics/'));
  for (let i = 0; i < keys.length; i += 64) {
    await Promise.all(
      keys.slice(i, i + 64).map(async (key) => target.put(key, (await memory.get(key))!.value)),
    );
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const request = {
    experiments: ['search'],
    filter: "metrics.m0 > 0.5 and params.p1 = 'v3'",
    orderBy: ['metrics.m3 DESC'],
    maxResults: 100,
  };
  const warm = tracker(dir);
  const expected = (await warm.searchRuns({ ...request, maxResults: 50_000 })).runs.length;
  // Independent count from the generating formulas: m0 = (i·7919 mod 1000)/1000 > 0.5 and p1 = v((i+1) mod 7) = v3.
  let handCount = 0;
  for (let i = 0; i < runs; i++) if ((i * 7919) % 1000 > 500 && (i + 1) % 7 === 3) handCount++;
  if (expected !== handCount) throw new Error(`search found ${expected} runs, the formulas say ${handCount}`);
  let coldTracker: Tracker | undefined;
  const results = await timeCases(
    [
      {
        label: 'searchRuns 10k runs, 2 clauses + orderBy (warm tracker)',
        run: async () => {
          await warm.searchRuns(request);
        },
      },
      {
        label: 'searchRuns 10k runs, first call of a new tracker (reads snapshot)',
        setup: () => {
          coldTracker = tracker(dir);
        },
        run: async () => {
          await coldTracker!.searchRuns(request);
        },
      },
    ],
    { samples: 15, warmup: 2 },
  );
  rmSync(dir, { recursive: true, force: true });
  return { results, setupSeconds, matching: expected, writerFirstSearchMs };
}

export default async function trackingBench(): Promise<void> {
  const memory = await memoryCheck();
  const syncLoop = await syncLoopCheck();
  const write = await writeCases();
  const read = await readCases();
  const search = await searchCases();
  const lifecycle = await lifecycleCases();
  const plinth = write[0]!;
  const raw = write[1]!;
  report({
    name: 'tracking',
    results: [...write, ...read, ...search.results, ...lifecycle],
    ratios: {
      'plinth write / raw durable append (time)': plinth.medianMs / raw.medianMs,
      'run lifecycle / raw 3 durable document writes': ratioOf(
        lifecycle,
        lifecycle[0]!.label,
        lifecycle[1]!.label,
      ),
    },
    extra: {
      writePointsPerSecond: Math.round(plinth.perSecond ?? 0),
      writeBudgetMet: (plinth.perSecond ?? 0) >= 500_000,
      readBudgetMet: read[0]!.medianMs <= 50,
      searchBudgetMet: search.results[0]!.medianMs <= 200,
      searchSetupSeconds: Math.round(search.setupSeconds),
      searchMatchingRuns: search.matching,
      writerFirstSearchMs: Math.round(search.writerFirstSearchMs),
      memory,
      syncLoop,
    },
  });
}
