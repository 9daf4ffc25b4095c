import { compileClause, type ValueMatcher } from '@plinth/core/filter';
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

/** The value of a user-named key: own keys only, so `toString` or `constructor` is a name like any other. */
export function ownValue<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

const compiled = new WeakMap<Clause, ValueMatcher>();

/** The compiled test of a clause (LIKE pattern, IN set), built once per clause object. */
function testOf(clause: Clause): ValueMatcher {
  let test = compiled.get(clause);
  if (!test) {
    test = compileClause(clause);
    compiled.set(clause, test);
  }
  return test;
}

/**
 * True when a run satisfies one clause. A run without the metric, param or tag a clause names never
 * matches it (not even with `!=`), as in MLflow; `IS NULL` matches exactly those runs.
 */
export function matchesClause(run: Run, clause: Clause): boolean {
  const test = testOf(clause);
  switch (clause.entity) {
    case 'metric':
      return test(ownValue(run.metrics, clause.key)?.value);
    case 'param':
      return test(ownValue(run.params, clause.key));
    case 'tag':
      return test(ownValue(run.tags, clause.key));
    case 'attribute':
      return test(attributeOf(run, clause.key));
    case 'dataset':
      return run.inputs.some((input) =>
        test(
          clause.key === 'context'
            ? input.context
            : clause.key === 'name'
              ? input.dataset.name
              : input.dataset.digest,
        ),
      );
  }
}

/** True when a run satisfies every clause. */
export function matchesAll(run: Run, clauses: readonly Clause[]): boolean {
  for (const clause of clauses) if (!matchesClause(run, clause)) return false;
  return true;
}
