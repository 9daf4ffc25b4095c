// Benchmark `tracking-search`: searchRuns over 10,000 and 100,000 runs × 20 params × 20 metrics on fsStorage.
// Each "first search" is a fresh child process (bench/lib/search-child.ts) that creates a tracker and searches
// once; the baselines, in the same run, are fresh processes that readFile + JSON.parse the same runs as one
// JSON snapshot (what the earlier index parsed), and that plus a hand-written filter and sort. Also: warm
// searches, the index's size on disk, and run lifecycles logged into the 100k-run experiment vs an empty one.
// The stores are generated once through the storage backend on memoryStorage, copied to disk, and cached in
// the OS temp dir under a name with the index format, so later runs reuse them.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listAllKeys } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { createTracker, type NewRun, storageBackend, type Tracker } from '@plinth/tracking';
import { median, report, timeCases } from './lib/harness.ts';

/** Bump when the index format changes, so cached stores are rebuilt. */
const FORMAT = 'index-v2';
const FILTER = "metrics.m0 > 0.5 and params.p1 = 'v3'";
const SAMPLES = 7;
const root = path.resolve(import.meta.dirname, '..');
const child = path.join(import.meta.dirname, 'lib', 'search-child.ts');

const quiet = { systemTags: false, heartbeatMs: 0, exitHandler: false } as const;

/** Run i: params p0..p19 = v((i + p) mod 7), metrics m0..m19 = ((i·7919 + m·104729) mod 1000) / 1000. */
function runOf(i: number, experimentId: string, id: string): NewRun {
  const params: Record<string, string> = Object.create(null);
  for (let p = 0; p < 20; p++) params[`p${p}`] = `v${(i + p) % 7}`;
  const metrics: NewRun['metrics'] = Object.create(null);
  const start = 1_750_000_000_000 + i * 1000;
  for (let m = 0; m < 20; m++)
    metrics[`m${m}`] = { value: ((i * 7919 + m * 104729) % 1000) / 1000, step: 1, timestamp: start + 500 };
  return {
    id,
    experimentId,
    name: `run-${i}`,
    status: 'finished',
    lifecycle: 'active',
    startTime: start,
    endTime: start + 900,
    heartbeatAt: start + 900,
    params,
    metrics,
    tags: Object.create(null),
    inputs: [],
  };
}

/** The store of `runs` runs (cached): documents and index as the backend writes them, plus snapshot.json. */
async function store(runs: number): Promise<{ dir: string; experiment: string; buildSeconds: number }> {
  const dir = path.join(os.tmpdir(), `plinth-bench-search-${FORMAT}-${runs}`);
  const experiment = `search-${runs}`;
  if (existsSync(path.join(dir, 'READY'))) return { dir, experiment, buildSeconds: 0 };
  rmSync(dir, { recursive: true, force: true });
  const start = performance.now();
  const memory = memoryStorage();
  const backend = storageBackend({ storage: memory, compactAfter: 1_000_000 });
  const tracker = createTracker({ backend, ...quiet });
  const { id: experimentId } = await tracker.createExperiment(experiment);
  const { uuidv7 } = await import('@plinth/core');
  const documents: string[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await backend.createRun(runOf(i, experimentId, uuidv7()));
    documents.push(JSON.stringify(run));
  }
  await backend.compactIndex(experimentId);
  const target = fsStorage({ dir, fsync: false });
  const keys = await listAllKeys(memory, 'tracking/');
  for (let i = 0; i < keys.length; i += 256) {
    await Promise.all(
      keys.slice(i, i + 256).map(async (key) => target.put(key, (await memory.get(key))!.value)),
    );
  }
  writeFileSync(path.join(dir, 'snapshot.json'), `{"format":1,"runs":[${documents.join(',')}]}`);
  writeFileSync(path.join(dir, 'READY'), '');
  return { dir, experiment, buildSeconds: (performance.now() - start) / 1000 };
}

