import { describe, expect, it } from 'vitest';
import type { DriftResultData } from '../drift/types.ts';
import { driftToPrometheus, latencyToPrometheus, qualityToPrometheus } from './prometheus.ts';

const removed = (nanShare: number) => ({
  rows: 100,
  nulls: 0,
  nan: nanShare * 100,
  positiveInfinity: 0,
  negativeInfinity: 0,
  nanShare,
});

/** A drift result written by hand (not produced by detectDrift), so the expected text is independent of it. */
const result: DriftResultData = {
  columns: [
    {
      column: 'amount',
      type: 'numeric',
      test: 'wasserstein',
      score: 1.5,
      statistic: 1.5,
      pValue: null,
      threshold: 0.1,
      drifted: true,
      severity: 15,
      reference: removed(0),
      current: removed(0.02),
      histogram: null,
    },
    {
      column: 'merchant "eu"\\x',
      type: 'categorical',
      test: null,
      score: null,
      statistic: null,
      pValue: null,
      threshold: null,
      drifted: false,
      severity: 0,
      reference: removed(0),
      current: removed(0),
      histogram: null,
      error: 'all values missing',
    },
  ],
  columnCount: 2,
  driftedCount: 1,
  driftedShare: 0.5,
  driftShareThreshold: 0.5,
  datasetDrift: true,
  referenceRows: 100,
  currentRows: 100,
  referenceSource: 'table',
};

describe('Prometheus exposition', () => {
  it('writes drift gauges with HELP/TYPE once per metric and escaped label values', () => {
    const text = driftToPrometheus(result, { labels: { model: 'fraud' } });
    expect(text).toBe(
      [
        '# HELP plinth_drift_score Drift score of a column (the test statistic or p-value, see the test label)',
        '# TYPE plinth_drift_score gauge',
        'plinth_drift_score{model="fraud",column="amount",test="wasserstein"} 1.5',
        '# HELP plinth_drift_threshold Threshold the drift score is compared with',
        '# TYPE plinth_drift_threshold gauge',
        'plinth_drift_threshold{model="fraud",column="amount",test="wasserstein"} 0.1',
        '# HELP plinth_drift_detected 1 when the column drifted',
        '# TYPE plinth_drift_detected gauge',
        'plinth_drift_detected{model="fraud",column="amount",test="wasserstein"} 1',
        '# HELP plinth_drift_nan_share Share of NaN and infinite values in the current data',
        '# TYPE plinth_drift_nan_share gauge',
        'plinth_drift_nan_share{model="fraud",column="amount"} 0.02',
        'plinth_drift_detected{model="fraud",column="merchant \\"eu\\"\\\\x",test="none"} 0',
        'plinth_drift_nan_share{model="fraud",column="merchant \\"eu\\"\\\\x"} 0',
        '# HELP plinth_drift_columns_drifted_share Share of drifted columns',
        '# TYPE plinth_drift_columns_drifted_share gauge',
        'plinth_drift_columns_drifted_share{model="fraud"} 0.5',
        '# HELP plinth_drift_dataset_detected 1 when the share of drifted columns reached the threshold',
        '# TYPE plinth_drift_dataset_detected gauge',
        'plinth_drift_dataset_detected{model="fraud"} 1',
        '# HELP plinth_drift_current_rows Rows in the current data',
        '# TYPE plinth_drift_current_rows gauge',
        'plinth_drift_current_rows{model="fraud"} 100',
        '',
      ].join('\n'),
    );
  });

  it('spells non-finite values as the text format does and labels quantiles', () => {
    const text = latencyToPrometheus(
      {
        window: { index: 0, startedAt: 0, endedAt: 1 },
        count: 4,
        errors: 1,
        errorRate: 0.25,
        p50: 10,
        p95: 20,
        p99: Number.POSITIVE_INFINITY,
        mean: Number.NaN,
        max: Number.NEGATIVE_INFINITY,
      },
      { prefix: 'svc' },
    );
    expect(text).toContain('svc_latency_ms{quantile="0.5"} 10\n');
    expect(text).toContain('svc_latency_ms{quantile="0.99"} +Inf\n');
    expect(text).toContain('svc_latency_mean_ms NaN\n');
    expect(text).toContain('svc_latency_max_ms -Inf\n');
    expect(text).toContain('svc_error_rate 0.25\n');
    expect(text.match(/# TYPE svc_latency_ms gauge/g)).toHaveLength(1);
    // Every sample line is name{labels} value.
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))) {
      expect(line).toMatch(
        /^[a-zA-Z_][a-zA-Z0-9_]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? \S+$/,
      );
    }
  });

  it('writes only the quality metrics a window has', () => {
    const text = qualityToPrometheus({
      window: { index: 2, endedAt: 5 },
      count: 50,
      accuracy: 0.9,
      f1: 0.8,
      pending: 3,
    });
    expect(text).toContain('plinth_model_quality{metric="accuracy"} 0.9\n');
    expect(text).toContain('plinth_model_quality{metric="f1"} 0.8\n');
    expect(text).not.toContain('metric="rmse"');
    expect(text).toContain('plinth_model_quality_pending 3\n');
  });

  it('rejects label names and prefixes Prometheus would refuse', () => {
    expect(() => driftToPrometheus(result, { labels: { 'bad-name': 'x' } })).toThrow(/label "bad-name"/);
    expect(() => driftToPrometheus(result, { labels: { __reserved: 'x' } })).toThrow(/__/);
    expect(() => driftToPrometheus(result, { prefix: '9lives' })).toThrow(/prefix/);
  });
});
