// Reading a result vector's strings a run at a time (string-runs.ts) against strings built here in JS, in a real
// DuckDB: VARCHAR and BLOB, inline (≤ 12 bytes) and long, empty, multi-byte UTF-8, through materialized and
// streaming results; the string-by-string read must give the same bytes, and a NULL is refused.
import { expect, it } from 'vitest';
import { rawConnection } from '../../../test/helpers.ts';
import { readStrings, type StringColumn } from './string-runs.ts';

const duckdb = rawConnection();

const ROWS = 5000;

/** Row `i`'s text, as the SQL below builds it: lengths 1 to 60 bytes, some with a 2- or 3-byte character. */
function expected(i: number): string {
  const tail = i % 7 === 0 ? 'é' : i % 11 === 0 ? '€' : '';
  return `${'x'.repeat(i % 50)}${i}${tail}`;
}

const TEXT_SQL = `concat(repeat('x', i % 50), CAST(i AS VARCHAR),
  CASE WHEN i % 7 = 0 THEN 'é' WHEN i % 11 = 0 THEN '€' ELSE '' END)`;

const decoder = new TextDecoder();

function rowText(column: StringColumn, row: number): string {
  return decoder.decode(column.runs[column.run[row]!]!.subarray(column.start[row], column.end[row]));
}

/** Every row of a query's first column, read by `readStrings` (runs, or string by string with `fallback`). */
async function readAll(sql: string, mode: 'run' | 'stream', fallback: boolean) {
  const result = await duckdb()[mode](sql);
  const texts: string[] = [];
  let runs = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const column = readStrings(chunk.getColumnVector(0), chunk.rowCount, fallback);
    runs += column.runs.length;
    for (let row = 0; row < chunk.rowCount; row++) texts.push(rowText(column, row));
  }
  return { texts, runs };
}

const want = Array.from({ length: ROWS }, (_, i) => expected(i));

for (const type of ['VARCHAR', 'BLOB'] as const) {
  for (const mode of ['run', 'stream'] as const) {
    it(`reads ${type} strings of every length the same way in runs and one by one (${mode})`, async () => {
      const text = type === 'BLOB' ? `encode(${TEXT_SQL})` : TEXT_SQL;
      const sql = `SELECT ${text} FROM range(${ROWS}) t(i) ORDER BY i`;
      const fast = await readAll(sql, mode, false);
      const slow = await readAll(sql, mode, true);
      expect(fast.texts).toEqual(want);
      expect(slow.texts).toEqual(want);
      // the long strings of a chunk lie back to back: far fewer runs than rows (one run per string one by one)
      expect(slow.runs).toBe(ROWS);
      expect(fast.runs).toBeLessThan(ROWS / 2);
    });
  }
}

it('reads the empty string and strings of exactly 12 and 13 bytes', async () => {
  const sql = `SELECT s FROM (VALUES (0, ''), (1, 'abcdefghijkl'), (2, 'abcdefghijklm'), (3, '')) v(k, s) ORDER BY k`;
  const { texts } = await readAll(sql, 'run', false);
  expect(texts).toEqual(['', 'abcdefghijkl', 'abcdefghijklm', '']);
});

it('refuses a NULL row instead of reading its bytes', async () => {
  const result = await duckdb().run(
    `SELECT CASE WHEN i = 3 THEN NULL ELSE repeat('y', 20 + i) END FROM range(6) t(i) ORDER BY i`,
  );
  const chunk = (await result.fetchChunk())!;
  expect(() => readStrings(chunk.getColumnVector(0), chunk.rowCount)).toThrow(/row 3 is NULL/);
  expect(() => readStrings(chunk.getColumnVector(0), chunk.rowCount, true)).toThrow(/row 3 is NULL/);
});

it('owns what it returns: the bytes stay the same after the chunk and the result are gone', async () => {
  const result = await duckdb().run(`SELECT repeat('z', 30) || i FROM range(100) t(i) ORDER BY i`);
  let chunk = await result.fetchChunk();
  const column = readStrings(chunk!.getColumnVector(0), chunk!.rowCount);
  chunk = null;
  for (let i = 0; i < 3; i++) await duckdb().run(`SELECT repeat('q', 1000) FROM range(10000)`);
  expect(rowText(column, 7)).toBe(`${'z'.repeat(30)}7`);
  expect(rowText(column, 99)).toBe(`${'z'.repeat(30)}99`);
});
