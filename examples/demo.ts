/**
 * The end-to-end Plinth pipeline on embedded defaults (files under ./.plinth, or $PLINTH_DIR):
 * train a small logistic-regression fraud model in plain TypeScript while tracking the run, register the
 * model with its lineage and card, move the `champion` alias, load it back with its sha256 verified, then
 * profile the training data and check a drifted production batch against it, writing an HTML report.
 *
 * Run: `npm run demo`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fsStorage } from '@plinth/core/fs';
import {
  createProfile,
  detectDrift,
  expectationsFromProfile,
  renderDriftReport,
  validateData,
} from '@plinth/monitoring';
import { createRegistry } from '@plinth/registry';
import { createTracker } from '@plinth/tracking';
import { type Dataset, datasetDigest, makeTransactions } from './demo/data.ts';
import { accuracyOf, predict, trainLogisticRegression } from './demo/model.ts';

const dir = path.resolve(process.env.PLINTH_DIR ?? '.plinth');
const storage = fsStorage({ dir });
const tracker = createTracker({ storage });
const registry = createRegistry({ storage, actor: 'demo' });

const train = makeTransactions(4000, { seed: 1 });
const test = makeTransactions(1000, { seed: 2 });
const trainRef = {
  name: 'transactions-train',
  digest: await datasetDigest(train),
  source: 'synthetic://demo',
};

// 1. Train while tracking the run.
const learningRate = 0.5;
const epochs = 40;
const { runId, weights } = await tracker.withRun(
  { experiment: 'fraud', name: `logreg-lr-${learningRate}`, tags: { team: 'risk', model: 'logreg' } },
  async (run) => {
    await run.logParams({
      lr: learningRate,
      epochs,
      model: 'logreg',
      features: train.featureNames.join(','),
    });
    await run.logInput({ dataset: trainRef, context: 'training' });
    const model = trainLogisticRegression(train, {
      learningRate,
      epochs,
      onEpoch: (epoch, loss) => run.logMetric('train/loss', loss, { step: epoch }),
    });
    const testAccuracy = accuracyOf(model, test);
    run.logMetrics(
      { 'test/accuracy': testAccuracy, 'train/accuracy': accuracyOf(model, train) },
      { step: epochs },
    );
    await run.logArtifact('model/weights.json', JSON.stringify(model));
    await run.flush();
    return { runId: run.id, weights: model };
  },
);
const trackedRun = await tracker.getRun(runId);
const lossHistory = await tracker.getMetricHistory(runId, 'train/loss');
console.log(
  `tracked run ${runId} (${trackedRun.status}): ${lossHistory.length} loss points, ` +
    `loss ${lossHistory[0]!.value.toFixed(4)} → ${lossHistory.at(-1)!.value.toFixed(4)}`,
);

const best = await tracker.searchRuns({
  experiments: ['fraud'],
  filter: "metrics.`test/accuracy` > 0.8 and params.model = 'logreg'",
  orderBy: ['metrics.`test/accuracy` DESC'],
  maxResults: 5,
});
console.log(`search: ${best.runs.length} run(s) with test accuracy > 0.8 in experiment "fraud"`);

// 2. Register the trained weights with lineage and a model card, and make it the champion.
if (!(await registry.listModels()).some((model) => model.name === 'fraud')) {
  await registry.createModel('fraud', { description: 'Card-fraud scorer (demo)', tags: { team: 'risk' } });
}
const testAccuracy = accuracyOf(weights, test);
const version = await registry.registerVersion('fraud', {
  artifact: { tracker, runId, path: 'model/weights.json' },
  format: 'json',
  signature: {
    inputs: [{ name: 'features', dtype: 'float64', shape: [-1, train.featureNames.length] }],
    outputs: [{ name: 'fraud_probability', dtype: 'float64', shape: [-1] }],
  },
  metrics: { accuracy: testAccuracy },
  params: { lr: String(learningRate), epochs: String(epochs) },
  runId,
  datasets: [{ name: trainRef.name, digest: trainRef.digest }],
  card: {
    overview: 'Logistic regression over four transaction features.',
    intendedUse: 'Ranking card transactions for manual fraud review.',
    limitations: 'Trained on synthetic data; not for real decisions.',
    owners: ['risk-ml'],
  },
});
await registry.setAlias('fraud', 'champion', version.version, {
  reason: `test accuracy ${testAccuracy.toFixed(3)}`,
  actor: 'demo',
});
const champion = await registry.getVersion('models:/fraud@champion');
const loaded = JSON.parse(new TextDecoder().decode(await registry.loadArtifact(champion))) as typeof weights;
const lineage = await registry.lineage('models:/fraud@champion');
console.log(
  `registered fraud v${version.version} (semver ${version.semver}, sha256 ${version.sha256.slice(0, 12)}…); ` +
    `champion → v${champion.version}, verified ${champion.size} bytes, run ${lineage.runId}`,
);

// 3. Monitor: profile the training data, validate and check a drifted batch, write a report.
const reference = createProfile(columnsOf(train), { categorical: ['merchant'] });
const production = makeTransactions(2000, { seed: 3, drift: 1.5 });
const validation = validateData(columnsOf(production), expectationsFromProfile(reference));
const drift = detectDrift(reference, columnsOf(production), { categorical: ['merchant'] });
const scores = predict(loaded, production);
const flagged = scores.filter((score) => score > 0.5).length;
mkdirSync(path.join(dir, 'reports'), { recursive: true });
const reportPath = path.join(dir, 'reports', 'drift.html');
writeFileSync(reportPath, renderDriftReport(drift, { title: 'fraud: production vs training', validation }));
console.log(
  `drift: ${drift.driftedCount} of ${drift.columnCount} columns drifted ` +
    `(dataset drift: ${drift.datasetDrift}); data checks: ${validation.failures.length} failed; ` +
    `${flagged} of ${scores.length} transactions flagged; report ${path.relative(process.cwd(), reportPath)}`,
);

await tracker.close();
await storage.close?.();

function columnsOf(dataset: Dataset): Record<string, ArrayLike<number | string>> {
  return {
    ...Object.fromEntries(dataset.featureNames.map((name, i) => [name, dataset.columns[i]!])),
    merchant: dataset.merchant,
  };
}
