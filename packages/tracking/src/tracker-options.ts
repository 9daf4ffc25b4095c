import type { Clock, StorageAdapter } from '@plinth/core';
import type { TrackingBackend, ViewType } from './backend.ts';

/** Options of `createTracker`. Pass `storage` (the embedded backend is built over it) or a `backend`. */
export interface TrackerOptions {
  /** Storage for the embedded backend (memoryStorage, fsStorage, idbStorage). */
  storage?: StorageAdapter;
  /** A ready backend (e.g. an MLflow adapter); wins over `storage`. */
  backend?: TrackingBackend;
  /** Time source for start/end times, metric timestamps and heartbeats. @default systemClock */
  clock?: Clock;
  /** User recorded on runs (`mlflow.user` tag). @default the OS user in Node, none in browsers */
  user?: string;
  /** Set runtime tags (git, host, Node version, user agent) on new runs. @default true */
  systemTags?: boolean;
  /** Log `system/*` metrics every `intervalMs` on active runs. @default false */
  systemMetrics?: boolean | { intervalMs?: number };
  /** Refresh each active run's heartbeat this often; 0 disables the timer (flush still refreshes). @default 30000 */
  heartbeatMs?: number;
  /** Buffered points per run that trigger a background flush. @default 250000 */
  bufferPoints?: number;
  /** Points buffered or being written above which `run.ready()` waits. @default 4 × bufferPoints */
  maxPendingPoints?: number;
  /** Flush active runs when the process exits or the page hides. @default true */
  exitHandler?: boolean;
  /** Compact an experiment's search index once this many run updates are pending. @default 64 */
  compactAfter?: number;
}

/** Options of `startRun`. */
export interface StartRunOptions {
  /** Experiment name (created if missing) or id. @default 'Default' */
  experiment?: string;
  /** Experiment id (must exist). */
  experimentId?: string;
  /** Run name. @default a random name like `keen-otter-417` */
  name?: string;
  /** Tags set at creation. */
  tags?: Record<string, string>;
  /** Parent run, for nested runs (recorded as tag `mlflow.parentRunId`). */
  parentRunId?: string;
  /** Start time. @default clock now */
  startTime?: number | Date;
}

/** A `searchRuns` request. */
export interface SearchRunsRequest {
  /** Experiment names or ids. @default every experiment */
  experiments?: string[];
  /** MLflow filter: clauses joined by `and`. @default '' (everything) */
  filter?: string;
  /** Order keys like `metrics.acc DESC`. @default ['attributes.start_time DESC'] */
  orderBy?: string[];
  /** Page size, 1–50,000. @default 1000 */
  maxResults?: number;
  /** `nextPageToken` of the previous page. */
  pageToken?: string;
  /** Active runs (default), deleted ones, or all. MLflow's `ACTIVE_ONLY`/`DELETED_ONLY`/`ALL` also accepted. */
  runViewType?: ViewType | 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
}
