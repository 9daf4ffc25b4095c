/**
 * `@plinth/features/duckdb`: the DuckDB offline engine (Node; `@duckdb/node-api` is an optional peer dependency,
 * imported on first use or injected as `lib`).
 *
 * @packageDocumentation
 */
export { type DuckDBEngineOptions, type DuckDBLib, duckdbEngine } from '../engine/duckdb/engine.ts';
