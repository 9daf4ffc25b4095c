import type { Tracker } from '@plinth/tracking';
import { errorLine } from '../output/error-line.ts';
import type { Progress } from '../output/progress.ts';
import type { DoctorReport, Finding } from './findings.ts';

const EXPERIMENT_KEY = /^tracking\/experiments\/([^/]+)\/experiment\.json$/;
const RUN_KEY = /^tracking\/runs\/([^/]+)\/(.+)$/;

/** Items {@link checkTracking} will check, for the progress total. */
export function trackingItems(keys: readonly string[]): {
  experiments: string[];
  runs: Map<string, boolean>;
} {
  const experiments: string[] = [];
  const runs = new Map<string, boolean>();
  for (const key of keys) {
    const experiment = EXPERIMENT_KEY.exec(key);
    if (experiment) experiments.push(experiment[1]!);
    const run = RUN_KEY.exec(key);
    if (run) runs.set(run[1]!, runs.get(run[1]!) === true || run[2] === 'run.json');
  }
  return { experiments, runs };
}

/**
 * Reads every experiment, run and metric history through the tracker: unreadable documents and metric
 * batches, runs of missing experiments, run data without a run document, runs still `running` with a
 * heartbeat older than `staleAfterMs`.
 */
export async function checkTracking(
  tracker: Tracker,
  items: ReturnType<typeof trackingItems>,
  options: { now: number; staleAfterMs: number; progress: Progress; checked: DoctorReport['checked'] },
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const experimentIds = new Set<string>();
  for (const id of items.experiments) {
    const key = `tracking/experiments/${id}/experiment.json`;
    try {
      await tracker.getExperiment(id);
      experimentIds.add(id);
    } catch (error) {
      findings.push({ kind: 'unreadable-document', severity: 'error', key, message: errorLine(error) });
    }
    options.checked.experiments++;
    options.progress.tick();
  }
  for (const [id, hasDocument] of items.runs) {
    options.progress.tick();
    options.checked.runs++;
    const key = `tracking/runs/${id}/run.json`;
    if (!hasDocument) {
      findings.push({
        kind: 'orphan-run-data',
        severity: 'warning',
        key: `tracking/runs/${id}/`,
        message: `metrics or artifacts of run ${id} have no run document; they are unreachable and can be deleted`,
      });
      continue;
    }
    let run: Awaited<ReturnType<Tracker['getRun']>>;
    try {
      run = await tracker.getRun(id);
    } catch (error) {
      findings.push({ kind: 'unreadable-document', severity: 'error', key, message: errorLine(error) });
      continue;
    }
    if (!experimentIds.has(run.experimentId)) {
      findings.push({
        kind: 'missing-experiment',
        severity: 'error',
        key,
        message: `run ${id} belongs to experiment ${run.experimentId}, which cannot be read`,
      });
    }
    if (run.status === 'running' && options.now - run.heartbeatAt > options.staleAfterMs) {
      findings.push({
        kind: 'stale-run',
        severity: 'warning',
        key,
        message: `run ${id} ("${run.name}") is still running, last heartbeat ${new Date(run.heartbeatAt).toISOString()}; end it, or mark it killed with tracker.markStaleRuns()`,
      });
    }
    for (const metric of Object.keys(run.metrics)) {
      options.checked.metrics++;
      try {
        await tracker.getMetricColumns(id, metric);
      } catch (error) {
        findings.push({
          kind: 'unreadable-metrics',
          severity: 'error',
          key: `tracking/runs/${id}/metrics/${encodeURIComponent(metric)}/`,
          message: errorLine(error),
        });
      }
    }
  }
  return findings;
}
