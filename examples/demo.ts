/**
 * `npm run demo`: continuous training for a fraud model, on one machine, on embedded defaults. Everything goes to
 * ./.plinth (or $PLINTH_DIR); `npm run demo -- --fresh` starts from an empty folder. The steps live in
 * examples/demo/: generate.ts (the synthetic world), sources.ts (Parquet via DuckDB), features.ts (entities and
 * views), training-set.ts (point-in-time joins), model.ts (logistic regression), onnx-export.ts, train-step.ts
 * (track, export, register), online.ts and replay.ts (serving), monitor.ts (drift), summary.ts (the reports).
 */
import path from 'node:path';
import { manualClock } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { profileStore } from '@plinth/monitoring';
import { createRegistry } from '@plinth/registry';
import { createDeployment, type Deployment, loadModel } from '@plinth/serving';
import { createTracker } from '@plinth/tracking';
import { FEATURE_NAMES, modelInputs, openFeatureStore } from './demo/features.ts';
import { DAY_MS, DEFAULT_SIZE, LIVE_START_MS, makeWorld, START_MS } from './demo/generate.ts';
import { predict } from './demo/model.ts';
import { createServingMonitor, MONITOR_WINDOW, referenceProfile } from './demo/monitor.ts';
import { batchedOnlineLookup, type TransactionRequest } from './demo/online.ts';
import { createProgress } from './demo/progress.ts';
import { replay } from './demo/replay.ts';
import { sliceTransactions, writeTransactions } from './demo/sources.ts';
import { demoPaths, ensureSources, wipe } from './demo/state.ts';
import { type DemoSummary, writeReports } from './demo/summary.ts';
import { MODEL_NAME, trainRound } from './demo/train-step.ts';
import { buildTrainingSet, fileDigest, splitByTime } from './demo/training-set.ts';

const started = performance.now();
const progress = createProgress();
const paths = demoPaths();
if (process.argv.includes('--fresh')) wipe(paths);
const SEED = 42;

// 1. The synthetic world and its Parquet feature sources.
progress.working('generating the transactions and writing them as Parquet');
const world = makeWorld(undefined, SEED);
const { files, digests, reused } = await ensureSources(world, SEED, paths);
progress.step(
  reused ? 'reused the Parquet sources' : 'wrote the Parquet sources',
  `${world.history.timeMs.length.toLocaleString('en')} transactions, ${world.users.id.length.toLocaleString('en')} users, ${world.merchants.id.length.toLocaleString('en')} merchants in ${path.relative(process.cwd(), paths.data) || '.'}`,
);

const storage = fsStorage({ dir: paths.root });
const tracker = createTracker({ storage });
const registry = createRegistry({ storage, actor: 'demo' });
const clock = manualClock(LIVE_START_MS); // simulated time: online feature ages are judged at the replay's time
const store = await openFeatureStore(files, storage, clock);
const sources = [
  { name: 'transactions', digest: digests.transactions, source: 'file://demo-data/transactions.parquet' },
  { name: 'user_stats', digest: digests.userStats, source: 'file://demo-data/user_stats.parquet' },
  {
    name: 'merchant_stats',
    digest: digests.merchantStats,
    source: 'file://demo-data/merchant_stats.parquet',
  },
];

// 2. A point-in-time-correct training set.
progress.working('building the training set: point-in-time join in DuckDB');
const trainingSet = await buildTrainingSet(
  store,
  files.transactions,
  path.join(paths.data, 'training_set.csv'),
);
progress.step(
  'built the training set with getHistoricalFeatures',
  `${trainingSet.label.length.toLocaleString('en')} rows, ${FEATURE_NAMES.length} features`,
);

// 3–5. Train, evaluate on the last 12 days, export to ONNX, track, register, alias `champion`.
const championCutoff = START_MS + 48 * DAY_MS;
const trainBar = progress.bar('trained the champion', 8);
const champion = await trainRound({
  tracker,
  registry,
  runName: 'champion',
  set: trainingSet,
  cutoffMs: championCutoff,
  sources,
  tags: { trigger: 'initial', team: 'risk' },
  description: 'Initial model, trained on 48 days of history.',
  onEpoch: (epoch) => trainBar.tick(epoch),
});
await registry.setAlias(MODEL_NAME, 'champion', champion.version.version, {
  reason: `hold-out AUC ${champion.holdoutAuc.toFixed(3)}`,
});
trainBar.done(
  `hold-out AUC ${champion.holdoutAuc.toFixed(3)}, ONNX matches TypeScript (max |diff| ${champion.onnxMaxDiff.toExponential(1)}), registered ${MODEL_NAME} v${champion.version.version} → champion`,
);

