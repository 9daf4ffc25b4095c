import type { Dataset } from './data.ts';

/** Logistic-regression weights: one per feature, plus the bias. */
export interface LogisticModel {
  featureNames: string[];
  weights: number[];
  bias: number;
}

/** Fraud probabilities for every row. */
export function predict(model: LogisticModel, dataset: Dataset): Float64Array {
  const rows = dataset.label.length;
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let logit = model.bias;
    for (let feature = 0; feature < model.weights.length; feature++) {
      logit += model.weights[feature]! * dataset.columns[feature]![row]!;
    }
    out[row] = 1 / (1 + Math.exp(-logit));
  }
  return out;
}

/** Share of rows where the thresholded probability matches the label. */
export function accuracyOf(model: LogisticModel, dataset: Dataset): number {
  const scores = predict(model, dataset);
  let correct = 0;
  for (let row = 0; row < scores.length; row++)
    if ((scores[row]! > 0.5 ? 1 : 0) === dataset.label[row]) correct++;
  return correct / scores.length;
}

/** Full-batch gradient descent on the log loss; reports the loss after every epoch. */
export function trainLogisticRegression(
  dataset: Dataset,
  options: { learningRate: number; epochs: number; onEpoch?: (epoch: number, loss: number) => void },
): LogisticModel {
  const features = dataset.featureNames.length;
  const rows = dataset.label.length;
  const model: LogisticModel = {
    featureNames: dataset.featureNames,
    weights: new Array(features).fill(0),
    bias: 0,
  };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const scores = predict(model, dataset);
    const gradient = new Array<number>(features).fill(0);
    let biasGradient = 0;
    let loss = 0;
    for (let row = 0; row < rows; row++) {
      const error = scores[row]! - dataset.label[row]!;
      for (let feature = 0; feature < features; feature++)
        gradient[feature]! += error * dataset.columns[feature]![row]!;
      biasGradient += error;
      const p = Math.min(Math.max(scores[row]!, 1e-12), 1 - 1e-12);
      loss -= dataset.label[row] ? Math.log(p) : Math.log(1 - p);
    }
    for (let feature = 0; feature < features; feature++) {
      model.weights[feature]! -= (options.learningRate * gradient[feature]!) / rows;
    }
    model.bias -= (options.learningRate * biasGradient) / rows;
    options.onEpoch?.(epoch, loss / rows);
  }
  return model;
}
