import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type Table, tableFromArrays } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeployment, loadModel, type Model, scoreBatch } from '../src/index.node.ts';
import { caught, expectClose } from './helpers.ts';
import { logisticForward, mlpForward } from './models/forward.ts';
import { logisticModel, mlpModel } from './models/models.ts';
import { randomFloats } from './models/onnx-builder.ts';

const mlp = mlpModel();
const logistic = logisticModel();
let mlpSession: Model;
let logisticSession: Model;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plinth-score-batch-'));
  mlpSession = await loadModel({ bytes: mlp.bytes, signature: mlp.signature });
  logisticSession = await loadModel({ bytes: logistic.bytes, signature: logistic.signature });
});
afterAll(async () => {
  await mlpSession.dispose();
  await logisticSession.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Runs SQL in a fresh DuckDB (written apart from the code under test) and returns the rows. */
async function sql(query: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(query);
    return { names: reader.columnNames(), rows: reader.getRowsJS() };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const featureColumns = Array.from({ length: 32 }, (_, j) => `f${j}`);

describe('scoreBatch', () => {
  it('scores an Arrow table in chunks with progress, predictions beside the inputs', async () => {
    const rows = 2500;
    const features = randomFloats(rows * 32, 3);
    const columns: Record<string, Float32Array> = {};
    featureColumns.forEach((name, j) => {
      columns[name] = Float32Array.from({ length: rows }, (_, row) => features[row * 32 + j]!);
    });
    const table = tableFromArrays(columns);
    const progress: number[] = [];
    const result = await scoreBatch({
      model: mlpSession,
      input: table,
      batchSize: 1000,
      onProgress: (event) => {
        expect(event.totalRows).toBe(rows);
        progress.push(event.rows);
      },
    });
    expect(progress).toEqual([1000, 2000, 2500]);
    expect(result).toMatchObject({ rows, batches: 3, columns: ['score'] });
    const scored = result.table as Table;
    expect(scored.schema.fields.map((field) => field.name)).toEqual([...featureColumns, 'score']);
    expect(scored.numRows).toBe(rows);
    expectClose(scored.getChild('score')!.toArray() as Float32Array, mlpForward(mlp.weights, features));
  });

  it('scores through a deployment, with an output prefix', async () => {
    const deployment = createDeployment({ routes: [{ name: 'a', model: logisticSession }] });
    const x = Float64Array.from(randomFloats(10 * 8, 9));
    const columns: Record<string, Float64Array> = {};
    for (let j = 0; j < 8; j++)
      columns[`x${j}`] = Float64Array.from({ length: 10 }, (_, row) => x[row * 8 + j]!);
    const result = await scoreBatch({ deployment, input: tableFromArrays(columns), outputPrefix: 'pred_' });
    expect(result.columns).toEqual(['pred_probability']);
    expectClose(
      (result.table as Table).getChild('pred_probability')!.toArray(),
      logisticForward(logistic.weights, x),
    );
    expect(deployment.stats().routes[0]!.requests).toBe(1);
  });

  it('reads Parquet through DuckDB in chunks and writes Parquet with the inputs and predictions', async () => {
    const input = path.join(dir, 'transactions.parquet');
    const output = path.join(dir, 'scored.parquet');
    const expressions = featureColumns.map((name, j) => `CAST(sin(i * ${j + 1} * 0.37) AS FLOAT) AS ${name}`);
    await sql(
      `COPY (SELECT 'id-' || i AS id, ${expressions.join(', ')} FROM range(3000) t(i)) TO '${input}' (FORMAT parquet)`,
    );
    const progress: number[] = [];
    const result = await scoreBatch({
      model: mlpSession,
      input,
      output,
      batchSize: 1024,
      inputs: { features: featureColumns },
      onProgress: (event) => progress.push(event.rows),
    });
    expect(result).toEqual({ rows: 3000, batches: 3, columns: ['score'], output });
    expect(progress).toEqual([1024, 2048, 3000]);
    const written = await sql(`SELECT * FROM read_parquet('${output}')`);
    expect(written.names).toEqual(['id', ...featureColumns, 'score']);
    expect(written.rows).toHaveLength(3000);
    expect(written.rows.map((row) => row[0])).toEqual(Array.from({ length: 3000 }, (_, i) => `id-${i}`));
    const features = Float32Array.from(written.rows.flatMap((row) => row.slice(1, 33) as number[]));
    expectClose(
      written.rows.map((row) => row[33] as number),
      mlpForward(mlp.weights, features),
    );
  });

  it('reads CSV and writes CSV (default output name beside the input)', async () => {
    const input = path.join(dir, 'loans.csv');
    const names = Array.from({ length: 8 }, (_, j) => `x${j}`);
    await sql(
      `COPY (SELECT i AS row_number, ${names.map((name, j) => `round(cos(i + ${j}), 6) AS ${name}`).join(', ')} FROM range(50) t(i)) TO '${input}' (FORMAT csv, HEADER true)`,
    );
    const result = await scoreBatch({ model: logisticSession, input, batchSize: 7, inputs: { x: names } });
    expect(result).toMatchObject({ rows: 50, batches: 8, output: path.join(dir, 'loans.predictions.csv') });
    const written = await sql(`SELECT * FROM read_csv_auto('${result.output}') ORDER BY row_number`);
    expect(written.names).toEqual(['row_number', ...names, 'probability']);
    const x = written.rows.flatMap((row) => row.slice(1, 9) as number[]);
    expectClose(
      written.rows.map((row) => row[9] as number),
      logisticForward(logistic.weights, x),
    );
  });

  it('rejects bad options before any work', async () => {
    const table = tableFromArrays({ f0: new Float32Array(2) });
    const cases: unknown[] = [
      undefined,
      { input: table },
      {
        model: mlpSession,
        deployment: createDeployment({ routes: [{ name: 'a', model: mlpSession }] }),
        input: table,
      },
      { model: mlpSession, input: 5 },
      { model: mlpSession, input: table, batchSize: 0 },
      { model: mlpSession, input: table, batchSize: 1.5 },
      { model: mlpSession, input: table, outputPrefix: 'a;b' },
      { model: mlpSession, input: table, colour: 1 },
      { model: mlpSession, input: table, inputs: { features: [] } },
      { model: mlpSession, input: table, inputs: { features: ['missing'] } },
      { model: logisticSession, input: table },
      { model: mlpSession, input: path.join(dir, 'file.json') },
      { model: mlpSession, input: 'a\u0000b.csv' },
      {
        model: mlpSession,
        input: tableFromArrays({ score: new Float32Array(2) }),
        inputs: { features: ['score'] },
      },
    ];
    for (const options of cases) {
      expect((await caught(scoreBatch(options as never))).code, JSON.stringify(options)?.slice(0, 80)).toBe(
        'PLINTH_VALIDATION',
      );
    }
  });
});
