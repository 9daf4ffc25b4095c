import { manualClock } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { createProfile } from '../profile/profile.ts';
import { type Alert, createAlertEvaluator } from './alerts.ts';
import { createDriftMonitor, createPredictionDriftMonitor, type DriftWindowResult } from './drift-monitor.ts';
import { createLatencyMonitor } from './latency-monitor.ts';
import { createQualityMonitor, type QualityWindowResult } from './quality-monitor.ts';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** A number typed as a function property, to set `toString` as data. */
function anyNumber(value: number): never {
  return value as never;
}

const random = lcg(42);
const reference = createProfile({
  a: Float64Array.from({ length: 5000 }, () => random()),
  b: Float64Array.from({ length: 5000 }, () => random() * 10),
});

describe('createDriftMonitor', () => {
  it('emits one result per tumbling window, flags drift when the stream shifts, and calls onDrift', () => {
    const windows: DriftWindowResult[] = [];
    const drifted: number[] = [];
    const monitor = createDriftMonitor({
      reference,
      window: { size: 2000 },
      onWindow: (result) => windows.push(result),
      onDrift: (result) => drifted.push(result.window.index),
    });
    for (let index = 0; index < 6000; index++) {
      const shifted = index >= 4000;
      monitor.observe({ a: random() + (shifted ? 0.5 : 0), b: random() * 10 + (shifted ? 5 : 0) });
    }
    expect(windows.map((result) => result.window.rows)).toEqual([2000, 2000, 2000]);
    expect(windows.map((result) => result.datasetDrift)).toEqual([false, false, true]);
    expect(drifted).toEqual([2]);
    expect(windows[0]!.columns.map((column) => column.test)).toEqual(['wasserstein', 'wasserstein']);
    expect(windows[2]!.toJSON().window).toEqual(windows[2]!.window);
  });

  it('slides: a result every `slide` rows over the last `size` rows; batches and rows mix', () => {
    const monitor = createDriftMonitor({ reference, window: { size: 1000 }, slide: 250 });
    const a = Float64Array.from({ length: 1500 }, () => random());
    const b = Float64Array.from({ length: 1500 }, () => random() * 10);
    const results = monitor.observe({ a, b });
    expect(results.map((result) => result.window.index)).toEqual([0, 1, 2]);
    expect(results.every((result) => result.window.rows === 1000)).toBe(true);
    expect(monitor.observe({ a: 0.5, b: 5 })).toEqual([]);
  });

  it('evaluates the same windows whether rows come one by one or as column batches', () => {
    const a = Float64Array.from({ length: 2600 }, () => random() + 0.2);
    const b = Array.from({ length: 2600 }, (_, index) => (index % 7 === 0 ? null : random() * 10));
    const byRow = createDriftMonitor({ reference, window: { size: 1000 }, slide: 400 });
    const byBatch = createDriftMonitor({ reference, window: { size: 1000 }, slide: 400 });
    const rowResults: DriftWindowResult[] = [];
    for (let index = 0; index < a.length; index++)
      rowResults.push(...byRow.observe({ a: a[index]!, b: b[index]! }));
    const batchResults = [
      ...byBatch.observe({ a: a.subarray(0, 700), b: b.slice(0, 700) }),
      ...byBatch.observe({ a: a.subarray(700), b: b.slice(700) }),
    ];
    expect(batchResults.map((result) => result.window.index)).toEqual([0, 1, 2, 3, 4]);
    const scores = (results: DriftWindowResult[]) =>
      results.map((result) => result.columns.map((column) => [column.score, column.current.nan]));
    expect(scores(batchResults)).toEqual(scores(rowResults));
  });

  it('windows by time with a manual clock, and counts missing numeric cells as NaN', () => {
    const clock = manualClock(0);
    const results: DriftWindowResult[] = [];
    const monitor = createDriftMonitor({
      reference,
      window: { durationMs: 1000 },
      clock,
      onWindow: (r) => results.push(r),
    });
    for (let index = 0; index < 300; index++) {
      clock.set(index * 10); // 100 rows per second
      monitor.observe({ a: index % 50 === 0 ? null : random(), b: random() * 10 });
    }
    expect(
      results.map((result) => [result.window.startedAt, result.window.endedAt, result.window.rows]),
    ).toEqual([
      [0, 1000, 100],
      [1000, 2000, 100],
    ]);
    const a = results[0]!.columns.find((column) => column.column === 'a')!;
    expect(a.current.nan).toBe(2);
    expect(monitor.flush()!.window.rows).toBe(100);
  });

  it('reads own values only, whatever the prototype, and writes nothing of a row with a bad cell', () => {
    const names = ['a', 'b', 'toString', 'constructor', '__proto__'];
    const profile = createProfile(
      Object.fromEntries(names.map((name) => [name, Float64Array.from({ length: 500 }, () => random())])),
    );
    const results: DriftWindowResult[] = [];
    const monitor = createDriftMonitor({
      reference: profile,
      window: { size: 5 },
      onWindow: (r) => results.push(r),
    });
    class Row {
      get a(): number {
        return 1;
      }
    }
    const inheriting = Object.create({ a: 2, b: 3 }) as Record<string, number>;
    inheriting.toString = anyNumber(4);
    const bare = Object.create(null) as Record<string, number>;
    bare.a = 5;
    Reflect.set(bare, '__proto__', 6);
    const parsed = JSON.parse('{"a": 7, "__proto__": 8, "constructor": 9}') as Record<string, number>;
    expect(() => monitor.observe({ a: 0.5, b: 'x' as never })).toThrow(/column "b" is numeric/);
    monitor.observe(new Row() as never);
    monitor.observe(inheriting);
    monitor.observe(bare);
    monitor.observe(parsed);
    monitor.observe({ a: 10, b: 11 });
    expect(results).toHaveLength(1);
    // Missing cells count as NaN: per column, the rows (of 5) without it as an own value (the getter on Row.prototype
    // and the inherited a: 2 are not own); the rejected row is not among the 5.
    const nan = results[0]!.columns.map((column) => [column.column, column.current.nan]);
    expect(new Map(nan as Array<[string, number]>)).toEqual(
      new Map([
        ['a', 2],
        ['b', 4],
        ['toString', 4],
        ['constructor', 4],
        ['__proto__', 3],
      ]),
    );
  });

  it('rejects a bad window and columns the profile lacks', () => {
    expect(() => createDriftMonitor({ reference, window: { size: 0 } })).toThrow(/window.size/);
    expect(() => createDriftMonitor({ reference, window: { size: 10 }, slide: 20 })).toThrow(/slide/);
    expect(() => createDriftMonitor({ reference, window: { size: 10 }, columns: ['zzz'] })).toThrow(/"zzz"/);
  });

  it('watches predictions with createPredictionDriftMonitor', () => {
    const predictions = createProfile({ prediction: Float64Array.from({ length: 3000 }, () => random()) });
    const monitor = createPredictionDriftMonitor({ reference: predictions, window: { size: 1000 } });
    let last: DriftWindowResult[] = [];
    for (let index = 0; index < 1000; index++) last = monitor.observe(random() * 0.3 + 0.7);
    expect(last).toHaveLength(1);
    expect(last[0]!.columns[0]).toMatchObject({ column: 'prediction', drifted: true });
  });
});

