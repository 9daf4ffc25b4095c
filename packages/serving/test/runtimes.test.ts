import { makeVector, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createBatcher, loadModel, onnxruntimeWeb } from '../src/index.node.ts';
import { expectClose } from './helpers.ts';
import { classifierForward, mixedForward, mlpForward } from './models/forward.ts';
import { classifierModel, mixedTypesModel, mlpModel } from './models/models.ts';
import { encodeModel, int64Tensor, node, randomFloats, valueInfo } from './models/onnx-builder.ts';

describe('onnxruntimeWeb (wasm) in Node', () => {
  it('runs the MLP and the classifier with the outputs of the forward pass', async () => {
    const runtime = onnxruntimeWeb();
    const mlp = mlpModel();
    const model = await loadModel({ bytes: mlp.bytes }, { runtime, warmup: true });
    const features = randomFloats(4 * 32, 3);
    expectClose(
      (await model.predict({ features })).score!.data as Float32Array,
      mlpForward(mlp.weights, features),
    );
    await model.dispose();
    const classifier = classifierModel();
    const second = await loadModel({ bytes: classifier.bytes }, { runtime });
    const x = randomFloats(3 * 4, 4);
    const outputs = await second.predict({ x });
    expect([...(outputs.label!.data as BigInt64Array)].map(Number)).toEqual(
      classifierForward(classifier.weights, x).labels,
    );
    await second.dispose();
  });

  it('concurrent runs on two sessions of one wasm module all succeed (onnxruntime-web allows one run at a time)', async () => {
    const runtime = onnxruntimeWeb();
    const first = mlpModel();
    const second = mlpModel(2);
    const models = [
      await loadModel({ bytes: first.bytes }, { runtime }),
      await loadModel({ bytes: second.bytes }, { runtime: onnxruntimeWeb() }),
    ];
    try {
      const rows = Array.from({ length: 12 }, (_, index) => randomFloats(2 * 32, 40 + index));
      const answers = await Promise.all(
        rows.map((features, index) => models[index % 2]!.predict({ features })),
      );
      answers.forEach((outputs, index) => {
        const weights = (index % 2 === 0 ? first : second).weights;
        expectClose(outputs.score!.data as Float32Array, mlpForward(weights, rows[index]!));
      });
    } finally {
      for (const model of models) await model.dispose();
    }
  });
});

describe('Arrow inputs', () => {
  it('vectors of int64, strings and booleans feed [-1, 1] inputs', async () => {
    const built = mixedTypesModel();
    const model = await loadModel({ bytes: built.bytes });
    const count = [5n, -6n, 7n];
    const category = ['music', 'games', 'other'];
    const flag = [false, true, true];
    const outputs = await model.predict({
      count: makeVector(BigInt64Array.from(count)),
      category: vectorFromArray(category),
      flag: vectorFromArray(flag),
    });
    expect(outputs.score!.dims).toEqual([3, 1]);
    expectClose(outputs.score!.data as Float32Array, mixedForward(built.weights, count, category, flag));
    expect(outputs.echo!.data).toEqual(category);
    const withNull = await model
      .predict({ count: vectorFromArray([1n, null]), category: ['a', 'b'], flag: [true, false] })
      .catch((error: { code: string; message: string }) => error);
    expect(withNull).toMatchObject({ code: 'PLINTH_VALIDATION' });
    expect((withNull as { message: string }).message).toMatch(/1 nulls/);
    await model.dispose();
  });

  it('a table with the wrong number of columns is refused', async () => {
    const mlp = mlpModel();
    const model = await loadModel({ bytes: mlp.bytes });
    const table = tableFromArrays({ a: Float32Array.of(1), b: Float32Array.of(2) });
    await expect(model.predict({ features: table })).rejects.toMatchObject({ code: 'PLINTH_VALIDATION' });
    await model.dispose();
  });
});

describe('batcher over a model whose outputs are not one row per input row', () => {
  it('runs the merged requests again one by one, and stops merging for that model', async () => {
    // y = ReduceSum(x, axis 0, keepdims): one row whatever the batch, so a merged result cannot be split
    const bytes = encodeModel({
      name: 'column-sums',
      node: [node('ReduceSum', ['x', 'axes'], ['y'], { keepdims: 1 })],
      initializer: [int64Tensor('axes', [1], [0])],
      input: [valueInfo('x', 'float32', ['batch', 2])],
      output: [valueInfo('y', 'float32', [1, 2])],
    });
    const batched = createBatcher(await loadModel({ bytes }), { maxBatchSize: 8 });
    const rows = [Float32Array.of(1, 2), Float32Array.of(3, 4), Float32Array.of(5, 6)];
    const first = await Promise.all(rows.map((x) => batched.predict({ x })));
    expect(first.map((result) => [...(result.y!.data as Float32Array)])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const second = await Promise.all(rows.map((x) => batched.predict({ x })));
    expect(second.map((result) => [...(result.y!.data as Float32Array)])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(batched.stats().batchSize).toMatchObject({ count: 4, max: 3 });
    await batched.dispose();
  });
});
