// Small helpers that write ONNX models with onnx-proto, for the serving tests and the benchmark. Nothing here
// runs a model: the forward passes in forward.ts are written separately, in plain TypeScript.
import onnxProto, { type onnx as Onnx } from 'onnx-proto';

// onnx-proto is CommonJS: its namespace object is the default export under Node's ESM loader
const { onnx } = onnxProto;

/** ONNX element types used by the test models. */
export const ELEMENT = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float64: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  string: onnx.TensorProto.DataType.STRING,
  bool: onnx.TensorProto.DataType.BOOL,
} as const;

/** A dimension: a size, or a symbolic name for a dynamic one. */
export type Dim = number | string;

/** A graph input or output: name, element type and shape. */
export function valueInfo(
  name: string,
  element: keyof typeof ELEMENT,
  shape: readonly Dim[],
): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEMENT[element],
        shape: { dim: shape.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  };
}

/** A float32 (or float64) initializer. */
export function floatTensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
  element: 'float32' | 'float64' = 'float32',
): Onnx.ITensorProto {
  return element === 'float32'
    ? { name, dims: [...dims], dataType: ELEMENT.float32, floatData: Array.from(values) }
    : { name, dims: [...dims], dataType: ELEMENT.float64, doubleData: Array.from(values) };
}

/** An int64 initializer. */
export function int64Tensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): Onnx.ITensorProto {
  return { name, dims: [...dims], dataType: ELEMENT.int64, int64Data: [...values] };
}

/** A node; attributes given as plain values (int, float, ints, floats, strings). */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Record<string, number | readonly number[] | readonly string[] | { float: number }> = {},
  domain = '',
): Onnx.INodeProto {
  const attribute: Onnx.IAttributeProto[] = Object.entries(attributes).map(([name, value]) => {
    if (typeof value === 'number') return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
    if (!Array.isArray(value) && typeof value === 'object' && 'float' in value)
      return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value.float };
    const list = value as readonly (number | string)[];
    if (list.every((item) => typeof item === 'string'))
      return {
        name,
        type: onnx.AttributeProto.AttributeType.STRINGS,
        strings: list.map((item) => new TextEncoder().encode(item as string)),
      };
    return { name, type: onnx.AttributeProto.AttributeType.FLOATS, floats: list as number[] };
  });
  return {
    opType,
    input: [...inputs],
    output: [...outputs],
    attribute,
    domain,
    name: `${opType}_${outputs[0]}`,
  };
}

/** Encodes a model (IR 8, opset 17 and ai.onnx.ml 3) to bytes. */
export function encodeModel(graph: Onnx.IGraphProto): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'plinth-tests',
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ],
    graph,
  }).finish();
}

/** A deterministic PRNG (mulberry32) giving floats in [-scale, scale). */
export function seededRandom(seed: number, scale = 1): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  };
}

/** `count` float32-representable random values. */
export function randomFloats(count: number, seed: number, scale = 1): Float32Array {
  const random = seededRandom(seed, scale);
  return Float32Array.from({ length: count }, random);
}