describe('alert rules', () => {
  it('fire after N consecutive breaching windows, stay quiet during the cool-down, and call onRetrain', () => {
    const alerts: Alert<number>[] = [];
    const retrains: number[] = [];
    const evaluator = createAlertEvaluator<number>([
      {
        name: 'high',
        value: (value) => value,
        threshold: 10,
        consecutive: 2,
        cooldownMs: 100,
        onAlert: (alert) => alerts.push(alert),
        onRetrain: (alert) => retrains.push(alert.at),
      },
    ]);
    const series = [12, 5, 11, 12, 13, 14, 3, 20, 20];
    series.forEach((value, index) => {
      evaluator.evaluate(value, index * 40);
    });
    // breaches at 2,3 (fire at t=120), 4,5 quiet until 220 (t=160, 200), reset at 6, 7,8 fire at t=320
    expect(alerts.map((alert) => [alert.at, alert.value, alert.consecutive])).toEqual([
      [120, 12, 2],
      [320, 20, 2],
    ]);
    expect(retrains).toEqual([120, 320]);
  });

  it('supports "below" rules on monitor results', () => {
    const fired: number[] = [];
    const quality = createQualityMonitor({
      task: 'classification',
      window: { size: 4 },
      alerts: [
        {
          name: 'accuracy',
          value: (r) => r.accuracy ?? 1,
          threshold: 0.5,
          direction: 'below',
          onRetrain: (alert) => fired.push(alert.value),
        },
      ],
    });
    ['a', 'b', 'c', 'd'].forEach((id, index) => {
      quality.recordPrediction(id, index === 0 ? 1 : 0);
    });
    ['a', 'b', 'c', 'd'].forEach((id) => {
      quality.recordLabel(id, 1);
    });
    expect(fired).toEqual([0.25]);
  });
});

