/**
 * @plinth/tracking/arrow: search results as Apache Arrow tables. A subpath of its own so that pages which
 * never build a table do not bundle Arrow.
 *
 * @packageDocumentation
 */
import type { Table } from 'apache-arrow';
import type { Run } from '../schemas/run.ts';
import type { Tracker } from '../tracker.ts';
import type { SearchRunsRequest } from '../tracker-options.ts';
import { runsToTable } from './runs-to-table.ts';

export { runsToTable };

/**
 * A search as an Apache Arrow table: one row per run; params, latest metrics and tags as columns. Follows
 * every page unless `maxResults` is given.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` as {@link Tracker.searchRuns}.
 * @example
 * ```ts
 * const table = await searchRunsTable(tracker, { experiments: ['fraud'] });
 * table.getChild('metrics.acc');
 * ```
 */
export async function searchRunsTable(tracker: Tracker, request: SearchRunsRequest = {}): Promise<Table> {
  // The first call validates the request as given (a bad one is PLINTH_VALIDATION, never widened).
  let page = await tracker.searchRuns(request);
  const runs: Run[] = [...page.runs];
  while (request.maxResults === undefined && page.nextPageToken) {
    page = await tracker.searchRuns({ ...request, pageToken: page.nextPageToken });
    runs.push(...page.runs);
  }
  return runsToTable(runs);
}
