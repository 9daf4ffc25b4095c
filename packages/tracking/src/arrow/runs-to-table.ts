import {
  type DataType,
  Float64,
  makeVector,
  Table,
  TimestampMillisecond,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { ownValue } from '../schemas/own-record.ts';
import type { Run } from '../schemas/run.ts';

/**
 * One row per run: `run_id`, `experiment_id`, `run_name`, `status`, `start_time`, `end_time`, then
 * `params.<key>` (utf8), `metrics.<key>` (float64, latest value) and `tags.<key>` (utf8) columns, null
 * where a run lacks the key.
 */
export function runsToTable(runs: readonly Run[]): Table {
  const paramKeys = new Set<string>();
  const metricKeys = new Set<string>();
  const tagKeys = new Set<string>();
  for (const run of runs) {
    for (const key of Object.keys(run.params)) paramKeys.add(key);
    for (const key of Object.keys(run.metrics)) metricKeys.add(key);
    for (const key of Object.keys(run.tags)) tagKeys.add(key);
  }
  const text = (values: Array<string | null>) => vectorFromArray(values, new Utf8());
  const columns: Record<string, Vector<DataType>> = {
    run_id: text(runs.map((run) => run.id)),
    experiment_id: text(runs.map((run) => run.experimentId)),
    run_name: text(runs.map((run) => run.name)),
    status: text(runs.map((run) => run.status)),
    start_time: vectorFromArray(
      runs.map((run) => run.startTime),
      new TimestampMillisecond(),
    ),
    end_time: vectorFromArray(
      runs.map((run) => run.endTime ?? null),
      new TimestampMillisecond(),
    ),
  };
  for (const key of [...paramKeys].sort())
    columns[`params.${key}`] = text(runs.map((run) => ownValue(run.params, key) ?? null));
  for (const key of [...metricKeys].sort()) {
    const values = new Float64Array(runs.length);
    const valid = runs.map((run, i) => {
      const point = ownValue(run.metrics, key);
      values[i] = point?.value ?? 0;
      return point !== undefined;
    });
    columns[`metrics.${key}`] = valid.every(Boolean)
      ? makeVector({ type: new Float64(), data: values })
      : vectorFromArray(
          runs.map((run) => ownValue(run.metrics, key)?.value ?? null),
          new Float64(),
        );
  }
  for (const key of [...tagKeys].sort())
    columns[`tags.${key}`] = text(runs.map((run) => ownValue(run.tags, key) ?? null));
  return new Table(columns);
}
