import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plinth, tempDir } from './helpers.ts';

// Reference values from scipy 1.17 on the same data. detectDrift picks KS for numeric columns of ≤ 1000 rows
// and, for categories, chi-square as a contingency test of reference against current counts (its default):
//
//   from scipy import stats
//   ref_amount = [((i * 37) % 101) / 10 for i in range(200)]
//   cur_amount = [((i * 53) % 97) / 10 + 1.5 for i in range(150)]
//   ref_score = [((i * 7) % 50) / 50 for i in range(200)]
//   cur_score = [((i * 11) % 50) / 50 for i in range(150)]
//   rm = [['a', 'b', 'c'][i % 3] for i in range(200)]
//   cm = [['a', 'b', 'c', 'c'][i % 4] for i in range(150)]
//   stats.ks_2samp(ref_amount, cur_amount)   # statistic 0.15, pvalue 0.03855214825130296
//   stats.ks_2samp(ref_score, cur_score)     # statistic 0.0, pvalue 1.0
//   cats = ['a', 'b', 'c']
//   stats.chi2_contingency([[rm.count(c) for c in cats], [cm.count(c) for c in cats]])
//                                            # statistic 9.527777777777779, pvalue 0.008532363381216766
const SCIPY = {
  amount: { statistic: 0.15, pValue: 0.03855214825130296 },
  score: { statistic: 0, pValue: 1 },
  merchant: { statistic: 9.527777777777779, pValue: 0.008532363381216766 },
};

const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const reference = range(200).map((i) => ({
  amount: ((i * 37) % 101) / 10,
  merchant: ['a', 'b', 'c'][i % 3]!,
  score: ((i * 7) % 50) / 50,
}));
const current = range(150).map((i) => ({
  amount: ((i * 53) % 97) / 10 + 1.5,
  merchant: ['a', 'b', 'c', 'c'][i % 4]!,
  score: ((i * 11) % 50) / 50,
}));

const toCsv = (rows: typeof reference) =>
  `amount,merchant,score\n${rows.map((row) => `${row.amount},${row.merchant},${row.score}`).join('\n')}\n`;
const toJsonLines = (rows: typeof reference) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;

interface DriftJson {
  datasetDrift: boolean;
  driftedCount: number;
  columnCount: number;
  columns: { column: string; test: string; statistic: number; pValue: number; drifted: boolean }[];
  report?: string;
}

function expectScipy(result: DriftJson) {
  const byName = new Map(result.columns.map((column) => [column.column, column]));
  expect(byName.get('amount')).toMatchObject({ test: 'ks', drifted: true });
  expect(byName.get('amount')!.statistic).toBeCloseTo(SCIPY.amount.statistic, 12);
  expect(byName.get('amount')!.pValue).toBeCloseTo(SCIPY.amount.pValue, 10);
  expect(byName.get('score')).toMatchObject({ test: 'ks', drifted: false, statistic: 0, pValue: 1 });
  expect(byName.get('merchant')).toMatchObject({ test: 'chisquare', drifted: true });
  expect(byName.get('merchant')!.statistic).toBeCloseTo(SCIPY.merchant.statistic, 9);
  expect(byName.get('merchant')!.pValue / SCIPY.merchant.pValue).toBeCloseTo(1, 9);
  expect(result).toMatchObject({ datasetDrift: true, driftedCount: 2, columnCount: 3 });
}

