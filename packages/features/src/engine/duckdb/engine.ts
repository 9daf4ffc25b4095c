// duckdbEngine: the offline engine over @duckdb/node-api (imported lazily, or injected as `lib`).
import { checkOptions, errors } from '../../errors.ts';
import type {
  HistoricalQuery,
  LatestBatch,
  LatestQuery,
  OfflineEngine,
  OutputFormat,
  ResultColumns,
} from '../port.ts';
import { appendColumns } from './append.ts';
import { checkEntities } from './check-entities.ts';
import { type Connection, mapError, run } from './connection.ts';
import { loadEntities } from './entities.ts';
import { joinSql } from './join-sql.ts';
import { latestBatches } from './latest.ts';
import type { DuckDBEngineOptions, DuckDBLib } from './options.ts';
import { latestPartitions, partitionable } from './partitions.ts';
import { choosePlans } from './plan-choice.ts';
import { readColumns } from './results.ts';
import { latestRowTexts } from './row-texts.ts';
import { checkSource } from './sources.ts';
import { DUCK_TYPE, familyOf, Params } from './sql.ts';

/**
 * An offline engine running point-in-time joins and materialization queries in DuckDB, in-process.
 * Node only (`@plinth/features/duckdb`); in a browser build it throws `PLINTH_UNSUPPORTED_RUNTIME`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on unknown options.
 * @example
 * ```ts
 * import { duckdbEngine } from '@plinth/features/duckdb';
 * const store = await createFeatureStore({ views: [driverStats], engine: duckdbEngine() });
 * ```
 */
