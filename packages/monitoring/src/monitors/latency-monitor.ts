import type { Clock } from '@plinth/core';
import { checkFunction, checkNumber, checkOptions, describe, invalid, isPlainObject } from '../errors.ts';
import { KllSketch } from '../profile/kll.ts';
import { type AlertRule, createAlertEvaluator } from './alerts.ts';
import { checkClock, checkWindow, type WindowSpec } from './window-options.ts';

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
  /** Window by calls (`{ size }`) or by time (`{ durationMs }`). */
  window: WindowSpec;
  /**
   * Sliding step in calls or ms; it must divide the window (the window is that many panes, each its own
   * mergeable sketch). @default the window (tumbling)
   */
  slide?: number;
  /** Called with every window result. */
  onWindow?: (result: LatencyWindowResult) => void;
  /** Alert rules evaluated on every window. */
  alerts?: readonly AlertRule<LatencyWindowResult>[];
  /** Clock for time windows and alert cool-downs. @default systemClock */
  clock?: Clock;
}

/** A latency / error-rate monitor; see {@link createLatencyMonitor}. */
export interface LatencyMonitor {
  /**
   * Records one call's latency (ms, finite, ≥ 0) and whether it failed; returns the window result it completed.
   * @throws {PlinthError} `PLINTH_VALIDATION` for a latency that is NaN, negative or infinite.
   */
  observe(latencyMs: number, failed?: boolean): LatencyWindowResult | undefined;
  /** Closes the open pane now and reports the window that ends with it. */
  flush(): LatencyWindowResult | undefined;
}

/** One slide's worth of calls: a mergeable sketch and plain counters. */
interface Pane {
  sketch: KllSketch;
  count: number;
  errors: number;
  sum: number;
  max: number;
  startedAt: number;
  endedAt: number;
}

const SKETCH_K = 200;

const emptyPane = (startedAt: number): Pane => ({
  sketch: new KllSketch(SKETCH_K),
  count: 0,
  errors: 0,
  sum: 0,
  max: Number.NEGATIVE_INFINITY,
  startedAt,
  endedAt: startedAt,
});

/**
 * Tracks p50 / p95 / p99 latency (from streaming KLL sketches, memory independent of the call count) and the
 * error rate per window, tumbling or sliding, with alert rules. A sliding window is the last window / slide
 * panes, merged when it is reported.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad window, or a slide that does not divide it.
 * @example
 * ```ts
 * const latency = createLatencyMonitor({ window: { durationMs: 60_000 }, slide: 10_000, alerts: [{ name: 'p99', value: (r) => r.p99, threshold: 250 }] });
 * latency.observe(elapsedMs, failed);
 * ```
 */
export function createLatencyMonitor(input: LatencyMonitorOptions): LatencyMonitor {
  if (!isPlainObject(input)) {
    throw invalid(`createLatencyMonitor options must be an object with a window, got ${describe(input)}`, {
      argument: 'options',
    });
  }
  const options = checkOptions(
    input,
    ['window', 'slide', 'onWindow', 'alerts', 'clock'],
    'createLatencyMonitor options',
  );
  checkFunction(options.onWindow, 'onWindow');
  const slide = checkWindow(options.window, options.slide, 'createLatencyMonitor');
  const bySize = 'size' in options.window;
  const length = bySize
    ? (options.window as { size: number }).size
    : (options.window as { durationMs: number }).durationMs;
  const panesPerWindow = Math.round(length / slide);
  if (Math.abs(panesPerWindow * slide - length) > 1e-9 * length) {
    throw invalid(
      `createLatencyMonitor: slide (${slide}) must divide the window (${length}) into whole panes`,
    );
  }
  const clock = checkClock(options.clock, 'createLatencyMonitor');
  const now = () => clock.now();
  const alerts = createAlertEvaluator(options.alerts ?? []);
  const done: Pane[] = [];
  let pane: Pane | undefined;
  let index = 0;

  function report(): LatencyWindowResult | undefined {
    let count = 0;
    let errors = 0;
    let sum = 0;
    let max = Number.NEGATIVE_INFINITY;
    const sketch = panesPerWindow === 1 ? done[0]!.sketch : new KllSketch(SKETCH_K);
    for (const part of done) {
      count += part.count;
      errors += part.errors;
      sum += part.sum;
      if (part.max > max) max = part.max;
      if (panesPerWindow > 1) sketch.merge(part.sketch);
    }
    if (count === 0) return undefined;
    const [p50, p95, p99] = sketch.quantiles([0.5, 0.95, 0.99]);
    const result: LatencyWindowResult = {
      window: { index: index++, startedAt: done[0]!.startedAt, endedAt: done[done.length - 1]!.endedAt },
      count,
      errors,
      errorRate: errors / count,
      p50: p50!,
      p95: p95!,
      p99: p99!,
      mean: sum / Math.max(sketch.n, 1),
      max,
    };
    options.onWindow?.(result);
    alerts.evaluate(result, result.window.endedAt);
    return result;
  }

  /** Ends the open pane at `endedAt`; reports once the window holds all its panes (or at a flush). */
  function closePane(endedAt: number, force = false): LatencyWindowResult | undefined {
    if (!pane) return undefined;
    pane.endedAt = endedAt;
    done.push(pane);
    pane = undefined;
    if (done.length > panesPerWindow) done.shift();
    return done.length === panesPerWindow || force ? report() : undefined;
  }

  return {
    observe(latencyMs, failed = false) {
      checkNumber(latencyMs, 'createLatencyMonitor observe latencyMs', { min: 0 });
      if (typeof failed !== 'boolean') {
        throw invalid(`createLatencyMonitor observe failed must be true or false, got ${describe(failed)}`, {
          argument: 'failed',
        });
      }
      const at = now();
      let closed: LatencyWindowResult | undefined;
      if (!bySize && pane) {
        // Close every pane that ended before this call (windows slide over empty panes too).
        let steps = 0;
        while (pane && at >= pane.startedAt + slide) {
          const end = pane.startedAt + slide;
          closed = closePane(end) ?? closed;
          pane = emptyPane(end);
          if (++steps > panesPerWindow) {
            // A gap longer than the window: only empty windows would follow; jump to the pane holding `at`.
            done.length = 0;
            pane = emptyPane(end + Math.floor((at - end) / slide) * slide);
          }
        }
      }
      pane ??= emptyPane(at);
      pane.count++;
      if (failed) pane.errors++;
      pane.sketch.update(latencyMs);
      pane.sum += latencyMs;
      if (latencyMs > pane.max) pane.max = latencyMs;
      if (bySize && pane.count >= slide) closed = closePane(at);
      return closed;
    },
    flush: () => closePane(now(), true),
  };
}
