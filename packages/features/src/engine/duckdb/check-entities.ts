// Checks a loaded entity table against a join request, before the join runs.
import { errors } from '../../errors.ts';
import type { HistoricalQuery } from '../port.ts';
import { checkTimestampColumnType } from './entities.ts';
import { keysComparable } from './sql.ts';

/**
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the column and what was expected (a missing join key or
 * timestamp column, a key whose type does not compare with the source's, a reserved `__plinth` name);
 * `PLINTH_FEATURE_NAME_COLLISION` when an output feature column has an entity column's name.
 */
export function checkEntities(
  query: HistoricalQuery,
  columns: readonly { name: string; type: string }[],
  sourceColumns: ReadonlyMap<string, ReadonlyMap<string, string>>,
): void {
  const types = new Map(columns.map((column) => [column.name, column.type]));
  const missing = (column: string, expected: string) =>
    errors.error(
      'PLINTH_VALIDATION',
      `entities: column ${JSON.stringify(column)} is missing; expected ${expected}`,
      {
        details: { column, expected, columns: [...types.keys()] },
      },
    );
  for (const name of types.keys()) {
    if (name.toLowerCase().startsWith('__plinth')) {
      throw errors.error(
        'PLINTH_VALIDATION',
        `entities: column ${JSON.stringify(name)} uses the reserved prefix __plinth; rename it`,
        {
          details: { column: name },
        },
      );
    }
  }
  const ts = query.entityTimestampColumn;
  const tsType = types.get(ts);
  if (tsType === undefined) throw missing(ts, 'the entity timestamp column (entityTimestampColumn)');
  checkTimestampColumnType(ts, tsType);
  for (const { view } of query.views) {
    const source = sourceColumns.get(view.name);
    view.entityColumns.forEach((column, index) => {
      const type = types.get(column);
      const key = view.joinKeys[index]!;
      if (type === undefined) throw missing(column, `the join key ${key} of view ${view.name}`);
      const sourceType = source?.get(key);
      if (sourceType !== undefined && !keysComparable(type, sourceType)) {
        throw errors.error(
          'PLINTH_VALIDATION',
          `entities: join key column ${JSON.stringify(column)} is ${type} but view ${view.name} source ${JSON.stringify(view.source.path)} has ${key} as ${sourceType}; keys compare as typed values, so cast one side`,
          { details: { column, expected: sourceType, actual: type, file: view.source.path } },
        );
      }
    });
  }
  for (const column of query.requiredEntityColumns) {
    if (!types.has(column)) throw missing(column, 'a request field of an on-demand view');
  }
  for (const { features } of query.views) {
    for (const feature of features) {
      if (types.has(feature.output)) {
        throw errors.error(
          'PLINTH_FEATURE_NAME_COLLISION',
          `output column ${JSON.stringify(feature.output)} is also an entity column; ask for fullFeatureNames or rename the entity column`,
          { details: { column: feature.output } },
        );
      }
    }
  }
}
