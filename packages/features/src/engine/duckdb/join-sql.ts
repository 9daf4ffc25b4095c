// The SQL of a point-in-time join. Two plans give the same result:
// - asof: each source deduplicated to one row per (keys, event ts) (greatest created ts), then one
//   ASOF LEFT JOIN per view (the greatest event ts <= entity ts), the ttl checked on the joined row;
// - window: a range join of every candidate row, the winner picked by QUALIFY row_number(); needed when
//   candidates are filtered by created ts (filterByCreatedTimestamp), which an ASOF join cannot express.
// Each view runs with its own plan (plan-choice.ts picks them).
import type { HistoricalQuery } from '../port.ts';
import { ENTITY_TABLE } from './entities.ts';
import type { JoinPlan } from './plan-choice.ts';
import { sourceSql } from './sources.ts';
import { type Params, quote } from './sql.ts';

/** Builds the join's SELECT (ordered by entity input order), view `i` with `plans[i]`. */
export function joinSql(
  query: HistoricalQuery,
  entityColumns: readonly string[],
  params: Params,
  pushTableOf: (path: string) => string | undefined,
  plans: readonly JoinPlan[],
): string {
  const ts = query.entityTimestampColumn;
  const ctes = [
    `e AS (SELECT *, rowid AS __plinth_row, CAST(${quote(ts)} AS TIMESTAMPTZ) AS __plinth_ts FROM ${quote(ENTITY_TABLE)})`,
  ];
  const select = entityColumns.map((name) =>
    name === ts ? `e.__plinth_ts AS ${quote(name)}` : `e.${quote(name)}`,
  );
  const joins: string[] = [];
  query.views.forEach((joinView, index) => {
    const { view } = joinView;
    const s = `s${index}`;
    const source = sourceSql(view, params, pushTableOf(view.source.path));
    const keyMatch = view.joinKeys.map((key, k) => `${s}.${quote(key)} = e.${quote(view.entityColumns[k]!)}`);
    const ttl = view.ttlMs === null ? undefined : params.add(view.ttlMs);
    const lower =
      ttl === undefined
        ? undefined
        : `${s}.__plinth_ets >= e.__plinth_ts - to_milliseconds(CAST(${ttl} AS BIGINT))`;
    if (plans[index] === 'asof') {
      const dedup =
        view.source.createdTimestampField || pushTableOf(view.source.path)
          ? ` QUALIFY row_number() OVER (PARTITION BY ${[...view.joinKeys.map(quote), '__plinth_ets'].join(', ')} ORDER BY __plinth_cts DESC NULLS LAST) = 1`
          : '';
      ctes.push(`${s} AS (${source}${dedup})`);
      joins.push(
        `ASOF LEFT JOIN ${s} ON ${[...keyMatch, `e.__plinth_ts >= ${s}.__plinth_ets`].join(' AND ')}`,
      );
      for (const feature of joinView.features) {
        const value = `${s}.${quote(feature.name)}`;
        select.push(`${lower ? `CASE WHEN ${lower} THEN ${value} END` : value} AS ${quote(feature.output)}`);
      }
    } else {
      const w = `w${index}`;
      ctes.push(`${s} AS (${source})`);
      const conditions = [...keyMatch, `${s}.__plinth_ets <= e.__plinth_ts`];
      if (lower) conditions.push(lower);
      if (query.filterByCreatedTimestamp) conditions.push(`${s}.__plinth_cts <= e.__plinth_ts`);
      const columns = joinView.features.map((feature, f) => `${s}.${quote(feature.name)} AS __plinth_f${f}`);
      ctes.push(
        `${w} AS (SELECT e.__plinth_row, ${columns.join(', ')} FROM e JOIN ${s} ON ${conditions.join(' AND ')} ` +
          `QUALIFY row_number() OVER (PARTITION BY e.__plinth_row ORDER BY ${s}.__plinth_ets DESC, ${s}.__plinth_cts DESC NULLS LAST) = 1)`,
      );
      joins.push(`LEFT JOIN ${w} ON ${w}.__plinth_row = e.__plinth_row`);
      joinView.features.forEach((feature, f) => {
        select.push(`${w}.__plinth_f${f} AS ${quote(feature.output)}`);
      });
    }
  });
  return `WITH ${ctes.join(',\n')}\nSELECT ${select.join(', ')} FROM e ${joins.join(' ')} ORDER BY e.__plinth_row`;
}
