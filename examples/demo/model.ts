// Logistic regression trained by mini-batch gradient descent with momentum, in plain TypeScript. Inputs are
// standardised with the training set's means and standard deviations, which the ONNX export bakes into the graph.
import { seededRandom } from './random.ts';

/** Rows as one Float64Array per feature, plus 0/1 labels. */
export interface Matrix {
  columns: Float64Array[];
  label: Uint8Array;
}

export interface LogisticModel {
  featureNames: readonly string[];
  mean: number[];
  std: number[];
  /** Weights on the standardised inputs. */
  weights: number[];
  bias: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  batchSize: number;
  momentum: number;
  /** L2 penalty on the weights. */
  l2: number;
  seed: number;
  /** Called after every epoch with the training log loss. */
  onEpoch?: (epoch: number, model: LogisticModel, trainLoss: number) => void | Promise<void>;
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'onEpoch'> = {
  epochs: 8,
  learningRate: 0.1,
  batchSize: 256,
  momentum: 0.9,
  l2: 1e-4,
  seed: 1,
};

export function rowCount(matrix: Matrix): number {
  return matrix.label.length;
}

/** Fraud probabilities (float64), the reference forward pass the ONNX export is checked against. */
export function predict(model: LogisticModel, matrix: Matrix): Float64Array {
  const rows = rowCount(matrix);
  const out = new Float64Array(rows);
  const scale = model.weights.map((weight, feature) => weight / model.std[feature]!);
  let offset = model.bias;
  for (let feature = 0; feature < scale.length; feature++) offset -= scale[feature]! * model.mean[feature]!;
  for (let row = 0; row < rows; row++) {
    let logit = offset;
    for (let feature = 0; feature < scale.length; feature++)
      logit += scale[feature]! * matrix.columns[feature]![row]!;
    out[row] = 1 / (1 + Math.exp(-logit));
  }
  return out;
}

export function logLoss(scores: ArrayLike<number>, label: Uint8Array): number {
  let loss = 0;
  for (let row = 0; row < label.length; row++) {
    const p = Math.min(Math.max(scores[row]!, 1e-12), 1 - 1e-12);
    loss -= label[row] ? Math.log(p) : Math.log(1 - p);
  }
  return loss / label.length;
}

export async function trainLogisticRegression(
  matrix: Matrix,
  featureNames: readonly string[],
  options: TrainOptions,
): Promise<LogisticModel> {
  const rows = rowCount(matrix);
  const features = featureNames.length;
  const mean = matrix.columns.map((column) => column.reduce((sum, value) => sum + value, 0) / rows);
  const std = matrix.columns.map((column, feature) => {
    let squares = 0;
    for (const value of column) squares += (value - mean[feature]!) ** 2;
    return Math.sqrt(squares / rows) || 1;
  });
  const standard = matrix.columns.map((column, feature) =>
    column.map((value) => (value - mean[feature]!) / std[feature]!),
  );
  const model: LogisticModel = { featureNames, mean, std, weights: new Array(features).fill(0), bias: 0 };
  const velocity = new Float64Array(features + 1);
  const gradient = new Float64Array(features + 1);
  const order = Uint32Array.from({ length: rows }, (_, row) => row);
  const random = seededRandom(options.seed);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let index = rows - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other]!, order[index]!];
    }
    for (let start = 0; start < rows; start += options.batchSize) {
      const end = Math.min(rows, start + options.batchSize);
      gradient.fill(0);
      for (let position = start; position < end; position++) {
        const row = order[position]!;
        let logit = model.bias;
        for (let feature = 0; feature < features; feature++)
          logit += model.weights[feature]! * standard[feature]![row]!;
        const error = 1 / (1 + Math.exp(-logit)) - matrix.label[row]!;
        for (let feature = 0; feature < features; feature++)
          gradient[feature]! += error * standard[feature]![row]!;
        gradient[features]! += error;
      }
      const size = end - start;
      for (let feature = 0; feature <= features; feature++) {
        const weight = feature < features ? model.weights[feature]! : model.bias;
        const step = gradient[feature]! / size + (feature < features ? options.l2 * weight : 0);
        velocity[feature] = options.momentum * velocity[feature]! - options.learningRate * step;
        if (feature < features) model.weights[feature] = weight + velocity[feature]!;
        else model.bias = weight + velocity[feature]!;
      }
    }
    await options.onEpoch?.(epoch, model, logLoss(predict(model, matrix), matrix.label));
  }
  return model;
}

/** Area under the ROC curve (ties counted half), by sorting the scores. */
export function rocAuc(scores: ArrayLike<number>, label: Uint8Array): number {
  const order = Array.from({ length: label.length }, (_, row) => row).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    const averageRank = (start + end + 1) / 2;
    for (let position = start; position < end; position++) {
      if (label[order[position]!]) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = label.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** ROC curve points (false positive rate, true positive rate), thinned to at most `points`. */
export function rocCurve(
  scores: ArrayLike<number>,
  label: Uint8Array,
  points = 200,
): Array<[number, number]> {
  const order = Array.from({ length: label.length }, (_, row) => row).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (const value of label) positives += value;
  const negatives = label.length - positives;
  const curve: Array<[number, number]> = [[0, 0]];
  let truePositives = 0;
  let falsePositives = 0;
  const every = Math.max(1, Math.floor(order.length / points));
  for (let position = 0; position < order.length; position++) {
    if (label[order[position]!]) truePositives++;
    else falsePositives++;
    if (position % every === 0) curve.push([falsePositives / negatives, truePositives / positives]);
  }
  curve.push([1, 1]);
  return curve;
}

/** Precision and recall at a threshold. */
export function precisionRecall(scores: ArrayLike<number>, label: Uint8Array, threshold: number) {
  let truePositives = 0;
  let flagged = 0;
  let positives = 0;
  for (let row = 0; row < label.length; row++) {
    const hit = scores[row]! >= threshold;
    if (hit) flagged++;
    if (label[row]) positives++;
    if (hit && label[row]) truePositives++;
  }
  return {
    precision: flagged ? truePositives / flagged : 0,
    recall: positives ? truePositives / positives : 0,
  };
}
