import { describe, expect, it } from 'vitest';
import { PlinthError } from '../errors/plinth-error.ts';
import { compileClause } from './match.ts';
import { parseFilter } from './parse-filter.ts';
import { parseOrderBy } from './parse-order-by.ts';
import {
  type FilterSchema,
  MAX_FILTER_CLAUSES,
  MAX_FILTER_LENGTH,
  NUMBER_COMPARATORS,
  STRING_COMPARATORS,
  STRING_LIST_COMPARATORS,
} from './schema.ts';

const schema: FilterSchema<'metric' | 'tag' | 'attribute'> = {
  component: 'test',
  entities: {
    metric: {
      names: ['metrics', 'metric'],
      label: 'metric',
      anyKey: { type: 'number', comparators: NUMBER_COMPARATORS },
    },
    tag: {
      names: ['tags', 'tag'],
      label: 'tag',
      anyKey: { type: 'string', comparators: STRING_COMPARATORS },
    },
    attribute: {
      names: ['attributes', 'attribute'],
      label: 'attribute',
      fields: {
        run_name: { type: 'string', comparators: STRING_LIST_COMPARATORS },
        start_time: { type: 'number', comparators: NUMBER_COMPARATORS },
        'run name': { type: 'string', comparators: STRING_LIST_COMPARATORS, key: 'run_name' },
      },
    },
  },
  bare: 'attribute',
};

function rejection(run: () => unknown): PlinthError {
  try {
    run();
  } catch (error) {
    if (PlinthError.is(error, 'PLINTH_VALIDATION')) return error;
    throw error;
  }
  throw new Error('expected a PLINTH_VALIDATION error');
}

describe('parseFilter (core engine)', () => {
  it('reads backticked entity types and keys, and the `Run name` alias, as MLflow does', () => {
    expect(parseFilter('`metrics`.`f1 score` < 0.2', schema)).toEqual([
      { entity: 'metric', key: 'f1 score', comparator: '<', value: 0.2 },
    ]);
    for (const alias of ['`Run name`', '`Run Name`', '`run name`']) {
      expect(parseFilter(`attributes.${alias} = 'x'`, schema)).toEqual([
        { entity: 'attribute', key: 'run_name', comparator: '=', value: 'x' },
      ]);
    }
    expect(parseFilter("`Run name` LIKE 'a%'", schema)[0]).toMatchObject({ key: 'run_name' });
  });

  it('keeps a backslash as an ordinary character and reads doubled quotes as one quote', () => {
    expect(parseFilter("tags.p LIKE '%\\%%'", schema)[0]).toMatchObject({ value: '%\\%%' });
    expect(parseFilter("tags.p = 'C:\\'", schema)[0]).toMatchObject({ value: 'C:\\' });
    expect(parseFilter('tags.p = \'it\'\'s\' and tags.q = "say ""hi"""', schema)).toMatchObject([
      { value: "it's" },
      { value: 'say "hi"' },
    ]);
    const like = compileClause(parseFilter("tags.p LIKE '%\\%%'", schema)[0]!);
    expect(like('a\\b')).toBe(true);
    expect(like('anything else')).toBe(false);
  });

  it('rejects a filter that is not a string, naming the argument', () => {
    for (const value of [123, null, {}, ['a'], true]) {
      const error = rejection(() => parseFilter(value, schema));
      expect(error.message).toMatch(/^\[plinth:test\] invalid filter .*filter must be a string/);
      expect(error.details).toMatchObject({ issues: [{ path: 'filter' }] });
    }
  });

  it('bounds the filter length and the clause count', () => {
    const long = rejection(() => parseFilter(`tags.a = '${'x'.repeat(MAX_FILTER_LENGTH)}'`, schema));
    expect(long.message).toContain(`the limit is ${MAX_FILTER_LENGTH}`);
    expect(long.message.length).toBeLessThan(1000);
    const clause = "tags.a = 'x'";
    expect(parseFilter(Array(MAX_FILTER_CLAUSES).fill(clause).join(' and '), schema)).toHaveLength(
      MAX_FILTER_CLAUSES,
    );
    const many = rejection(() =>
      parseFilter(
        Array(MAX_FILTER_CLAUSES + 1)
          .fill(clause)
          .join(' and '),
        schema,
      ),
    );
    expect(many.message).toContain(`at most ${MAX_FILTER_CLAUSES} clauses`);
  });

  it('checks comparators and value types per field, pointing at the token', () => {
    const cases: Array<[string, number, string, RegExp]> = [
      ['metrics.acc LIKE 1', 12, 'LIKE', /metric "acc" is numeric; use =, !=, <, <=, > or >=/],
      ["tags.t IN ('a')", 7, 'IN', /tag "t" is a string; use =, !=, LIKE or ILIKE/],
      ["metrics.acc > 'x'", 14, "'x'", /compared with a number/],
      ['tags.t = x', 9, 'x', /compared with a quoted string/],
      ['`tags`.`a` = `b`', 13, '`b`', /compared with a quoted string/],
      ["nope.x = 'a'", 0, 'nope', /invalid entity type "nope"; use metrics, tags or attributes/],
      [
        "colour = 'a'",
        0,
        'colour',
        /unknown attribute "colour"; use run_name or start_time, or <type>.<key>/,
      ],
      ['attributes.run_name IN ()', 24, ')', /quoted string/],
      ["tags.t = 'a' OR tags.u = 'b'", 13, 'OR', /OR is not supported/],
      ["tags.t = 'a", 9, "'a", /unterminated ' quote/],
      ['tags.t = 😀', 9, '😀', /unexpected character/],
    ];
    for (const [filter, position, token, message] of cases) {
      const error = rejection(() => parseFilter(filter, schema));
      expect(error.details, filter).toMatchObject({ position, token });
      expect(error.message, filter).toMatch(message);
    }
  });
});

describe('parseOrderBy (core engine)', () => {
  it('takes a string or an array, with comma-separated keys in either', () => {
    const expected = [
      { entity: 'metric', key: 'acc', descending: true },
      { entity: 'attribute', key: 'start_time', descending: false },
    ];
    expect(parseOrderBy('metrics.acc DESC, start_time', schema)).toEqual(expected);
    expect(parseOrderBy(['metrics.acc desc', 'attributes.start_time ASC'], schema)).toEqual(expected);
  });

  it('rejects other types and bad entries with a coded error naming orderBy', () => {
    for (const value of [123, null, { a: 1 }, [1]]) {
      expect(rejection(() => parseOrderBy(value, schema)).message).toMatch(
        /invalid orderBy(\[0\])? .*must be a string/,
      );
    }
    expect(rejection(() => parseOrderBy(['metrics.a', 'metrics.b DOWN'], schema)).details).toMatchObject({
      position: 10,
      token: 'DOWN',
      issues: [{ path: 'orderBy[1]' }],
    });
  });
});
