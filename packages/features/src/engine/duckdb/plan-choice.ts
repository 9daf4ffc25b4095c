// Which join plan each view of a historical join runs with under `plan: 'auto'`: a cost estimate from the
// view's source statistics (rows, distinct keys, event-time span) and the entity row count.
//
// The two plans (join-sql.ts) cost differently:
// - asof: the source is deduplicated per (keys, event ts) when it has a created field or pushed rows (a sort of
//   the whole source), then sorted for the ASOF JOIN: about proportional to the source rows N;
// - window: a hash join of each entity row with every source row of its key (E × R pairs, R = N / distinct keys),
//   filtered to the candidates in the ttl window, which QUALIFY then ranks: about E × (a·R + b·candidates).
// The coefficients below were measured with DuckDB 1.5 on a 2-core VM (docs/benchmarks.md, "Which join plan"):
// 200k entity rows, 20k keys, 2–64 rows per key, ttl 0 / 1d / 7d, with and without a created field.
import type { HistoricalQuery, JoinView } from '../port.ts';
import type { Connection } from './connection.ts';
import { run } from './connection.ts';
import { ENTITY_TABLE } from './entities.ts';
import { sourceRowsSql } from './sources.ts';
import { Params, quote } from './sql.ts';

/** A join plan. */
export type JoinPlan = 'asof' | 'window';

/** What the choice needs to know about a view's source. */
export interface SourceStats {
  /** Source rows with an event timestamp and keys. */
  readonly rows: number;
  /** Distinct join-key tuples (approximate); 1 for a view without entities. */
  readonly keys: number;
  /** Milliseconds between the earliest and the latest event timestamp. */
  readonly spanMs: number;
}

/** µs per source row of the asof plan with a dedup pass (created field or pushed rows), and without. */
const ASOF_DEDUP_US = 0.55;
const ASOF_PLAIN_US = 0.17;
/** µs per (entity row × source row of its key) pair of the window plan's hash join. */
const WINDOW_PAIR_US = 0.028;
/** µs per candidate row (in the ttl window, not after the entity time) ranked by the window plan's QUALIFY. */
const WINDOW_CANDIDATE_US = 0.157;
/** The window plan is chosen only when clearly cheaper, so estimation error does not flip close cases. */
const MARGIN = 0.8;

/** Expected candidate rows per entity row: rows of its key within the ttl window before the entity time. */
export function expectedCandidates(stats: SourceStats, ttlMs: number | null): number {
  const perKey = stats.rows / Math.max(1, stats.keys);
  if (stats.spanMs <= 0) return perKey;
  // entity times spread over the source's span: on average half its rows precede an entity row
  const window = ttlMs === null ? stats.spanMs / 2 : Math.min(ttlMs, stats.spanMs / 2);
  return (perKey * window) / stats.spanMs;
}

/** Estimated costs (µs) of both plans for one view. */
export function planCosts(
  stats: SourceStats,
  entityRows: number,
  ttlMs: number | null,
  dedup: boolean,
): Record<JoinPlan, number> {
  const perKey = stats.rows / Math.max(1, stats.keys);
  return {
    asof: stats.rows * (dedup ? ASOF_DEDUP_US : ASOF_PLAIN_US),
    window: entityRows * (WINDOW_PAIR_US * perKey + WINDOW_CANDIDATE_US * expectedCandidates(stats, ttlMs)),
  };
}

/** The cheaper plan for one view (asof unless window is clearly cheaper). */
export function pickPlan(
  stats: SourceStats,
  entityRows: number,
  ttlMs: number | null,
  dedup: boolean,
): JoinPlan {
  const costs = planCosts(stats, entityRows, ttlMs, dedup);
  return costs.window < MARGIN * costs.asof ? 'window' : 'asof';
}

/** Whether the asof plan deduplicates this view's source (a created field, or rows pushed offline). */
export function needsDedup(joinView: JoinView, pushTable: string | undefined): boolean {
  return Boolean(joinView.view.source.createdTimestampField || pushTable);
}

/**
 * The plan of each view, in query order: forced by `query.plan` or `filterByCreatedTimestamp` (window, since an
 * ASOF JOIN cannot filter by a second column), else chosen by cost from one statistics query per view.
 */
export async function choosePlans(
  connection: Connection,
  query: HistoricalQuery,
  pushTableOf: (path: string) => string | undefined,
): Promise<JoinPlan[]> {
  if (query.filterByCreatedTimestamp) return query.views.map(() => 'window');
  if (query.plan !== 'auto') return query.views.map(() => query.plan as JoinPlan);
  const entityRows = Number(
    (
      await run(connection, `SELECT count(*) FROM ${quote(ENTITY_TABLE)}`, [], 'entity rows')
    ).getRows()[0]![0],
  );
  const plans: JoinPlan[] = [];
  for (const joinView of query.views) {
    const pushTable = pushTableOf(joinView.view.source.path);
    const stats = await sourceStats(connection, joinView, pushTable);
    plans.push(pickPlan(stats, entityRows, joinView.view.ttlMs, needsDedup(joinView, pushTable)));
  }
  return plans;
}

async function sourceStats(
  connection: Connection,
  joinView: JoinView,
  pushTable: string | undefined,
): Promise<SourceStats> {
  const { view } = joinView;
  const params = new Params();
  const keys = view.joinKeys.length
    ? `approx_count_distinct(hash(${view.joinKeys.map(quote).join(', ')}))`
    : '1';
  // min and max before the cast to TIMESTAMPTZ: the cast per row (ICU) costs more than the rest of the scan
  const ts = quote(view.source.timestampField);
  const sql =
    `SELECT count(*), ${keys}, epoch_ms(CAST(max(${ts}) AS TIMESTAMPTZ)) - epoch_ms(CAST(min(${ts}) AS TIMESTAMPTZ)) ` +
    sourceRowsSql(view, params, pushTable);
  const row = (await run(connection, sql, params.values, `view ${view.name}: statistics`)).getRows()[0]!;
  return { rows: Number(row[0] ?? 0), keys: Number(row[1] ?? 1), spanMs: Number(row[2] ?? 0) };
}
