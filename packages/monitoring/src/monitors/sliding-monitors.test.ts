import { manualClock } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { createLatencyMonitor, type LatencyWindowResult } from './latency-monitor.ts';
import { createQualityMonitor, type QualityWindowResult } from './quality-monitor.ts';

describe('sliding latency windows', () => {
  it('by calls: each window is the last four panes of 1,000 calls', () => {
    const results: LatencyWindowResult[] = [];
    const monitor = createLatencyMonitor({
      window: { size: 4000 },
      slide: 1000,
      onWindow: (r) => results.push(r),
    });
    for (let call = 0; call < 10_000; call++) monitor.observe(call, call % 50 === 0);
    // Windows end after calls 4000, 5000, …, 10000; window i holds calls 1000·i … 1000·i + 3999.
    expect(results).toHaveLength(7);
    results.forEach((result, i) => {
      const first = 1000 * i;
      expect(result.window.index).toBe(i);
      expect(result.count).toBe(4000);
      expect(result.errors).toBe(80);
      expect(result.max).toBe(first + 3999);
      expect(result.mean).toBe(first + 1999.5);
      // KLL rank error well under 1% of 4,000 calls.
      expect(Math.abs(result.p50 - (first + 2000))).toBeLessThan(40);
      expect(Math.abs(result.p99 - (first + 3960))).toBeLessThan(40);
    });
  });

  it('by time: panes on a grid from the first call, empty panes slide through, a long gap starts afresh', () => {
    const clock = manualClock(0);
    const results: LatencyWindowResult[] = [];
    const monitor = createLatencyMonitor({
      window: { durationMs: 60_000 },
      slide: 20_000,
      clock,
      onWindow: (r) => results.push(r),
    });
    // One call every 10 s for 80 s: latencies 1..8.
    for (let i = 0; i < 8; i++) {
      clock.set(i * 10_000);
      monitor.observe(i + 1);
    }
    // The call at 60 s closed panes [0, 20) [20, 40) [40, 60): window [0, 60) with latencies 1..6.
    expect(results.map((r) => [r.window.startedAt, r.window.endedAt, r.count, r.max])).toEqual([
      [0, 60_000, 6, 6],
    ]);
    clock.set(85_000);
    monitor.observe(100);
    // Closed [60, 80): window [20, 80) with latencies 3..8.
    expect(results.at(-1)).toMatchObject({
      window: { startedAt: 20_000, endedAt: 80_000 },
      count: 6,
      max: 8,
      mean: 5.5,
    });
    clock.set(500_000); // far past the window: nothing stale is merged into what comes next
    monitor.observe(7);
    const last = monitor.flush()!;
    expect(last.count).toBe(1);
    expect(last.max).toBe(7);
  });

  it('refuses a slide that does not divide the window', () => {
    expect(() => createLatencyMonitor({ window: { size: 1000 }, slide: 300 })).toThrow(/divide the window/);
  });
});

describe('sliding quality windows', () => {
  it('reports every two labels over the last four joined pairs', () => {
    const results: QualityWindowResult[] = [];
    const monitor = createQualityMonitor({
      task: 'regression',
      window: { size: 4 },
      slide: 2,
      onWindow: (r) => results.push(r),
    });
    // Errors 1, 2, 3, 4, 5, 6 in label order.
    for (let i = 1; i <= 6; i++) {
      monitor.recordPrediction(`p${i}`, 0);
      monitor.recordLabel(`p${i}`, i);
    }
    expect(results.map((r) => [r.count, r.mae])).toEqual([
      [4, (1 + 2 + 3 + 4) / 4],
      [4, (3 + 4 + 5 + 6) / 4],
    ]);
    expect(results[1]!.rmse).toBeCloseTo(Math.sqrt((9 + 16 + 25 + 36) / 4), 14);
  });
});
