import type { Run, Tracker } from '@plinth/tracking';
import { jsonNumber } from '../downsample.ts';

/** A run as the runs table gets it: attributes, params, latest metric values and tags. */
export interface RunRow {
  id: string;
  name: string;
  experimentId: string;
  status: string;
  lifecycle: string;
  startTime: number;
  endTime?: number;
  user?: string;
  params: Record<string, string>;
  metrics: Record<string, number | string>;
  tags: Record<string, string>;
}

/** A page of the runs table. */
export interface RunsPageData {
  runs: RunRow[];
  nextPageToken?: string;
  /** Column keys seen on this page, sorted. */
  keys: { params: string[]; metrics: string[]; tags: string[] };
}

/** What the runs table asks for. */
export interface RunsQuery {
  experiments?: string[];
  filter?: string;
  orderBy?: string[];
  pageSize?: number;
  pageToken?: string;
  view?: 'active' | 'deleted' | 'all';
}

/** A run's table row (JSON-safe: NaN and ±Infinity as strings). */
export function runRow(run: Run): RunRow {
  const metrics: Record<string, number | string> = Object.create(null);
  for (const key of Object.keys(run.metrics)) metrics[key] = jsonNumber(run.metrics[key]!.value);
  return {
    id: run.id,
    name: run.name,
    experimentId: run.experimentId,
    status: run.status,
    lifecycle: run.lifecycle,
    startTime: run.startTime,
    ...(run.endTime === undefined ? {} : { endTime: run.endTime }),
    ...(run.user === undefined ? {} : { user: run.user }),
    params: run.params,
    metrics,
    tags: run.tags,
  };
}

/** Sorted union of the keys of one map of each run. */
export function keysOf(runs: RunRow[], field: 'params' | 'metrics' | 'tags'): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run[field])) keys.add(key);
  return [...keys].sort();
}

/** One page of runs, searched with the tracker's filter grammar. */
export async function runsPage(tracker: Tracker, query: RunsQuery): Promise<RunsPageData> {
  const page = await tracker.searchRuns({
    ...(query.experiments?.length ? { experiments: query.experiments } : {}),
    ...(query.filter ? { filter: query.filter } : {}),
    ...(query.orderBy?.length ? { orderBy: query.orderBy } : {}),
    maxResults: query.pageSize ?? 100,
    ...(query.pageToken ? { pageToken: query.pageToken } : {}),
    runViewType: query.view ?? 'active',
  });
  const runs = page.runs.map(runRow);
  return {
    runs,
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    keys: { params: keysOf(runs, 'params'), metrics: keysOf(runs, 'metrics'), tags: keysOf(runs, 'tags') },
  };
}

/** Every run of the given experiments (for a static export), all view types. */
export async function allRuns(tracker: Tracker, experiments: string[]): Promise<Run[]> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const page = await tracker.searchRuns({
      experiments,
      maxResults: 50_000,
      runViewType: 'all',
      ...(pageToken ? { pageToken } : {}),
    });
    runs.push(...page.runs);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return runs;
}
