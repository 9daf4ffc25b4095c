import { KllSketch } from '../profile/kll.ts';
import { type AlertRule, createAlertEvaluator } from './alerts.ts';
import { checkWindow, type WindowSpec } from './window-options.ts';

/** Latency and error figures of one window. */
export interface LatencyWindowResult {
  window: { index: number; startedAt: number; endedAt: number };
  count: number;
  errors: number;
  errorRate: number;
  /** Latency quantiles (ms) from a KLL sketch (rank error < 1%). */
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Options of {@link createLatencyMonitor}. */
export interface LatencyMonitorOptions {
  /** Tumbling window by calls (`{ size }`) or by time (`{ durationMs }`). */
  window: WindowSpec;
  onWindow?: (result: LatencyWindowResult) => void;
  alerts?: readonly AlertRule<LatencyWindowResult>[];
  /** @default Date.now */
  now?: () => number;
}

/** A latency / error-rate monitor; see {@link createLatencyMonitor}. */
export interface LatencyMonitor {
  /** Records one call's latency (ms) and whether it failed; returns the window result it completed, if any. */
  observe(latencyMs: number, failed?: boolean): LatencyWindowResult | undefined;
  /** Closes the open window now. */
  flush(): LatencyWindowResult | undefined;
}

/**
 * Tracks p50 / p95 / p99 latency (from a streaming KLL sketch, memory independent of the call count) and the
 * error rate per tumbling window, with alert rules.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad window.
 * @example
 * ```ts
 * const latency = createLatencyMonitor({ window: { durationMs: 60_000 }, alerts: [{ name: 'p99', value: (r) => r.p99, threshold: 250 }] });
 * latency.observe(elapsedMs, failed);
 * ```
 */
export function createLatencyMonitor(options: LatencyMonitorOptions): LatencyMonitor {
  checkWindow(options.window, undefined, 'createLatencyMonitor');
  const now = options.now ?? Date.now;
  const alerts = createAlertEvaluator(options.alerts ?? []);
  let sketch = new KllSketch(200);
  let count = 0;
  let errors = 0;
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  let index = 0;
  let startedAt = Number.NaN;

  function close(endedAt: number): LatencyWindowResult | undefined {
    if (count === 0) return undefined;
    const [p50, p95, p99] = sketch.quantiles([0.5, 0.95, 0.99]);
    const result: LatencyWindowResult = {
      window: { index: index++, startedAt, endedAt },
      count,
      errors,
      errorRate: errors / count,
      p50: p50!,
      p95: p95!,
      p99: p99!,
      mean: sum / Math.max(sketch.n, 1),
      max,
    };
    sketch = new KllSketch(200);
    count = 0;
    errors = 0;
    sum = 0;
    max = Number.NEGATIVE_INFINITY;
    startedAt = Number.NaN;
    options.onWindow?.(result);
    alerts.evaluate(result, endedAt);
    return result;
  }

  return {
    observe(latencyMs, failed = false) {
      const at = now();
      let closed: LatencyWindowResult | undefined;
      if (
        'durationMs' in options.window &&
        !Number.isNaN(startedAt) &&
        at >= startedAt + options.window.durationMs
      ) {
        closed = close(startedAt + options.window.durationMs);
      }
      if (Number.isNaN(startedAt)) startedAt = at;
      count++;
      if (failed) errors++;
      if (Number.isFinite(latencyMs)) {
        sketch.update(latencyMs);
        sum += latencyMs;
        if (latencyMs > max) max = latencyMs;
      }
      if ('size' in options.window && count >= options.window.size) closed = close(at);
      return closed;
    },
    flush: () => close(now()),
  };
}
