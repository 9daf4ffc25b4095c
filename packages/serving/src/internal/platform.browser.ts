import type { LoadPlatform } from '../model/load-model.ts';
import { onnxruntimeWeb } from '../runtime/onnxruntime-web.ts';
import { errors } from './errors.ts';

/** Browsers: onnxruntime-web by default; no files, no worker_threads. */
export const browserPlatform: LoadPlatform = {
  defaultRuntime: (lib) => onnxruntimeWeb(lib ? { lib } : {}),
  readFile() {
    return Promise.reject(
      errors.error(
        'PLINTH_UNSUPPORTED_RUNTIME',
        'a model { path } needs Node; in a browser load { bytes } or { registry, uri }',
      ),
    );
  },
  workerRuntime() {
    throw errors.error(
      'PLINTH_UNSUPPORTED_RUNTIME',
      'loadModel({ workers }) needs Node worker_threads; leave workers out in a browser',
    );
  },
};
