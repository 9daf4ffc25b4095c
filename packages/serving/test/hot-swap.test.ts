import { describe, expect, it } from 'vitest';
import { createDeployment, loadModel, type PredictionResult } from '../src/index.node.ts';
import { caught, expectClose, memoryRegistry } from './helpers.ts';
import { mlpForward } from './models/forward.ts';
import { mlpModel } from './models/models.ts';
import { randomFloats } from './models/onnx-builder.ts';

describe('hot swap with a real registry and real ONNX models', () => {
  it('under steady concurrent load: zero failed requests, answers switch to the new version, the old model is disposed', async () => {
    const registry = memoryRegistry();
    const v1 = mlpModel(1);
    const v2 = mlpModel(2);
    await registry.registerVersion('fraud', { artifact: v1.bytes, format: 'onnx', signature: v1.signature });
    await registry.registerVersion('fraud', { artifact: v2.bytes, format: 'onnx', signature: v2.signature });
    await registry.setAlias('fraud', 'champion', 1);
    const first = await loadModel({ registry, uri: 'models:/fraud@champion' }, { warmup: true });
    const deployment = createDeployment({
      routes: [{ name: 'champion', model: first }],
      watch: { registry, uri: 'models:/fraud@champion', intervalMs: 10 },
    });
    await deployment.ready();
    const features = randomFloats(32, 99);
    const expected = { 1: mlpForward(v1.weights, features), 2: mlpForward(v2.weights, features) };
    const input = { features: { data: features, dims: [1, 32] } };
    const swapped = new Promise((resolve) => deployment.on('swap', resolve));
    const failures: unknown[] = [];
    const results: PredictionResult[][] = [[], [], [], []];
    let afterSwap = 0;
    let moved = false;
    const worker = async (mine: PredictionResult[]) => {
      for (let request = 0; request < 200_000 && afterSwap < 400; request++) {
        try {
          const result = await deployment.predict(input);
          mine.push(result);
          if (result.modelVersion === 2) afterSwap += 1;
        } catch (error) {
          failures.push(error);
        }
        if (!moved && results.flat().length >= 200) {
          moved = true;
          void registry.setAlias('fraud', 'champion', 2);
        }
        // a request arriving from the network: let timers and I/O run between requests
        if (request % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all(results.map((mine) => worker(mine)));
    await swapped;
    expect(failures).toEqual([]);
    for (const mine of results) {
      const versions = mine.map((result) => result.modelVersion);
      // each worker sees version 1, then only version 2 (in flight requests finished on version 1)
      expect(versions[0]).toBe(1);
      expect(versions.at(-1)).toBe(2);
      expect(versions.indexOf(2)).toBeGreaterThan(-1);
      expect(versions.slice(versions.indexOf(2)).every((version) => version === 2)).toBe(true);
      for (const result of mine) {
        expectClose(result.outputs.score!.data as Float32Array, expected[result.modelVersion as 1 | 2]);
      }
    }
    expect(deployment.stats().routes[0]).toMatchObject({ errors: 0, modelVersion: 2 });
    // the old session was disposed once its requests drained
    expect((await caught(first.predict(input))).code).toBe('PLINTH_CLOSED');
    await deployment.close();
  });
});
