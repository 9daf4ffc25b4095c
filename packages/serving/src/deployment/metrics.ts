// Prometheus text exposition (format 0.0.4) of a deployment's counters and latency histograms.

import type { BatcherStats } from '../batching/options.ts';
import { LATENCY_BUCKETS_SECONDS } from './latency.ts';
import type { RouteState } from './route-state.ts';
import type { DeploymentStats } from './types.ts';

/** A label value escaped as the text format wants: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function labels(pairs: Record<string, string>): string {
  const entries = Object.entries(pairs);
  return entries.length === 0
    ? ''
    : `{${entries.map(([key, value]) => `${key}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** The metrics of one deployment as Prometheus text. */
export function deploymentMetrics(
  name: string,
  routes: readonly RouteState[],
  shadows: readonly RouteState[],
  stats: DeploymentStats,
): string {
  const lines: string[] = [];
  const family = (metric: string, type: 'counter' | 'gauge' | 'histogram', help: string) =>
    lines.push(`# HELP plinth_serving_${metric} ${help}`, `# TYPE plinth_serving_${metric} ${type}`);
  const sample = (metric: string, pairs: Record<string, string>, value: number) =>
    lines.push(`plinth_serving_${metric}${labels(pairs)} ${formatValue(value)}`);
  const of = (route: RouteState) => ({ deployment: name, route: route.name });

  family('requests_total', 'counter', 'Requests answered or failed, by route');
  for (const route of routes) sample('requests_total', of(route), route.requests);
  family('errors_total', 'counter', 'Requests that failed on the route, by route');
  for (const route of routes) sample('errors_total', of(route), route.errors);
  family('fallbacks_total', 'counter', 'Failed or timed-out requests the fallback answered, by route');
  for (const route of routes) sample('fallbacks_total', of(route), route.fallbacks);
  family('traffic_percent', 'gauge', 'Share of new traffic the route gets, 0-100');
  for (const [index, route] of routes.entries())
    sample('traffic_percent', of(route), stats.routes[index]!.trafficPercent);
  family(
    'model_version',
    'gauge',
    'Registry version of the model the route serves (NaN when not from a registry)',
  );
  for (const route of routes) {
    sample(
      'model_version',
      { ...of(route), source: route.slot.model.source },
      route.slot.model.modelVersion ?? Number.NaN,
    );
  }
  family('rewards_total', 'counter', 'Outcomes reported with reward(), by route');
  for (const route of routes) sample('rewards_total', of(route), route.outcomes.count);
  family('reward_mean', 'gauge', 'Mean reported outcome, by route');
  for (const route of routes)
    sample('reward_mean', of(route), route.outcomes.count ? route.outcomes.mean : Number.NaN);
  histogram(
    lines,
    'request_duration_seconds',
    'Latency of answered requests in seconds, by route',
    routes,
    of,
  );
  if (shadows.length > 0) {
    const ofShadow = (shadow: RouteState) => ({ deployment: name, shadow: shadow.name });
    family('shadow_requests_total', 'counter', 'Shadow copies run, by shadow route');
    for (const shadow of shadows) sample('shadow_requests_total', ofShadow(shadow), shadow.requests);
    family('shadow_errors_total', 'counter', 'Shadow copies that failed, by shadow route');
    for (const shadow of shadows) sample('shadow_errors_total', ofShadow(shadow), shadow.errors);
    family('shadow_dropped_total', 'counter', 'Shadow copies skipped because too many were running');
    for (const shadow of shadows) sample('shadow_dropped_total', ofShadow(shadow), shadow.dropped);
    histogram(lines, 'shadow_duration_seconds', 'Latency of shadow copies in seconds', shadows, ofShadow);
  }
  batchMetrics(family, sample, routes, stats, of);
  if (stats.canary) {
    family('canary_percent', 'gauge', 'Traffic share of the canary candidate, 0-100');
    sample(
      'canary_percent',
      { deployment: name, route: stats.canary.route, status: stats.canary.status },
      stats.canary.percent,
    );
  }
  return `${lines.join('\n')}\n`;
}

function histogram(
  lines: string[],
  metric: string,
  help: string,
  routes: readonly RouteState[],
  of: (route: RouteState) => Record<string, string>,
) {
  const full = `plinth_serving_${metric}`;
  lines.push(`# HELP ${full} ${help}`, `# TYPE ${full} histogram`);
  for (const route of routes) {
    const base = of(route);
    let cumulative = 0;
    for (const [index, bound] of LATENCY_BUCKETS_SECONDS.entries()) {
      cumulative += route.latency.buckets[index]!;
      lines.push(`${full}_bucket${labels({ ...base, le: String(bound) })} ${cumulative}`);
    }
    lines.push(`${full}_bucket${labels({ ...base, le: '+Inf' })} ${route.latency.count}`);
    lines.push(`${full}_sum${labels(base)} ${formatValue(route.latency.sumMs / 1000)}`);
    lines.push(`${full}_count${labels(base)} ${route.latency.count}`);
  }
}

/** The batchers' counters and summaries, for routes that batch. */
function batchMetrics(
  family: (metric: string, type: 'counter' | 'gauge', help: string) => void,
  sample: (metric: string, pairs: Record<string, string>, value: number) => void,
  routes: readonly RouteState[],
  stats: DeploymentStats,
  of: (route: RouteState) => Record<string, string>,
) {
  const batched = routes
    .map((route, index) => ({ route, batch: stats.routes[index]!.batch as BatcherStats | undefined }))
    .filter((entry): entry is { route: RouteState; batch: BatcherStats } => entry.batch !== undefined);
  if (batched.length === 0) return;
  family('batches_total', 'counter', 'Batches the route ran');
  for (const { route, batch } of batched) sample('batches_total', of(route), batch.batches);
  family('batch_queue_depth', 'gauge', 'Requests waiting in the route batcher');
  for (const { route, batch } of batched) sample('batch_queue_depth', of(route), batch.queued);
  family('batch_rejected_total', 'counter', 'Requests the batcher rejected, by reason');
  for (const { route, batch } of batched) {
    sample('batch_rejected_total', { ...of(route), reason: 'overloaded' }, batch.overloaded);
    sample('batch_rejected_total', { ...of(route), reason: 'timeout' }, batch.timedOut);
  }
  const quantiles = [
    ['0.5', 'p50'],
    ['0.95', 'p95'],
    ['0.99', 'p99'],
  ] as const;
  for (const [metric, key, help] of [
    ['batch_size', 'batchSize', 'Rows per batch over recent batches, by quantile'],
    ['batch_queue_wait_ms', 'queueWaitMs', 'Queue wait in ms over recent requests, by quantile'],
  ] as const) {
    family(metric, 'gauge', help);
    for (const { route, batch } of batched) {
      for (const [quantile, field] of quantiles)
        sample(metric, { ...of(route), quantile }, batch[key][field]);
    }
  }
}
