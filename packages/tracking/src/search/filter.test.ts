import { PlinthError } from '@plinth/core';
import { compileClause } from '@plinth/core/filter';
import { describe, expect, it } from 'vitest';
import { parseFilter } from './filter.ts';
import { parseOrderBy } from './order.ts';

function errorOf(filter: string): PlinthError {
  try {
    parseFilter(filter);
  } catch (error) {
    if (PlinthError.is(error, 'PLINTH_VALIDATION')) return error;
    throw error;
  }
  throw new Error(`expected ${filter} to be rejected`);
}

describe('parseFilter', () => {
  it('parses every numeric comparator on metrics', () => {
    for (const comparator of ['=', '!=', '<', '<=', '>', '>=']) {
      expect(parseFilter(`metrics.acc ${comparator} 0.5`)).toEqual([
        { entity: 'metric', key: 'acc', comparator, value: 0.5 },
      ]);
    }
    expect(parseFilter('metrics.loss<-1e-3')[0]).toMatchObject({ comparator: '<', value: -0.001 });
    expect(parseFilter('metrics.x <> 2')[0]).toMatchObject({ comparator: '!=', value: 2 });
  });

  it('accepts every entity alias, case-insensitive AND, and bare attributes', () => {
    const aliases: Array<[string, string]> = [
      ['metric', 'metric'],
      ['metrics', 'metric'],
      ['param', 'param'],
      ['params', 'param'],
      ['parameter', 'param'],
      ['parameters', 'param'],
      ['tag', 'tag'],
      ['tags', 'tag'],
    ];
    for (const [alias, entity] of aliases) {
      const value = entity === 'metric' ? '1' : "'v'";
      expect(parseFilter(`${alias}.k = ${value}`)[0]).toMatchObject({ entity, key: 'k' });
    }
    for (const alias of ['attribute', 'attributes', 'attr', 'run']) {
      expect(parseFilter(`${alias}.status = 'FINISHED'`)[0]).toMatchObject({
        entity: 'attribute',
        key: 'status',
      });
    }
    expect(parseFilter("run_name = 'a' AnD start_time > 5")).toMatchObject([
      { entity: 'attribute', key: 'run_name', comparator: '=', value: 'a' },
      { entity: 'attribute', key: 'start_time', comparator: '>', value: 5 },
    ]);
    expect(parseFilter('attributes.created >= 1')[0]).toMatchObject({ key: 'start_time' });
    expect(parseFilter("datasets.context = 'training'")[0]).toMatchObject({
      entity: 'dataset',
      key: 'context',
    });
  });

  it('reads keys in backticks or double quotes, dotted bare keys, and both quote styles for values', () => {
    expect(parseFilter('metrics.`f1 score` >= 0.5')[0]).toMatchObject({ key: 'f1 score' });
    expect(parseFilter('params."model-type" = "mlp"')[0]).toMatchObject({ key: 'model-type', value: 'mlp' });
    expect(parseFilter('metrics.val.loss < 1')[0]).toMatchObject({ key: 'val.loss' });
    expect(parseFilter('metrics.`a.b` < 1')[0]).toMatchObject({ key: 'a.b' });
    expect(parseFilter("tags.note = 'it''s'")[0]).toMatchObject({ value: "it's" });
    expect(parseFilter('')).toEqual([]);
    expect(parseFilter('   ')).toEqual([]);
  });

  it('compiles LIKE and ILIKE, and reads IN / NOT IN lists and IS [NOT] NULL', () => {
    const like = compileClause(parseFilter("params.model LIKE 'ml_%'")[0]!);
    expect(like('mlp-2')).toBe(true);
    expect(like('MLP-2')).toBe(false);
    expect(like('ml')).toBe(false);
    const ilike = compileClause(parseFilter("tags.team ILIKE 'RI%'")[0]!);
    expect(ilike('risk')).toBe(true);
    expect(compileClause(parseFilter("tags.x LIKE 'a.b'")[0]!)('axb')).toBe(false);
    expect(parseFilter("attributes.run_id IN ('a', 'b')")[0]).toMatchObject({
      comparator: 'IN',
      value: ['a', 'b'],
    });
    expect(parseFilter("attributes.status NOT IN ('FAILED')")[0]).toMatchObject({
      comparator: 'NOT IN',
      value: ['FAILED'],
    });
    expect(parseFilter('tags.x IS NULL')[0]).toMatchObject({ comparator: 'IS NULL', value: null });
    expect(parseFilter('params.y is not null')[0]).toMatchObject({ comparator: 'IS NOT NULL' });
  });

  it('points at the offending token', () => {
    const cases: Array<[string, number, string]> = [
      ["metrics.acc > 0.9 OR params.model = 'gbm'", 18, 'OR'],
      ["foo.bar = 'x'", 0, 'foo'],
      ['params.model = mlp', 15, 'mlp'],
      ["params.model IN ('mlp', 'gbm')", 13, 'IN'],
      ["metrics.acc > 'x'", 14, "'x'"],
      ['metrics.acc LIKE 1', 12, 'LIKE'],
      ["params.a > 'x'", 9, '>'],
      ["tags.team = 'risk", 12, "'risk"],
      ['metrics.acc', 11, ''],
      ['attributes.colour = 1', 11, 'colour'],
      ['metrics.acc > 1 params.x', 16, 'params'],
      ['metrics.a = 1 and', 17, ''],
      ['acc > 1', 0, 'acc'],
      ['metrics.acc > 1 # x', 16, '#'],
    ];
    for (const [filter, position, token] of cases) {
      const error = errorOf(filter);
      expect(error.details, filter).toMatchObject({ position, token });
      expect(error.message).toContain(`position ${position}`);
      expect(error.message).toMatch(/^\[plinth:tracking\] invalid filter/);
    }
  });
});

describe('parseOrderBy', () => {
  it('reads direction and keys, ASC by default', () => {
    expect(parseOrderBy(['metrics.acc DESC', 'params.`model type`', 'attributes.start_time asc'])).toEqual([
      { entity: 'metric', key: 'acc', descending: true },
      { entity: 'param', key: 'model type', descending: false },
      { entity: 'attribute', key: 'start_time', descending: false },
    ]);
  });

  it('rejects bad directions and trailing text with a position', () => {
    for (const [input, position] of [
      ['metrics.acc DOWN', 12],
      ['metrics.acc DESC x', 17],
      ['nope.acc', 0],
    ] as const) {
      try {
        parseOrderBy([input]);
        throw new Error('expected a rejection');
      } catch (error) {
        expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
        expect((error as PlinthError).details).toMatchObject({ position });
      }
    }
  });
});
