import { fileURLToPath } from 'node:url';
import { PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { createBatcher, loadModel, type ModelOutputs } from '../src/index.node.ts';
import { workerPoolRuntime } from '../src/pool/worker-pool-runtime.ts';
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

describe('worker pool: a worker that dies mid-request', () => {
  // the real onnxruntime-node, except that a run whose first value is -12345 calls process.exit(7) in the worker
  const exiting = fileURLToPath(new URL('./fixtures/exiting-onnxruntime.cjs', import.meta.url));
  const built = mlpModel();
  const good = randomFloats(4 * 32, 7);
  const poison = (() => {
    const row = randomFloats(32, 8);
    row[0] = -12345;
    return row;
  })();
  const expectGood = (outputs: ModelOutputs) =>
    expectClose(outputs.score!.data as Float32Array, mlpForward(built.weights, good));
  const expectCrashError = (outcome: PromiseSettledResult<unknown>) => {
    expect(outcome.status).toBe('rejected');
    const error = (outcome as PromiseRejectedResult).reason;
    expect(PlinthError.is(error, 'PLINTH_INFERENCE')).toBe(true);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause.message).toMatch(/pool worker exited with code 7/);
  };

  it('fails the requests on the dead worker with PLINTH_INFERENCE (cause: the exit), replaces it, serves later requests', async () => {
    const model = await loadModel(
      { bytes: built.bytes },
      { runtime: workerPoolRuntime({ size: 1, module: exiting }) },
    );
    try {
      expectGood(await model.predict({ features: good }));
      // both are sent to the only worker before it reads the first, which ends it
      const outcomes = await Promise.allSettled([
        model.predict({ features: poison }),
        model.predict({ features: good }),
      ]);
      expectCrashError(outcomes[0]!);
      expectCrashError(outcomes[1]!);
      // the next requests wait for the replacement worker, which loaded the same model
      const later = await Promise.all([1, 2, 3].map(() => model.predict({ features: good })));
      for (const outputs of later) expectGood(outputs);
      // and it can be crashed and replaced again
      expectCrashError((await Promise.allSettled([model.predict({ features: poison })]))[0]!);
      expectGood(await model.predict({ features: good }));
    } finally {
      await model.dispose();
    }
  });

  it('with two workers, requests on the other worker finish; a batcher in front keeps serving', async () => {
    const model = await loadModel(
      { bytes: built.bytes },
      { runtime: workerPoolRuntime({ size: 2, module: exiting }) },
    );
    const batched = createBatcher(model, { maxBatchSize: 4 });
    try {
      // the pool sends each run to the worker with fewer in flight: the poison to one, the good rows to the other
      const outcomes = await Promise.allSettled([
        model.predict({ features: poison }),
        model.predict({ features: good }),
      ]);
      expectCrashError(outcomes[0]!);
      expect(outcomes[1]!.status).toBe('fulfilled');
      expectGood((outcomes[1] as PromiseFulfilledResult<ModelOutputs>).value);
      const rows = Array.from({ length: 16 }, (_, index) => randomFloats(32, 300 + index));
      const answers = await Promise.all(rows.map((features) => batched.predict({ features })));
      answers.forEach((outputs, index) => {
        expectClose(outputs.score!.data as Float32Array, mlpForward(built.weights, rows[index]!));
      });
      expect(batched.stats()).toMatchObject({ completed: 16, failed: 0 });
    } finally {
      await batched.dispose();
    }
  });
});
