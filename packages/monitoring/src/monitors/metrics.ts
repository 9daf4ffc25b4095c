/** Share of predictions equal to their label. */
export function accuracy(labels: readonly string[], predictions: readonly string[]): number {
  let correct = 0;
  for (let index = 0; index < labels.length; index++) if (labels[index] === predictions[index]) correct++;
  return labels.length === 0 ? Number.NaN : correct / labels.length;
}

/** Precision, recall and F1 of the `positive` class (0 when undefined, as scikit-learn's zero_division=0). */
export function precisionRecallF1(
  labels: readonly string[],
  predictions: readonly string[],
  positive: string,
): { precision: number; recall: number; f1: number } {
  let truePositive = 0;
  let falsePositive = 0;
  let falseNegative = 0;
  for (let index = 0; index < labels.length; index++) {
    const actual = labels[index] === positive;
    const predicted = predictions[index] === positive;
    if (actual && predicted) truePositive++;
    else if (predicted) falsePositive++;
    else if (actual) falseNegative++;
  }
  const precision = truePositive + falsePositive === 0 ? 0 : truePositive / (truePositive + falsePositive);
  const recall = truePositive + falseNegative === 0 ? 0 : truePositive / (truePositive + falseNegative);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * Area under the ROC curve from scores of the positive class, by the rank-sum (Mann–Whitney) formula with
 * average ranks for ties; NaN when only one class is present.
 */
export function rocAuc(positives: readonly boolean[], scores: readonly number[]): number {
  const order = scores.map((_, index) => index).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(scores.length);
  let index = 0;
  while (index < order.length) {
    let end = index + 1;
    while (end < order.length && scores[order[end]!] === scores[order[index]!]) end++;
    const rank = (index + 1 + end) / 2;
    for (let at = index; at < end; at++) ranks[order[at]!] = rank;
    index = end;
  }
  let positiveCount = 0;
  let rankSum = 0;
  positives.forEach((positive, at) => {
    if (positive) {
      positiveCount++;
      rankSum += ranks[at]!;
    }
  });
  const negativeCount = positives.length - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) return Number.NaN;
  return (rankSum - (positiveCount * (positiveCount + 1)) / 2) / (positiveCount * negativeCount);
}

/** Root mean squared error and mean absolute error. */
export function regressionErrors(
  labels: readonly number[],
  predictions: readonly number[],
): { rmse: number; mae: number } {
  let squared = 0;
  let absolute = 0;
  for (let index = 0; index < labels.length; index++) {
    const error = predictions[index]! - labels[index]!;
    squared += error * error;
    absolute += Math.abs(error);
  }
  const n = labels.length;
  return { rmse: Math.sqrt(squared / n), mae: absolute / n };
}
