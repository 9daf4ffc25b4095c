import { gaussian, seededRandom } from './random.ts';
/** Synthetic card transactions for the demo: four numeric features, a merchant category and a fraud label. */
export interface Dataset {
  featureNames: string[];
  /** One Float64Array per feature, standardised roughly to mean 0 and std 1. */
  columns: Float64Array[];
  merchant: string[];
  label: Uint8Array;
}

const MERCHANTS = ['grocery', 'travel', 'online', 'fuel', 'restaurant'];

/**
 * `rows` transactions. `drift` shifts amount and velocity (in standard deviations) and moves merchants online,
 * as a production batch that no longer looks like the training data.
 */
export function makeTransactions(rows: number, options: { seed: number; drift?: number }): Dataset {
  const random = seededRandom(options.seed);
  const drift = options.drift ?? 0;
  const featureNames = ['amount', 'velocity', 'account_age', 'distance'];
  const columns = featureNames.map(() => new Float64Array(rows));
  const merchant: string[] = [];
  const label = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    const amount = gaussian(random) + drift;
    const velocity = gaussian(random) + drift * 0.5;
    const accountAge = gaussian(random);
    const distance = gaussian(random);
    columns[0]![row] = amount;
    columns[1]![row] = velocity;
    columns[2]![row] = accountAge;
    columns[3]![row] = distance;
    const onlineBias = drift > 0 && random() < 0.4;
    merchant.push(onlineBias ? 'online' : MERCHANTS[Math.floor(random() * MERCHANTS.length)]!);
    const logit = 1.6 * amount + 1.1 * velocity - 0.9 * accountAge + 0.4 * distance - 1.5;
    label[row] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { featureNames, columns, merchant, label };
}

/** A content digest of a dataset (sha256 over its bytes, WebCrypto), for lineage. */
export async function datasetDigest(dataset: Dataset): Promise<string> {
  const parts = [...dataset.columns.map((column) => new Uint8Array(column.buffer)), dataset.label];
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha256:${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
