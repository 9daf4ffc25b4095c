import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/index.node.ts';
import { brokenAtRunTimeModel, caught, expectClose } from './helpers.ts';
import { classifierForward, mixedForward, mlpForward } from './models/forward.ts';
import { classifierModel, mixedTypesModel, mlpModel } from './models/models.ts';
import { randomFloats } from './models/onnx-builder.ts';

describe('loadModel({ workers }) (worker_threads pool, Node)', () => {
  it('serves the MLP from 2 workers, concurrent calls matching the forward pass', async () => {
    const built = mlpModel();
    const model = await loadModel({ bytes: built.bytes }, { workers: 2, warmup: true });
    try {
      expect(model.concurrency).toBe(2);
      expect(model.signature).toEqual(built.signature);
      const batches = Array.from({ length: 8 }, (_, index) => randomFloats(16 * 32, 100 + index));
      const results = await Promise.all(batches.map((features) => model.predict({ features })));
      results.forEach((result, index) => {
        expect(result.score!.dims).toEqual([16, 1]);
        expectClose(result.score!.data as Float32Array, mlpForward(built.weights, batches[index]!));
      });
    } finally {
      await model.dispose();
    }
  });

  it('carries int64, string and bool tensors, and two outputs, across threads', async () => {
    const mixed = mixedTypesModel();
    const model = await loadModel({ bytes: mixed.bytes }, { workers: 1 });
    try {
      const outputs = await model.predict({
        count: BigInt64Array.of(7n, 8n),
        category: ['games', 'x'],
        flag: [false, true],
      });
      expectClose(
        outputs.score!.data as Float32Array,
        mixedForward(mixed.weights, [7n, 8n], ['games', 'x'], [false, true]),
      );
      expect([...(outputs.doubled!.data as BigInt64Array)]).toEqual([14n, 16n]);
      expect(outputs.echo!.data).toEqual(['games', 'x']);
    } finally {
      await model.dispose();
    }
    const classifier = classifierModel();
    const pooled = await loadModel({ bytes: classifier.bytes }, { workers: 2 });
    try {
      const x = randomFloats(12, 5);
      const outputs = await pooled.predict({ x: x.subarray(4) });
      const expected = classifierForward(classifier.weights, x.subarray(4));
      expect([...(outputs.label!.data as BigInt64Array)].map(Number)).toEqual(expected.labels);
    } finally {
      await pooled.dispose();
    }
  });

  it('load and run failures keep their codes', async () => {
    const error = await caught(loadModel({ bytes: new TextEncoder().encode('nope') }, { workers: 2 }));
    expect(error.code).toBe('PLINTH_MODEL_LOAD');
    expect(error.cause).toBeInstanceOf(Error);
    const model = await loadModel({ bytes: brokenAtRunTimeModel() }, { workers: 2 });
    try {
      const failed = await caught(model.predict({ x: { data: new Float32Array(4), dims: [2, 2] } }));
      expect(failed.code).toBe('PLINTH_INFERENCE');
      expect(failed.cause).toBeInstanceOf(Error);
      expect((await model.predict({ x: { data: new Float32Array(3), dims: [1, 3] } })).y!.dims).toEqual([
        1, 1,
      ]);
    } finally {
      await model.dispose();
    }
    expect((await caught(model.predict({ x: { data: new Float32Array(3), dims: [1, 3] } }))).code).toBe(
      'PLINTH_CLOSED',
    );
  });
});
