import { describe, expect, it } from 'vitest';
import { backoff } from './backoff.ts';
import { PlinthError } from './errors/plinth-error.ts';

/** A `random` that returns the given values in turn. */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length]!;
}

/** A `sleep` that records each wait and resolves at once, or rejects with the signal's reason once it fired. */
function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal) => {
    if (signal?.aborted) throw signal.reason;
    waits.push(ms);
  };
  return { waits, sleep };
}

describe('backoff', () => {
  it('doubles the ceiling from baseMs up to maxDelayMs (no jitter)', () => {
    const retries = backoff({ baseMs: 100, maxDelayMs: 1000, jitter: 'none' });
    // 100 · 2^n by hand: 100, 200, 400, 800, then capped at 1000
    expect([0, 1, 2, 3, 4, 5, 60, 5000].map((n) => retries.delay(n))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000, 1000,
    ]);
  });

  it('full jitter draws in [0, ceiling]; equal jitter in [ceiling / 2, ceiling]', () => {
    const full = backoff({ baseMs: 10, maxDelayMs: 1000, jitter: 'full', random: sequence(0, 0.5, 0.999) });
    expect([full.delay(0), full.delay(2), full.delay(3)]).toEqual([0, 20, 79.92]);
    const equal = backoff({ baseMs: 10, maxDelayMs: 1000, jitter: 'equal', random: sequence(0, 0.5, 1) });
    // ceilings 10, 40, 80: half plus random · half
    expect([equal.delay(0), equal.delay(2), equal.delay(3)]).toEqual([5, 30, 80]);
  });

  it('defaults to the compare-and-set schedule: full jitter under 2, 4, 8 … 50 ms, 50 attempts', () => {
    const retries = backoff({ random: () => 1 });
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => retries.delay(n))).toEqual([2, 4, 8, 16, 32, 50, 50]);
    expect(retries.maxAttempts).toBe(50);
  });

  it('run retries while retryIf accepts, waiting the schedule between attempts, and returns the result', async () => {
    const { waits, sleep } = recordingSleep();
    const retries = backoff({ baseMs: 10, maxDelayMs: 25, jitter: 'none', maxAttempts: 5, sleep });
    const attempts: number[] = [];
    const result = await retries.run(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Error('transient');
        return 'done';
      },
      { retryIf: (error) => error instanceof Error && error.message === 'transient' },
    );
    expect(result).toBe('done');
    expect(attempts).toEqual([0, 1, 2, 3]);
    expect(waits).toEqual([10, 20, 25]);
  });

  it('run throws the last error after maxAttempts, and an error retryIf rejects at once', async () => {
    const { waits, sleep } = recordingSleep();
    const retries = backoff({ maxAttempts: 3, jitter: 'none', sleep });
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error(`failure ${calls}`));
    };
    await expect(retries.run(failing, { retryIf: () => true })).rejects.toThrow('failure 3');
    expect(waits).toEqual([2, 4]);
    calls = 0;
    await expect(retries.run(failing, { retryIf: () => false })).rejects.toThrow('failure 1');
    expect(calls).toBe(1);
  });

  it('an aborted signal stops run before the next attempt with PLINTH_ABORTED', async () => {
    const controller = new AbortController();
    const { sleep } = recordingSleep();
    const retries = backoff({ jitter: 'none', sleep, component: 'storage:test' });
    let calls = 0;
    const error = await retries
      .run(
        async () => {
          calls++;
          controller.abort(new Error('stop'));
          throw new Error('transient');
        },
        { retryIf: () => true, signal: controller.signal },
      )
      .catch((caught: unknown) => caught);
    expect(PlinthError.is(error, 'PLINTH_ABORTED')).toBe(true);
    expect((error as PlinthError).component).toBe('storage:test');
    expect((error as PlinthError).cause).toEqual(new Error('stop'));
    expect(calls).toBe(1);
  });

  it('the default sleep is cancelled by the signal (wait rejects with PLINTH_ABORTED, no timer left)', async () => {
    const controller = new AbortController();
    const retries = backoff({ baseMs: 3_600_000, maxDelayMs: 3_600_000, jitter: 'none' });
    const waiting = retries.wait(0, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toSatisfy((error) => PlinthError.is(error, 'PLINTH_ABORTED'));
    await expect(retries.wait(0, controller.signal)).rejects.toSatisfy((error) =>
      PlinthError.is(error, 'PLINTH_ABORTED'),
    );
  });

  it('rejects bad options with PLINTH_VALIDATION naming the field', () => {
    const probes: [unknown, string][] = [
      [{ baseMs: -1 }, 'options.baseMs'],
      [{ maxDelayMs: Number.NaN }, 'options.maxDelayMs'],
      [{ jitter: 'half' }, 'options.jitter'],
      [{ maxAttempts: 0 }, 'options.maxAttempts'],
      [{ random: 0.5 }, 'options.random'],
      [{ sleep: 'soon' }, 'options.sleep'],
      [JSON.parse('{"__proto__": 1}'), 'options.__proto__'],
      [null, 'options'],
    ];
    for (const [options, path] of probes) {
      let caught: unknown;
      try {
        backoff(options as never);
      } catch (error) {
        caught = error;
      }
      expect(PlinthError.is(caught, 'PLINTH_VALIDATION'), JSON.stringify(options)).toBe(true);
      const { issues } = (caught as PlinthError).details as { issues: { path: string }[] };
      expect(issues[0]?.path).toBe(path);
    }
  });
});
