import { readFile } from 'node:fs/promises';
import type { LoadPlatform } from '../model/load-model.ts';
import { workerPoolRuntime } from '../pool/worker-pool-runtime.ts';
import { onnxruntimeNode } from '../runtime/onnxruntime-node.ts';
import { errors } from './errors.ts';

/** Node: onnxruntime-node by default, files from disk, worker_threads pools. */
export const nodePlatform: LoadPlatform = {
  defaultRuntime: (lib) => onnxruntimeNode(lib ? { lib } : {}),
  async readFile(path) {
    try {
      return new Uint8Array(await readFile(path));
    } catch (cause) {
      throw errors.error(
        'PLINTH_MODEL_LOAD',
        `model file ${JSON.stringify(path)} could not be read; check the path`,
        { cause },
      );
    }
  },
  workerRuntime: (size) => workerPoolRuntime({ size }),
};
