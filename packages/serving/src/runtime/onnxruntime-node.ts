import { ortRuntime } from './ort-runtime.ts';
import type { InferenceRuntime, OrtLib } from './types.ts';

/** Options of {@link onnxruntimeNode}. */
export interface OnnxruntimeNodeOptions {
  /** The `onnxruntime-node` module, when the app imports it itself. @default `await import('onnxruntime-node')` */
  readonly lib?: OrtLib;
}

/**
 * The `InferenceRuntime` over `onnxruntime-node` (native, CPU), imported on first use. Node only.
 *
 * @example
 * ```ts
 * const model = await loadModel({ path: 'model.onnx' }, { runtime: onnxruntimeNode() });
 * ```
 */
export function onnxruntimeNode(options: OnnxruntimeNodeOptions = {}): InferenceRuntime {
  const { lib } = options;
  return ortRuntime(
    'onnxruntime-node',
    async () => lib ?? ((await import('onnxruntime-node')) as unknown as OrtLib),
  );
}
