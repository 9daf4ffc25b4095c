import type { Deployment } from '../deployment/types.ts';
import type { Model } from '../model/types.ts';

/** The parts of an Apache Arrow table `scoreBatch` reads (an `apache-arrow` `Table` has them). */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  slice(begin?: number, end?: number): ArrowTableLike;
  select(columnNames: string[]): ArrowTableLike;
  getChild(name: string): unknown;
}

/** Progress of a `scoreBatch` run, after each chunk. */
export interface ScoreBatchProgress {
  /** Rows scored so far. */
  rows: number;
  /** Rows in the input. */
  totalRows: number;
  /** Chunks scored so far. */
  batches: number;
}

/** Options of `scoreBatch`: exactly one of `model` and `deployment`. */
export interface ScoreBatchOptions {
  /** The model to run. */
  model?: Model;
  /** Or a deployment (each chunk is one `predict` through its routing). */
  deployment?: Deployment;
  /** An Apache Arrow table, or (Node) the path of a `.parquet` or `.csv` file read through DuckDB. */
  input: ArrowTableLike | string;
  /** (Files) where to write the input columns plus the predictions, `.parquet` or `.csv`. @default `<input>.predictions.<ext>` */
  output?: string;
  /** Rows per model call. @default 1024 */
  batchSize?: number;
  /** Called after each chunk. */
  onProgress?: (progress: ScoreBatchProgress) => void;
  /**
   * Model input → the column(s) it is made of. @default an input takes the column of its name; a model with one
   * rank-2 input takes every column, in order
   */
  inputs?: Readonly<Record<string, string | readonly string[]>>;
  /** Prefix of the prediction columns (`score` → `pred_score`); outputs of width k > 1 become `<name>_0…`. @default '' */
  outputPrefix?: string;
  /** Cancels between chunks. */
  signal?: AbortSignal;
}

/** What `scoreBatch` returns. */
export interface ScoreBatchResult {
  /** Rows scored. */
  rows: number;
  /** Model calls made. */
  batches: number;
  /** The names of the prediction columns added. */
  columns: string[];
  /** (Arrow input) the input table with the prediction columns beside it (an `apache-arrow` `Table`). */
  table?: unknown;
  /** (File input) the file written. */
  output?: string;
}

/** Scores a file (Node, DuckDB). */
export type FileScorer = (
  options: ScoreBatchOptions & { input: string },
  predict: (inputs: Record<string, unknown>) => Promise<Readonly<Record<string, unknown>>>,
) => Promise<ScoreBatchResult>;
