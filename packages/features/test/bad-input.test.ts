// Bad input is refused before any work, with the file, the column and what was expected; names and values with
// quotes, semicolons and `--` are data, never SQL.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PlinthError } from '@plinth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbEngine } from '../src/duckdb/index.node.ts';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureView,
  type FeatureStore,
  type FeatureView,
  fileSource,
} from '../src/index.ts';
import { rawSql, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let store: FeatureStore;
let stats: FeatureView;
const driver = defineEntity({ name: 'driver', joinKeys: ['driver_id'] });
const ts = new Date('2021-01-02T00:00:00Z');

async function rejection(promise: Promise<unknown>): Promise<PlinthError> {
  try {
    await promise;
  } catch (error) {
    if (PlinthError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

function thrown(run: () => unknown): PlinthError {
  try {
    run();
  } catch (error) {
    if (PlinthError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await rawSql(
    `COPY (SELECT 1::BIGINT AS driver_id, TIMESTAMP '2021-01-01 00:00:00' AS ts, 0.5::DOUBLE AS rate, 'x' AS name, 7::BIGINT AS "__proto__", 1.5::DOUBLE AS "constructor") TO '${path.join(dir, 'stats.parquet')}' (FORMAT parquet)`,
    `COPY (SELECT 'we''ird; -- key' AS k, TIMESTAMP '2021-01-01 00:00:00' AS ts, 'v''; DROP TABLE x; --' AS val) TO '${path.join(dir, 'strings.parquet')}' (FORMAT parquet)`,
  );
  await writeFile(path.join(dir, 'corrupt.parquet'), 'PAR1 this is not parquet');
  stats = defineFeatureView({
    name: 'stats',
    entities: [driver],
    source: fileSource({ path: path.join(dir, 'stats.parquet'), timestampField: 'ts' }),
    features: { rate: 'float64' },
  });
  const wrongType = defineFeatureView({
    name: 'wrong_type',
    entities: [driver],
    source: fileSource({ path: path.join(dir, 'stats.parquet'), timestampField: 'ts' }),
    features: { name: 'int64' },
  });
  const missingFile = defineFeatureView({
    name: 'missing_file',
    entities: [driver],
    source: fileSource({ path: path.join(dir, 'nope.parquet'), timestampField: 'ts' }),
    features: { rate: 'float64' },
  });
  const corrupt = defineFeatureView({
    name: 'corrupt',
    entities: [driver],
    source: fileSource({ path: path.join(dir, 'corrupt.parquet'), timestampField: 'ts' }),
    features: { rate: 'float64' },
  });
  const strings = defineFeatureView({
    name: 'strings',
    entities: [defineEntity({ name: 'k', joinKeys: ['k'] })],
    source: fileSource({ path: path.join(dir, 'strings.parquet'), timestampField: 'ts' }),
    features: { val: 'string' },
  });
  const protoFeatures = JSON.parse('{"__proto__": "int64", "constructor": "float64"}');
  const proto = defineFeatureView({
    name: 'proto',
    entities: [driver],
    source: fileSource({ path: path.join(dir, 'stats.parquet'), timestampField: 'ts' }),
    features: protoFeatures,
  });
  store = await createFeatureStore({
    views: [stats, wrongType, missingFile, corrupt, strings, proto],
    engine: duckdbEngine(),
  });
});

afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

const join = (features: string[], entities: unknown = [{ driver_id: 1, ts }], column = 'ts') =>
  store.getHistoricalFeatures({ entities: entities as never, entityTimestampColumn: column, features });

describe('refused before any query', () => {
  it('unknown view or feature: PLINTH_NOT_FOUND', () => {
    expect(thrown(() => join(['nope:rate'])).code).toBe('PLINTH_NOT_FOUND');
    const error = thrown(() => join(['stats:nope']));
    expect(error.code).toBe('PLINTH_NOT_FOUND');
    expect(error.message).toMatch(/stats has no feature "nope"/);
  });

  it('malformed references and options: PLINTH_VALIDATION', () => {
    for (const features of [[], ['stats'], ['a:b:c'], [null], ['stats:ra"te'], 'stats:rate']) {
      expect(thrown(() => join(features as never)).code).toMatch(/PLINTH_VALIDATION|PLINTH_NOT_FOUND/);
    }
    expect(
      thrown(() =>
        store.getHistoricalFeatures({ entities: [], entityTimestampColumn: 'ts', features: ['stats:rate'] }),
      ).code,
    ).toBe('PLINTH_VALIDATION');
    expect(
      thrown(() =>
        store.getHistoricalFeatures({
          entities: 'x.txt',
          entityTimestampColumn: 'ts',
          features: ['stats:rate'],
        }),
      ).code,
    ).toBe('PLINTH_VALIDATION');
    expect(
      thrown(() =>
        store.getHistoricalFeatures({
          entities: [{}],
          entityTimestampColumn: 'ts',
          features: ['stats:rate'],
          extra: 1,
        } as never),
      ).code,
    ).toBe('PLINTH_VALIDATION');
  });
});

describe('refused before the join, naming file, column and expectation', () => {
  it('entity rows without the join key', async () => {
    const out = path.join(dir, 'never.parquet');
    const error = await rejection(join(['stats:rate'], [{ other: 1, ts }]).toParquet(out));
    expect(error.code).toBe('PLINTH_VALIDATION');
    expect(error.message).toMatch(
      /column "driver_id" is missing; expected the join key driver_id of view stats/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('entity rows without the timestamp column', async () => {
    const error = await rejection(join(['stats:rate'], [{ driver_id: 1, when: ts }]).toRows());
    expect(error.code).toBe('PLINTH_VALIDATION');
    expect(error.message).toMatch(/column "ts" is missing; expected the entity timestamp column/);
  });

  it('a join key of another type than the source key (typed comparison)', async () => {
    const error = await rejection(join(['stats:rate'], [{ driver_id: '1', ts }]).toRows());
    expect(error.code).toBe('PLINTH_VALIDATION');
    expect(error.message).toMatch(/"driver_id" is VARCHAR .* has driver_id as BIGINT/);
  });

  it('a source column of the wrong type', async () => {
    const error = await rejection(join(['wrong_type:name']).toRows());
    expect(error.code).toBe('PLINTH_VALIDATION');
    expect(error.message).toContain('stats.parquet');
    expect(error.message).toMatch(/column "name" is VARCHAR; expected a column readable as int64/);
    expect(error.details).toMatchObject({ column: 'name', expected: expect.stringContaining('int64') });
  });

  it('a missing source file: PLINTH_NOT_FOUND naming it', async () => {
    const error = await rejection(join(['missing_file:rate']).toRows());
    expect(error.code).toBe('PLINTH_NOT_FOUND');
    expect(error.message).toContain('nope.parquet');
  });

  it('a missing entity file: PLINTH_NOT_FOUND naming it', async () => {
    const error = await rejection(join(['stats:rate'], path.join(dir, 'no-entities.parquet')).toRows());
    expect(error.code).toBe('PLINTH_NOT_FOUND');
    expect(error.message).toContain('no-entities.parquet');
  });

  it('an unreadable source file: PLINTH_VALIDATION naming it', async () => {
    const error = await rejection(join(['corrupt:rate']).toRows());
    expect(error.code).toBe('PLINTH_VALIDATION');
    expect(error.message).toContain('corrupt.parquet');
  });
});

describe('names and values with quotes, semicolons and --', () => {
  it('are refused as view, feature, entity and column names', () => {
    for (const name of ['a"b', "a'b", 'a;b', 'a--b', 'a b', '1a', '__plinth_x', '', 'x'.repeat(200)]) {
      expect(thrown(() => defineEntity({ name, joinKeys: ['id'] })).code).toBe('PLINTH_VALIDATION');
      expect(thrown(() => defineEntity({ name: 'e', joinKeys: [name] })).code).toBe('PLINTH_VALIDATION');
      expect(thrown(() => fileSource({ path: 'a.parquet', timestampField: name })).code).toBe(
        'PLINTH_VALIDATION',
      );
      expect(
        thrown(() => defineFeatureView({ name, source: stats.source, features: { rate: 'float64' } })).code,
      ).toBe('PLINTH_VALIDATION');
      expect(
        thrown(() => defineFeatureView({ name: 'v', source: stats.source, features: { [name]: 'float64' } }))
          .code,
      ).toBe('PLINTH_VALIDATION');
    }
  });

  it('are data as key values, feature values and entity column names', async () => {
    const rows = await store
      .getHistoricalFeatures({
        entities: [
          { k: "we'ird; -- key", 'col"; DROP TABLE x; --': 'kept', ts },
          { k: "x'); DROP TABLE x; --", 'col"; DROP TABLE x; --': null, ts },
        ],
        entityTimestampColumn: 'ts',
        features: ['strings:val'],
      })
      .toRows();
    expect(rows).toEqual([
      { k: "we'ird; -- key", 'col"; DROP TABLE x; --': 'kept', ts, val: "v'; DROP TABLE x; --" },
      { k: "x'); DROP TABLE x; --", 'col"; DROP TABLE x; --': null, ts, val: null },
    ]);
  });

  it('__proto__ and constructor are feature names like any other', async () => {
    const rows = await join(['proto:__proto__', 'proto:constructor']).toRows();
    expect(Object.keys(rows[0]!)).toEqual(['driver_id', 'ts', '__proto__', 'constructor']);
    expect(Object.hasOwn(rows[0]!, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(rows[0]!, '__proto__')?.value).toBe(7);
    expect(rows[0]!.constructor).toBe(1.5);
  });
});
