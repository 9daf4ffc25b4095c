import type { BackendSearchRequest, RunsPage } from '../backend.ts';
import type { Run } from '../schemas/run.ts';
import { matchesAll } from './evaluate.ts';
import { parseFilter } from './filter.ts';
import { compareTuples, parseOrderBy, type SortTuple, sortTuple } from './order.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';

/** The default order when none is given: start time, newest first (then run id). */
export const DEFAULT_ORDER = ['attributes.start_time DESC'];

/**
 * A search request parsed: its clauses, order keys (the default order when none), the fingerprint its page
 * tokens carry, and the sort position its page token resumes after. Shared by every search implementation,
 * so their page tokens are interchangeable.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a filter, order-by or page token that does not parse.
 */
export function parseSearch(request: BackendSearchRequest) {
  const clauses = parseFilter(request.filter);
  const keys = parseOrderBy(request.orderBy.length > 0 ? request.orderBy : DEFAULT_ORDER);
  const query = JSON.stringify([
    [...request.experimentIds].sort(),
    request.filter,
    request.orderBy,
    request.viewType,
  ]);
  const after = request.pageToken ? decodePageToken(request.pageToken, query) : undefined;
  return { clauses, keys, query, after };
}

/**
 * Filters, orders and pages runs in memory: the search semantics every storage-backed backend shares.
 * Parses everything before looking at a run, so a bad filter fails even on an empty store.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a filter, order-by or page token that does not parse.
 */
export function searchInMemory(runs: Iterable<Run>, request: BackendSearchRequest): RunsPage {
  const { clauses, keys, query, after } = parseSearch(request);
  const rows: Array<{ run: Run; tuple: SortTuple }> = [];
  for (const run of runs) {
    if (request.viewType === 'active' && run.lifecycle !== 'active') continue;
    if (request.viewType === 'deleted' && run.lifecycle !== 'deleted') continue;
    if (!matchesAll(run, clauses)) continue;
    const tuple = sortTuple(run, keys);
    if (after && compareTuples(tuple, after, keys) <= 0) continue;
    rows.push({ run, tuple });
  }
  rows.sort((a, b) => compareTuples(a.tuple, b.tuple, keys));
  const page = rows.slice(0, request.maxResults);
  const last = page[page.length - 1];
  return rows.length > request.maxResults && last
    ? { runs: page.map((row) => row.run), nextPageToken: encodePageToken(query, last.tuple) }
    : { runs: page.map((row) => row.run) };
}
