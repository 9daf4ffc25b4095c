// Latency bookkeeping: a ring of recent values for percentiles, cumulative buckets for Prometheus histograms.
import type { LatencySummary } from './types.ts';

/** Histogram bucket upper bounds in seconds (Prometheus convention). */
export const LATENCY_BUCKETS_SECONDS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

/** Latencies of one route. */
export interface LatencyRecorder {
  record(ms: number): void;
  summary(): LatencySummary;
  /** Requests per bucket (not cumulative), the last one is +Inf. */
  readonly buckets: Float64Array;
  readonly count: number;
  /** Sum of all latencies, in ms. */
  readonly sumMs: number;
}

/** Nearest-rank percentile of sorted values (p in 0–100). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** A recorder keeping the most recent `window` latencies. */
export function latencyRecorder(window = 4096): LatencyRecorder {
  const ring = new Float64Array(window);
  const buckets = new Float64Array(LATENCY_BUCKETS_SECONDS.length + 1);
  let count = 0;
  let sumMs = 0;
  return {
    record(ms) {
      ring[count % window] = ms;
      count += 1;
      sumMs += ms;
      const seconds = ms / 1000;
      let index = 0;
      while (index < LATENCY_BUCKETS_SECONDS.length && seconds > LATENCY_BUCKETS_SECONDS[index]!) index++;
      buckets[index]! += 1;
    },
    summary() {
      const recent = ring.slice(0, Math.min(count, window)).sort();
      let sum = 0;
      for (const value of recent) sum += value;
      return {
        count,
        p50: nearestRank(recent, 50),
        p95: nearestRank(recent, 95),
        p99: nearestRank(recent, 99),
        mean: recent.length === 0 ? Number.NaN : sum / recent.length,
      };
    },
    buckets,
    get count() {
      return count;
    },
    get sumMs() {
      return sumMs;
    },
  };
}
