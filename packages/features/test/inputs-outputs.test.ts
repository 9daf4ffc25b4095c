// Entity inputs (CSV, Parquet, Arrow, row objects, SQL) and outputs (Arrow, rows, Parquet, CSV) give one result.
import path from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { duckdbEngine } from '../src/duckdb/index.node.ts';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureView,
  type FeatureStore,
  fileSource,
} from '../src/index.ts';
import { rawRows, rawSql, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let store: FeatureStore;
const features = ['stats:score', 'stats:label'];
// hand-computed: key 1 at 10:00 → (0.5,'a'); key 2 at 10:00 → 20:00 row is later → (null, null)... see rows below
const expected = [
  { id: 1, score: 0.5, label: 'a' },
  { id: 2, score: null, label: null },
  { id: 1, score: 1.5, label: "it's; -- b" },
];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const source = path.join(dir, 'stats.csv');
  await rawSql(
    `COPY (SELECT * FROM (VALUES
      (1, '2021-01-01T09:00:00Z', 0.5, 'a'),
      (1, '2021-01-01T11:00:00Z', 1.5, 'it''s; -- b'),
      (2, '2021-01-01T20:00:00Z', 2.5, 'c')
    ) t(id, ts, score, label)) TO '${source}' (FORMAT csv, HEADER)`,
    `COPY (SELECT * FROM (VALUES (1::BIGINT, TIMESTAMPTZ '2021-01-01 10:00:00+00'), (2, TIMESTAMPTZ '2021-01-01 10:00:00+00'), (1, TIMESTAMPTZ '2021-01-01 12:00:00+00')) t(id, "at")) TO '${path.join(dir, 'entities.parquet')}' (FORMAT parquet)`,
    `COPY (SELECT * FROM read_parquet('${path.join(dir, 'entities.parquet')}')) TO '${path.join(dir, 'entities.csv')}' (FORMAT csv, HEADER)`,
  );
  const entity = defineEntity({ name: 'thing', joinKeys: ['id'] });
  const view = defineFeatureView({
    name: 'stats',
    entities: [entity],
    source: fileSource({
      path: source,
      timestampField: 'ts',
      columns: { id: 'int64', score: 'float64', label: 'string' },
    }),
    features: { score: 'float64', label: 'string' },
  });
  store = await createFeatureStore({ views: [view], engine: duckdbEngine() });
});

afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

const pick = (rows: Record<string, unknown>[]) => rows.map(({ id, score, label }) => ({ id, score, label }));
const at = [
  new Date('2021-01-01T10:00:00Z'),
  new Date('2021-01-01T10:00:00Z'),
  new Date('2021-01-01T12:00:00Z'),
];

it.each([
  ['a Parquet path', () => path.join(dir, 'entities.parquet')],
  ['a CSV path', () => path.join(dir, 'entities.csv')],
  ['row objects', () => [1, 2, 1].map((id, index) => ({ id, at: at[index] }))],
  ['an Arrow table', () => tableFromArrays({ id: BigInt64Array.from([1n, 2n, 1n]), at: at })],
  ['a SQL query', () => ({ sql: `SELECT * FROM read_parquet('${path.join(dir, 'entities.parquet')}')` })],
  ['a SQL string', () => `SELECT * FROM read_parquet('${path.join(dir, 'entities.parquet')}')`],
])('entities as %s', async (_, entities) => {
  const rows = await store
    .getHistoricalFeatures({ entities: entities() as never, entityTimestampColumn: 'at', features })
    .toRows();
  expect(pick(rows)).toEqual(expected);
  expect(rows.map((row) => (row.at as Date).toISOString())).toEqual(at.map((date) => date.toISOString()));
});

it('toParquet and toCsv write the same rows, read back by a separate DuckDB', async () => {
  const job = store.getHistoricalFeatures({
    entities: path.join(dir, 'entities.parquet'),
    entityTimestampColumn: 'at',
    features,
    fullFeatureNames: true,
  });
  const parquet = path.join(dir, "out; it's -- x.parquet");
  const csv = path.join(dir, 'out.csv');
  expect(await job.toParquet(parquet)).toEqual({ rows: 3 });
  expect(await job.toCsv(csv)).toEqual({ rows: 3 });
  const escaped = parquet.replaceAll("'", "''");
  const fromParquet = await rawRows(
    `SELECT id, epoch_ms("at") AS "at", stats__score, stats__label FROM read_parquet('${escaped}')`,
  );
  expect(fromParquet).toEqual([
    { id: '1', at: '1609495200000', stats__score: 0.5, stats__label: 'a' },
    { id: '2', at: '1609495200000', stats__score: null, stats__label: null },
    { id: '1', at: '1609502400000', stats__score: 1.5, stats__label: "it's; -- b" },
  ]);
  const fromCsv = await rawRows(
    `SELECT id, epoch_ms(CAST("at" AS TIMESTAMPTZ)) AS "at", stats__score, stats__label FROM read_csv('${csv}')`,
  );
  expect(fromCsv).toEqual(fromParquet);
});

it('toArrow gives typed columns (Int64, UTC milliseconds)', async () => {
  const table = await store
    .getHistoricalFeatures({
      entities: path.join(dir, 'entities.parquet'),
      entityTimestampColumn: 'at',
      features,
    })
    .toArrow();
  expect(table.schema.fields.map((field) => [field.name, String(field.type)])).toEqual([
    ['id', 'Int64'],
    ['at', 'Timestamp<MILLISECOND, UTC>'],
    ['score', 'Float64'],
    ['label', 'Utf8'],
  ]);
  expect(table.getChild('id')!.toArray()).toEqual(BigInt64Array.from([1n, 2n, 1n]));
  expect(table.getChild('at')!.get(2)).toBe(Date.parse('2021-01-01T12:00:00Z'));
  expect(table.getChild('score')!.get(1)).toBe(null);
});

it('reports progress stages', async () => {
  const stages: string[] = [];
  await store
    .getHistoricalFeatures({
      entities: path.join(dir, 'entities.parquet'),
      entityTimestampColumn: 'at',
      features,
      onProgress: (p) => stages.push(p.stage),
    })
    .toParquet(path.join(dir, 'progress.parquet'));
  expect(stages[0]).toBe('validate');
  expect(stages).toContain('load-entities');
  expect(stages).toContain('join');
  expect(stages.at(-1)).toBe('done');
});
