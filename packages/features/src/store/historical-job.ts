// The job getHistoricalFeatures returns: each method runs the join (validation first) and delivers the result.
import type {
  HistoricalQuery,
  OfflineEngine,
  OutputFormat,
  ResultColumns,
  ResultColumnType,
} from '../engine/port.ts';
import { checkString } from '../errors.ts';
import { applyOnDemand } from './apply-on-demand.ts';
import type { ResolvedRequest } from './resolve.ts';
import { type ArrowTable, toArrowTable } from './to-arrow.ts';
import { toRowObjects } from './to-rows.ts';

/** A historical retrieval, run when one of its methods is called (each call runs the join again). */
export interface HistoricalJob {
  /** The result as an Apache Arrow table (timestamps as UTC milliseconds, int64 as Int64). */
  toArrow(): Promise<ArrowTable>;
  /** The result as row objects (timestamps as `Date`, int64 as `number`, or `bigint` beyond 2^53). */
  toRows(): Promise<Record<string, unknown>[]>;
  /**
   * Writes the result to a Parquet file with DuckDB's `COPY`: the rows never pass through the JS heap (unless
   * on-demand views are requested: their transform runs in JS).
   */
  toParquet(path: string): Promise<{ rows: number }>;
  /** Writes the result to a CSV file (header row; timestamps in UTC), like {@link HistoricalJob.toParquet}. */
  toCsv(path: string): Promise<{ rows: number }>;
}

/** Builds the job of a resolved request. */
export function historicalJob(
  engine: OfflineEngine,
  query: HistoricalQuery,
  resolved: ResolvedRequest,
): HistoricalJob {
  const needsJs = resolved.onDemand.length > 0;
  const columns = async (): Promise<ResultColumns> => {
    const joined = await engine.joinToColumns(query);
    return needsJs ? finish(joined, resolved, query) : joined;
  };
  const toFile = async (path: string, format: OutputFormat) => {
    checkString(path, `${format === 'parquet' ? 'toParquet' : 'toCsv'} path`);
    if (!needsJs) return engine.joinToFile(query, path, format);
    const result = await columns();
    query.onProgress?.({ stage: 'write', total: result.length });
    return engine.writeColumns(result, path, format);
  };
  return {
    async toArrow() {
      return toArrowTable(await columns());
    },
    async toRows() {
      return toRowObjects(await columns());
    },
    toParquet: (path) => toFile(path, 'parquet'),
    toCsv: (path) => toFile(path, 'csv'),
  };
}

/** Applies on-demand views, puts the output columns in request order and drops hidden inputs. */
function finish(joined: ResultColumns, resolved: ResolvedRequest, query: HistoricalQuery): ResultColumns {
  query.onProgress?.({ stage: 'transform', total: joined.length });
  const index = new Map(joined.names.map((name, position) => [name, position]));
  const column = (name: string) => {
    const position = index.get(name);
    return position === undefined ? undefined : joined.columns[position];
  };
  const computed = new Map<string, unknown[]>();
  for (const plan of resolved.onDemand) {
    for (const [name, values] of applyOnDemand(plan, joined.length, column)) computed.set(name, values);
  }
  const outputNames = new Set(resolved.outputs.map((output) => output.name));
  const names: string[] = [];
  const types: ResultColumnType[] = [];
  const columns: unknown[][] = [];
  joined.names.forEach((name, position) => {
    if (outputNames.has(name) || resolved.hidden.has(name)) return;
    names.push(name);
    types.push(joined.types[position]!);
    columns.push(joined.columns[position]!);
  });
  for (const output of resolved.outputs) {
    names.push(output.name);
    types.push(output.type);
    columns.push(computed.get(output.name) ?? column(output.name)!);
  }
  return { names, types, columns, length: joined.length };
}
