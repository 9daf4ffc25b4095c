import {
  compileClause,
  type FilterComparator,
  type FilterField,
  type FilterSchema,
  NUMBER_COMPARATORS,
  parseFilter as parseWithSchema,
  STRING_LIST_COMPARATORS,
  type ValueMatcher,
} from '@plinth/core/filter';
import type { ModelVersion } from './schemas/version.ts';

/** A comparison operator of a search filter. */
export type FilterOperator = FilterComparator;

/** One `field op value` clause; clauses are joined by AND. `field` is canonical (`stage`, `tags.<key>`). */
export interface FilterClause {
  field: string;
  operator: FilterOperator;
  value: string | number | readonly string[] | readonly number[] | null;
}

const STRING: FilterField = { type: 'string', comparators: STRING_LIST_COMPARATORS };
const NUMBER: FilterField = { type: 'number', comparators: [...NUMBER_COMPARATORS, 'IN', 'NOT IN'] };

/** The searchable fields of model versions: the table `@plinth/core/filter` reads. */
export const VERSION_FILTER_SCHEMA: FilterSchema<'field' | 'tag'> = {
  component: 'registry',
  entities: {
    field: {
      names: [],
      label: 'field',
      fields: {
        name: STRING,
        version: NUMBER,
        semver: STRING,
        run_id: STRING,
        stage: STRING,
        alias: STRING,
        format: STRING,
        created_at: NUMBER,
        created_by: STRING,
        version_number: { ...NUMBER, key: 'version' },
        current_stage: { ...STRING, key: 'stage' },
        aliases: { ...STRING, key: 'alias' },
        creation_timestamp: { ...NUMBER, key: 'created_at' },
      },
    },
    tag: {
      names: ['tags', 'tag'],
      label: 'tag',
      anyKey: { type: 'string', comparators: [...STRING_LIST_COMPARATORS, 'IS NULL', 'IS NOT NULL'] },
    },
  },
  bare: 'field',
};

/**
 * Parses an MLflow-style filter over model versions: `field op value` clauses joined by AND, with the
 * grammar and LIKE rules of `@plinth/core/filter`. Fields: name, version (version_number), semver, run_id,
 * stage (current_stage), alias (aliases), format, created_at (creation_timestamp), created_by and
 * `tags.<key>`. Strings take `=`, `!=`, `LIKE`, `ILIKE`, `IN`, `NOT IN`; version and created_at take
 * numbers with `=`, `!=`, `<`, `<=`, `>`, `>=`, `IN`, `NOT IN`; tags also `IS NULL` / `IS NOT NULL`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` with `details.position` and `details.token` at the offending
 *   token, or naming `filter` when it is not a string.
 * @example
 * ```ts
 * parseFilter("name = 'fraud' and tags.validated = 'true' and version > 2");
 * ```
 */
export function parseFilter(filter: unknown): FilterClause[] {
  return parseWithSchema(filter, VERSION_FILTER_SCHEMA).map(({ entity, key, comparator, value }) => ({
    field: entity === 'tag' ? `tags.${key}` : key,
    operator: comparator,
    value,
  }));
}

/** A filter compiled once for many versions. */
export interface CompiledFilter {
  clauses: readonly FilterClause[];
  tests: readonly ValueMatcher[];
}

/** Compiles parsed clauses (LIKE patterns, IN sets) for {@link matchesFilter}. */
export function compileFilter(clauses: readonly FilterClause[]): CompiledFilter {
  return {
    clauses,
    tests: clauses.map((clause) => compileClause({ comparator: clause.operator, value: clause.value })),
  };
}

function fieldValue(version: ModelVersion, field: string): string | number | undefined {
  if (field.startsWith('tags.')) {
    const key = field.slice(5);
    return Object.hasOwn(version.tags, key) ? version.tags[key] : undefined;
  }
  switch (field) {
    case 'name':
      return version.name;
    case 'version':
      return version.version;
    case 'semver':
      return version.semver;
    case 'run_id':
      return version.runId;
    case 'stage':
      return version.stage;
    case 'format':
      return version.format;
    case 'created_at':
      return version.createdAt;
    case 'created_by':
      return version.createdBy;
    default:
      return undefined;
  }
}

/**
 * True when a version satisfies every clause. A clause on a field or tag the version lacks is false (`!=`
 * too); `alias` matches when some alias does, and `alias !=` / `NOT IN` when every alias does.
 */
export function matchesFilter(
  version: ModelVersion,
  filter: CompiledFilter | readonly FilterClause[],
): boolean {
  const compiled = 'tests' in filter ? filter : compileFilter(filter);
  return compiled.clauses.every((clause, index) => {
    const test = compiled.tests[index]!;
    if (clause.field === 'alias') {
      if (clause.operator === '!=' || clause.operator === 'NOT IN') return version.aliases.every(test);
      return version.aliases.some(test);
    }
    return test(fieldValue(version, clause.field));
  });
}

/** The model names a filter pins with `name = '…'` or `name IN (…)`, so a search can skip the others. */
export function pinnedNames(clauses: readonly FilterClause[]): string[] | undefined {
  for (const clause of clauses) {
    if (clause.field !== 'name') continue;
    if (clause.operator === '=' && typeof clause.value === 'string') return [clause.value];
    if (clause.operator === 'IN' && Array.isArray(clause.value)) return clause.value.map(String);
  }
  return undefined;
}
