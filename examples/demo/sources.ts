// Writes the feature sources as Parquet with DuckDB: the raw transactions, daily per-user aggregates (computed
// with window functions, stamped at the end of the day they cover, so no row sees its own label) and weekly
// per-merchant risk readings.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DAY_MS, HISTORY_DAYS, START_MS, type Transactions, type World } from './generate.ts';
import { gaussian, seededRandom } from './random.ts';

/** The Parquet files of the demo. */
export interface SourceFiles {
  transactions: string;
  userStats: string;
  merchantStats: string;
}

/** The files under `directory`. */
export function sourceFiles(directory: string): SourceFiles {
  return {
    transactions: path.join(directory, 'transactions.parquet'),
    userStats: path.join(directory, 'user_stats.parquet'),
    merchantStats: path.join(directory, 'merchant_stats.parquet'),
  };
}

/** Writes transactions, user_stats and merchant_stats into `directory`. */
export async function writeSources(world: World, directory: string): Promise<SourceFiles> {
  mkdirSync(directory, { recursive: true });
  const files = sourceFiles(directory);
  const scratch = path.join(directory, 'tmp');
  mkdirSync(scratch, { recursive: true });
  const usersCsv = path.join(scratch, 'users.csv');
  writeFileSync(
    usersCsv,
    `user_id,created_ms\n${Array.from(world.users.id, (id, user) => `${id},${world.users.createdMs[user]}`).join('\n')}\n`,
  );
  const merchantsCsv = path.join(scratch, 'merchant_risk.csv');
  writeFileSync(merchantsCsv, merchantRiskCsv(world));
  const transactionsCsv = path.join(scratch, 'transactions.csv');
  writeFileSync(transactionsCsv, transactionsToCsv(world, world.history));

  await withDuckDB(async (sql) => {
    await sql(`CREATE TABLE tx AS ${readTransactionsCsv(transactionsCsv)}`);
    await sql(
      `CREATE TABLE users AS SELECT user_id, epoch_ms(created_ms)::TIMESTAMPTZ AS created_at FROM read_csv(${quote(usersCsv)}, columns = {'user_id': 'INTEGER', 'created_ms': 'BIGINT'}, header = true)`,
    );
    await sql(`COPY tx TO ${quote(files.transactions)} (FORMAT parquet)`);
    // Days as integers: RANGE frames over integers are much cheaper than over TIMESTAMPTZ intervals.
    await sql(`COPY (
      WITH daily AS (
        SELECT user_id, CAST(epoch_ms(event_timestamp) // ${DAY_MS} AS INTEGER) AS day, sum(amount) AS total, count(*) AS n
        FROM tx GROUP BY ALL
      )
      SELECT d.user_id, make_timestamptz((d.day + 1) * ${DAY_MS}::BIGINT * 1000) AS event_timestamp,
        sum(total) OVER w30 / sum(n) OVER w30 AS avg_amount_30d,
        CAST(sum(n) OVER w7 AS DOUBLE) AS txn_count_7d,
        floor(((d.day + 1) * ${DAY_MS}::BIGINT - epoch_ms(u.created_at)) / ${DAY_MS}) AS account_age_days
      FROM daily d JOIN users u USING (user_id)
      WINDOW
        w30 AS (PARTITION BY d.user_id ORDER BY d.day RANGE BETWEEN 29 PRECEDING AND CURRENT ROW),
        w7 AS (PARTITION BY d.user_id ORDER BY d.day RANGE BETWEEN 6 PRECEDING AND CURRENT ROW)
      ORDER BY event_timestamp, user_id
    ) TO ${quote(files.userStats)} (FORMAT parquet)`);
    await sql(`COPY (
      SELECT m.merchant_id, m.event_timestamp, m.risk_score,
        (count(tx.is_fraud) FILTER (WHERE tx.is_fraud = 1) + 0.3) / (count(tx.is_fraud) + 10) AS fraud_rate_30d
      FROM (
        SELECT merchant_id, epoch_ms(time_ms)::TIMESTAMPTZ AS event_timestamp, risk_score
        FROM read_csv(${quote(merchantsCsv)}, columns = {'merchant_id': 'INTEGER', 'time_ms': 'BIGINT', 'risk_score': 'DOUBLE'}, header = true)
      ) m
      LEFT JOIN tx ON tx.merchant_id = m.merchant_id
        AND tx.event_timestamp < m.event_timestamp AND tx.event_timestamp >= m.event_timestamp - INTERVAL 30 DAY
      GROUP BY ALL ORDER BY m.event_timestamp, m.merchant_id
    ) TO ${quote(files.merchantStats)} (FORMAT parquet)`);
  });
  rmSync(scratch, { recursive: true, force: true });
  return files;
}

/** Writes some live transactions (with the labels that arrived for them) as Parquet, for retraining. */
export async function writeTransactions(world: World, rows: Transactions, file: string): Promise<void> {
  const csv = `${file}.csv`;
  writeFileSync(csv, transactionsToCsv(world, rows));
  await withDuckDB((sql) =>
    sql(`COPY (${readTransactionsCsv(csv)} ORDER BY event_timestamp) TO ${quote(file)} (FORMAT parquet)`),
  );
  rmSync(csv);
}

/** A row range of transactions. */
export function sliceTransactions(rows: Transactions, start: number, end: number): Transactions {
  return {
    transactionId: rows.transactionId.subarray(start, end),
    userIndex: rows.userIndex.subarray(start, end),
    merchantIndex: rows.merchantIndex.subarray(start, end),
    timeMs: rows.timeMs.subarray(start, end),
    amount: rows.amount.subarray(start, end),
    isFraud: rows.isFraud.subarray(start, end),
  };
}

async function withDuckDB(
  work: (sql: (text: string) => Promise<unknown>) => Promise<unknown>,
): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await work((text) => connection.run(text));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function readTransactionsCsv(file: string): string {
  return `SELECT transaction_id, user_id, merchant_id, epoch_ms(time_ms)::TIMESTAMPTZ AS event_timestamp, amount, is_fraud
    FROM read_csv(${quote(file)}, header = true, columns = {'transaction_id': 'BIGINT', 'user_id': 'INTEGER', 'merchant_id': 'INTEGER', 'time_ms': 'BIGINT', 'amount': 'DOUBLE', 'is_fraud': 'INTEGER'})`;
}

function transactionsToCsv(world: World, rows: Transactions): string {
  const lines = ['transaction_id,user_id,merchant_id,time_ms,amount,is_fraud'];
  for (let row = 0; row < rows.timeMs.length; row++) {
    lines.push(
      `${rows.transactionId[row]},${world.users.id[rows.userIndex[row]!]},${world.merchants.id[rows.merchantIndex[row]!]},${rows.timeMs[row]},${rows.amount[row]},${rows.isFraud[row]}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A noisy weekly reading of each merchant's latent risk (a vendor's risk score). */
function merchantRiskCsv(world: World): string {
  const random = seededRandom(7);
  const lines = ['merchant_id,time_ms,risk_score'];
  for (let day = 0; day <= HISTORY_DAYS; day += 7) {
    for (let merchant = 0; merchant < world.merchants.id.length; merchant++) {
      const score = world.merchants.risk[merchant]! + 0.4 * gaussian(random);
      lines.push(`${world.merchants.id[merchant]},${START_MS + day * DAY_MS},${score.toFixed(4)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