// 6. Online features, a reference profile, and the champion behind a batching deployment.
progress.working('materializing online features');
const materialized = await store.materialize({ start: START_MS, end: LIVE_START_MS });
// The reference is the most recent labelled period (the hold-out the champion was validated on): older rows carry
// features still warming up (7-day counts of the first week, merchants' priors) that live traffic never shows.
const recent = splitByTime(trainingSet, championCutoff).holdout;
const reference = referenceProfile(recent, predict(champion.model, recent));
await profileStore({ storage }).save('fraud-features', reference);
progress.step(
  'materialized online features',
  materialized.views
    .map(
      (view) =>
        `${view.view} ${view.rows.toLocaleString('en')} entities (${view.written.toLocaleString('en')} written, ${view.skipped.toLocaleString('en')} already current)`,
    )
    .join(', '),
);

const lookup = batchedOnlineLookup(store);
let retrainRequestedAt: number | undefined;
let served = 0;
const monitor = createServingMonitor(reference, () => {
  retrainRequestedAt ??= served;
});
const deploymentOptions = {
  batching: { maxBatchSize: 64, maxQueueDelayMs: 0, queueTimeoutMs: 10_000 },
  stickyKey: (request: TransactionRequest) => request.transactionId,
  featureLookup: async (request: TransactionRequest) => {
    const features = new Float32Array(FEATURE_NAMES.length);
    modelInputs(request.amount, await lookup(request), features);
    return { features: { data: features, dims: [1, FEATURE_NAMES.length] } };
  },
  onPrediction: monitor.observe,
};
const watch = { registry, uri: 'models:/fraud@champion', intervalMs: 100, route: 'champion' } as const;
let deployment: Deployment<TransactionRequest> = createDeployment<TransactionRequest>({
  name: MODEL_NAME,
  routes: [
    {
      name: 'champion',
      model: await loadModel({ registry, uri: 'models:/fraud@champion' }, { warmup: true }),
    },
  ],
  watch,
  ...deploymentOptions,
});
await deployment.ready();

const requests: TransactionRequest[] = Array.from(world.live.timeMs, (timeMs, index) => ({
  transactionId: world.live.transactionId[index]!,
  userId: world.users.id[world.live.userIndex[index]!]!,
  merchantId: world.merchants.id[world.live.merchantIndex[index]!]!,
  amount: world.live.amount[index]!,
  timeMs,
}));
const labelOf = (request: TransactionRequest) =>
  world.live.isFraud[request.transactionId - world.live.transactionId[0]!]!;
const beforeRequest = (request: TransactionRequest) => clock.set(request.timeMs);
let failed = 0;

// 7a. Live traffic; the fraud ring starts halfway through.
const phase1 = requests.slice(0, DEFAULT_SIZE.liveBeforeRetrain);
const liveBar = progress.bar('served live traffic (drift starts halfway)', phase1.length);
const first = await replay(() => deployment, phase1, {
  beforeRequest: (request, index) => {
    beforeRequest(request);
    served = index;
    if (index === world.driftAt) monitor.record();
  },
  onProgress: (done) => liveBar.tick(done),
});
failed += first.failed;
const driftWindows = monitor.windows.filter((window) => window.datasetDrift);
liveBar.done(
  retrainRequestedAt === undefined
    ? 'no drift detected'
    : `drift detected in window ${driftWindows[0]!.window.index + 1} (requests ${driftWindows[0]!.window.index * MONITOR_WINDOW}–${(driftWindows[0]!.window.index + 1) * MONITOR_WINDOW}; drift began at ${world.driftAt}): ${driftWindows[0]!.driftedCount} of ${driftWindows[0]!.columnCount} columns drifted, retraining triggered at request ${retrainRequestedAt}`,
);
if (retrainRequestedAt === undefined) throw new Error('the monitor did not detect the drift');

