// The queue of log-batch requests: sent in order, retried while the server is away, bounded.
import { type Backoff, isTransientMlflowError } from '@plinth/core/adapter';
import { trackingErrors } from '../errors.ts';
import type { LogBatchBody } from './batch.ts';

/** What the outbox of an MLflow backend holds and has done. */
export interface MlflowOutboxStats {
  /** Metric points, params and tags waiting to be sent. */
  queued: number;
  /** Items sent and acknowledged by the server. */
  delivered: number;
  /** Items dropped because the queue was full (oldest first). */
  dropped: number;
  /** True while the server is refusing or unreachable and the head of the queue is being retried. */
  failing: boolean;
}

interface Entry {
  bodies: LogBatchBody[];
  items: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Options of {@link createOutbox}. */
export interface OutboxOptions {
  /** Sends one body (the client retries a few times before this throws). */
  send: (body: LogBatchBody) => Promise<void>;
  /** Most items held; past it the oldest entries are dropped. */
  maxQueuedItems: number;
  /** The waits between rounds of attempts while the server is away. */
  waits: Backoff;
  /** Called after each failed round (the error, and what is still queued). */
  onRetry?: (info: { error: unknown; queued: number }) => void;
  /** Called when entries are dropped because the queue is full. */
  onDrop?: (info: { items: number; dropped: number }) => void;
}

/** The outbox: `enqueue` resolves once every body of the entry is acknowledged. */
export interface Outbox {
  enqueue(bodies: LogBatchBody[], items: number): Promise<void>;
  stats(): MlflowOutboxStats;
  /** Resolves when the queue is empty. */
  idle(): Promise<void>;
  /** Stops sending; entries still queued are rejected with `PLINTH_CLOSED`. */
  close(): void;
}

/**
 * A FIFO of log-batch entries with one sender. A transient failure (429, 502–504, the network) keeps the
 * entry at the head and waits (core's backoff, growing to its cap) before the next round, for as long as it
 * takes; a permanent one (a 400 for a changed param, say) rejects that entry only. When a new entry would
 * take the queue past `maxQueuedItems`, the oldest waiting entries are dropped (their promises reject with
 * `PLINTH_OVERLOADED`) and counted in `dropped`.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const queue: Entry[] = [];
  let queued = 0;
  let delivered = 0;
  let dropped = 0;
  let failing = false;
  let running = false;
  let closed = false;
  let idleWaiters: Array<() => void> = [];
  const stop = new AbortController();

  const settleIdle = () => {
    if (queue.length > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const waiter of waiters) waiter();
  };

  const run = async () => {
    if (running) return;
    running = true;
    let round = 0;
    try {
      while (queue.length > 0 && !closed) {
        const entry = queue[0]!;
        try {
          await options.send(entry.bodies[0]!);
        } catch (error) {
          if (closed) break;
          if (isTransientMlflowError(error)) {
            failing = true;
            options.onRetry?.({ error, queued });
            await options.waits.wait(round++, stop.signal).catch(() => undefined);
            continue;
          }
          queue.shift();
          queued -= entry.items;
          entry.reject(error);
          continue;
        }
        failing = false;
        round = 0;
        entry.bodies.shift();
        if (entry.bodies.length === 0) {
          queue.shift();
          queued -= entry.items;
          delivered += entry.items;
          entry.resolve();
        }
      }
    } finally {
      running = false;
      settleIdle();
    }
  };

  return {
    enqueue(bodies, items) {
      if (closed) {
        return Promise.reject(
          trackingErrors.error(
            'PLINTH_CLOSED',
            'this MLflow backend was closed; create a new one to log more',
          ),
        );
      }
      if (bodies.length === 0) return Promise.resolve();
      if (items > options.maxQueuedItems) {
        return Promise.reject(
          trackingErrors.error(
            'PLINTH_OVERLOADED',
            `${items} items do not fit the MLflow outbox (maxQueuedItems ${options.maxQueuedItems}); log fewer at once or raise maxQueuedItems`,
          ),
        );
      }
      // Drop the oldest entries not being sent (index 0 may be in flight) until the new one fits.
      let freed = 0;
      while (queued + items > options.maxQueuedItems && queue.length > 1) {
        const oldest = queue.splice(1, 1)[0]!;
        queued -= oldest.items;
        dropped += oldest.items;
        freed += oldest.items;
        oldest.reject(
          trackingErrors.error(
            'PLINTH_OVERLOADED',
            `the MLflow server has been unreachable and the outbox is full: ${oldest.items} queued items were dropped (oldest first); raise maxQueuedItems or check the server`,
            { details: { dropped: oldest.items } },
          ),
        );
      }
      if (freed > 0) options.onDrop?.({ items: freed, dropped });
      return new Promise<void>((resolve, reject) => {
        queue.push({ bodies: [...bodies], items, resolve, reject });
        queued += items;
        void run();
      });
    },
    stats: () => ({ queued, delivered, dropped, failing }),
    idle: () =>
      queue.length === 0 && !running
        ? Promise.resolve()
        : new Promise<void>((done) => idleWaiters.push(done)),
    close() {
      closed = true;
      stop.abort();
      for (const entry of queue.splice(0)) {
        entry.reject(
          trackingErrors.error(
            'PLINTH_CLOSED',
            `the MLflow backend was closed with ${entry.items} items not yet delivered; flush() before close() while the server is up`,
            { details: { undelivered: entry.items } },
          ),
        );
      }
      queued = 0;
      settleIdle();
    },
  };
}
