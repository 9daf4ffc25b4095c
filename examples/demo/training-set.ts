// Point-in-time-correct training sets: getHistoricalFeatures joins each transaction with the features as they
// were known at its timestamp; DuckDB writes the result as CSV, which is read back into typed columns.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FeatureStore } from '@plinth/features';
import { FEATURE_NAMES, modelInputs, STORED_FEATURES, type StoredFeatures } from './features.ts';
import type { Matrix } from './model.ts';

export interface TrainingSet extends Matrix {
  /** Epoch ms of each row. */
  timeMs: Float64Array;
  /** The CSV file and its sha256 digest. */
  file: string;
  digest: string;
}

/** Joins `entities` (a Parquet file of transactions) with the stored features; writes and reads `file`. */
export async function buildTrainingSet(
  store: FeatureStore,
  entities: string,
  file: string,
): Promise<TrainingSet> {
  await store
    .getHistoricalFeatures({ entities, entityTimestampColumn: 'event_timestamp', features: STORED_FEATURES })
    .toCsv(file);
  const bytes = readFileSync(file);
  const lines = bytes.toString('utf8').trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const at = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`training set ${file} has no column ${name}`);
    return index;
  };
  const columns = {
    time: at('event_timestamp'),
    amount: at('amount'),
    label: at('is_fraud'),
    avg: at('avg_amount_30d'),
    count: at('txn_count_7d'),
    age: at('account_age_days'),
    risk: at('risk_score'),
    rate: at('fraud_rate_30d'),
  };
  const rows = lines.length - 1;
  const set: TrainingSet = {
    columns: FEATURE_NAMES.map(() => new Float64Array(rows)),
    label: new Uint8Array(rows),
    timeMs: new Float64Array(rows),
    file,
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
  };
  const inputs = new Float64Array(FEATURE_NAMES.length);
  const number = (text: string | undefined) => (text === undefined || text === '' ? null : Number(text));
  for (let row = 0; row < rows; row++) {
    const cells = lines[row + 1]!.split(',');
    const stored: StoredFeatures = {
      avg_amount_30d: number(cells[columns.avg]),
      txn_count_7d: number(cells[columns.count]),
      account_age_days: number(cells[columns.age]),
      risk_score: number(cells[columns.risk]),
      fraud_rate_30d: number(cells[columns.rate]),
    };
    modelInputs(Number(cells[columns.amount]), stored, inputs);
    for (let feature = 0; feature < inputs.length; feature++) set.columns[feature]![row] = inputs[feature]!;
    set.label[row] = Number(cells[columns.label]);
    // DuckDB writes TIMESTAMPTZ as `2026-10-01 00:00:06.391+00`.
    set.timeMs[row] = Date.parse(cells[columns.time]!.replace(' ', 'T').replace(/\+00$/, 'Z'));
  }
  return set;
}

/** Rows before `cutoffMs` and the rest (a time-based split). */
export function splitByTime(set: TrainingSet, cutoffMs: number): { train: Matrix; holdout: Matrix } {
  const pick = (keep: (time: number) => boolean): Matrix => {
    const rows: number[] = [];
    for (let row = 0; row < set.timeMs.length; row++) if (keep(set.timeMs[row]!)) rows.push(row);
    return {
      columns: set.columns.map((column) => Float64Array.from(rows, (row) => column[row]!)),
      label: Uint8Array.from(rows, (row) => set.label[row]!),
    };
  };
  return { train: pick((time) => time < cutoffMs), holdout: pick((time) => time >= cutoffMs) };
}

/** sha256 of a file, as a dataset digest. */
export function fileDigest(file: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
}
