import type { Tracker } from '@plinth/tracking';
import { downsampleIndices, jsonNumber } from '../downsample.ts';
import { artifactKind } from './artifact-kind.ts';
import { type RunRow, runRow } from './runs.ts';

/** Everything the run page shows but the charts. */
export interface RunDetail {
  run: RunRow & {
    parentRunId?: string;
    heartbeatAt: number;
    latest: Record<string, { value: number | string; step: number; timestamp: number }>;
    inputs: unknown[];
  };
  experiment: { id: string; name: string };
  artifacts: { path: string; size: number; kind: string }[];
}

/** A run with its experiment and artifact list. */
export async function runDetail(tracker: Tracker, id: string): Promise<RunDetail> {
  const run = await tracker.getRun(id);
  const [experiment, artifacts] = await Promise.all([
    tracker.getExperiment(run.experimentId),
    tracker.listArtifacts(run.id),
  ]);
  const latest: RunDetail['run']['latest'] = Object.create(null);
  for (const key of Object.keys(run.metrics)) {
    const point = run.metrics[key]!;
    latest[key] = { value: jsonNumber(point.value), step: point.step, timestamp: point.timestamp };
  }
  return {
    run: {
      ...runRow(run),
      ...(run.parentRunId ? { parentRunId: run.parentRunId } : {}),
      heartbeatAt: run.heartbeatAt,
      latest,
      inputs: run.inputs,
    },
    experiment: { id: experiment.id, name: experiment.name },
    artifacts: artifacts.map((artifact) => ({ ...artifact, kind: artifactKind(artifact.path) })),
  };
}

/** One metric's chart data: kept points by step order, with their timestamps. */
export interface MetricSeries {
  key: string;
  /** Points logged. */
  count: number;
  /** Points sent (fewer when downsampled). */
  kept: number;
  step: number[];
  time: number[];
  value: (number | string)[];
}

/** Default number of pixel buckets per chart (4 points each at most). */
export const DEFAULT_CHART_POINTS = 1000;

/**
 * Chart data of a run's metrics, downsampled to about `points` buckets (first, min, max and last point of
 * each, so the extremes survive), ordered by step (logged order among equal steps).
 */
export async function runMetrics(
  tracker: Tracker,
  id: string,
  options: { points?: number; keys?: string[] } = {},
): Promise<{ runId: string; series: MetricSeries[] }> {
  const run = await tracker.getRun(id);
  const keys = (options.keys ?? Object.keys(run.metrics)).filter((key) => Object.hasOwn(run.metrics, key));
  const buckets = Math.max(1, Math.floor((options.points ?? DEFAULT_CHART_POINTS) / 4));
  const series = await Promise.all(
    keys.sort().map(async (key): Promise<MetricSeries> => {
      const columns = await tracker.getMetricColumns(run.id, key);
      const order = stepOrder(columns.steps);
      const values = order ? Float64Array.from(order, (index) => columns.values[index]!) : columns.values;
      const kept = downsampleIndices(values, buckets);
      const step = new Array<number>(kept.length);
      const time = new Array<number>(kept.length);
      const value = new Array<number | string>(kept.length);
      for (let i = 0; i < kept.length; i++) {
        const index = order ? order[kept[i]!]! : kept[i]!;
        step[i] = columns.steps[index]!;
        time[i] = columns.timestamps[index]!;
        value[i] = jsonNumber(columns.values[index]!);
      }
      return { key, count: columns.values.length, kept: kept.length, step, time, value };
    }),
  );
  return { runId: run.id, series };
}

/** Indices in step order (stable), or `undefined` when the steps already ascend. */
function stepOrder(steps: Float64Array): Uint32Array | undefined {
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]! < steps[i - 1]!) {
      const order = Uint32Array.from({ length: steps.length }, (_, index) => index);
      return order.sort((a, b) => steps[a]! - steps[b]! || a - b);
    }
  }
  return undefined;
}
