// The small part of @duckdb/node-api the engine calls, and the mapping of its errors to PlinthErrors.
import type { DuckDBConnection } from '@duckdb/node-api';
import { PlinthError } from '@plinth/core';
import { errors } from '../../errors.ts';

/** A connection (the real `DuckDBConnection`). */
export type Connection = DuckDBConnection;

/** Runs `sql` with parameters, mapping DuckDB's errors to `PlinthError`s that name `subject`. */
export async function run(connection: Connection, sql: string, params: readonly unknown[], subject: string) {
  try {
    // biome-ignore lint/suspicious/noExplicitAny: DuckDB values are checked by the callers that build them
    return await connection.runAndReadAll(sql, params as any);
  } catch (error) {
    throw mapError(error, subject);
  }
}

/** A result read chunk by chunk. */
export type ChunkedResult = Awaited<ReturnType<Connection['stream']>>;

/**
 * Starts `sql` with parameters, materialized (`run`, DuckDB's parallel pipeline) or streaming (`stream`), mapping
 * DuckDB's errors to `PlinthError`s that name `subject`.
 */
export async function start(
  connection: Connection,
  sql: string,
  params: readonly unknown[],
  subject: string,
  mode: 'run' | 'stream' = 'run',
): Promise<ChunkedResult> {
  try {
    // biome-ignore lint/suspicious/noExplicitAny: DuckDB values are checked by the callers that build them
    return await connection[mode](sql, params as any);
  } catch (error) {
    throw mapError(error, subject);
  }
}

/** The next chunk of a result, `undefined` at its end; DuckDB's errors mapped as in {@link start}. */
export async function nextChunk(result: ChunkedResult, subject: string) {
  let chunk: Awaited<ReturnType<ChunkedResult['fetchChunk']>>;
  try {
    chunk = await result.fetchChunk();
  } catch (error) {
    throw mapError(error, subject);
  }
  return chunk && chunk.rowCount > 0 ? chunk : undefined;
}

/**
 * The non-empty chunks of a result, in order, each next one fetched (on DuckDB's threads) while the caller works
 * on the one yielded.
 */
export async function* chunksOf(result: ChunkedResult, subject: string) {
  let pending = nextChunk(result, subject);
  try {
    for (;;) {
      const chunk = await pending;
      if (!chunk) return;
      pending = nextChunk(result, subject);
      yield chunk;
    }
  } finally {
    // a consumer that stops early (or a failure) leaves no fetch unobserved
    pending.catch(() => {});
  }
}

/** Maps a DuckDB error to `PLINTH_NOT_FOUND` (missing file), `PLINTH_VALIDATION` (bad data) or `PLINTH_STORAGE`. */
export function mapError(error: unknown, subject: string): PlinthError {
  if (PlinthError.is(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0] ?? message;
  if (/No files found|does not exist|No such file|Cannot open file|cannot open file/i.test(message)) {
    return errors.error('PLINTH_NOT_FOUND', `${subject}: file not found (${first}); check the path`, {
      cause: error,
    });
  }
  if (/^(IO|Invalid Input|Conversion|Binder|Parser|Catalog|Invalid) Error|^Invalid Error/i.test(message)) {
    return errors.error('PLINTH_VALIDATION', `${subject}: ${first}; check the file or query`, {
      cause: error,
    });
  }
  return errors.error('PLINTH_STORAGE', `${subject}: DuckDB failed: ${first}`, { cause: error });
}

/** Column names and DuckDB types of a query, in order. */
export async function describeQuery(
  connection: Connection,
  sql: string,
  params: readonly unknown[],
  subject: string,
): Promise<{ name: string; type: string }[]> {
  const reader = await run(connection, `DESCRIBE ${sql}`, params, subject);
  return reader.getRows().map((row) => ({ name: String(row[0]), type: String(row[1]) }));
}
