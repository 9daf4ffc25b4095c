// The page of the Chromium test, bundled by esbuild with browser conditions: reads a static registry export
// over HTTP, loads a model with onnxruntime-web (wasm files served by the same static server, no CDN) and
// returns plain JSON outputs to the test; or builds a batching deployment and its Open Inference Protocol handler.
import { httpStorage } from '@plinth/core/http';
import { createRegistry, type ModelUri } from '@plinth/registry';
import { createDeployment, createInferenceHandler, loadModel, onnxruntimeWeb } from '@plinth/serving';

/** A tensor as JSON: numbers (int64 as numbers too), strings or booleans; `dtype` float32 when absent. */
export interface JsonTensor {
  data: (number | string | boolean)[];
  dims: number[];
  dtype?: 'float32' | 'int64' | 'string' | 'bool';
}

function fromJson(tensor: JsonTensor) {
  const { data, dims } = tensor;
  if (tensor.dtype === 'int64')
    return { data: BigInt64Array.from(data, (value) => BigInt(value as number)), dims };
  if (tensor.dtype === 'string' || tensor.dtype === 'bool')
    return { data: data as string[] | boolean[], dims };
  return { data: Float32Array.from(data as number[]), dims };
}

async function serve(uri: ModelUri, inputs: Record<string, JsonTensor>) {
  const registry = createRegistry({
    storage: httpStorage({ baseUrl: new URL('registry/', location.href).href }),
  });
  const runtime = onnxruntimeWeb({ wasmPaths: new URL('ort/', location.href).href });
  const model = await loadModel({ registry, uri }, { runtime, warmup: true });
  try {
    const feeds = Object.fromEntries(
      Object.entries(inputs).map(([name, tensor]) => [name, fromJson(tensor)]),
    );
    const outputs = await model.predict(feeds);
    return {
      source: model.source,
      signature: model.signature,
      outputs: Object.fromEntries(
        Object.entries(outputs).map(([name, tensor]) => [
          name,
          {
            data: Array.from(tensor.data as ArrayLike<number | bigint | string>, (value) =>
              typeof value === 'string' ? value : Number(value),
            ),
            dims: [...tensor.dims],
          },
        ]),
      ),
    };
  } finally {
    await model.dispose();
  }
}

(globalThis as { plinthServe?: typeof serve }).plinthServe = serve;

/** What `plinthDeploy` returns: per request its route and score, the OIP answers, and the batcher's stats. */
export interface DeployResult {
  answers: { route: string; modelVersion: number | undefined; score: number[] }[];
  largestBatch: number;
  ready: number;
  metadata: unknown;
  infer: { status: number; body: { outputs?: { name: string; shape: number[]; data: number[] }[] } };
  badRequest: { status: number; body: unknown };
}

/**
 * A deployment in the page: champion (`models:/fraud@champion`) and challenger (`models:/fraud/2`) routes with
 * batching, each row sent as its own concurrent request, alternating routes; then the same deployment behind
 * `createInferenceHandler`, called with Fetch `Request`s as a service worker or an edge function would.
 */
async function deploy(rows: number[][], inferRows: number[][]): Promise<DeployResult> {
  const registry = createRegistry({
    storage: httpStorage({ baseUrl: new URL('registry/', location.href).href }),
  });
  const runtime = onnxruntimeWeb({ wasmPaths: new URL('ort/', location.href).href });
  const champion = await loadModel({ registry, uri: 'models:/fraud@champion' }, { runtime, warmup: true });
  const challenger = await loadModel({ registry, uri: 'models:/fraud/2' }, { runtime, warmup: true });
  const deployment = createDeployment({
    routes: [
      { name: 'champion', model: champion, weight: 1 },
      { name: 'challenger', model: challenger, weight: 1 },
    ],
    batching: { maxBatchSize: 8 },
  });
  try {
    const results = await Promise.all(
      rows.map((row, index) =>
        deployment.predict(
          { features: Float32Array.from(row) },
          { route: index % 2 === 0 ? 'champion' : 'challenger' },
        ),
      ),
    );
    const handler = createInferenceHandler(deployment);
    await deployment.ready(); // the handler answers ready once the deployment is
    const base = location.origin;
    const ready = (await handler(new Request(`${base}/v2/models/fraud/ready`))).status;
    const metadata = await (await handler(new Request(`${base}/v2/models/fraud`))).json();
    const inferResponse = await handler(
      new Request(`${base}/v2/models/fraud/versions/1/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          inputs: [
            { name: 'features', shape: [inferRows.length, 32], datatype: 'FP32', data: inferRows.flat() },
          ],
        }),
      }),
    );
    const badResponse = await handler(
      new Request(`${base}/v2/models/fraud/infer`, { method: 'POST', body: '{"inputs": [{"name": 1}]' }),
    );
    const stats = deployment.stats().routes.map((route) => route.batch as { batchSize: { max: number } });
    return {
      answers: results.map((result) => ({
        route: result.route,
        modelVersion: result.modelVersion,
        score: Array.from(result.outputs.score!.data as Float32Array),
      })),
      largestBatch: Math.max(...stats.map((batch) => batch.batchSize.max)),
      ready,
      metadata,
      infer: { status: inferResponse.status, body: await inferResponse.json() },
      badRequest: { status: badResponse.status, body: await badResponse.json() },
    };
  } finally {
    await deployment.close();
    await champion.dispose();
    await challenger.dispose();
  }
}

(globalThis as { plinthDeploy?: typeof deploy }).plinthDeploy = deploy;
document.title = 'ready';
