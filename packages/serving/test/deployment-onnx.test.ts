import { describe, expect, it } from 'vitest';
import { createDeployment, loadModel } from '../src/index.node.ts';
import { caught, expectClose } from './helpers.ts';
import { logisticForward, mlpForward } from './models/forward.ts';
import { logisticModel, mlpModel } from './models/models.ts';
import { randomFloats } from './models/onnx-builder.ts';

describe('deployments over real ONNX models', () => {
  it('batching: concurrent single-row requests are merged, each answer equals the plain forward pass', async () => {
    const mlp = mlpModel();
    const model = await loadModel({ bytes: mlp.bytes, signature: mlp.signature }, { warmup: true });
    const deployment = createDeployment({
      routes: [{ name: 'mlp', model }],
      batching: { maxBatchSize: 64, maxQueueDelayMs: 0 },
    });
    const features = randomFloats(256 * 32, 5);
    const expected = mlpForward(mlp.weights, features);
    const results = await Promise.all(
      Array.from({ length: 256 }, (_, row) =>
        deployment.predict({ features: { data: features.subarray(row * 32, row * 32 + 32), dims: [1, 32] } }),
      ),
    );
    results.forEach((result, row) => {
      expectClose(result.outputs.score!.data as Float32Array, [expected[row]!]);
    });
    const stats = deployment.stats().routes[0]!;
    expect(stats.requests).toBe(256);
    const batch = stats.batch as { requests: number; batches: number };
    expect(batch.requests).toBe(256);
    expect(batch.batches).toBeLessThan(256);
    const metrics = deployment.metrics();
    expect(metrics).toContain('# TYPE plinth_serving_batches_total counter');
    expect(metrics).toContain(
      `plinth_serving_batches_total{deployment="model",route="mlp"} ${batch.batches}`,
    );
    expect(metrics).toMatch(/plinth_serving_batch_size\{deployment="model",route="mlp",quantile="0.5"\} \d+/);
    await deployment.close();
    // the batcher is gone; the caller's model stays the caller's
    await expect(model.predict({ features: [Array.from(features.subarray(0, 32))] })).resolves.toBeDefined();
    await model.dispose();
  });

  it('A/B between two real models: each answer comes from the model of its route', async () => {
    const a = logisticModel(2);
    const b = logisticModel(7);
    const deployment = createDeployment({
      routes: [
        { name: 'a', model: await loadModel({ bytes: a.bytes, signature: a.signature }), weight: 1 },
        { name: 'b', model: await loadModel({ bytes: b.bytes, signature: b.signature }), weight: 1 },
      ],
      stickyKey: (request) => String((request.x as { data: Float64Array }).data[0]),
    });
    const width = a.signature.inputs[0]!.shape![1] as number;
    for (let index = 0; index < 20; index++) {
      const x = Float64Array.from(randomFloats(width, 100 + index));
      const result = await deployment.predict({ x: { data: x, dims: [1, width] } });
      const outputName = a.signature.outputs[0]!.name;
      const weights = result.route === 'a' ? a.weights : b.weights;
      expectClose(result.outputs[outputName]!.data as Float64Array, logisticForward(weights, x));
    }
    // a bad input is the model's PLINTH_VALIDATION, counted as an error of the route
    expect((await caught(deployment.predict({ x: [[1]] }, { route: 'a' }))).code).toBe('PLINTH_VALIDATION');
    expect(deployment.stats().routes[0]!.errors).toBe(1);
    for (const route of ['a', 'b']) await deployment.model(route).dispose();
  });
});
