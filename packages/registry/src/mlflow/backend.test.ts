import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlinthError } from '@plinth/core';
import { createRegistry } from '@plinth/registry';
import { loadModel } from '@plinth/serving';
import { afterEach, describe, expect, it } from 'vitest';
import { addFakeRegistry } from '../../../tracking/test/mlflow/fake-registry.ts';
import { FakeMlflow, type FakeServer, startFakeServer } from '../../../tracking/test/mlflow/fake-server.ts';
import { FIXTURES, loadTranscript, startReplayServer } from '../../../tracking/test/mlflow/replay-server.ts';
import { mlflowRegistryBackend } from './backend.ts';

const servers: FakeServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function fake(): Promise<FakeServer> {
  const state = new FakeMlflow();
  addFakeRegistry(state);
  const server = await startFakeServer(state);
  servers.push(server);
  return server;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return PlinthError.is(error) ? error.code : `not a PlinthError: ${String(error)}`;
  }
  return 'resolved';
}

const onnx = readFileSync(join(FIXTURES, 'onnx-model', 'model.onnx'));

describe('createRegistry over mlflowRegistryBackend (fake MLflow server)', () => {
  it('registers versions MLflow can see, with aliases, stages and tags, and loads them back verified', async () => {
    const server = await fake();
    const registry = createRegistry({ backend: mlflowRegistryBackend({ url: server.url }), actor: 'ana' });
    await registry.createModel('fraud', {
      description: 'card fraud',
      tags: JSON.parse('{"team":"risk","__proto__":"p"}'),
    });
    const first = await registry.registerVersion('fraud', { artifact: onnx, metrics: { auc: 0.9 } });
    const second = await registry.registerVersion('fraud', { artifact: onnx, stage: 'staging' });
    expect([first.version, second.version]).toEqual([1, 2]);
    await registry.setAlias('fraud', 'champion', 2);
    // what MLflow itself holds
    const mlflowModel = await (
      await fetch(`${server.url}/api/2.0/mlflow/registered-models/get?name=fraud`)
    ).json();
    expect(mlflowModel.registered_model.aliases).toEqual([{ alias: 'champion', version: '2' }]);
    expect(mlflowModel.registered_model.description).toBe('card fraud');
    const mlflowVersion = await (
      await fetch(`${server.url}/api/2.0/mlflow/model-versions/get?name=fraud&version=2`)
    ).json();
    expect(mlflowVersion.model_version).toMatchObject({ current_stage: 'Staging', aliases: ['champion'] });
    // and what Plinth reads back
    const model = await registry.getModel('fraud');
    expect(Object.getOwnPropertyDescriptor(model.tags, '__proto__')?.value).toBe('p');
    const champion = await registry.getVersion('models:/fraud@champion');
    expect(champion).toMatchObject({
      version: 2,
      stage: 'staging',
      aliases: ['champion'],
      size: onnx.byteLength,
    });
    expect(Buffer.from(await registry.loadArtifact(champion)).equals(onnx)).toBe(true);
    expect((await registry.getVersion('models:/fraud/1')).metrics.auc).toBe(0.9);
    const loaded = await loadModel({ registry, uri: 'models:/fraud@champion' });
    const { probability } = await loaded.predict({ features: [[2.0, -1.0, 0.5, 1.5]] });
    expect(probability!.data[0]).toBeCloseTo(0.9940889477729797, 6);
    await loaded.dispose();
    expect((await registry.history('fraud')).map((event) => event.type)).toContain('alias_set');
  });

  it("numbers are MLflow's: after a version registered outside Plinth and deleted, the next claim moves on", async () => {
    const server = await fake();
    const backend = mlflowRegistryBackend({ url: server.url });
    const registry = createRegistry({ backend });
    await registry.createModel('churn');
    await registry.registerVersion('churn', { artifact: onnx });
    // MLflow's own client registers v2 and v3 from a model directory, then deletes v3: MLflow's next is 4
    server.state.files.set(
      '1/run/artifacts/model/MLmodel',
      readFileSync(join(FIXTURES, 'onnx-model', 'MLmodel')),
    );
    server.state.files.set('1/run/artifacts/model/model.onnx', new Uint8Array(onnx));
    const post = (path: string, body: unknown, method = 'POST') =>
      fetch(`${server.url}/api/2.0/mlflow/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post('model-versions/create', { name: 'churn', source: 'mlflow-artifacts:/1/run/artifacts/model' });
    await post('model-versions/create', { name: 'churn', source: 'mlflow-artifacts:/1/run/artifacts/model' });
    await post('model-versions/delete', { name: 'churn', version: '3' }, 'DELETE');
    const next = await registry.registerVersion('churn', { artifact: onnx });
    expect(next.version).toBe(5);
    expect(await backend.listVersions('churn')).toEqual([1, 2, 5]);
    // the version MLflow registered reads from its model directory, signature from MLmodel
    expect(await registry.getVersion('models:/churn/2')).toMatchObject({
      format: 'onnx',
      size: onnx.byteLength,
      signature: { inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 4] }] },
    });
  });

  it('refuses bad options before any request', () => {
    for (const options of [
      null,
      {},
      { url: 'ftp://x' },
      { url: 'http://x', root: '../up' },
      { url: 'http://x', extra: 1 },
    ]) {
      expect(() => mlflowRegistryBackend(options as never), JSON.stringify(options)).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
    }
  });

  it('a version whose files MLflow does not proxy, or without an ONNX file, is PLINTH_UNSUPPORTED naming the call', async () => {
    const server = await fake();
    const registry = createRegistry({ backend: mlflowRegistryBackend({ url: server.url }) });
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}/api/2.0/mlflow/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post('registered-models/create', { name: 'sk' });
    await post('model-versions/create', { name: 'sk', source: 's3://bucket/model' });
    await expect(registry.getVersion('models:/sk/1')).rejects.toMatchObject({
      code: 'PLINTH_UNSUPPORTED',
      details: { call: 'getVersion' },
    });
    server.state.files.set(
      '1/run/artifacts/model/MLmodel',
      new TextEncoder().encode('flavors:\n  sklearn:\n    pickled_model: model.pkl\n'),
    );
    await post('model-versions/create', { name: 'sk', source: 'mlflow-artifacts:/1/run/artifacts/model' });
    await expect(registry.getVersion('models:/sk/2')).rejects.toMatchObject({ code: 'PLINTH_UNSUPPORTED' });
    expect(await codeOf(registry.getVersion('models:/nope/1'))).toBe('PLINTH_NOT_FOUND');
  });
});

describe('mlflowRegistryBackend against the recorded registry exchanges', () => {
  it('reads a model MLflow registered: its tags, description and an unknown model', async () => {
    const server = await startReplayServer(loadTranscript('registry.json'));
    try {
      const backend = mlflowRegistryBackend({ url: server.url });
      const found = await backend.getModel('churn-model');
      expect(found?.value).toMatchObject({ name: 'churn-model', description: 'Churn classifier' });
      expect({ ...found?.value.tags }).toMatchObject({ team: 'growth' });
      expect(await backend.getModel('no-such-model')).toBeUndefined();
      expect(server.misses).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