// 7b. Retrain on the labelled transactions since the drift; hold out the most recent quarter.
const since = sliceTransactions(world.live, world.driftAt, phase1.length);
const liveFile = path.join(paths.data, 'live_labelled.parquet');
progress.working('joining the labelled traffic since the drift with its features');
await writeTransactions(world, since, liveFile);
const retrainSet = await buildTrainingSet(store, liveFile, path.join(paths.data, 'retraining_set.csv'));
const cutoff = since.timeMs[Math.floor(since.timeMs.length * 0.75)]!;
const retrainBar = progress.bar('retrained on the drifted traffic', 8);
const challenger = await trainRound({
  tracker,
  registry,
  runName: 'challenger',
  set: retrainSet,
  cutoffMs: cutoff,
  sources: [
    { name: 'live_labelled', digest: fileDigest(liveFile), source: 'file://demo-data/live_labelled.parquet' },
    ...sources.slice(1),
  ],
  tags: { trigger: 'drift-alert', team: 'risk', parent_version: String(champion.version.version) },
  baseline: { name: 'champion', model: champion.model },
  description: `Retrained after the drift monitor fired at request ${retrainRequestedAt}.`,
  onEpoch: (epoch) => retrainBar.tick(epoch),
});
await registry.setAlias(MODEL_NAME, 'challenger', challenger.version.version, {
  reason: 'retrained after drift',
});
retrainBar.done(
  `hold-out AUC ${challenger.holdoutAuc.toFixed(3)} vs champion ${challenger.baselineAuc!.toFixed(3)}; registered ${MODEL_NAME} v${challenger.version.version} → challenger`,
);

// 7c. The challenger as a 10% canary next to the champion; outcomes (1 − squared error) feed compare().
const previous = deployment;
deployment = createDeployment<TransactionRequest>({
  name: MODEL_NAME,
  routes: [
    {
      name: 'champion',
      model: await loadModel({ registry, uri: 'models:/fraud@champion' }, { warmup: true }),
      weight: 90,
    },
    {
      name: 'challenger',
      model: await loadModel({ registry, uri: 'models:/fraud@challenger' }, { warmup: true }),
      weight: 10,
    },
  ],
  watch,
  ...deploymentOptions,
});
await deployment.ready();
await previous.close(); // requests in flight on the old deployment finish first
const reward = (request: TransactionRequest, result: Awaited<ReturnType<typeof deployment.predict>>) => {
  const score = (result.outputs.score!.data as Float32Array)[0]!;
  deployment.reward(result.requestId, 1 - (labelOf(request) - score) ** 2);
};
const phase2 = requests.slice(phase1.length, phase1.length + DEFAULT_SIZE.liveCanary);
const canaryBar = progress.bar('served the canary (10% challenger)', phase2.length);
const second = await replay(() => deployment, phase2, {
  beforeRequest,
  onAnswer: reward,
  onProgress: (done) => canaryBar.tick(done),
});
failed += second.failed;
const comparison = deployment.compare('challenger', 'champion');
const better = comparison.significant && comparison.difference > 0;
canaryBar.done(
  `challenger ${comparison.a.count} requests, mean outcome ${comparison.a.mean.toFixed(4)} vs champion ${comparison.b.mean.toFixed(4)} (${comparison.test}, p = ${comparison.pValue.toExponential(2)})`,
);

