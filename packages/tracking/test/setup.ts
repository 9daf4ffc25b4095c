// Shared by the tracker's unit tests: a tracker on fresh memory storage with a manual clock.
import { manualClock, PlinthError } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { createTracker } from '../src/tracker.ts';
import type { StorageTrackerOptions } from '../src/tracker-options.ts';

/** The code of the PlinthError a call rejects or throws with, or `undefined` when it succeeds. */
export async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (PlinthError.is(error)) return error.code;
    throw error;
  }
  return undefined;
}

/** A tracker on fresh memory storage, 1 ms per clock read, no system tags, heartbeats or exit hook. */
export function setup(options: Partial<StorageTrackerOptions> = {}) {
  const storage = options.storage ?? memoryStorage();
  const clock = manualClock(Date.UTC(2025, 0, 1), 1);
  const tracker = createTracker({
    storage,
    clock,
    systemTags: false,
    heartbeatMs: 0,
    exitHandler: false,
    ...options,
  });
  return { storage, clock, tracker };
}
