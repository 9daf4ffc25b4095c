// The page of the Chromium test, bundled by esbuild with browser conditions: reads a static registry export
// over HTTP, loads a model with onnxruntime-web (wasm files served by the same static server, no CDN) and
// returns plain JSON outputs to the test.
import { httpStorage } from '@plinth/core/http';
import { createRegistry, type ModelUri } from '@plinth/registry';
import { loadModel, onnxruntimeWeb } from '@plinth/serving';

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
document.title = 'ready';
