import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeployment, createInferenceHandler, loadModel, type Model } from '../src/index.node.ts';
import { expectClose } from './helpers.ts';
import { mixedForward, mlpForward } from './models/forward.ts';
import { mixedTypesModel, mlpModel } from './models/models.ts';
import { randomFloats } from './models/onnx-builder.ts';

const mlp = mlpModel();
const mixed = mixedTypesModel();
const models: Model[] = [];
let handler: (request: Request) => Promise<Response>;
let mixedHandler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  const v1 = await loadModel({ bytes: mlp.bytes, signature: mlp.signature });
  const m = await loadModel({ bytes: mixed.bytes, signature: mixed.signature });
  models.push(v1, m);
  const fraud = { ...v1, modelName: 'fraud', modelVersion: 3, predict: v1.predict, dispose: v1.dispose };
  handler = createInferenceHandler(
    createDeployment({ name: 'fraud', routes: [{ name: 'champion', model: fraud }] }),
  );
  mixedHandler = createInferenceHandler(
    createDeployment({ name: 'mixed', routes: [{ name: 'main', model: m }] }),
  );
});
afterAll(async () => {
  for (const model of models) await model.dispose();
});

const post = (path: string, body: unknown, target = handler) =>
  target(
    new Request(`http://localhost${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
const get = (path: string, target = handler) => target(new Request(`http://localhost${path}`));

describe('Open Inference Protocol v2 handler', () => {
  it('health, server and model metadata, model readiness', async () => {
    expect(await (await get('/v2/health/live')).json()).toEqual({ live: true });
    const ready = await get('/v2/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
    const metadata = await get('/v2/models/fraud');
    expect(metadata.headers.get('content-type')).toBe('application/json');
    expect(await metadata.json()).toEqual({
      name: 'fraud',
      versions: ['3'],
      platform: 'onnx',
      inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 32] }],
      outputs: [{ name: 'score', datatype: 'FP32', shape: [-1, 1] }],
    });
    expect(await (await get('/v2/models/fraud/versions/3/ready')).json()).toEqual({
      name: 'fraud',
      ready: true,
    });
    const mixedMetadata = await (await get('/v2/models/mixed', mixedHandler)).json();
    expect(mixedMetadata.inputs.map((input: { datatype: string }) => input.datatype)).toEqual([
      'INT64',
      'BYTES',
      'BOOL',
    ]);
  });

  it('infers with flat and nested data, echoes the id, matches the plain forward pass', async () => {
    const features = randomFloats(2 * 32, 21);
    const expected = mlpForward(mlp.weights, features);
    const flat = Array.from(features);
    const nested = [flat.slice(0, 32), flat.slice(32)];
    for (const data of [flat, nested]) {
      const response = await post('/v2/models/fraud/infer', {
        id: 'req-1',
        inputs: [{ name: 'features', shape: [2, 32], datatype: 'FP32', data }],
      });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ model_name: 'fraud', model_version: '3', id: 'req-1' });
      expect(body.parameters.route).toBe('champion');
      expect(body.outputs).toHaveLength(1);
      expect(body.outputs[0]).toMatchObject({ name: 'score', datatype: 'FP32', shape: [2, 1] });
      expectClose(body.outputs[0].data, expected);
    }
  });

  it('INT64, BYTES and BOOL inputs and outputs, and requested outputs only', async () => {
    const response = await post(
      '/v2/models/mixed/infer',
      {
        inputs: [
          { name: 'count', shape: [3, 1], datatype: 'INT64', data: [4, '-6', 10] },
          { name: 'category', shape: [3, 1], datatype: 'BYTES', data: ['books', 'nope', 'music'] },
          { name: 'flag', shape: [3, 1], datatype: 'BOOL', data: [[true], [false], [true]] },
        ],
        outputs: [{ name: 'doubled' }, { name: 'score' }, { name: 'echo' }],
      },
      mixedHandler,
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.outputs.map((output: { name: string }) => output.name)).toEqual(['doubled', 'score', 'echo']);
    expect(body.outputs[0]).toEqual({
      name: 'doubled',
      datatype: 'INT64',
      shape: [3, 1],
      data: [8, -12, 20],
    });
    expectClose(
      body.outputs[1].data,
      mixedForward(mixed.weights, [4n, -6n, 10n], ['books', 'nope', 'music'], [true, false, true]),
    );
    expect(body.outputs[2]).toEqual({
      name: 'echo',
      datatype: 'BYTES',
      shape: [3, 1],
      data: ['books', 'nope', 'music'],
    });
  });

  it('bad requests are 400 with a JSON error; unknown models 404; wrong methods 405', async () => {
    const good = { name: 'features', shape: [1, 32], datatype: 'FP32', data: Array(32).fill(0) };
    const cases: [unknown, number][] = [
      ['not json', 400],
      ['[1,2]', 400],
      [{}, 400],
      [{ inputs: [] }, 400],
      [{ inputs: [{ ...good, shape: [1, 31] }] }, 400],
      [{ inputs: [{ ...good, datatype: 'FP16' }] }, 400],
      [{ inputs: [{ ...good, datatype: 'INT8', data: Array(32).fill(300) }] }, 400],
      [{ inputs: [{ ...good, data: Array(32).fill('x') }] }, 400],
      [{ inputs: [{ ...good, name: 'other' }] }, 400],
      [{ inputs: [good, good] }, 400],
      [{ inputs: [{ ...good, shape: [-1, 32] }] }, 400],
      [{ inputs: [{ ...good, shape: [1e9, 1e9] }] }, 400],
      [{ inputs: [good], outputs: [{ name: 'nope' }] }, 400],
      [{ inputs: [good], id: 5 }, 400],
      [{ inputs: [{ ...good, name: '__proto__' }] }, 400],
    ];
    for (const [body, status] of cases) {
      const response = await post('/v2/models/fraud/infer', body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      const payload = await response.json();
      expect(typeof payload.error).toBe('string');
    }
    expect((await post('/v2/models/other/infer', { inputs: [good] })).status).toBe(404);
    expect((await post('/v2/models/fraud/versions/9/infer', { inputs: [good] })).status).toBe(404);
    expect((await get('/v2/models/fraud/infer')).status).toBe(405);
    expect((await get('/v2/nothing')).status).toBe(404);
    expect((await get('/v2/models/%E0%A4%A')).status).toBe(400);
    const small = createInferenceHandler(createDeployment({ routes: [{ name: 'a', model: models[0]! }] }), {
      maxBodyBytes: 100,
    });
    expect((await post('/v2/models/model/infer', { inputs: [good] }, small)).status).toBe(413);
  });

  it('random JSON bodies never throw out of the handler and always get a JSON answer', async () => {
    const tensor = fc.record(
      {
        name: fc.oneof(fc.constant('features'), fc.string(), fc.constant('__proto__')),
        shape: fc.oneof(fc.constant([1, 32]), fc.array(fc.integer({ min: -2, max: 40 }), { maxLength: 4 })),
        datatype: fc.oneof(
          fc.constantFrom('FP32', 'FP64', 'INT64', 'BOOL', 'BYTES', 'UINT8', 'FP16'),
          fc.string(),
        ),
        data: fc.oneof(fc.array(fc.double(), { maxLength: 40 }), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        { inputs: fc.array(tensor, { maxLength: 3 }), id: fc.jsonValue(), outputs: fc.jsonValue() },
        { requiredKeys: ['inputs'] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const response = await post('/v2/models/fraud/infer', JSON.stringify(value));
        expect([200, 400]).toContain(response.status);
        const payload = await response.json();
        if (response.status === 400) expect(typeof payload.error).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('mounts on a real node:http server', async () => {
    const server = http.createServer(async (incoming, outgoing) => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const request = new Request(`http://localhost${incoming.url}`, {
        method: incoming.method,
        headers: incoming.headers as Record<string, string>,
        ...(incoming.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
      });
      const response = await handler(request);
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const features = randomFloats(32, 5);
      const response = await fetch(`http://127.0.0.1:${port}/v2/models/fraud/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'x',
          inputs: [{ name: 'features', shape: [1, 32], datatype: 'FP32', data: Array.from(features) }],
        }),
      });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.id).toBe('x');
      expectClose(body.outputs[0].data, mlpForward(mlp.weights, features));
      const bad = await fetch(`http://127.0.0.1:${port}/v2/models/fraud/infer`, {
        method: 'POST',
        body: '{',
      });
      expect(bad.status).toBe(400);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
