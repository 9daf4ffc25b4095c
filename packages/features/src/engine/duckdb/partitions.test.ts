// The key hash in SQL (what the engine groups rows by) against the key hash in JS (where the stores look for an
// entity) and the BigInt oracle, in a real DuckDB, for every integer type a join key may have.
import { expect, it } from 'vitest';
import { rawConnection } from '../../../test/helpers.ts';
import { integerKeyHash } from '../../../test/key-hash-oracle.ts';
import { encodeEntityKey } from '../../online/entity-key.ts';
import { keyHash } from '../../online/key-hash.ts';
import { keyHashSql, keyHashStateSql } from './partitions.ts';

const duckdb = rawConnection();

/** The SQL hash of each row of `columns` (name → DuckDB type) over `values`, as numbers. */
async function sqlHashes(columns: [string, string][], rows: string[][]): Promise<number[]> {
  const select = rows
    .map(
      (row, r) =>
        `SELECT ${r} AS r, ${row.map((text, c) => `CAST('${text}' AS ${columns[c]![1]}) AS ${columns[c]![0]}`).join(', ')}`,
    )
    .join(' UNION ALL ');
  const state = keyHashStateSql(columns.map(([name, type]) => ({ name, type })));
  const sql = `SELECT ${keyHashSql('h')} FROM (SELECT r, ${state} AS h FROM (${select})) ORDER BY r`;
  const reader = await duckdb().runAndReadAll(sql);
  return reader.getRows().map((row) => Number(row[0]));
}

const EDGES: Record<string, string[]> = {
  TINYINT: ['-128', '-1', '0', '127'],
  SMALLINT: ['-32768', '-7', '32767'],
  INTEGER: ['-2147483648', '-100', '1001', '2147483647'],
  BIGINT: [
    '-9223372036854775808',
    '-4294967296',
    '-1',
    '4294967296',
    '9007199254740993',
    '9223372036854775807',
  ],
  UTINYINT: ['0', '255'],
  USMALLINT: ['65535'],
  UINTEGER: ['4294967295', '123456'],
  UBIGINT: ['9223372036854775808', '18446744073709551615', '42'],
  HUGEINT: [
    '-170141183460469231731687303715884105728',
    '-100000000000000000000',
    '1',
    '170141183460469231731687303715884105727',
  ],
  UHUGEINT: ['340282366920938463463374607431768211455', '18446744073709551616'],
};

it('computes keyHash in SQL for every integer key type, as JS and the oracle do', async () => {
  for (const [type, values] of Object.entries(EDGES)) {
    const hashes = await sqlHashes(
      [['k', type]],
      values.map((value) => [value]),
    );
    const expected = values.map((value) => integerKeyHash([BigInt(value)]));
    expect({ type, hashes }).toEqual({ type, hashes: expected });
    expect(values.map((value) => keyHash(encodeEntityKey([BigInt(value)])!))).toEqual(expected);
  }
});

it('computes the hash of a two-column key in key order, as JS does', async () => {
  const rows = [
    ['-5', '9223372036854775807'],
    ['2147483647', '-1'],
    ['0', '0'],
    ['11', '1'],
    ['1', '11'],
  ];
  const hashes = await sqlHashes(
    [
      ['a', 'INTEGER'],
      ['b', 'HUGEINT'],
    ],
    rows,
  );
  expect(hashes).toEqual(rows.map((row) => integerKeyHash(row.map(BigInt))));
  expect(hashes).toEqual(rows.map((row) => keyHash(encodeEntityKey(row.map(BigInt))!)));
});
