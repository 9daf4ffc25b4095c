import { PlinthError } from './errors/plinth-error.ts';

/**
 * A source of the current time in UTC epoch milliseconds. Inject one in tests to make time deterministic.
 */
export interface Clock {
  /** Current time, UTC epoch milliseconds. */
  now(): number;
}

/** The real clock: `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock a test moves by hand. */
export interface ManualClock extends Clock {
  /** Sets the time. */
  set(ms: number): void;
  /** Moves the time forward by `ms`. */
  advance(ms: number): void;
}

/**
 * A clock that only moves when told to (or by `stepMs` on every read).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when a time or step is not a finite number.
 *
 * @param startMs the initial time. @default 0
 * @param stepMs how far each `now()` call advances the clock. @default 0
 * @example
 * ```ts
 * const clock = manualClock(Date.UTC(2024, 0, 1));
 * clock.advance(1000);
 * ```
 */
export function manualClock(startMs = 0, stepMs = 0): ManualClock {
  let current = finiteMs(startMs, 'startMs');
  const step = finiteMs(stepMs, 'stepMs');
  return {
    now() {
      const value = current;
      current += step;
      return value;
    },
    set(ms) {
      current = finiteMs(ms, 'ms');
    },
    advance(ms) {
      current += finiteMs(ms, 'ms');
    },
  };
}

function finiteMs(value: unknown, argument: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new PlinthError({
    code: 'PLINTH_VALIDATION',
    component: 'core',
    message: `manualClock: ${argument} must be a finite number of milliseconds, got ${value === null ? 'null' : typeof value === 'number' ? String(value) : typeof value}`,
    details: { issues: [{ path: argument, message: 'must be a finite number' }] },
  });
}
