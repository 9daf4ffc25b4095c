import type { LatestMetric } from '../schemas/run.ts';
import type { MetricColumns } from './codec.ts';

/**
 * True when point `a` is later than `b` under MLflow's rule: greater step, then greater timestamp.
 * On a full tie the later-logged point (`a`) wins.
 */
export function isLater(
  a: { step: number; timestamp: number },
  b: { step: number; timestamp: number },
): boolean {
  return a.step > b.step || (a.step === b.step && a.timestamp >= b.timestamp);
}

/** The latest point of `count` columns (greatest step, then timestamp; later-logged wins ties). */
export function latestOf(columns: MetricColumns, count: number): LatestMetric | undefined {
  if (count === 0) return undefined;
  let best = 0;
  for (let i = 1; i < count; i++) {
    const step = columns.steps[i]!;
    const bestStep = columns.steps[best]!;
    if (step > bestStep || (step === bestStep && columns.timestamps[i]! >= columns.timestamps[best]!))
      best = i;
  }
  return { value: columns.values[best]!, step: columns.steps[best]!, timestamp: columns.timestamps[best]! };
}

/** Merges two latest points (either may be missing). */
export function mergeLatest(
  current: LatestMetric | undefined,
  next: LatestMetric | undefined,
): LatestMetric | undefined {
  if (!current) return next;
  if (!next) return current;
  return isLater(next, current) ? next : current;
}
