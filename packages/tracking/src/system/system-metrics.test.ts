import { memoryStorage } from '@plinth/core/memory';
import { describe, expect, it } from 'vitest';
import { createTracker } from '../tracker.ts';

describe('system tags and metrics in Node', () => {
  it('tags runs with the runtime and logs system/* metrics every interval when asked', async () => {
    const tracker = createTracker({
      storage: memoryStorage(),
      systemMetrics: { intervalMs: 25 },
      heartbeatMs: 0,
      exitHandler: false,
    });
    const run = await tracker.startRun({ experiment: 'system' });
    const start = Date.now();
    while (Date.now() - start < 40) {
      // Busy for a while so cpu_percent has something to measure.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stored = await run.end();
    expect(stored.tags['plinth.runtime.node']).toBe(process.version);
    expect(stored.tags['plinth.platform']).toBe(`${process.platform}-${process.arch}`);
    expect(stored.tags['mlflow.source.git.branch']).toBeTruthy();
    const rss = stored.metrics['system/memory_rss_mb']!;
    expect(Math.abs(rss.value - process.memoryUsage().rss / 2 ** 20)).toBeLessThan(200);
    expect(stored.metrics['system/cpu_percent']!.value).toBeGreaterThanOrEqual(0);
    expect(stored.metrics['system/event_loop_delay_ms']!.value).toBeGreaterThanOrEqual(0);
    const history = await tracker.getMetricHistory(run.id, 'system/heap_used_mb');
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(history.map((point) => point.step)).toEqual(history.map((_, index) => index + 1));
    await tracker.close();
  });
});
