// Drift monitoring without a server: profile the training data once, watch a stream of production rows in
// windows, and write a self-contained HTML report of the window that drifted.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createDriftMonitor,
  createProfile,
  detectDrift,
  expectationsFromProfile,
  profileFromJSON,
  profileToJSON,
  renderDriftReport,
  validateData,
} from '@plinth/monitoring';
import { type Dataset, makeTransactions } from '../demo/data.ts';

const columnsOf = (dataset: Dataset) => ({
  ...Object.fromEntries(dataset.featureNames.map((name, i) => [name, dataset.columns[i]!])),
  merchant: dataset.merchant,
});

// 1. A reference profile of the training data: a few KB of JSON, whatever the row count.
const training = makeTransactions(20_000, { seed: 1 });
const reference = profileFromJSON(profileToJSON(createProfile(columnsOf(training))));

// 2. A stream: 3,000 rows like the training data, then 3,000 whose amounts and velocities moved.
const stream = [makeTransactions(3000, { seed: 2 }), makeTransactions(3000, { seed: 3, drift: 1 })];
const drifted: Array<{ window: number; columns: number }> = [];
const monitor = createDriftMonitor({
  reference,
  window: { size: 1000 },
  onWindow: (result) =>
    console.log(
      `window ${result.window.index + 1}: ${result.driftedCount} of ${result.columnCount} columns drifted${result.datasetDrift ? ' (dataset drift)' : ''}`,
    ),
  onDrift: (result) => drifted.push({ window: result.window.index + 1, columns: result.driftedCount }),
});
for (const batch of stream) monitor.observe(columnsOf(batch));

// 3. The report: the drifted half against the profile, with data-quality checks derived from the profile.
const current = columnsOf(stream[1]!);
const result = detectDrift(reference, current);
const validation = validateData(current, expectationsFromProfile(reference));
const file = path.resolve(process.env.PLINTH_DIR ?? '.plinth', 'reports', 'drift-example.html');
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, renderDriftReport(result, { title: 'transactions: production vs training', validation }));
console.log(`first drifted window: ${drifted[0]?.window ?? 'none'}; report: ${pathToFileURL(file).href}`);
