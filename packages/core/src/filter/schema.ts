/** A comparison operator of the filter grammar. */
export type FilterComparator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  | 'NOT IN'
  | 'IS NULL'
  | 'IS NOT NULL';

/** How a field's values are written and compared: `number` takes bare numbers, `string` quoted text. */
export type FilterValueType = 'string' | 'number';

/** One searchable field: its value type and the comparators it accepts. */
export interface FilterField {
  /** Value type of the field. */
  type: FilterValueType;
  /** Comparators the field accepts, in the order messages list them. */
  comparators: readonly FilterComparator[];
  /** The canonical key when this entry is an alias (`created` → `start_time`). @default the entry's own key */
  key?: string;
}

/** An entity type: the part of an identifier before the dot (`metrics` in `metrics.acc`). */
export interface FilterEntity {
  /**
   * Names that select the entity before a dot, matched case-insensitively; the first is shown in messages.
   * Empty for an entity whose fields are only written bare (see {@link FilterSchema.bare}).
   */
  names: readonly string[];
  /** Singular noun for messages (`metric "acc" is numeric`). */
  label: string;
  /** A closed set of keys (attributes), matched exactly, then lower-cased. */
  fields?: Readonly<Record<string, FilterField>>;
  /** The field every key has when keys are user names (params, tags); looked up as own keys. */
  anyKey?: FilterField;
}

/**
 * A package's table of searchable fields: which entity types exist, their names and aliases, each field's
 * value type and comparators. The filter and order-by parsers of `@plinth/core/filter` read nothing else.
 */
export interface FilterSchema<Entity extends string = string> {
  /** Component named in error messages (`tracking`, `registry`). */
  component: string;
  /** Every entity type, by the name clauses carry. */
  entities: Readonly<Record<Entity, FilterEntity>>;
  /** The entity whose fields may be written bare, without a prefix (`status`, `name`). */
  bare?: Entity;
}

/** Comparators of a numeric field in MLflow: `=`, `!=`, `<`, `<=`, `>`, `>=`. */
export const NUMBER_COMPARATORS: readonly FilterComparator[] = ['=', '!=', '<', '<=', '>', '>='];
/** Comparators of a string field in MLflow: `=`, `!=`, `LIKE`, `ILIKE`. */
export const STRING_COMPARATORS: readonly FilterComparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
/** Comparators of a string field that also takes lists: {@link STRING_COMPARATORS}, `IN`, `NOT IN`. */
export const STRING_LIST_COMPARATORS: readonly FilterComparator[] = [...STRING_COMPARATORS, 'IN', 'NOT IN'];

/** One clause of a filter: `<entity>.<key> <comparator> <value>`. */
export interface FilterClause<Entity extends string = string> {
  /** The entity type (its key in {@link FilterSchema.entities}). */
  entity: Entity;
  /** The canonical key (aliases resolved). */
  key: string;
  comparator: FilterComparator;
  /** A number (numeric fields), a string, a list (`IN`), or null (`IS NULL`). */
  value: number | string | readonly string[] | readonly number[] | null;
}

/** One order-by key: `<entity>.<key> [ASC|DESC]`. */
export interface OrderByKey<Entity extends string = string> {
  entity: Entity;
  key: string;
  descending: boolean;
}

/** Longest filter or order-by text accepted, in UTF-16 code units. */
export const MAX_FILTER_LENGTH = 100_000;
/** Most clauses one filter may hold. */
export const MAX_FILTER_CLAUSES = 1_000;
