// The test models of @plinth/serving, built in TypeScript: an MLP 32→64→64→1, a logistic regression (float64),
// a model with int64, string and bool inputs, and a two-output classifier. Each comes with its weights so that
// forward.ts can compute the expected outputs independently.
import type { Signature } from '@plinth/core';
import { encodeModel, floatTensor, int64Tensor, node, randomFloats, valueInfo } from './onnx-builder.ts';

/** An MLP's weights: row-major `[in, out]` matrices and biases. */
export interface MlpWeights {
  readonly layers: readonly { weight: Float32Array; bias: Float32Array; inputs: number; outputs: number }[];
}

/** A built test model: its ONNX bytes, the signature it declares, and what forward.ts needs. */
export interface TestModel<W> {
  readonly bytes: Uint8Array;
  readonly signature: Signature;
  readonly weights: W;
}

/** The MLP 32→64→64→1 (ReLU between layers): input `features` float32 [-1, 32], output `score` float32 [-1, 1]. */
export function mlpModel(seed = 1): TestModel<MlpWeights> {
  const sizes = [32, 64, 64, 1];
  const layers = sizes.slice(1).map((outputs, index) => {
    const inputs = sizes[index]!;
    return {
      inputs,
      outputs,
      weight: randomFloats(inputs * outputs, seed * 100 + index, 1 / Math.sqrt(inputs)),
      bias: randomFloats(outputs, seed * 100 + 50 + index, 0.1),
    };
  });
  const nodes = layers.flatMap((_layer, index) => {
    const input = index === 0 ? 'features' : `relu${index - 1}`;
    const gemm = index === layers.length - 1 ? 'score' : `gemm${index}`;
    const gemmNode = node('Gemm', [input, `w${index}`, `b${index}`], [gemm]);
    return index === layers.length - 1 ? [gemmNode] : [gemmNode, node('Relu', [gemm], [`relu${index}`])];
  });
  const bytes = encodeModel({
    name: 'mlp',
    node: nodes,
    initializer: layers.flatMap((layer, index) => [
      floatTensor(`w${index}`, [layer.inputs, layer.outputs], layer.weight),
      floatTensor(`b${index}`, [layer.outputs], layer.bias),
    ]),
    input: [valueInfo('features', 'float32', ['batch', 32])],
    output: [valueInfo('score', 'float32', ['batch', 1])],
  });
  return {
    bytes,
    signature: {
      inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 32] }],
      outputs: [{ name: 'score', dtype: 'float32', shape: [-1, 1] }],
    },
    weights: { layers },
  };
}

/** Logistic regression weights (float64). */
export interface LogisticWeights {
  readonly weight: Float64Array;
  readonly bias: number;
}

/** Logistic regression in float64: input `x` float64 [-1, 8], output `probability` float64 [-1, 1]. */
export function logisticModel(seed = 2): TestModel<LogisticWeights> {
  const weight = Float64Array.from(randomFloats(8, seed, 1.5));
  const bias = 0.25;
  const bytes = encodeModel({
    name: 'logistic',
    node: [
      node('MatMul', ['x', 'w'], ['z0']),
      node('Add', ['z0', 'b'], ['z']),
      node('Sigmoid', ['z'], ['probability']),
    ],
    initializer: [floatTensor('w', [8, 1], weight, 'float64'), floatTensor('b', [1], [bias], 'float64')],
    input: [valueInfo('x', 'float64', ['batch', 8])],
    output: [valueInfo('probability', 'float64', ['batch', 1])],
  });
  return {
    bytes,
    signature: {
      inputs: [{ name: 'x', dtype: 'float64', shape: [-1, 8] }],
      outputs: [{ name: 'probability', dtype: 'float64', shape: [-1, 1] }],
    },
    weights: { weight, bias },
  };
}

/** The mixed-type model's constants. */
export interface MixedWeights {
  /** Category → value; unknown categories map to `unknown`. */
  readonly categories: Readonly<Record<string, number>>;
  readonly unknown: number;
}

