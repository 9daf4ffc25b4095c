import { type Clock, type StorageAdapter, TagValueSchema } from '@plinth/core';
import { isStorageAdapter } from '@plinth/core/adapter';
import * as z from 'zod/mini';
import type { TrackingBackend, ViewType } from './backend.ts';
import {
  ExperimentReferenceSchema,
  IdSchema,
  MAX_TIMESTAMP,
  RunNameSchema,
  TimeInputSchema,
} from './schemas/limits.ts';
import { TagsInputSchema } from './schemas/run.ts';

/** Options every tracker takes, whatever it stores into. */
export interface TrackerCommonOptions {
  /** Time source for start/end times, metric timestamps and heartbeats. @default systemClock */
  clock?: Clock;
  /** User recorded on runs (`mlflow.user` tag), up to 8,000 characters. @default the OS user in Node, none in browsers */
  user?: string;
  /** Set runtime tags (git, host, Node version, user agent) on new runs. @default true */
  systemTags?: boolean;
  /** Log `system/*` metrics every `intervalMs` (default 10,000) on active runs; steps count per run. @default false */
  systemMetrics?: boolean | { intervalMs?: number };
  /** Refresh each active run's heartbeat this often; 0 disables the timer (flush still refreshes). @default 30000 */
  heartbeatMs?: number;
  /** Buffered points per run that trigger a background write. @default 250000 */
  bufferPoints?: number;
  /** Points buffered or being written above which `run.ready()` waits. @default 4 × bufferPoints */
  maxPendingPoints?: number;
  /** Flush active runs when the process exits or the page hides. @default true */
  exitHandler?: boolean;
}

/** Options of a tracker over a `StorageAdapter` (the embedded backend is built over it). */
export interface StorageTrackerOptions extends TrackerCommonOptions {
  /** Storage for the embedded backend: `memoryStorage`, `fsStorage`, `idbStorage`, … */
  storage: StorageAdapter;
  /** Not with `storage`: give one or the other. */
  backend?: never;
  /** Compact an experiment's search index once this many run updates are pending. @default 64 */
  compactAfter?: number;
}

/** Options of a tracker over a ready `TrackingBackend` (e.g. an MLflow adapter). */
export interface BackendTrackerOptions extends TrackerCommonOptions {
  /** The backend every call goes to. */
  backend: TrackingBackend;
  /** Not with `backend`: give one or the other. */
  storage?: never;
  /** Only with `storage`; a backend configures its own index. */
  compactAfter?: never;
}

/** Options of `createTracker`: a `storage` (the embedded backend is built over it) or a `backend`, not both. */
export type TrackerOptions = StorageTrackerOptions | BackendTrackerOptions;

/** Options of `startRun`. */
export interface StartRunOptions {
  /** Experiment name (created if missing) or id. @default 'Default' */
  experiment?: string;
  /** Experiment id (must exist); not with `experiment`. */
  experimentId?: string;
  /** Run name, 1–250 characters. @default a random name like `keen-otter-417` */
  name?: string;
  /** Tags set at creation (an own-key map; values up to 8,000 characters). */
  tags?: Record<string, string>;
  /** Parent run, for nested runs (recorded as tag `mlflow.parentRunId`). */
  parentRunId?: string;
  /** Start time: a `Date` or epoch milliseconds, years 1970–9999. @default the clock's now */
  startTime?: number | Date;
}

/** Options of `run.end()`. */
export interface EndRunOptions {
  /** Final status. @default 'finished' */
  status?: 'finished' | 'failed' | 'killed';
  /** When the run ended: a `Date` or epoch milliseconds, not before the start time. @default the clock's now */
  endTime?: number | Date;
}

/** A `searchRuns` request. */
export interface SearchRunsRequest {
  /** Experiment names or ids. @default every experiment */
  experiments?: string[];
  /** MLflow filter: clauses joined by `and`. @default '' (everything) */
  filter?: string;
  /**
   * Order keys like `metrics.acc DESC`: a string or an array of strings, each holding one key or several
   * separated by commas. @default ['attributes.start_time DESC']
   */
  orderBy?: string | string[];
  /** Page size, 1–50,000. @default 1000 */
  maxResults?: number;
  /** `nextPageToken` of the previous page. */
  pageToken?: string;
  /** Active runs (default), deleted ones, or all. MLflow's `ACTIVE_ONLY`/`DELETED_ONLY`/`ALL` also accepted. */
  runViewType?: ViewType | 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
}

