// One training round: train on the rows before a time cutoff, evaluate on the rows after it, export to ONNX and
// check the export with onnxruntime-node against the TypeScript forward pass, track everything in a run, and
// register the model with its signature, card and lineage.
import type { DatasetRef } from '@plinth/core';
import type { ModelVersion, Registry } from '@plinth/registry';
import { loadModel } from '@plinth/serving';
import type { Tracker } from '@plinth/tracking';
import { FEATURE_NAMES } from './features.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  type LogisticModel,
  logLoss,
  type Matrix,
  precisionRecall,
  predict,
  rocAuc,
  rocCurve,
  trainLogisticRegression,
} from './model.ts';
import { exportToOnnx, signatureOf } from './onnx-export.ts';
import { rocSvg } from './roc-svg.ts';
import { splitByTime, type TrainingSet } from './training-set.ts';

export const MODEL_NAME = 'fraud';

export interface TrainRoundOptions {
  tracker: Tracker;
  registry: Registry;
  runName: string;
  set: TrainingSet;
  /** Rows at or after this time are the hold-out. */
  cutoffMs: number;
  /** The datasets the training set was built from (logged as run inputs and registry lineage). */
  sources: DatasetRef[];
  tags: Record<string, string>;
  /** A model to evaluate on the same hold-out (the champion, when retraining). */
  baseline?: { name: string; model: LogisticModel };
  description: string;
  onEpoch?: (epoch: number) => void;
}

export interface TrainRoundResult {
  model: LogisticModel;
  runId: string;
  version: ModelVersion;
  holdoutAuc: number;
  baselineAuc?: number;
  trainRows: number;
  holdoutRows: number;
  /** Largest |ONNX Runtime − TypeScript| over the hold-out. */
  onnxMaxDiff: number;
}

