// Options of the DuckDB engine: type-only, shared by the Node entry and the browser stub (same surface).

/** The part of `@duckdb/node-api` the engine calls (pass the module itself). */
export interface DuckDBLib {
  readonly DuckDBInstance: {
    create(
      path?: string,
      options?: Record<string, string>,
    ): Promise<{ connect(): Promise<unknown>; closeSync(): void }>;
  };
}

/** Options of `duckdbEngine`. */
export interface DuckDBEngineOptions {
  /** The `@duckdb/node-api` module. @default imported lazily on first use */
  lib?: DuckDBLib;
  /** Database file, or `:memory:`. @default ':memory:' */
  path?: string;
  /** DuckDB settings (`threads`, `memory_limit`, …) passed to the instance. @default {} */
  config?: Readonly<Record<string, string>>;
}
