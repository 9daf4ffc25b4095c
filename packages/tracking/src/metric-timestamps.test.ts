import { manualClock } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from './tracker.ts';

afterEach(() => {
  vi.useRealTimers();
});

const options = { systemTags: false, heartbeatMs: 0, exitHandler: false } as const;

describe('metric timestamps', () => {
  it('each point logged in a synchronous loop gets its own time from an injected clock', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1));
    const tracker = createTracker({ storage: memoryStorage(), clock, ...options });
    const run = await tracker.startRun({});
    const start = clock.now();
    for (let epoch = 0; epoch < 5; epoch++) {
      clock.advance(20); // a 20 ms epoch
      run.logMetric('loss', 1 / (epoch + 1), { step: epoch });
    }
    run.logMetric('given', 1, { timestamp: 7 });
    run.logMetric('given', 2, { timestamp: new Date(9) });
    await run.end();
    const history = await tracker.getMetricHistory(run.id, 'loss');
    expect(history.map((point) => point.timestamp - start)).toEqual([20, 40, 60, 80, 100]);
    expect((await tracker.getMetricHistory(run.id, 'given')).map((point) => point.timestamp)).toEqual([7, 9]);
  });

  it('the default system clock is read for every point too (five 20 ms epochs, five timestamps)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.UTC(2026, 0, 1);
    vi.setSystemTime(start);
    const tracker = createTracker({ storage: memoryStorage(), ...options });
    const run = await tracker.startRun({});
    for (let epoch = 0; epoch < 5; epoch++) {
      vi.setSystemTime(start + 20 * (epoch + 1));
      run.logMetric('loss', epoch, { step: epoch });
      run.logMetrics({ a: epoch, b: epoch });
    }
    await run.end();
    const times = async (key: string) =>
      (await tracker.getMetricHistory(run.id, key)).map((point) => point.timestamp - start);
    expect(await times('loss')).toEqual([20, 40, 60, 80, 100]);
    // logMetrics stamps all the metrics of one call with one time.
    expect(await times('a')).toEqual([20, 40, 60, 80, 100]);
    expect(await times('b')).toEqual(await times('a'));
  });
});