export function duckdbEngine(options: DuckDBEngineOptions = {}): OfflineEngine {
  const checked = checkOptions<DuckDBEngineOptions>(
    options,
    ['lib', 'path', 'config'],
    'duckdbEngine options',
    true,
  );
  let instance: Promise<{ connect(): Promise<unknown>; closeSync(): void }> | undefined;
  let closed = false;
  const pushTables = new Map<string, string>();
  const getInstance = () => {
    if (closed) throw errors.error('PLINTH_CLOSED', 'the DuckDB engine is closed; create a new one');
    instance ??= (async () => {
      const lib = checked.lib ?? ((await import('@duckdb/node-api')) as unknown as DuckDBLib);
      try {
        return await lib.DuckDBInstance.create(checked.path ?? ':memory:', { ...(checked.config ?? {}) });
      } catch (error) {
        throw mapError(error, 'duckdbEngine');
      }
    })();
    return instance;
  };
  const withConnection = async <T>(
    signal: AbortSignal | undefined,
    body: (connection: Connection) => Promise<T>,
  ) => {
    if (signal?.aborted)
      throw errors.error('PLINTH_ABORTED', 'the operation was aborted', { cause: signal.reason });
    const connection = (await (await getInstance()).connect()) as Connection;
    const onAbort = () => connection.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await connection.run("SET TimeZone = 'UTC'");
      return await body(connection);
    } catch (error) {
      if (signal?.aborted)
        throw errors.error('PLINTH_ABORTED', 'the operation was aborted', { cause: error });
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      connection.closeSync();
    }
  };
  const pushTableOf = (path: string) => pushTables.get(path);
  /**
   * The latest rows of a view grouped inside DuckDB by `read`, or undefined when the view's keys are not all
   * integers (the groupings encode keys in SQL). The connection closes when the iteration ends.
   */
  const groupedLatest = async <T>(
    query: LatestQuery,
    read: (
      connection: Connection,
      pushTable: string | undefined,
      keyTypes: ReadonlyMap<string, string>,
    ) => AsyncIterable<T>,
  ): Promise<AsyncIterable<T> | undefined> => {
    if (query.signal?.aborted) throw errors.error('PLINTH_ABORTED', 'the operation was aborted');
    const connection = (await (await getInstance()).connect()) as Connection;
    let handedOver = false;
    try {
      await connection.run("SET TimeZone = 'UTC'");
      const columns = await checkSource(connection, query.view);
      if (!partitionable(query, columns)) return undefined;
      handedOver = true;
      return {
        async *[Symbol.asyncIterator]() {
          try {
            yield* read(connection, pushTableOf(query.view.source.path), columns);
          } finally {
            connection.closeSync();
          }
        },
      };
    } finally {
      if (!handedOver) connection.closeSync();
    }
  };
  const prepareJoin = async (connection: Connection, query: HistoricalQuery) => {
    query.onProgress?.({ stage: 'validate' });
    const sourceColumns = new Map<string, Map<string, string>>();
    for (const { view } of query.views) sourceColumns.set(view.name, await checkSource(connection, view));
    query.onProgress?.({ stage: 'load-entities' });
    const entityColumns = await loadEntities(connection, query.entities, query.entityTimestampColumn);
    checkEntities(query, entityColumns, sourceColumns);
    const plans = await choosePlans(connection, query, pushTableOf);
    query.onProgress?.({
      stage: 'plan',
      plans: Object.fromEntries(query.views.map((joinView, index) => [joinView.view.name, plans[index]!])),
    });
    const params = new Params();
    const sql = joinSql(
      query,
      entityColumns.map((column) => column.name),
      params,
      pushTableOf,
      plans,
    );
    return { sql, params };
  };
  return {
    kind: 'duckdb',
    async validateViews(views) {
      await withConnection(undefined, async (connection) => {
        for (const view of views) await checkSource(connection, view);
      });
    },
    joinToColumns(query) {
      return withConnection(query.signal, async (connection) => {
        const { sql, params } = await prepareJoin(connection, query);
        query.onProgress?.({ stage: 'join' });
        const result = await readColumns(connection, sql, params.values, 'historical join', (rows) =>
          query.onProgress?.({ stage: 'join', rows }),
        );
        query.onProgress?.({ stage: 'done', rows: result.length, total: result.length });
        return result;
      });
    },
    joinToFile(query, path, format) {
      return withConnection(query.signal, async (connection) => {
        const { sql, params } = await prepareJoin(connection, query);
        query.onProgress?.({ stage: 'join' });
        const rows = await copyTo(connection, sql, params, path, format);
        query.onProgress?.({ stage: 'done', rows, total: rows });
        return { rows };
      });
    },
    writeColumns(columns, path, format) {
      return withConnection(undefined, async (connection) => {
        const table = '__plinth_output';
        await appendColumns(connection, table, jsColumnsOf(columns), true);
        const params = new Params();
        const rows = await copyTo(connection, `SELECT * FROM "${table}"`, params, path, format);
        return { rows };
      });
    },
    latest(query: LatestQuery): AsyncIterable<LatestBatch> {
      return {
        async *[Symbol.asyncIterator]() {
          if (query.signal?.aborted) throw errors.error('PLINTH_ABORTED', 'the operation was aborted');
          const connection = (await (await getInstance()).connect()) as Connection;
          try {
            await connection.run("SET TimeZone = 'UTC'");
            const columns = await checkSource(connection, query.view);
            yield* latestBatches(connection, query, pushTableOf(query.view.source.path), columns);
          } finally {
            connection.closeSync();
          }
        },
      };
    },
    latestPartitions(query: LatestQuery, partitions: number) {
      return groupedLatest(query, (connection, pushTable, keyTypes) =>
        latestPartitions(connection, query, pushTable, partitions, keyTypes),
      );
    },
    latestRowTexts(query: LatestQuery, buckets: number) {
      return groupedLatest(query, (connection, pushTable, keyTypes) =>
        latestRowTexts(connection, query, pushTable, buckets, keyTypes),
      );
    },
    push(view, columns) {
      return withConnection(undefined, async (connection) => {
        const described = await checkSource(connection, view);
        let table = pushTables.get(view.source.path);
        const create = table === undefined;
        table ??= `__plinth_push_${pushTables.size}`;
        const jsColumns = columns.names.map((name, index) => {
          const feature = view.features.find((candidate) => candidate.name === name);
          const sourceType = described.get(name) ?? 'VARCHAR';
          const duckType = feature
            ? DUCK_TYPE[feature.type]
            : name === view.source.timestampField || name === view.source.createdTimestampField
              ? 'TIMESTAMPTZ'
              : keyType(sourceType);
          return { name, values: columns.columns[index]!, duckType };
        });
        await appendColumns(connection, table, jsColumns, false, create);
        pushTables.set(view.source.path, table);
        return { rows: columns.length };
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (instance) (await instance.catch(() => undefined))?.closeSync();
    },
  };
}

function keyType(duckType: string): string {
  switch (familyOf(duckType)) {
    case 'integer':
      return 'BIGINT';
    case 'float':
      return 'DOUBLE';
    case 'bool':
      return 'BOOLEAN';
    default:
      return 'VARCHAR';
  }
}

function jsColumnsOf(columns: ResultColumns) {
  return columns.names.map((name, index) => {
    const type = columns.types[index]!;
    const duckType = type.startsWith('other:') ? undefined : DUCK_TYPE[type as keyof typeof DUCK_TYPE];
    return { name, values: columns.columns[index]!, ...(duckType ? { duckType } : {}) };
  });
}

async function copyTo(
  connection: Connection,
  sql: string,
  params: Params,
  path: string,
  format: OutputFormat,
): Promise<number> {
  const target = params.add(path);
  const options = format === 'parquet' ? 'FORMAT parquet' : 'FORMAT csv, HEADER true';
  const reader = await run(
    connection,
    `COPY (${sql}) TO ${target} (${options})`,
    params.values,
    `writing ${JSON.stringify(path)}`,
  );
  const count = reader.getRows()[0]?.[0];
  return Number(count ?? 0);
}

export type { DuckDBEngineOptions, DuckDBLib } from './options.ts';
