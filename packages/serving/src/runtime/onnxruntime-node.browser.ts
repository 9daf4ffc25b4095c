import { errors } from '../internal/errors.ts';
import type { OnnxruntimeNodeOptions } from './onnxruntime-node.ts';
import type { InferenceRuntime } from './types.ts';

/**
 * The `InferenceRuntime` over `onnxruntime-node`: Node only. In a browser it throws; use `onnxruntimeWeb()`.
 *
 * @throws {PlinthError} `PLINTH_UNSUPPORTED_RUNTIME` always, in a browser.
 */
export function onnxruntimeNode(_options: OnnxruntimeNodeOptions = {}): InferenceRuntime {
  throw errors.error(
    'PLINTH_UNSUPPORTED_RUNTIME',
    'onnxruntime-node runs only in Node; use onnxruntimeWeb() in a browser',
  );
}
