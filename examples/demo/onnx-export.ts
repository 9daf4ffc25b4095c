// A small ONNX exporter for the demo's logistic regression, built on the ONNX protobuf schema (onnx-proto):
// features (float32 [n, k]) → (x − mean) / std → MatMul W → Add b → Sigmoid → score (float32 [n, 1]).
import onnxProto from 'onnx-proto';
import type { LogisticModel } from './model.ts';

// onnx-proto is CommonJS: its namespace object is the default export under Node's ESM loader.
const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** The signature the registry records and the serving layer checks inputs against. */
export function signatureOf(model: LogisticModel) {
  return {
    inputs: [{ name: 'features', dtype: 'float32' as const, shape: [-1, model.featureNames.length] }],
    outputs: [{ name: 'score', dtype: 'float32' as const, shape: [-1, 1] }],
  };
}

/** Encodes the model as ONNX (IR 8, opset 17) bytes. */
export function exportToOnnx(model: LogisticModel, producerVersion = '0.1.0'): Uint8Array {
  const k = model.featureNames.length;
  const tensor = (name: string, dims: number[], values: number[]) => ({
    name,
    dims,
    dataType: FLOAT,
    floatData: values,
  });
  const valueInfo = (name: string, dims: Array<number | string>) => ({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  });
  const node = (opType: string, input: string[], output: string) => ({
    opType,
    input,
    output: [output],
    name: opType,
  });
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'plinth-demo',
    producerVersion,
    opsetImport: [{ domain: '', version: 17 }],
    docString: `logistic regression over ${model.featureNames.join(', ')}`,
    graph: {
      name: 'fraud_logreg',
      input: [valueInfo('features', ['batch', k])],
      output: [valueInfo('score', ['batch', 1])],
      initializer: [
        tensor('mean', [k], model.mean),
        tensor('std', [k], model.std),
        tensor('weights', [k, 1], model.weights),
        tensor('bias', [1], [model.bias]),
      ],
      node: [
        node('Sub', ['features', 'mean'], 'centered'),
        node('Div', ['centered', 'std'], 'standardized'),
        node('MatMul', ['standardized', 'weights'], 'product'),
        node('Add', ['product', 'bias'], 'logit'),
        node('Sigmoid', ['logit'], 'score'),
      ],
    },
  }).finish();
}