function childRun(dir: string, mode: string, experiment: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(
      process.execPath,
      [
        '--conditions=@plinth/source',
        '--import',
        path.join(import.meta.dirname, 'loader/register.mjs'),
        child,
        dir,
        mode,
        experiment,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    process_.stdout.on('data', (chunk) => {
      out += String(chunk);
    });
    process_.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`${mode} exited ${code}`)),
    );
  });
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function searchFigures(runs: number) {
  const { dir, experiment, buildSeconds } = await store(runs);
  // Independent count from the formulas: m0 > 0.5 and p1 = v((i + 1) mod 7) = v3.
  let handCount = 0;
  for (let i = 0; i < runs; i++) if ((i * 7919) % 1000 > 500 && (i + 1) % 7 === 3) handCount++;
  const check = createTracker({ storage: fsStorage({ dir }), ...quiet });
  const found = (await check.searchRuns({ experiments: [experiment], filter: FILTER, maxResults: 50_000 }))
    .runs;
  if (found.length !== handCount)
    throw new Error(`search found ${found.length} runs, the formulas say ${handCount}`);
  const samples: Record<string, number[]> = { first: [], json: [], scan: [] };
  for (let round = 0; round < SAMPLES; round++) {
    for (const mode of ['first', 'json', 'scan'])
      samples[mode]!.push((await childRun(dir, mode, experiment)).ms!);
  }
  const warm = await childRun(dir, 'warm', experiment);
  const index = readdirSync(path.join(dir, 'tracking', 'experiments')).map((id) =>
    path.join(dir, 'tracking', 'experiments', id, 'index'),
  );
  const indexBytes = index
    .filter((entry) => existsSync(entry))
    .reduce((sum, entry) => sum + bytesUnder(entry), 0);
  const result = (label: string, values: number[]) => ({
    label,
    samples: values.length,
    medianMs: median(values),
    minMs: Math.min(...values),
    maxMs: Math.max(...values),
  });
  return {
    runs,
    buildSeconds: Math.round(buildSeconds),
    matching: handCount,
    indexMB: +(indexBytes / 2 ** 20).toFixed(1),
    snapshotMB: +(statSync(path.join(dir, 'snapshot.json')).size / 2 ** 20).toFixed(1),
    warmMs: Object.fromEntries(Object.entries(warm).map(([name, ms]) => [name, +ms.toFixed(2)])),
    results: [
      result(`${runs} runs: first searchRuns, fresh process`, samples.first!),
      result(`${runs} runs: readFile + JSON.parse of the snapshot, fresh process`, samples.json!),
      result(`${runs} runs: JSON.parse + hand-written filter/sort, fresh process`, samples.scan!),
    ],
    dir,
    experiment,
  };
}

const LIFECYCLES = 50;

/** Run lifecycles (startRun, logParams, 5 metrics, end) on fsStorage with fsync into the 100k experiment vs an empty one. */
async function loggingCases(dir: string, experiment: string) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'plinth-bench-search-log-'));
  const big = path.join(work, 'big');
  execFileSync('cp', ['-a', dir, big]);
  let current: Tracker | undefined;
  const lifecycles = (name: string) => async () => {
    for (let i = 0; i < LIFECYCLES; i++) {
      const run = await current!.startRun({ experiment: name, name: `log-${i}` });
      await run.logParams({ lr: 0.01, model: 'mlp' });
      run.logMetrics({ acc: 0.9, f1: 0.8, loss: 0.3, auc: 0.93, precision: 0.7 });
      await run.end();
    }
    await current!.close();
    return LIFECYCLES;
  };
  const results = await timeCases(
    [
      {
        label: `run lifecycle ×${LIFECYCLES} into the ${experiment} experiment (fsStorage, fsync)`,
        setup: () => {
          current = createTracker({ storage: fsStorage({ dir: big }), ...quiet });
        },
        run: lifecycles(experiment),
      },
      {
        label: `run lifecycle ×${LIFECYCLES} into an empty experiment (fsStorage, fsync)`,
        setup: () => {
          current = createTracker({
            storage: fsStorage({ dir: mkdtempSync(path.join(work, 'empty-')) }),
            ...quiet,
          });
        },
        run: lifecycles('empty'),
      },
    ],
    { samples: SAMPLES, warmup: 1 },
  );
  rmSync(work, { recursive: true, force: true });
  return results;
}

export default async function trackingSearchBench(): Promise<void> {
  const load = os.loadavg();
  const small = await searchFigures(10_000);
  const large = await searchFigures(100_000);
  const logging = await loggingCases(large.dir, large.experiment);
  const first = (figures: typeof small) => figures.results[0]!.medianMs;
  report({
    name: 'tracking-search',
    results: [...small.results, ...large.results, ...logging],
    ratios: {
      '10k first search / readFile + JSON.parse of the snapshot': first(small) / small.results[1]!.medianMs,
      '100k first search / readFile + JSON.parse of the snapshot': first(large) / large.results[1]!.medianMs,
      'lifecycles into 100k runs / into an empty experiment': logging[0]!.medianMs / logging[1]!.medianMs,
    },
    extra: {
      loadAverageAtStart: load.map((value) => +value.toFixed(2)),
      loadAverageAtEnd: os.loadavg().map((value) => +value.toFixed(2)),
      budgets: {
        first10kMs: { value: Math.round(first(small)), budget: 200, met: first(small) <= 200 },
        first100kMs: { value: Math.round(first(large)), budget: 1000, met: first(large) <= 1000 },
        warm100kMs: { value: large.warmMs.query, budget: 100, met: (large.warmMs.query ?? Infinity) <= 100 },
        index100kMB: { value: large.indexMB, budget: 40, met: large.indexMB <= 40 },
      },
      small: { ...small, results: undefined, dir: undefined },
      large: { ...large, results: undefined, dir: undefined },
    },
  });
}