/** Options of `markStaleRuns`. */
export interface MarkStaleRunsOptions {
  /** Runs whose heartbeat is older than this many milliseconds are marked `killed` (a number ≥ 0). */
  olderThanMs: number;
  /** Experiment names or ids to look in. @default every experiment */
  experiments?: string[];
}

const hasMethods =
  (...methods: string[]) =>
  (value: unknown): boolean =>
    typeof value === 'object' &&
    value !== null &&
    methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');

const positiveInt = (max: number) =>
  z.number().check(z.int(), z.minimum(1, 'must be at least 1'), z.maximum(max, `must be at most ${max}`));

/** Schema of {@link TrackerOptions}. */
export const TrackerOptionsSchema = z.strictObject({
  storage: z.optional(
    z.custom<StorageAdapter>(
      isStorageAdapter,
      'must be a StorageAdapter (memoryStorage(), fsStorage({ dir }), idbStorage(), …)',
    ),
  ),
  backend: z.optional(
    z.custom<TrackingBackend>(
      hasMethods('createRun', 'getRun', 'updateRun', 'searchRuns', 'writeMetrics'),
      'must be a TrackingBackend',
    ),
  ),
  clock: z.optional(z.custom<Clock>(hasMethods('now'), 'must be a Clock (an object with now())')),
  user: z.optional(TagValueSchema),
  systemTags: z.optional(z.boolean()),
  systemMetrics: z.optional(
    z.union([z.boolean(), z.strictObject({ intervalMs: z.optional(positiveInt(2 ** 31 - 1)) })]),
  ),
  heartbeatMs: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(2 ** 31 - 1))),
  bufferPoints: z.optional(positiveInt(100_000_000)),
  maxPendingPoints: z.optional(positiveInt(1_000_000_000)),
  exitHandler: z.optional(z.boolean()),
  compactAfter: z.optional(positiveInt(1_000_000)),
});

/** Schema of {@link StartRunOptions}. */
export const StartRunOptionsSchema = z.strictObject({
  experiment: z.optional(ExperimentReferenceSchema),
  experimentId: z.optional(IdSchema),
  name: z.optional(RunNameSchema),
  tags: z.optional(TagsInputSchema),
  parentRunId: z.optional(IdSchema),
  startTime: z.optional(TimeInputSchema),
});

/** Schema of {@link EndRunOptions}. */
export const EndRunOptionsSchema = z.strictObject({
  status: z.optional(z.enum(['finished', 'failed', 'killed'])),
  endTime: z.optional(TimeInputSchema),
});

const ExperimentListSchema = z
  .array(ExperimentReferenceSchema)
  .check(z.maxLength(10_000, 'must list at most 10000 experiments'));

/** Schema of {@link SearchRunsRequest}. */
export const SearchRunsRequestSchema = z.strictObject({
  experiments: z.optional(ExperimentListSchema),
  filter: z.optional(z.string()),
  orderBy: z.optional(
    z.union([z.string(), z.array(z.string()).check(z.maxLength(100, 'must have at most 100 keys'))]),
  ),
  maxResults: z.optional(positiveInt(50_000)),
  pageToken: z.optional(z.string().check(z.maxLength(100_000, 'is too long to be a page token'))),
  runViewType: z.optional(z.enum(['active', 'deleted', 'all', 'ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'])),
});

/** Schema of {@link MarkStaleRunsOptions}. */
export const MarkStaleRunsOptionsSchema = z.strictObject({
  olderThanMs: z
    .number()
    .check(z.minimum(0, 'must be a number of milliseconds ≥ 0'), z.maximum(MAX_TIMESTAMP)),
  experiments: z.optional(ExperimentListSchema),
});
