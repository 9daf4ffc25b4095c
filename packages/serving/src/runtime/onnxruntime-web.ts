import { errors } from '../internal/errors.ts';
import { ortRuntime } from './ort-runtime.ts';
import type { InferenceRuntime, OrtLib } from './types.ts';

/** Options of {@link onnxruntimeWeb}. */
export interface OnnxruntimeWebOptions {
  /** The `onnxruntime-web` module, when the app imports it itself. @default `await import('onnxruntime-web')` */
  readonly lib?: OrtLib;
  /**
   * Where the `.wasm` / `.mjs` files of `onnxruntime-web/dist` are served from (a URL prefix ending in `/`, or
   * ONNX Runtime's per-file object). Serve them yourself: Plinth never fetches them from a CDN.
   * @default ONNX Runtime's own default (next to the script that imported it)
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /** WebAssembly threads. @default 1 (no SharedArrayBuffer, so no cross-origin isolation needed) */
  readonly numThreads?: number;
}

/**
 * The `InferenceRuntime` over `onnxruntime-web` (WebAssembly), imported on first use. Runs in browsers, workers
 * and Node. The wasm module runs one session at a time, so runs of all its sessions (several models, routes,
 * shadows) take turns in one queue instead of failing with "Session already started".
 *
 * @example
 * ```ts
 * const model = await loadModel({ bytes }, { runtime: onnxruntimeWeb({ wasmPaths: '/ort/' }) });
 * ```
 */
export function onnxruntimeWeb(options: OnnxruntimeWebOptions = {}): InferenceRuntime {
  const { lib, wasmPaths, numThreads = 1 } = options;
  if (!Number.isSafeInteger(numThreads) || numThreads < 1) {
    throw errors.invalid('onnxruntimeWeb options', { path: 'numThreads', message: 'must be an integer ≥ 1' });
  }
  return ortRuntime(
    'onnxruntime-web',
    async () => {
      const ort = lib ?? ((await import('onnxruntime-web')) as unknown as OrtLib);
      const wasm = ort.env?.wasm as Record<string, unknown> | undefined;
      if (wasm) {
        if (wasmPaths !== undefined) wasm.wasmPaths = wasmPaths;
        wasm.numThreads = numThreads;
      }
      return ort;
    },
    // one WebAssembly module runs one session at a time; runs of all its sessions take turns
    { serializeRuns: true },
  );
}
