import type { Clock } from '@plinth/core';
import * as z from 'zod/mini';
import type { Model } from '../model/types.ts';
import type { Summary } from './sample-window.ts';

/** Timer functions the batcher uses; inject them with a manual clock in tests. */
export interface BatcherTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of `createBatcher`. */
export interface BatcherOptions {
  /** Most rows in one merged run. @default 64 */
  readonly maxBatchSize?: number;
  /**
   * How long the oldest queued request may wait for others to join its batch. `0` runs as soon as a slot is
   * free, with whatever has queued meanwhile (requests sent together in one tick share a batch). @default 0
   */
  readonly maxQueueDelayMs?: number;
  /** Most requests waiting; one more is refused with `PLINTH_OVERLOADED`. @default 10000 */
  readonly maxQueueSize?: number;
  /** A request still queued after this long fails with `PLINTH_TIMEOUT`. @default undefined (no limit) */
  readonly queueTimeoutMs?: number;
  /**
   * Batches in flight at once, a hard limit when set. @default the model's `concurrency` (a worker pool's size),
   * else 1; and then a full batch (`maxBatchSize` rows queued) goes ahead without waiting, up to 4 per slot
   */
  readonly maxConcurrency?: number;
  /** Whether `dispose()` also disposes the wrapped model. @default true */
  readonly disposeModel?: boolean;
  /** Time source for queue waits, latencies and timeouts. @default a monotonic epoch-ms clock */
  readonly clock?: Clock;
  /** Timers for `maxQueueDelayMs` and `queueTimeoutMs`. @default globalThis.setTimeout / clearTimeout */
  readonly timers?: BatcherTimers;
}

/** What `stats()` reports. */
export interface BatcherStats {
  /** Requests waiting, and their rows. */
  readonly queued: number;
  readonly queuedRows: number;
  /** Batches running. */
  readonly inFlight: number;
  /** Requests accepted, rows accepted, batches run. */
  readonly requests: number;
  readonly rows: number;
  readonly batches: number;
  /** Requests answered, and failed (inference errors, timeouts, aborts, refusals). */
  readonly completed: number;
  readonly failed: number;
  /** Refused because the queue was full (`PLINTH_OVERLOADED`), timed out in the queue, aborted while queued. */
  readonly overloaded: number;
  readonly timedOut: number;
  readonly aborted: number;
  /** Rows per batch. */
  readonly batchSize: Summary;
  /** Time from enqueue to the batch's start, per request. */
  readonly queueWaitMs: Summary;
  /** Time from enqueue to the answer, per request. */
  readonly latencyMs: Summary;
}

/** A model behind a batcher: a {@link Model} plus `stats()`. */
export interface BatchedModel extends Model {
  /** Counters and histograms (batch size, queue wait, latency: p50/p95/p99 over the last 4096). */
  stats(): BatcherStats;
}

const positiveInt = () => z.int().check(z.minimum(1));
const nonNegative = () => z.number().check(z.minimum(0), z.refine(Number.isFinite, 'must be finite'));

/** The batcher's options schema (strict: unknown keys are refused). */
export const BatcherOptionsSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    maxBatchSize: z.optional(positiveInt().check(z.maximum(1_000_000))),
    maxQueueDelayMs: z.optional(nonNegative()),
    maxQueueSize: z.optional(positiveInt()),
    queueTimeoutMs: z.optional(nonNegative().check(z.positive())),
    maxConcurrency: z.optional(positiveInt().check(z.maximum(1024))),
    disposeModel: z.optional(z.boolean()),
    clock: z.optional(
      z.custom<Clock>(
        (value) => typeof value === 'object' && value !== null && typeof (value as Clock).now === 'function',
        'must be a Clock ({ now() })',
      ),
    ),
    timers: z.optional(
      z.custom<BatcherTimers>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as BatcherTimers).setTimeout === 'function' &&
          typeof (value as BatcherTimers).clearTimeout === 'function',
        'must have setTimeout and clearTimeout',
      ),
    ),
  }),
);
