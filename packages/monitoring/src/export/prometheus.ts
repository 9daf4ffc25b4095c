import type { DriftResultData } from '../drift/types.ts';
import { checkOptions, describe, errors, invalid, isPlainObject } from '../errors.ts';
import type { LatencyWindowResult } from '../monitors/latency-monitor.ts';
import type { QualityWindowResult } from '../monitors/quality-monitor.ts';
import { driftResultSchema, latencyResultSchema, qualityResultSchema } from '../report/result-schemas.ts';

/** Options of the Prometheus exposition functions. */
export interface PrometheusOptions {
  /** Metric name prefix. @default 'plinth' */
  prefix?: string;
  /** Labels added to every sample (for example `{ model: 'fraud', version: '3' }`). */
  labels?: Record<string, string>;
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A sample value as the text format spells it. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Writes gauges in the Prometheus text exposition format (0.0.4): HELP and TYPE once per metric, then samples. */
function exposition(input: PrometheusOptions | undefined, subject: string) {
  const options = checkOptions(input, ['prefix', 'labels'], `${subject} options`);
  const prefix = options.prefix ?? 'plinth';
  if (typeof prefix !== 'string' || prefix.length > 200 || !NAME.test(prefix)) {
    throw invalid(`Prometheus prefix ${describe(prefix)} must match [a-zA-Z_][a-zA-Z0-9_]*`, {
      argument: 'prefix',
    });
  }
  if (options.labels !== undefined && !isPlainObject(options.labels)) {
    throw invalid(`Prometheus labels must be an object of label → value, got ${describe(options.labels)}`, {
      argument: 'labels',
    });
  }
  const common: Record<string, string> = options.labels ?? {};
  for (const label of Object.keys(common)) {
    if (typeof common[label] !== 'string') {
      throw invalid(`Prometheus label "${label}" must have a string value, got ${describe(common[label])}`, {
        argument: 'labels',
      });
    }
    if (label.length > 200 || !NAME.test(label) || label.startsWith('__')) {
      throw invalid(`Prometheus label "${label}" must match [a-zA-Z_][a-zA-Z0-9_]* and not start with "__"`);
    }
  }
  const lines: string[] = [];
  const described = new Set<string>();
  return {
    gauge(name: string, help: string, value: number | undefined | null, labels: Record<string, string> = {}) {
      if (value === undefined || value === null) return;
      const metric = `${prefix}_${name}`;
      if (!described.has(metric)) {
        described.add(metric);
        lines.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} gauge`);
      }
      const all = [...Object.entries(common), ...Object.entries(labels)];
      const rendered =
        all.length === 0 ? '' : `{${all.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
      lines.push(`${metric}${rendered} ${formatValue(value)}`);
    },
    text: () => `${lines.join('\n')}\n`,
  };
}

/**
 * A drift result as Prometheus gauges: per column the score, whether it drifted and its NaN share; for the
 * dataset the drifted share and the verdict. Serve it from a `/metrics` endpoint.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a prefix or label name Prometheus would reject.
 * @example
 * ```ts
 * response.end(driftToPrometheus(detectDrift(reference, batch), { labels: { model: 'fraud' } }));
 * ```
 */
export function driftToPrometheus(result: DriftResultData, options: PrometheusOptions = {}): string {
  const out = exposition(options, 'driftToPrometheus');
  errors.parse(driftResultSchema(), result, 'driftToPrometheus result');
  for (const column of result.columns) {
    const labels = { column: column.column, test: column.test ?? 'none' };
    out.gauge(
      'drift_score',
      'Drift score of a column (the test statistic or p-value, see the test label)',
      column.score,
      labels,
    );
    out.gauge('drift_threshold', 'Threshold the drift score is compared with', column.threshold, labels);
    out.gauge('drift_detected', '1 when the column drifted', column.drifted ? 1 : 0, labels);
    out.gauge(
      'drift_nan_share',
      'Share of NaN and infinite values in the current data',
      column.current.nanShare,
      { column: column.column },
    );
  }
  out.gauge('drift_columns_drifted_share', 'Share of drifted columns', result.driftedShare);
  out.gauge(
    'drift_dataset_detected',
    '1 when the share of drifted columns reached the threshold',
    result.datasetDrift ? 1 : 0,
  );
  out.gauge('drift_current_rows', 'Rows in the current data', result.currentRows);
  return out.text();
}

/**
 * A latency monitor window as Prometheus gauges: latency quantiles (a `quantile` label, as summaries use),
 * mean, max, calls, errors and error rate.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a prefix or label name Prometheus would reject.
 */
export function latencyToPrometheus(result: LatencyWindowResult, options: PrometheusOptions = {}): string {
  const out = exposition(options, 'latencyToPrometheus');
  errors.parse(latencyResultSchema(), result, 'latencyToPrometheus result');
  const help = 'Latency of the last window in milliseconds, by quantile';
  out.gauge('latency_ms', help, result.p50, { quantile: '0.5' });
  out.gauge('latency_ms', help, result.p95, { quantile: '0.95' });
  out.gauge('latency_ms', help, result.p99, { quantile: '0.99' });
  out.gauge('latency_mean_ms', 'Mean latency of the last window in milliseconds', result.mean);
  out.gauge('latency_max_ms', 'Largest latency of the last window in milliseconds', result.max);
  out.gauge('calls', 'Calls in the last window', result.count);
  out.gauge('errors', 'Failed calls in the last window', result.errors);
  out.gauge('error_rate', 'Share of failed calls in the last window', result.errorRate);
  return out.text();
}

/**
 * A quality monitor window as Prometheus gauges: every metric the window has (accuracy, precision, recall, F1,
 * ROC AUC, RMSE, MAE), the labelled count and the predictions still waiting for a label.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a prefix or label name Prometheus would reject.
 */
export function qualityToPrometheus(result: QualityWindowResult, options: PrometheusOptions = {}): string {
  const out = exposition(options, 'qualityToPrometheus');
  errors.parse(qualityResultSchema(), result, 'qualityToPrometheus result');
  const metrics = ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'rmse', 'mae'] as const;
  for (const metric of metrics) {
    out.gauge('model_quality', 'Model quality of the last labelled window, by metric', result[metric], {
      metric,
    });
  }
  out.gauge('model_quality_labelled', 'Labelled predictions in the last window', result.count);
  out.gauge('model_quality_pending', 'Predictions still waiting for their label', result.pending);
  return out.text();
}
