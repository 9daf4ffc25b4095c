import type { Run } from '@plinth/tracking';
import { formatDuration, formatNumber, formatTime } from '../output/text.ts';

/** A column of runs: an attribute, or `metrics.<key>`, `params.<key>`, `tags.<key>`. */
export interface RunField {
  /** As written by the user and shown in headers: `metrics.accuracy`, `status`. */
  readonly name: string;
  /** The value for scripts (JSON, CSV): a number for metrics, a string otherwise, `null` when absent. */
  value(run: Run): string | number | null;
  /** The value as shown in a table. */
  text(run: Run): string;
}

const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

type Attribute = (run: Run, experiments: ReadonlyMap<string, string>) => string | number | null;

const ATTRIBUTES: Record<string, Attribute> = {
  run_id: (run) => run.id,
  name: (run) => run.name,
  experiment: (run, experiments) => experiments.get(run.experimentId) ?? run.experimentId,
  experiment_id: (run) => run.experimentId,
  status: (run) => run.status,
  lifecycle: (run) => run.lifecycle,
  user: (run) => run.user ?? null,
  start_time: (run) => run.startTime,
  end_time: (run) => run.endTime ?? null,
  duration: (run) => (run.endTime === undefined ? null : run.endTime - run.startTime),
  parent_run_id: (run) => run.parentRunId ?? null,
};

/** Names of the run attributes a column can show. */
export const ATTRIBUTE_NAMES: readonly string[] = Object.keys(ATTRIBUTES);

/**
 * The field a column name denotes, or `undefined` for an unknown name. `metrics.`, `params.` and `tags.`
 * prefixes (also MLflow's `metric.`, `param.`, `tag.`) take any key, `__proto__` included.
 */
export function runField(name: string, experiments: ReadonlyMap<string, string>): RunField | undefined {
  const match = /^(metrics?|params?|tags?)\.(.+)$/.exec(name);
  if (match) {
    const key = match[2]!;
    if (match[1]!.startsWith('metric')) {
      return {
        name,
        value: (run) => own(run.metrics, key)?.value ?? null,
        text: (run) => {
          const metric = own(run.metrics, key);
          return metric ? formatNumber(metric.value) : '';
        },
      };
    }
    const pick = (run: Run) => (match[1]!.startsWith('param') ? run.params : run.tags);
    return { name, value: (run) => own(pick(run), key) ?? null, text: (run) => own(pick(run), key) ?? '' };
  }
  const attribute = Object.hasOwn(ATTRIBUTES, name) ? ATTRIBUTES[name] : undefined;
  if (!attribute) return undefined;
  const time = name === 'start_time' || name === 'end_time';
  return {
    name,
    value: (run) => {
      const value = attribute(run, experiments);
      return time && typeof value === 'number' ? new Date(value).toISOString() : value;
    },
    text: (run) => {
      const value = attribute(run, experiments);
      if (value === null) return '';
      if (time) return formatTime(value as number);
      if (name === 'duration') return formatDuration(value as number);
      return String(value);
    },
  };
}

/** Every key of `pick(run)` over the runs, sorted. */
export function keysOf(runs: readonly Run[], pick: (run: Run) => Record<string, unknown>): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(pick(run))) keys.add(key);
  return [...keys].sort();
}