describe('createLatencyMonitor', () => {
  it('reports p50 / p95 / p99 within the sketch error and the error rate per window', () => {
    const results: ReturnType<typeof createLatencyMonitor>['flush'] extends () => infer R ? R[] : never = [];
    const monitor = createLatencyMonitor({
      window: { size: 20_000 },
      onWindow: (result) => results.push(result),
    });
    const latencies = Array.from({ length: 20_000 }, (_, index) => ((index * 7919) % 20_000) / 100); // 0..199.99 each once
    latencies.forEach((latency, index) => {
      monitor.observe(latency, index % 100 === 0);
    });
    expect(results).toHaveLength(1);
    const result = results[0]!;
    expect(result.count).toBe(20_000);
    expect(result.errorRate).toBe(0.01);
    expect(Math.abs(result.p50 - 100)).toBeLessThan(2);
    expect(Math.abs(result.p95 - 190)).toBeLessThan(2);
    expect(Math.abs(result.p99 - 198)).toBeLessThan(2);
    expect(result.max).toBe(199.99);
  });
});

describe('createQualityMonitor', () => {
  it('joins late labels by prediction id and computes classification metrics per window', () => {
    const results: QualityWindowResult[] = [];
    const monitor = createQualityMonitor({
      task: 'classification',
      window: { size: 4 },
      onWindow: (r) => results.push(r),
    });
    monitor.recordPrediction('p1', 1, 0.9);
    monitor.recordPrediction('p2', 0, 0.2);
    monitor.recordPrediction('p3', 1, 0.6);
    monitor.recordPrediction('p4', 0, 0.4);
    monitor.recordPrediction('p5', 1, 0.8);
    expect(monitor.recordLabel('unknown', 1)).toBeUndefined();
    monitor.recordLabel('p3', 0);
    monitor.recordLabel('p1', 1);
    monitor.recordLabel('p4', 1);
    expect(monitor.pending()).toBe(2);
    const result = monitor.recordLabel('p2', 0)!;
    // pairs (label, prediction, score): p3 (0,1,.6) p1 (1,1,.9) p4 (1,0,.4) p2 (0,0,.2): TP 1, FP 1, FN 1, TN 1
    expect(result).toMatchObject({
      count: 4,
      accuracy: 0.5,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      pending: 1,
    });
    // positives .9, .4 vs negatives .6, .2: .9 beats both, .4 beats .2 → 3/4
    expect(result.rocAuc).toBe(0.75);
    expect(results).toEqual([result]);
  });

  it('computes RMSE and MAE for regression', () => {
    const monitor = createQualityMonitor({ task: 'regression', window: { size: 3 } });
    monitor.recordPrediction('a', 2.5);
    monitor.recordPrediction('b', 0);
    monitor.recordPrediction('c', 2);
    monitor.recordLabel('a', 3);
    monitor.recordLabel('b', -0.5);
    const result = monitor.recordLabel('c', 2)!;
    expect(result.rmse).toBeCloseTo(Math.sqrt((0.25 + 0.25 + 0) / 3), 15);
    expect(result.mae).toBeCloseTo(1 / 3, 15);
    expect(() => monitor.recordPrediction('d', 'x')).toThrow(/must be a finite number/);
  });
});

describe('drift monitor with a dead feature', () => {
  it('reports a window whose column is all NaN as an error entry instead of stopping', () => {
    const reference = createProfile({
      x: Array.from({ length: 500 }, (_, i) => i % 50),
      y: Array.from({ length: 500 }, (_, i) => (i * 7) % 50),
    });
    const monitor = createDriftMonitor({ reference, window: { size: 100 } });
    const rows = Array.from({ length: 100 }, (_, i) => ({ x: Number.NaN, y: (i * 7) % 50 }));
    const [result] = monitor.observe(rows);
    const x = result!.columns.find((column) => column.column === 'x')!;
    expect(x.error).toMatch(/current has no usable values \(100 rows: 0 null, 100 NaN/);
    expect(result!.columnCount).toBe(1);
  });
});
