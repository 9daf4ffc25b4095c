import { PlinthError } from './errors/plinth-error.ts';
import { checkOptionsObject, checks, type FieldCheck } from './storage/arguments.ts';

/**
 * How a wait is drawn below its ceiling: `'full'` uniformly in `[0, ceiling]` (the spread that lets racing
 * writers fall apart fastest), `'equal'` uniformly in `[ceiling / 2, ceiling]`, `'none'` the ceiling itself.
 */
export type BackoffJitter = 'full' | 'equal' | 'none';

/** Options of {@link backoff}. */
export interface BackoffOptions {
  /** Ceiling of the wait before the first retry, in ms; it doubles with each retry. @default 2 */
  baseMs?: number;
  /** Largest ceiling, in ms. @default 50 */
  maxDelayMs?: number;
  /** How a wait is drawn below its ceiling. @default 'full' */
  jitter?: BackoffJitter;
  /** Most attempts {@link Backoff.run} makes, the first included. @default 50 */
  maxAttempts?: number;
  /** Component named in errors. @default 'core' */
  component?: string;
  /** Source of randomness in `[0, 1)`; inject one to test a schedule. @default Math.random */
  random?: () => number;
  /**
   * Waits `ms` milliseconds, rejecting when `signal` fires; inject one to test without waiting.
   * @default a `setTimeout` that `signal` cancels
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Options of {@link Backoff.run}. */
export interface BackoffRunOptions {
  /** True for an error worth another attempt; any other error is thrown at once. */
  retryIf: (error: unknown) => boolean;
  /** Cancels the waits and any attempt not yet started. */
  signal?: AbortSignal;
}

/** An exponential backoff schedule with jitter; see {@link backoff}. */
export interface Backoff {
  /** Most attempts {@link Backoff.run} makes. */
  readonly maxAttempts: number;
  /** The wait before retry `retry` (0 for the first retry), in ms: `min(maxDelayMs, baseMs · 2^retry)`, jittered. */
  delay(retry: number): number;
  /**
   * Waits {@link Backoff.delay}`(retry)` ms.
   * @throws {PlinthError} `PLINTH_ABORTED` when `signal` fires first.
   */
  wait(retry: number, signal?: AbortSignal): Promise<void>;
  /**
   * Runs `task` until it succeeds, waiting between attempts while `retryIf` accepts the error and fewer than
   * `maxAttempts` attempts were made; then throws the last error.
   * @throws {PlinthError} `PLINTH_ABORTED` when `signal` fires, or the last error of `task`.
   */
  run<T>(task: (attempt: number) => Promise<T>, options: BackoffRunOptions): Promise<T>;
}

/** Longest wait `setTimeout` honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const nonNegative: FieldCheck = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TIMER_MS
    ? undefined
    : `must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`;

const OPTIONS = {
  baseMs: nonNegative,
  maxDelayMs: nonNegative,
  jitter: checks.oneOf(['full', 'equal', 'none']),
  maxAttempts: checks.integer(1, 1_000_000),
  component: checks.text(256),
  random: checks.function,
  sleep: checks.function,
};

function aborted(signal: AbortSignal, component: string): PlinthError {
  return new PlinthError({
    code: 'PLINTH_ABORTED',
    component,
    message: 'retry cancelled by its AbortSignal; nothing more was attempted',
    cause: signal.reason,
  });
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * An exponential backoff with jitter, for retrying a lost compare-and-set, a failing server or a held lock.
 * The ceiling of retry `n` is `min(maxDelayMs, baseMs · 2^n)`; `jitter` draws the wait below it.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for an unknown option or a value out of range.
 * @example
 * ```ts
 * const retries = backoff({ baseMs: 100, maxDelayMs: 5000, maxAttempts: 4 });
 * const body = await retries.run(() => download(url), { retryIf: (error) => isTransient(error), signal });
 * ```
 */
export function backoff(options: BackoffOptions = {}): Backoff {
  checkOptionsObject(options, OPTIONS, { component: 'core', subject: 'backoff options', path: 'options' });
  const {
    baseMs = 2,
    maxDelayMs = 50,
    jitter = 'full',
    maxAttempts = 50,
    component = 'core',
    random = Math.random,
    sleep = sleepFor,
  } = options;

  const delay = (retry: number) => {
    const ceiling = Math.min(maxDelayMs, baseMs * 2 ** Math.min(retry, 1024));
    if (jitter === 'none') return ceiling;
    return jitter === 'full' ? random() * ceiling : ceiling / 2 + (random() * ceiling) / 2;
  };
  const wait = async (retry: number, signal?: AbortSignal) => {
    if (signal?.aborted) throw aborted(signal, component);
    try {
      await sleep(delay(retry), signal);
    } catch (error) {
      if (signal?.aborted) throw aborted(signal, component);
      throw error;
    }
  };
  return {
    maxAttempts,
    delay,
    wait,
    async run(task, { retryIf, signal }) {
      for (let attempt = 0; ; attempt++) {
        if (signal?.aborted) throw aborted(signal, component);
        try {
          return await task(attempt);
        } catch (error) {
          if (attempt + 1 >= maxAttempts || !retryIf(error)) throw error;
        }
        await wait(attempt, signal);
      }
    },
  };
}
