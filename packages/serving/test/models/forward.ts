// Forward passes of the test models in plain TypeScript (float64 arithmetic), written apart from the code under
// test and from ONNX Runtime, to check what a model returns.
import type { ClassifierWeights, LogisticWeights, MixedWeights, MlpWeights } from './models.ts';

/** y = x·W + b for one row, W row-major [inputs, outputs]. */
function affine(
  row: ArrayLike<number>,
  weight: ArrayLike<number>,
  bias: ArrayLike<number>,
  outputs: number,
): number[] {
  const out = Array.from({ length: outputs }, (_, j) => bias[j]!);
  for (let i = 0; i < row.length; i++)
    for (let j = 0; j < outputs; j++) out[j]! += row[i]! * weight[i * outputs + j]!;
  return out;
}

/** The MLP's `score` for each row of `features` (row-major, 32 per row). */
export function mlpForward(weights: MlpWeights, features: ArrayLike<number>): number[] {
  const rows = features.length / 32;
  const scores: number[] = [];
  for (let r = 0; r < rows; r++) {
    let activation: number[] = Array.from({ length: 32 }, (_, i) => features[r * 32 + i]!);
    weights.layers.forEach((layer, index) => {
      const out = affine(activation, layer.weight, layer.bias, layer.outputs);
      activation = index === weights.layers.length - 1 ? out : out.map((value) => Math.max(0, value));
    });
    scores.push(activation[0]!);
  }
  return scores;
}

/** The logistic regression's probability for each row of `x` (8 per row). */
export function logisticForward(weights: LogisticWeights, x: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let r = 0; r < x.length / 8; r++) {
    let z = weights.bias;
    for (let i = 0; i < 8; i++) z += x[r * 8 + i]! * weights.weight[i]!;
    out.push(1 / (1 + Math.exp(-z)));
  }
  return out;
}

/** The mixed-type model's `score` for each row. */
export function mixedForward(
  weights: MixedWeights,
  count: readonly bigint[],
  category: readonly string[],
  flag: readonly boolean[],
): number[] {
  return count.map((value, index) => {
    const name = category[index]!;
    const table = Object.hasOwn(weights.categories, name) ? weights.categories[name]! : weights.unknown;
    return 0.5 * Number(value) + table + (flag[index] ? 2 : 0);
  });
}

/** The classifier's labels and probabilities for each row of `x` (4 per row). */
export function classifierForward(
  weights: ClassifierWeights,
  x: ArrayLike<number>,
): { labels: number[]; probabilities: number[][] } {
  const labels: number[] = [];
  const probabilities: number[][] = [];
  for (let r = 0; r < x.length / 4; r++) {
    const logits = affine(
      Array.from({ length: 4 }, (_, i) => x[r * 4 + i]!),
      weights.weight,
      weights.bias,
      3,
    );
    const top = Math.max(...logits);
    const exps = logits.map((value) => Math.exp(value - top));
    const sum = exps.reduce((a, b) => a + b, 0);
    labels.push(logits.indexOf(top));
    probabilities.push(exps.map((value) => value / sum));
  }
  return { labels, probabilities };
}
