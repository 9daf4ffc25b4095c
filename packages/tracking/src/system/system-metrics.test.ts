import { memoryStorage } from '@plinth/core/memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../tracker.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('system tags and metrics in Node', () => {
  it('tags runs with the runtime and logs system/* metrics on each sample, with steps counted per run', async () => {
    // The sampler's interval is driven by hand: no sleeping, no dependence on how busy the machine is.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const tracker = createTracker({
      storage: memoryStorage(),
      systemMetrics: { intervalMs: 1_000 },
      heartbeatMs: 0,
      exitHandler: false,
    });
    const first = await tracker.startRun({ experiment: 'system' });
    vi.advanceTimersByTime(3_000); // three samples while only `first` is active
    const second = await tracker.startRun({ experiment: 'system' });
    vi.advanceTimersByTime(2_000); // two more, logged to both runs
    const stored = await first.end();
    await second.end();
    vi.advanceTimersByTime(1_000); // a sample after both ended logs nothing

    expect(stored.tags['plinth.runtime.node']).toBe(process.version);
    expect(stored.tags['plinth.platform']).toBe(`${process.platform}-${process.arch}`);
    expect(stored.tags['mlflow.source.git.branch']).toBeTruthy();
    const rss = stored.metrics['system/memory_rss_mb']!;
    expect(rss.value).toBeGreaterThan(1);
    expect(rss.value).toBeLessThan(process.memoryUsage().rss / 2 ** 20 + 1024);
    expect(stored.metrics['system/cpu_percent']!.value).toBeGreaterThanOrEqual(0);
    expect(stored.metrics['system/event_loop_delay_ms']!.value).toBeGreaterThanOrEqual(0);
    const steps = async (runId: string) =>
      (await tracker.getMetricHistory(runId, 'system/heap_used_mb')).map((point) => point.step);
    expect(await steps(first.id)).toEqual([1, 2, 3, 4, 5]);
    expect(await steps(second.id)).toEqual([1, 2]);
    await tracker.close();
  });
});
