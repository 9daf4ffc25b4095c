import {
  type FilterField,
  type FilterSchema,
  NUMBER_COMPARATORS,
  STRING_COMPARATORS,
  STRING_LIST_COMPARATORS,
} from '@plinth/core/filter';

/** What a search identifier refers to. */
export type EntityType = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

/** A parsed identifier: entity type and key (`metrics.acc` → `{ entity: 'metric', key: 'acc' }`). */
export interface Identifier {
  entity: EntityType;
  key: string;
}

const NUMBER: FilterField = { type: 'number', comparators: NUMBER_COMPARATORS };
const NULLABLE_STRING: FilterField = {
  type: 'string',
  comparators: [...STRING_COMPARATORS, 'IS NULL', 'IS NOT NULL'],
};
/** Plinth also allows IN on string attributes other than run_id (MLflow: run_id only); see the README. */
const STRING_ATTRIBUTE: FilterField = { type: 'string', comparators: STRING_LIST_COMPARATORS };

const ATTRIBUTES: Record<string, FilterField> = {
  run_id: STRING_ATTRIBUTE,
  run_name: STRING_ATTRIBUTE,
  status: STRING_ATTRIBUTE,
  user_id: STRING_ATTRIBUTE,
  artifact_uri: STRING_ATTRIBUTE,
  start_time: NUMBER,
  end_time: NUMBER,
  created: { ...NUMBER, key: 'start_time' },
  'run name': { ...STRING_ATTRIBUTE, key: 'run_name' },
};

/** The searchable fields of runs (MLflow's `search_runs` grammar): the table `@plinth/core/filter` reads. */
export const RUN_FILTER_SCHEMA: FilterSchema<EntityType> = {
  component: 'tracking',
  entities: {
    metric: { names: ['metrics', 'metric'], label: 'metric', anyKey: NUMBER },
    param: { names: ['params', 'param', 'parameter', 'parameters'], label: 'param', anyKey: NULLABLE_STRING },
    tag: { names: ['tags', 'tag'], label: 'tag', anyKey: NULLABLE_STRING },
    attribute: { names: ['attributes', 'attribute', 'attr', 'run'], label: 'attribute', fields: ATTRIBUTES },
    dataset: {
      names: ['datasets', 'dataset'],
      label: 'dataset field',
      fields: { name: STRING_ATTRIBUTE, digest: STRING_ATTRIBUTE, context: STRING_ATTRIBUTE },
    },
  },
  bare: 'attribute',
};

const { dataset: _dataset, ...ORDERABLE } = RUN_FILTER_SCHEMA.entities;

/** The fields runs can be ordered by: every filter field except datasets. */
export const RUN_ORDER_SCHEMA: FilterSchema<EntityType> = {
  ...RUN_FILTER_SCHEMA,
  entities: ORDERABLE as FilterSchema<EntityType>['entities'],
};
