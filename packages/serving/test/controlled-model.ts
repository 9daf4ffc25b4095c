import type { ManualClock } from '@plinth/core';
import type { BatcherTimers, Model, ModelInputs, ModelOutputs } from '../src/index.node.ts';

/** One call a {@link controlledModel} received and holds until released. */
export interface HeldCall {
  /** Rows of the first input. */
  readonly rows: number;
  readonly inputs: ModelInputs;
  /** Lets the call go on to the real model. */
  release(): void;
}

/**
 * Wraps a real model so that a test decides when each call runs: every `predict` is held until released, and
 * `calls` grows as they arrive (`waitForCalls(n)` resolves once n have). `fail` makes a call throw instead.
 */
export function controlledModel(inner: Model, fail?: (inputs: ModelInputs) => Error | undefined) {
  const calls: HeldCall[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let disposed = false;
  const model: Model = {
    signature: inner.signature,
    source: inner.source,
    async predict(inputs): Promise<ModelOutputs> {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const first = Object.values(inputs)[0] as { dims: number[] };
      calls.push({ rows: first.dims[0]!, inputs, release });
      for (const waiter of waiters.filter((entry) => calls.length >= entry.count)) waiter.resolve();
      await released;
      const error = fail?.(inputs);
      if (error) throw error;
      return inner.predict(inputs);
    },
    async dispose() {
      disposed = true;
    },
  };
  return {
    model,
    calls,
    get disposed() {
      return disposed;
    },
    waitForCalls(count: number): Promise<void> {
      if (calls.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

/** Timers driven by a manual clock: `advance(ms)` moves the clock and runs what fell due, in time order. */
export function manualTimers(clock: ManualClock) {
  let pending: { at: number; callback: () => void }[] = [];
  const timers: BatcherTimers = {
    setTimeout(callback, ms) {
      const timer = { at: clock.now() + ms, callback };
      pending.push(timer);
      return timer;
    },
    clearTimeout(handle) {
      pending = pending.filter((timer) => timer !== handle);
    },
  };
  return {
    timers,
    get pending() {
      return pending.length;
    },
    advance(ms: number): void {
      const until = clock.now() + ms;
      for (;;) {
        const due = pending.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        pending = pending.filter((timer) => timer !== due);
        clock.set(Math.max(clock.now(), due.at));
        due.callback();
      }
      clock.set(until);
    },
  };
}

/** Lets queued microtasks and promise callbacks run. */
export async function settleMicrotasks(rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) await Promise.resolve();
}