// 7d. Promote: move `champion` to the challenger while traffic flows; the deployment hot-swaps its champion route.
const phase3 = requests.slice(phase1.length + phase2.length);
let swapped: { from: number | undefined; to: number | undefined } | undefined;
const swap = new Promise<void>((resolve) => {
  deployment.on('swap', (event) => {
    swapped = { from: event.fromVersion, to: event.toVersion };
    resolve();
  });
});
const promoteBar = progress.bar(
  better ? 'promoted the challenger under live traffic' : 'kept the champion',
  phase3.length,
);
// Requests 500–2999 flow while the new version loads and swaps in; from request 3000 on, clients wait for the
// swap if it has not happened yet, so the swap always happens under traffic, whatever the machine's speed.
const aliasMovedAt = 500;
const swapBy = 3000;
const answeredBy: Record<string, number> = {};
const third = await replay(() => deployment, phase3, {
  beforeRequest: async (request, index) => {
    beforeRequest(request);
    if (better && index === aliasMovedAt) {
      await registry.setAlias(MODEL_NAME, 'champion', challenger.version.version, {
        reason: `canary: outcome ${comparison.a.mean.toFixed(4)} vs ${comparison.b.mean.toFixed(4)}, p = ${comparison.pValue.toExponential(2)}`,
      });
      void swap.then(() => deployment.setWeights({ champion: 100, challenger: 0 }));
    }
    if (better && index >= swapBy) await swap;
  },
  onAnswer: (request, result, index) => {
    reward(request, result);
    if (index >= aliasMovedAt)
      answeredBy[`v${result.modelVersion}`] = (answeredBy[`v${result.modelVersion}`] ?? 0) + 1;
  },
  onProgress: (done) => promoteBar.tick(done),
});
failed += third.failed;
const stats = deployment.stats();
promoteBar.done(
  better
    ? `champion route hot-swapped v${swapped?.from} → v${swapped?.to} under traffic; after the alias moved: ${Object.entries(
        answeredBy,
      )
        .map(([version, count]) => `${count} answers by ${version}`)
        .join(', ')}; ${third.failed} failed`
    : 'the challenger was not better; champion unchanged',
);
await deployment.close();

// 8. The drift report and the run summary.
const summary: DemoSummary = {
  transactions: world.history.timeMs.length,
  liveRequests: requests.length,
  failedRequests: failed,
  champion: { version: champion.version.version, runId: champion.runId, holdoutAuc: champion.holdoutAuc },
  challenger: {
    version: challenger.version.version,
    runId: challenger.runId,
    holdoutAuc: challenger.holdoutAuc,
    championAucOnSameHoldout: challenger.baselineAuc!,
  },
  drift: {
    detected: retrainRequestedAt !== undefined,
    startedAtRequest: world.driftAt,
    retrainTriggeredAtRequest: retrainRequestedAt,
    windows: monitor.windows.map((window) => ({
      index: window.window.index,
      datasetDrift: window.datasetDrift,
      driftedColumns: window.driftedCount,
    })),
  },
  canary: comparison,
  promoted: better && swapped !== undefined,
  hotSwap: swapped ? { ...swapped, answersAfterAliasMoved: answeredBy } : undefined,
  finalChampionVersion: (await registry.getVersion('models:/fraud@champion')).version,
  routes: stats.routes.map((route) => ({
    name: route.name,
    requests: route.requests,
    errors: route.errors,
    modelVersion: route.modelVersion,
    p95Ms: route.latencyMs.p95,
  })),
  seconds: (performance.now() - started) / 1000,
};
const written = await writeReports({ paths, reference, served: monitor.served, summary });
await store.close();
await tracker.close();
await storage.close?.();

progress.line('');
progress.line(`Summary (${summary.seconds.toFixed(1)} s)`);
progress.line(
  `  drift detected:      ${summary.drift.detected ? `yes, retraining triggered at request ${retrainRequestedAt} (drift began at ${world.driftAt})` : 'no'}`,
);
progress.line(
  `  retrained version:   ${MODEL_NAME} v${challenger.version.version}, hold-out AUC ${challenger.holdoutAuc.toFixed(3)} vs ${challenger.baselineAuc!.toFixed(3)} for v${champion.version.version}`,
);
progress.line(
  `  promoted:            ${summary.promoted ? `yes, champion → v${summary.finalChampionVersion}` : 'no'}`,
);
progress.line(`  failed requests:     ${failed} of ${requests.length}`);
progress.line(`  drift report:        ${path.relative(process.cwd(), written.driftReport)}`);
progress.line(`  run summary:         ${path.relative(process.cwd(), written.summary)}`);
progress.line('');
progress.line('Open the UI on what the demo produced:');
progress.line(`  ${uiCommand()}`);
if (failed > 0) process.exitCode = 1;

/** `npx plinth ui` runs the built CLI, or in a clone not built yet, the CLI from source. */
function uiCommand(): string {
  const directory = process.env.PLINTH_DIR ? `PLINTH_DIR=${process.env.PLINTH_DIR} ` : '';
  return `${directory}npx plinth ui`;
}