describe('plinth drift', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
    await writeFile(path.join(dir, 'reference.csv'), toCsv(reference));
    await writeFile(path.join(dir, 'current.csv'), toCsv(current));
    await writeFile(path.join(dir, 'reference.jsonl'), toJsonLines(reference));
    await writeFile(path.join(dir, 'current.jsonl'), toJsonLines(current));
    // Parquet files written by DuckDB itself from the CSVs
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    for (const name of ['reference', 'current']) {
      const from = path.join(dir, `${name}.csv`).replaceAll("'", "''");
      const to = path.join(dir, `${name}.parquet`).replaceAll("'", "''");
      await connection.run(`COPY (SELECT * FROM read_csv('${from}')) TO '${to}' (FORMAT parquet)`);
    }
    connection.closeSync();
    instance.closeSync();
  });
  afterAll(() => remove());

  it.each([
    ['csv', 'csv'],
    ['parquet', 'parquet'],
    ['jsonl', 'jsonl'],
    ['parquet', 'jsonl'],
  ])(
    '%s reference vs %s current: the numbers of scipy, exit code 3 for dataset drift',
    async (left, right) => {
      const report = path.join(dir, `report-${left}-${right}`, 'drift.html');
      const result = await plinth(
        ['drift', `reference.${left}`, `current.${right}`, '--report', report, '--json'],
        { cwd: dir },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(3);
      const json = JSON.parse(result.stdout) as DriftJson;
      expectScipy(json);
      expect(json.report).toBe(report);
      const html = await readFile(report, 'utf8');
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).toContain('amount');
    },
  );

  it('prints a table for people and exits 0 when nothing drifts', async () => {
    const drifted = await plinth(['drift', 'reference.csv', 'current.csv'], { cwd: dir });
    expect(drifted.code).toBe(3);
    expect(drifted.stdout).toMatch(/drift in 2 of 3 columns .*dataset drift/);
    expect(drifted.stdout).toMatch(/merchant\s+categorical\s+chisquare\s+0\.00853236\s+0\.05\s+yes/);
    const same = await plinth(['drift', 'reference.csv', 'reference.jsonl', '--report', 'same.html'], {
      cwd: dir,
    });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/drift in 0 of 3 columns .*no dataset drift/);
    expect(same.stdout).toContain(`report: ${path.join(dir, 'same.html')}`);
  });

  it('options reach detectDrift: --columns and --drift-share', async () => {
    const result = await plinth(
      [
        'drift',
        'reference.csv',
        'current.csv',
        '--columns',
        'score,amount',
        '--drift-share',
        '0.9',
        '--json',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as DriftJson;
    expect(json.columns.map((column) => column.column).sort()).toEqual(['amount', 'score']);
    expect(json).toMatchObject({ datasetDrift: false, driftedCount: 1 });
  });

  it('bad input: missing files exit 1, unknown formats and malformed lines exit 2, one line each', async () => {
    const missing = await plinth(['drift', 'nope.csv', 'current.csv'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^plinth: error: .*no such file.*PLINTH_NOT_FOUND\)\n$/);
    await writeFile(path.join(dir, 'data.txt'), 'x\n1\n');
    const unknown = await plinth(['drift', 'data.txt', 'current.csv'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--format csv|parquet|jsonl');
    await writeFile(path.join(dir, 'broken.jsonl'), '{"amount": 1}\n[1, 2]\n');
    const broken = await plinth(['drift', 'broken.jsonl', 'current.jsonl'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('line 2 is not a JSON object');
    const share = await plinth(['drift', 'reference.csv', 'current.csv', '--drift-share', '2'], { cwd: dir });
    expect(share.code).toBe(2);
    const format = await plinth(['drift', 'reference.csv', 'current.csv', '--format', 'xlsx'], { cwd: dir });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('Allowed choices are csv, parquet, jsonl');
  });

  it('attacker-shaped columns: __proto__ is a column, huge and nested values are refused cleanly', async () => {
    const rows = (shift: number) =>
      range(50)
        .map((i) => `{"__proto__": ${i + shift}, "constructor": "${['x', 'y'][i % 2]}"}`)
        .join('\n');
    await writeFile(path.join(dir, 'proto-ref.jsonl'), rows(0));
    await writeFile(path.join(dir, 'proto-cur.jsonl'), rows(0));
    const result = await plinth(['drift', 'proto-ref.jsonl', 'proto-cur.jsonl', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as DriftJson;
    expect(json.columns.map((column) => column.column).sort()).toEqual(['__proto__', 'constructor']);
    await writeFile(path.join(dir, 'nested.jsonl'), `{"a": {"b": 1}}\n`);
    const nested = await plinth(['drift', 'nested.jsonl', 'proto-cur.jsonl'], { cwd: dir });
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain('holds an object');
    await writeFile(path.join(dir, 'huge.jsonl'), `${JSON.stringify({ ['k'.repeat(100_000)]: 1 })}\n`);
    const huge = await plinth(['drift', 'huge.jsonl', 'proto-cur.jsonl'], { cwd: dir });
    expect(huge.code).toBe(2);
    expect(huge.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(huge.stderr.length).toBeLessThan(5000);
  });
});
