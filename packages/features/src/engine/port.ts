/**
 * The offline engine port: what `createFeatureStore` needs from the engine that runs point-in-time joins and
 * computes the latest rows to materialize. `duckdbEngine()` (`@plinth/features/duckdb`, Node) is the adapter.
 * Public types describe the shapes Plinth passes; the engine's own library types stay inside the adapter.
 */
import type { FeatureView } from '../definitions/feature-view.ts';
import type { FeatureType } from '../definitions/types.ts';
import type { OnlinePartition, OnlineRowTexts } from '../online/port.ts';

/** The subset of an Apache Arrow `Table` Plinth reads (an `apache-arrow` `Table` fits). */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: unknown }[] };
  getChild(name: string): { get(index: number): unknown } | null;
}

/**
 * Entity rows for a historical join: a `.csv` or `.parquet` path (or glob), a SQL query over the engine
 * (`{ sql }`, or a string that starts with `SELECT`, `WITH` or `FROM`), an Arrow table, or row objects.
 */
export type EntitySource =
  | string
  | { readonly sql: string }
  | ArrowTableLike
  | readonly Record<string, unknown>[];

/** One requested feature of a view, and the output column it lands in. */
export interface JoinFeature {
  readonly name: string;
  readonly type: FeatureType;
  /** Output column name (`feature`, `view__feature`, or a hidden `__plinth_…` input of an on-demand view). */
  readonly output: string;
}

/** One view of a historical join, in output order. */
export interface JoinView {
  readonly view: FeatureView;
  readonly features: readonly JoinFeature[];
}

/** A stage of a long job, reported through `onProgress`. */
export interface Progress {
  /** What is being done. */
  readonly stage:
    | 'load-entities'
    | 'validate'
    | 'plan'
    | 'join'
    | 'transform'
    | 'write'
    | 'materialize'
    | 'done';
  /** Rows done in this stage, when known. */
  readonly rows?: number;
  /** Total rows of this stage, when known. */
  readonly total?: number;
  /** View being worked on (materialize). */
  readonly view?: string;
  /** Stage `plan`: the join plan of each view, by view name (`asof` or `window`). */
  readonly plans?: Readonly<Record<string, 'asof' | 'window'>>;
}

/** A historical join request, validated by the store (names, collisions) before it reaches the engine. */
export interface HistoricalQuery {
  readonly entities: EntitySource;
  readonly entityTimestampColumn: string;
  readonly views: readonly JoinView[];
  readonly filterByCreatedTimestamp: boolean;
  /** Join plan: `asof` (dedup + ASOF JOIN), `window` (range join + QUALIFY), or `auto` (chosen by the data). */
  readonly plan: 'auto' | 'asof' | 'window';
  /** Entity-table columns the caller needs present (request fields of on-demand views). */
  readonly requiredEntityColumns: readonly string[];
  readonly onProgress?: (progress: Progress) => void;
  readonly signal?: AbortSignal;
}

/** Column type of a result column: a feature type, or the engine's own type name for other entity columns. */
export type ResultColumnType = FeatureType | `other:${string}`;

/** A result held by columns in JS memory. Timestamps are `Date`; int64 values are `bigint`. */
export interface ResultColumns {
  readonly names: readonly string[];
  readonly types: readonly ResultColumnType[];
  readonly columns: readonly unknown[][];
  readonly length: number;
}

/** A file format the engine writes. */
export type OutputFormat = 'parquet' | 'csv';

/**
 * A batch of latest rows of one view, by columns (keys as typed tuples, timestamps in epoch ms). A numeric
 * column without nulls may be a `Float64Array`; `createdTimestamps` is null when no row has one.
 */
export interface LatestBatch {
  readonly length: number;
  readonly keys: ArrayLike<readonly (string | number | bigint | boolean)[]>;
  readonly values: readonly ArrayLike<unknown>[];
  readonly eventTimestamps: ArrayLike<number>;
  readonly createdTimestamps: ArrayLike<number | null> | null;
}

/** The latest row per entity of one view with event time in `[startMs, endMs]`. */
export interface LatestQuery {
  readonly view: FeatureView;
  readonly startMs: number;
  readonly endMs: number;
  /** Rows per batch. */
  readonly batchRows: number;
  readonly signal?: AbortSignal;
}

/** An offline engine. */
export interface OfflineEngine {
  /** Adapter name for messages (`duckdb`). */
  readonly kind: string;
  /** Checks that every view's source is readable and has its columns with the declared types. */
  validateViews(views: readonly FeatureView[]): Promise<void>;
  /** Runs a join and returns its result by columns. */
  joinToColumns(query: HistoricalQuery): Promise<ResultColumns>;
  /** Runs a join and writes it to a file inside the engine (the rows never pass through the JS heap). */
  joinToFile(query: HistoricalQuery, path: string, format: OutputFormat): Promise<{ rows: number }>;
  /** Writes columns held in JS to a file. */
  writeColumns(columns: ResultColumns, path: string, format: OutputFormat): Promise<{ rows: number }>;
  /** Streams the latest row per entity, in batches. */
  latest(query: LatestQuery): AsyncIterable<LatestBatch>;
  /**
   * Optional: the latest rows of a view grouped into `partitions` partitions the way an online store that has
   * `partitions` keeps them, or undefined when this view's keys do not allow it (then use `latest`).
   */
  latestPartitions?(
    query: LatestQuery,
    partitions: number,
  ): Promise<AsyncIterable<OnlinePartition> | undefined>;
  /**
   * Optional: the latest rows of a view as `buckets` buckets of row texts (for a store with `rowTextBuckets`), or
   * undefined when this view's keys do not allow it (then use `latest`).
   */
  latestRowTexts?(query: LatestQuery, buckets: number): Promise<AsyncIterable<OnlineRowTexts> | undefined>;
  /** Appends rows (by columns: join keys, timestamp field, created field if any, features) to a view's offline data. */
  push(view: FeatureView, columns: ResultColumns): Promise<{ rows: number }>;
  /** Releases the engine. */
  close(): Promise<void>;
}
