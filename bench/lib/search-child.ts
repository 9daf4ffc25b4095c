// Child process of the tracking-search benchmark: one fresh process per sample, so "first search" includes
// everything a new process pays (reading the index from disk, V8 warm-up), but not loading the modules.
// Usage: node --conditions=@plinth/source --import ./bench/loader/register.mjs search-child.ts <dir> <mode> <experiment>
//   first  a new tracker's first searchRuns (the benchmark query)
//   warm   the first search, then 15 searches of each query shape by the same tracker (medians)
//   json   readFile + JSON.parse of the same runs as a JSON snapshot (what earlier versions parsed)
//   scan   json, then a hand-written filter + sort of the parsed runs (the floor of a JSON snapshot index)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import { createTracker } from '@plinth/tracking';

const [dir, mode, experiment] = process.argv.slice(2) as [string, string, string];

/** The benchmark query: two clauses and an order-by, first page of 100. */
const QUERY = {
  filter: "metrics.m0 > 0.5 and params.p1 = 'v3'",
  orderBy: ['metrics.m3 DESC'],
  maxResults: 100,
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

const tracker = () =>
  createTracker({ storage: fsStorage({ dir }), systemTags: false, heartbeatMs: 0, exitHandler: false });

let result: Record<string, number> = {};
if (mode === 'first') {
  const start = performance.now();
  const { runs } = await tracker().searchRuns({ experiments: [experiment], ...QUERY });
  result = { ms: performance.now() - start, returned: runs.length };
} else if (mode === 'warm') {
  const warm = tracker();
  await warm.searchRuns({ experiments: [experiment], ...QUERY });
  const shapes = {
    query: QUERY,
    // Every run matches: all rows sorted by the default order (start time), first page of 100.
    everything: { maxResults: 100 },
    // One LIKE clause on a param with 7 distinct values and a metric order.
    like: {
      filter: "params.p5 LIKE 'v%' and metrics.m7 < 0.2",
      orderBy: ['metrics.m1 ASC'],
      maxResults: 100,
    },
  };
  // Round-robin over the shapes, so machine noise hits them alike; the first round is warm-up.
  const times: Record<string, number[]> = { query: [], everything: [], like: [] };
  for (let round = 0; round < 16; round++) {
    for (const [name, shape] of Object.entries(shapes)) {
      const start = performance.now();
      await warm.searchRuns({ experiments: [experiment], ...shape });
      if (round > 0) times[name]!.push(performance.now() - start);
    }
  }
  for (const [name, list] of Object.entries(times)) result[name] = median(list);
} else {
  const start = performance.now();
  const parsed = JSON.parse(await readFile(path.join(dir, 'snapshot.json'), 'utf8')) as {
    runs: Array<{
      id: string;
      startTime: number;
      params: Record<string, string>;
      metrics: Record<string, { value: number }>;
    }>;
  };
  result.parseMs = performance.now() - start;
  if (mode === 'scan') {
    const hits = parsed.runs.filter((run) => run.metrics.m0!.value > 0.5 && run.params.p1 === 'v3');
    hits.sort(
      (a, b) =>
        b.metrics.m3!.value - a.metrics.m3!.value || b.startTime - a.startTime || (a.id < b.id ? -1 : 1),
    );
    result.returned = hits.slice(0, 100).length;
  }
  result.ms = performance.now() - start;
}
process.stdout.write(`${JSON.stringify(result)}\n`);
