// Pulling the ONNX model registered in MLflow 3.6 (onnx-model.json) through createRegistry and serving's
// loadModel, unchanged: the alias resolves, the model directory is found and downloaded through the artifact
// proxy, the signature comes from MLmodel, and the fixture's expected outputs come out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRegistry } from '@plinth/registry';
import { loadModel } from '@plinth/serving';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  loadTranscript,
  type ReplayServer,
  startReplayServer,
} from '../../../tracking/test/mlflow/replay-server.ts';
import { mlflowRegistryBackend } from './backend.ts';
import { readMlmodel } from './mlmodel.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('loadModel from an MLflow registry (replayed MLflow 3.6 exchanges)', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer(loadTranscript('onnx-model.json'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('models:/fraud-onnx@champion loads and predicts the fixture outputs', async () => {
    const registry = createRegistry({ backend: mlflowRegistryBackend({ url: server.url }) });
    const model = await loadModel({ registry, uri: 'models:/fraud-onnx@champion' });
    expect(model.source).toBe('models:/fraud-onnx/1');
    expect(model.signature).toEqual({
      inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 4] }],
      outputs: [{ name: 'probability', dtype: 'float32', shape: [-1, 1] }],
    });
    const rows = [
      [1.0, 0.5, -1.0, 0.25],
      [0.0, 0.0, 0.0, 0.0],
      [2.0, -1.0, 0.5, 1.5],
    ];
    const { probability } = await model.predict({ features: rows });
    expect(probability!.dims).toEqual([3, 1]);
    // the fixture's float32 read-back, and sigmoid(x · W + b) by hand with W = [0.5, -1.25, 0.75, 2], b = -0.5
    const expected = [0.29421499371528625, 0.3775407075881958, 0.9940889477729797];
    const W = [0.5, -1.25, 0.75, 2.0];
    for (const [i, row] of rows.entries()) {
      expect(probability!.data[i]).toBeCloseTo(expected[i]!, 6);
      const logit = row.reduce((sum, x, j) => sum + x * W[j]!, -0.5);
      expect(Number(probability!.data[i])).toBeCloseTo(sigmoid(logit), 6);
    }
    await model.dispose();

    // what the registry presents: MLflow's aliases, the file's SHA-256 and size, the input example
    const version = await registry.getVersion('models:/fraud-onnx@champion');
    const bytes = readFileSync(join(FIXTURES, 'onnx-model', 'model.onnx'));
    expect(version).toMatchObject({
      name: 'fraud-onnx',
      version: 1,
      format: 'onnx',
      size: 230,
      sha256: '2a9755cdcda285d559eaf52c39bfa16077f7c02b488c2c965007e9024a79f7e7',
      aliases: ['champion'],
      runId: '7ea33ca26ed04b1a94b1bc762ee0b7fc',
      inputExample: [
        [1.0, 0.5, -1.0, 0.25],
        [0.0, 0.0, 0.0, 0.0],
      ],
    });
    expect(Array.from(await registry.loadArtifact(version))).toEqual(Array.from(bytes));
    const model2 = await registry.getModel('fraud-onnx');
    expect({ ...model2.aliases }).toEqual({ challenger: 2, champion: 1 });
    expect(server.misses).toEqual([]);
  });

  it('reads both MLmodel files of the fixture: flavors, the ONNX file, the signature JSON strings parsed twice', () => {
    const exchanges = loadTranscript('onnx-model.json');
    const files = exchanges.filter(
      (exchange) => exchange.path.endsWith('/MLmodel') && exchange.path.startsWith('/api'),
    );
    expect(files.length).toBe(2);
    const v1 = readMlmodel(files[0]!.responseBody as string);
    expect(v1).toEqual({
      flavors: ['onnx', 'python_function'],
      onnxFile: 'model.onnx',
      signature: {
        inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 4] }],
        outputs: [{ name: 'probability', dtype: 'float32', shape: [-1, 1] }],
      },
      inputExampleFile: 'input_example.json',
    });
    expect(readMlmodel(readFileSync(join(FIXTURES, 'onnx-model', 'MLmodel'), 'utf8'))).toEqual(v1);
    const v2 = readMlmodel(files[1]!.responseBody as string);
    expect(v2).toMatchObject({ onnxFile: 'model.onnx', runId: 'a989d9eff6524972a5fd031035cd0738' });
    expect(v2.signature).toEqual(v1.signature);
  });

  it('malformed MLmodel text is PLINTH_VALIDATION, not a crash', () => {
    for (const text of ['flavors', 'signature:\n  inputs: \'[{"name"\'', '- a\n- b']) {
      expect(() => readMlmodel(text), text).toThrow(expect.objectContaining({ code: 'PLINTH_VALIDATION' }));
    }
  });
});