export async function trainRound(options: TrainRoundOptions): Promise<TrainRoundResult> {
  const { train, holdout } = splitByTime(options.set, options.cutoffMs);
  const run = await options.tracker.startRun({
    experiment: MODEL_NAME,
    name: options.runName,
    tags: options.tags,
  });
  try {
    const settings = DEFAULT_TRAIN_OPTIONS;
    await run.logParams({
      model: 'logistic-regression',
      optimizer: 'sgd-momentum',
      epochs: settings.epochs,
      learning_rate: settings.learningRate,
      batch_size: settings.batchSize,
      momentum: settings.momentum,
      l2: settings.l2,
      features: FEATURE_NAMES.join(','),
      train_rows: train.label.length,
      holdout_rows: holdout.label.length,
      holdout_from: new Date(options.cutoffMs).toISOString(),
    });
    for (const dataset of options.sources) await run.logInput({ dataset, context: 'source' });
    const trainingRef = { name: 'training-set', digest: options.set.digest, rows: options.set.label.length };
    await run.logInput({ dataset: trainingRef, context: 'training' });

    const model = await trainLogisticRegression(train, FEATURE_NAMES, {
      ...settings,
      onEpoch: async (epoch, current, trainLoss) => {
        const scores = predict(current, holdout);
        run.logMetrics(
          {
            'train/loss': trainLoss,
            'holdout/loss': logLoss(scores, holdout.label),
            'holdout/auc': rocAuc(scores, holdout.label),
          },
          { step: epoch },
        );
        await run.ready();
        options.onEpoch?.(epoch);
      },
    });
    const scores = predict(model, holdout);
    const holdoutAuc = rocAuc(scores, holdout.label);
    const { precision, recall } = precisionRecall(scores, holdout.label, 0.5);
    const metrics: Record<string, number> = {
      'holdout/auc': holdoutAuc,
      'holdout/precision_at_0.5': precision,
      'holdout/recall_at_0.5': recall,
      'holdout/fraud_rate': mean(holdout.label),
    };
    const curves = [{ name: options.runName, points: rocCurve(scores, holdout.label), auc: holdoutAuc }];
    let baselineAuc: number | undefined;
    if (options.baseline) {
      const baselineScores = predict(options.baseline.model, holdout);
      baselineAuc = rocAuc(baselineScores, holdout.label);
      metrics[`holdout/auc_${options.baseline.name}`] = baselineAuc;
      curves.push({
        name: options.baseline.name,
        points: rocCurve(baselineScores, holdout.label),
        auc: baselineAuc,
      });
    }

    const onnxBytes = exportToOnnx(model);
    const onnxMaxDiff = await checkOnnx(onnxBytes, model, holdout, scores);
    metrics['onnx/max_abs_diff'] = onnxMaxDiff;
    run.logMetrics(metrics, { step: settings.epochs });
    await run.logArtifact('plots/roc.svg', rocSvg(curves));
    await run.logArtifact('model/model.onnx', onnxBytes);
    await run.logArtifact('model/weights.json', JSON.stringify(model, null, 2));
    await run.end({ status: 'finished' });

    const version = await options.registry.registerVersion(MODEL_NAME, {
      artifact: { tracker: options.tracker, runId: run.id, path: 'model/model.onnx' },
      format: 'onnx',
      signature: signatureOf(model),
      inputExample: {
        features: [Array.from(FEATURE_NAMES, (_, feature) => round(holdout.columns[feature]![0]!))],
      },
      metrics: { auc: holdoutAuc, precision, recall },
      params: { model: 'logistic-regression', epochs: String(settings.epochs) },
      tags: options.tags,
      runId: run.id,
      datasets: [...options.sources, trainingRef].map(({ name, digest }) => ({ name, digest })),
      description: options.description,
      card: {
        overview: `Logistic regression over ${FEATURE_NAMES.length} features (${FEATURE_NAMES.join(', ')}), scoring card transactions for fraud.`,
        intendedUse: 'Ranking card transactions for manual fraud review in the Plinth demo.',
        outOfScopeUse: 'Real payment decisions: the data is synthetic.',
        trainingData: `${train.label.length} transactions before ${new Date(options.cutoffMs).toISOString()}, features joined point-in-time from user_stats (ttl 30d) and merchant_stats (ttl 8d).`,
        evaluationMetrics: { auc: holdoutAuc, precision, recall, holdoutRows: holdout.label.length },
        limitations:
          'Linear in its inputs; fraud patterns that appear after training are missed until it is retrained.',
        owners: ['risk-ml'],
      },
    });
    return {
      model,
      runId: run.id,
      version,
      holdoutAuc,
      ...(baselineAuc === undefined ? {} : { baselineAuc }),
      trainRows: train.label.length,
      holdoutRows: holdout.label.length,
      onnxMaxDiff,
    };
  } catch (error) {
    await run.end({ status: 'failed' }).catch(() => {});
    throw error;
  }
}

/** Runs the exported bytes in onnxruntime-node and compares with the TypeScript scores (float32 tolerance). */
async function checkOnnx(
  bytes: Uint8Array,
  model: LogisticModel,
  holdout: Matrix,
  expected: Float64Array,
): Promise<number> {
  const onnxModel = await loadModel({ bytes, signature: signatureOf(model) });
  try {
    const rows = holdout.label.length;
    const features = new Float32Array(rows * FEATURE_NAMES.length);
    for (let row = 0; row < rows; row++)
      for (let feature = 0; feature < FEATURE_NAMES.length; feature++)
        features[row * FEATURE_NAMES.length + feature] = holdout.columns[feature]![row]!;
    // The reference pass on the same float32-rounded inputs.
    const rounded: Matrix = {
      columns: FEATURE_NAMES.map((_, feature) =>
        Float64Array.from({ length: rows }, (_, row) => features[row * FEATURE_NAMES.length + feature]!),
      ),
      label: holdout.label,
    };
    const reference = rows === expected.length ? predict(model, rounded) : expected;
    const { score } = await onnxModel.predict({ features });
    let maxDiff = 0;
    for (let row = 0; row < rows; row++)
      maxDiff = Math.max(maxDiff, Math.abs((score!.data as Float32Array)[row]! - reference[row]!));
    if (!(maxDiff < 1e-5))
      throw new Error(`ONNX export disagrees with the TypeScript forward pass: max |diff| ${maxDiff}`);
    return maxDiff;
  } finally {
    await onnxModel.dispose();
  }
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += values[index]!;
  return sum / values.length;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
