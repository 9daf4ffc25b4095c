/**
 * `@plinth/features/duckdb` in browsers: the same surface as in Node, but `duckdbEngine()` throws, since the
 * engine runs DuckDB's native Node binding. Browsers read features online (`getOnlineFeatures`).
 *
 * @packageDocumentation
 */
import { PlinthError } from '@plinth/core';
import type { DuckDBEngineOptions } from '../engine/duckdb/options.ts';
import type { OfflineEngine } from '../engine/port.ts';

export type { DuckDBEngineOptions, DuckDBLib } from '../engine/duckdb/options.ts';

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
