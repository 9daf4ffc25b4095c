import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { memoryStorage } from '@plinth/core/memory';
import { createRegistry } from '@plinth/registry';
import { tableFromArrays } from 'apache-arrow';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, onnxruntimeNode } from '../src/index.node.ts';
import { caught, expectClose, memoryRegistry } from './helpers.ts';
import { classifierForward, logisticForward, mixedForward, mlpForward } from './models/forward.ts';
import { classifierModel, logisticModel, mixedTypesModel, mlpModel } from './models/models.ts';
import { randomFloats } from './models/onnx-builder.ts';

const mlp = mlpModel();
const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dispose of disposers) await dispose();
});
async function load(...args: Parameters<typeof loadModel>) {
  const model = await loadModel(...args);
  disposers.push(() => model.dispose());
  return model;
}

describe('loadModel from bytes', () => {
  it('reads the signature of each test model from the session when none is given', async () => {
    for (const built of [mlp, logisticModel(), mixedTypesModel(), classifierModel()]) {
      const model = await load({ bytes: built.bytes });
      expect(model.signature).toEqual(built.signature);
      expect(model.source).toBe('bytes');
      expect(model.modelName).toBeUndefined();
    }
  });

  it('runs the MLP on typed arrays, rows, tensors and Arrow tables, matching the plain forward pass', async () => {
    const model = await load({ bytes: mlp.bytes, signature: mlp.signature }, { warmup: true });
    const features = randomFloats(5 * 32, 11);
    const expected = mlpForward(mlp.weights, features);
    const rows = Array.from({ length: 5 }, (_, r) => Array.from(features.subarray(r * 32, r * 32 + 32)));
    const columns = Object.fromEntries(
      Array.from({ length: 32 }, (_, c) => [`f${c}`, Float32Array.from(rows, (row) => row[c]!)]),
    );
    for (const input of [features, rows, { data: features, dims: [5, 32] }, tableFromArrays(columns)]) {
      const { score } = await model.predict({ features: input });
      expect(score!.dims).toEqual([5, 1]);
      expect(score!.data).toBeInstanceOf(Float32Array);
      expectClose(score!.data as Float32Array, expected);
    }
  });

  it('runs float64 logistic regression', async () => {
    const built = logisticModel();
    const model = await load({ bytes: built.bytes });
    const x = Float64Array.from(randomFloats(3 * 8, 12, 2));
    const { probability } = await model.predict({ x });
    expect(probability!.data).toBeInstanceOf(Float64Array);
    expectClose(probability!.data as Float64Array, logisticForward(built.weights, x), 1e-12);
  });

  it('takes int64 (BigInt64Array), string and bool inputs and returns int64 and string outputs', async () => {
    const built = mixedTypesModel();
    const model = await load({ bytes: built.bytes });
    const count = [3n, -4n, 0n, 9007199254740993n];
    const category = ['books', 'zzz', 'music', '__proto__'];
    const flag = [true, false, true, false];
    const outputs = await model.predict({ count: BigInt64Array.from(count), category, flag });
    expectClose(
      outputs.score!.data as Float32Array,
      mixedForward(built.weights, count, category, flag),
      1e-6,
    );
    expect([...(outputs.doubled!.data as BigInt64Array)]).toEqual(count.map((value) => value * 2n));
    expect(outputs.echo!.data).toEqual(category);
    // the same as rows of plain values (numbers for int64, 0/1 for bool)
    const again = await model.predict({
      count: [[3], [-4]],
      category: [['books'], ['zzz']],
      flag: [[1], [0]],
    });
    expect([...(again.doubled!.data as BigInt64Array)]).toEqual([6n, -8n]);
  });

  it('returns both outputs of the classifier, in the signature order', async () => {
    const built = classifierModel();
    const model = await load({ bytes: built.bytes });
    const x = randomFloats(6 * 4, 13, 2);
    const outputs = await model.predict({ x });
    expect(Object.keys(outputs)).toEqual(['label', 'probabilities']);
    const expected = classifierForward(built.weights, x);
    expect([...(outputs.label!.data as BigInt64Array)].map(Number)).toEqual(expected.labels);
    expect(outputs.probabilities!.dims).toEqual([6, 3]);
    expectClose(outputs.probabilities!.data as Float32Array, expected.probabilities.flat());
  });

  it('takes an ArrayBuffer, a runtime, or the onnxruntime module as lib', async () => {
    const buffer = mlp.bytes.slice().buffer;
    const features = randomFloats(32, 14);
    const expected = mlpForward(mlp.weights, features);
    for (const options of [{}, { runtime: onnxruntimeNode() }, { lib: ort }]) {
      const model = await load({ bytes: buffer }, options);
      expectClose((await model.predict({ features })).score!.data as Float32Array, expected);
    }
  });
});

