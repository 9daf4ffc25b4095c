/**
 * `@plinth/features/duckdb` in browsers: the same surface as in Node, but `duckdbEngine()` throws, since the
 * engine runs DuckDB's native Node binding. Browsers read features online (`getOnlineFeatures`).
 *
 * @packageDocumentation
 */
import { PlinthError } from '@plinth/core';
import type { OfflineEngine } from '../engine/port.ts';

/** The part of `@duckdb/node-api` the engine calls (pass the module itself). */
export interface DuckDBLib {
  readonly DuckDBInstance: {
    create(
      path?: string,
      options?: Record<string, string>,
    ): Promise<{ connect(): Promise<unknown>; closeSync(): void }>;
  };
}

/** Options of {@link duckdbEngine}. */
export interface DuckDBEngineOptions {
  /** The `@duckdb/node-api` module. @default imported lazily on first use */
  lib?: DuckDBLib;
  /** Database file, or `:memory:`. @default ':memory:' */
  path?: string;
  /** DuckDB settings passed to the instance. @default {} */
  config?: Readonly<Record<string, string>>;
}

/**
 * Not available in browsers.
 *
 * @throws {PlinthError} `PLINTH_UNSUPPORTED_RUNTIME`, always.
 * @example
 * ```ts
 * const online = await store.getOnlineFeatures({ features, entityRows }); // in browsers, instead of historical joins
 * ```
 */
export function duckdbEngine(_options?: DuckDBEngineOptions): OfflineEngine {
  throw new PlinthError({
    code: 'PLINTH_UNSUPPORTED_RUNTIME',
    component: 'features',
    message:
      'duckdbEngine needs Node.js (DuckDB runs as a native Node addon); in browsers use getOnlineFeatures over storageOnlineStore with idbStorage',
  });
}