/**
 * A model over int64, string and bool inputs (`count` int64 [-1,1], `category` string [-1,1], `flag` bool [-1,1]):
 * `score` = 0.5·count + table[category] + 2·flag (float32), `doubled` = 2·count (int64), `echo` = category.
 */
export function mixedTypesModel(): TestModel<MixedWeights> {
  const categories = { books: 1.5, games: -2, music: 0.75 };
  const unknown = -10;
  const bytes = encodeModel({
    name: 'mixed',
    node: [
      node('Cast', ['count'], ['count_f'], { to: 1 }),
      node('Mul', ['count_f', 'half'], ['count_half']),
      node(
        'LabelEncoder',
        ['category'],
        ['category_value'],
        {
          keys_strings: Object.keys(categories),
          values_floats: Object.values(categories),
          default_float: { float: unknown },
        },
        'ai.onnx.ml',
      ),
      node('Cast', ['flag'], ['flag_f'], { to: 1 }),
      node('Mul', ['flag_f', 'two_f'], ['flag_two']),
      node('Add', ['count_half', 'category_value'], ['partial']),
      node('Add', ['partial', 'flag_two'], ['score']),
      node('Mul', ['count', 'two_i'], ['doubled']),
      node('Identity', ['category'], ['echo']),
    ],
    initializer: [
      floatTensor('half', [1], [0.5]),
      floatTensor('two_f', [1], [2]),
      int64Tensor('two_i', [1], [2]),
    ],
    input: [
      valueInfo('count', 'int64', ['batch', 1]),
      valueInfo('category', 'string', ['batch', 1]),
      valueInfo('flag', 'bool', ['batch', 1]),
    ],
    output: [
      valueInfo('score', 'float32', ['batch', 1]),
      valueInfo('doubled', 'int64', ['batch', 1]),
      valueInfo('echo', 'string', ['batch', 1]),
    ],
  });
  return {
    bytes,
    signature: {
      inputs: [
        { name: 'count', dtype: 'int64', shape: [-1, 1] },
        { name: 'category', dtype: 'string', shape: [-1, 1] },
        { name: 'flag', dtype: 'bool', shape: [-1, 1] },
      ],
      outputs: [
        { name: 'score', dtype: 'float32', shape: [-1, 1] },
        { name: 'doubled', dtype: 'int64', shape: [-1, 1] },
        { name: 'echo', dtype: 'string', shape: [-1, 1] },
      ],
    },
    weights: { categories, unknown },
  };
}

/** A linear classifier's weights: `[4, 3]` matrix and 3 biases. */
export interface ClassifierWeights {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

/**
 * A two-output classifier: input `x` float32 [-1, 4]; outputs `label` int64 [-1] (argmax) and `probabilities`
 * float32 [-1, 3] (softmax).
 */
export function classifierModel(seed = 3): TestModel<ClassifierWeights> {
  const weight = randomFloats(12, seed, 1);
  const bias = randomFloats(3, seed + 1, 0.2);
  const bytes = encodeModel({
    name: 'classifier',
    node: [
      node('Gemm', ['x', 'w', 'b'], ['logits']),
      node('ArgMax', ['logits'], ['label'], { axis: 1, keepdims: 0 }),
      node('Softmax', ['logits'], ['probabilities'], { axis: 1 }),
    ],
    initializer: [floatTensor('w', [4, 3], weight), floatTensor('b', [3], bias)],
    input: [valueInfo('x', 'float32', ['batch', 4])],
    output: [valueInfo('label', 'int64', ['batch']), valueInfo('probabilities', 'float32', ['batch', 3])],
  });
  return {
    bytes,
    signature: {
      inputs: [{ name: 'x', dtype: 'float32', shape: [-1, 4] }],
      outputs: [
        { name: 'label', dtype: 'int64', shape: [-1] },
        { name: 'probabilities', dtype: 'float32', shape: [-1, 3] },
      ],
    },
    weights: { weight, bias },
  };
}