describe('loadModel from a registry and from a file', () => {
  it('loads models:/name@alias with the version signature, name and number', async () => {
    const registry = memoryRegistry();
    await registry.registerVersion('fraud', { artifact: new TextEncoder().encode('v1'), format: 'onnx' });
    const v2 = await registry.registerVersion('fraud', {
      artifact: mlp.bytes,
      format: 'onnx',
      signature: mlp.signature,
    });
    await registry.setAlias('fraud', 'champion', v2.version);
    const model = await load({ registry, uri: 'models:/fraud@champion' });
    expect(model).toMatchObject({ modelName: 'fraud', modelVersion: 2, source: 'models:/fraud/2' });
    expect(model.signature).toEqual(mlp.signature);
    const features = randomFloats(32, 15);
    expectClose(
      (await model.predict({ features })).score!.data as Float32Array,
      mlpForward(mlp.weights, features),
    );
  });

  it('refuses an artifact whose bytes changed in storage (PLINTH_INTEGRITY), and an unknown alias', async () => {
    const storage = memoryStorage();
    const registry = createRegistry({ storage, actor: 'tests' });
    const version = await registry.registerVersion('fraud', {
      artifact: mlp.bytes,
      signature: mlp.signature,
    });
    const tampered = mlp.bytes.slice();
    tampered[tampered.length - 1]! ^= 1;
    await storage.put(`blobs/sha256/${version.sha256}`, tampered);
    expect((await caught(loadModel({ registry, uri: 'models:/fraud/1' }))).code).toBe('PLINTH_INTEGRITY');
    expect((await caught(loadModel({ registry, uri: 'models:/fraud@nope' }))).code).toBe('PLINTH_NOT_FOUND');
  });

  it('loads { path } in Node', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'plinth-serving-'));
    try {
      const file = path.join(directory, 'mlp.onnx');
      await writeFile(file, mlp.bytes);
      const model = await load({ path: file });
      expect(model.source).toBe(file);
      expect(model.signature).toEqual(mlp.signature);
      expect((await caught(loadModel({ path: path.join(directory, 'missing.onnx') }))).code).toBe(
        'PLINTH_MODEL_LOAD',
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('loadModel failures', () => {
  it('corrupt bytes → PLINTH_MODEL_LOAD with the runtime error as cause', async () => {
    const corrupt = mlp.bytes.slice(0, mlp.bytes.length >> 1);
    for (const bytes of [corrupt, new TextEncoder().encode('not a model'), new Uint8Array(0)]) {
      const error = await caught(loadModel({ bytes }));
      expect(error.code).toBe('PLINTH_MODEL_LOAD');
      expect(error.message).toMatch(
        /^\[plinth:serving\] model bytes could not be loaded by onnxruntime-node/,
      );
      expect(error.cause).toBeInstanceOf(Error);
    }
  });

  it('a signature that does not match the model → PLINTH_MODEL_LOAD naming the difference', async () => {
    const renamed = { ...mlp.signature, inputs: [{ name: 'x', dtype: 'float32' as const, shape: [-1, 32] }] };
    expect((await caught(loadModel({ bytes: mlp.bytes, signature: renamed }))).message).toMatch(
      /takes input "features"/,
    );
    const retyped = {
      ...mlp.signature,
      inputs: [{ name: 'features', dtype: 'float64' as const, shape: [-1, 32] }],
    };
    expect((await caught(loadModel({ bytes: mlp.bytes, signature: retyped }))).message).toMatch(
      /"features" is float32 in the model, float64 in the signature/,
    );
    const extraOutput = {
      ...mlp.signature,
      outputs: [{ name: 'label', dtype: 'int64' as const, shape: [-1] }],
    };
    expect((await caught(loadModel({ bytes: mlp.bytes, signature: extraOutput }))).code).toBe(
      'PLINTH_MODEL_LOAD',
    );
  });

  it('bad sources and options → PLINTH_VALIDATION before any work', async () => {
    const bad: [unknown, unknown][] = [
      [null, undefined],
      ['models:/fraud@champion', undefined],
      [{}, undefined],
      [{ bytes: 'abc' }, undefined],
      [{ bytes: mlp.bytes, extra: 1 }, undefined],
      [{ registry: {}, uri: 'models:/a/1' }, undefined],
      [{ path: '' }, undefined],
      [{ bytes: mlp.bytes }, { warmup: 'yes' }],
      [{ bytes: mlp.bytes }, { workers: 0 }],
      [{ bytes: mlp.bytes }, { workers: 2, lib: ort }],
      [{ bytes: mlp.bytes }, { unknown: true }],
      [{ bytes: mlp.bytes }, { runtime: { name: 'x' } }],
    ];
    for (const [source, options] of bad) {
      const error = await caught(loadModel(source as never, options as never));
      expect(error.code, JSON.stringify(source)).toBe('PLINTH_VALIDATION');
    }
  });

  it('a disposed model → PLINTH_CLOSED; an aborted predict → PLINTH_ABORTED', async () => {
    const model = await loadModel({ bytes: mlp.bytes });
    const controller = new AbortController();
    controller.abort();
    expect(
      (await caught(model.predict({ features: randomFloats(32, 1) }, { signal: controller.signal }))).code,
    ).toBe('PLINTH_ABORTED');
    await model.dispose();
    await model.dispose();
    expect((await caught(model.predict({ features: randomFloats(32, 1) }))).code).toBe('PLINTH_CLOSED');
  });
});
