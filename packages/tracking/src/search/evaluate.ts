import type { Run } from '../schemas/run.ts';
import type { Clause } from './filter.ts';

/** A run's status as MLflow spells it (`FINISHED`), which filters compare against case-insensitively. */
export function mlflowStatus(run: Run): string {
  return run.status.toUpperCase();
}

/** The value of an attribute of a run (`undefined` when the run has none, e.g. `end_time` while running). */
export function attributeOf(run: Run, key: string): string | number | undefined {
  switch (key) {
    case 'run_id':
      return run.id;
    case 'run_name':
      return run.name;
    case 'status':
      return mlflowStatus(run);
    case 'user_id':
      return run.user ?? '';
    case 'artifact_uri':
      return run.artifactPrefix;
    case 'start_time':
      return run.startTime;
    case 'end_time':
      return run.endTime;
    default:
      return undefined;
  }
}

function compareNumber(actual: number, comparator: Clause['comparator'], expected: number): boolean {
  switch (comparator) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    default:
      return false;
  }
}

function compareString(actual: string, clause: Clause, upper: boolean): boolean {
  const expected = clause.value;
  switch (clause.comparator) {
    case '=':
      return actual === (upper ? String(expected).toUpperCase() : expected);
    case '!=':
      return actual !== (upper ? String(expected).toUpperCase() : expected);
    case 'LIKE':
    case 'ILIKE':
      return clause.pattern!.test(actual);
    case 'IN':
      return (expected as string[]).some((item) => (upper ? item.toUpperCase() : item) === actual);
    case 'NOT IN':
      return !(expected as string[]).some((item) => (upper ? item.toUpperCase() : item) === actual);
    default:
      return false;
  }
}

/**
 * True when a run satisfies one clause. A run without the metric, param or tag a clause names never
 * matches it (not even with `!=`), as in MLflow; `IS NULL` matches exactly those runs.
 */
export function matchesClause(run: Run, clause: Clause): boolean {
  switch (clause.entity) {
    case 'metric': {
      const latest = run.metrics[clause.key];
      return latest !== undefined && compareNumber(latest.value, clause.comparator, clause.value as number);
    }
    case 'param':
    case 'tag': {
      const actual = clause.entity === 'param' ? run.params[clause.key] : run.tags[clause.key];
      if (clause.comparator === 'IS NULL') return actual === undefined;
      if (clause.comparator === 'IS NOT NULL') return actual !== undefined;
      return actual !== undefined && compareString(actual, clause, false);
    }
    case 'attribute': {
      const actual = attributeOf(run, clause.key);
      if (actual === undefined) return false;
      if (typeof actual === 'number') return compareNumber(actual, clause.comparator, clause.value as number);
      return compareString(actual, clause, clause.key === 'status' && clause.comparator !== 'LIKE');
    }
    case 'dataset':
      return run.inputs.some((input) => {
        const actual =
          clause.key === 'context'
            ? input.context
            : clause.key === 'name'
              ? input.dataset.name
              : input.dataset.digest;
        return actual !== undefined && compareString(actual, clause, false);
      });
  }
}

/** True when a run satisfies every clause. */
export function matchesAll(run: Run, clauses: readonly Clause[]): boolean {
  for (const clause of clauses) if (!matchesClause(run, clause)) return false;
  return true;
}
