import type { TensorDtype } from '@plinth/core';
import { errors } from '../internal/errors.ts';
import type { TensorData } from '../model/dtypes.ts';
import type { InferenceRuntime, OrtLib, RuntimeSession, RuntimeTensor } from './types.ts';

/**
 * An {@link InferenceRuntime} over an ONNX Runtime module, loaded once on first use by `load` (a lazy import,
 * so merely importing Plinth never loads the native addon or the wasm).
 */
export function ortRuntime(name: string, load: () => Promise<OrtLib>): InferenceRuntime {
  let lib: OrtLib | undefined;
  let loading: Promise<OrtLib> | undefined;
  const ensure = async (): Promise<OrtLib> => {
    if (lib) return lib;
    loading ??= load().then(
      (module) => (lib = module),
      (cause: unknown) => {
        loading = undefined;
        throw errors.error(
          'PLINTH_MODEL_LOAD',
          `${name} could not be loaded; install it (npm install ${name}) or pass lib`,
          {
            cause,
          },
        );
      },
    );
    return loading;
  };
  return {
    name,
    async createSession(bytes, options) {
      const ort = await ensure();
      return (await ort.InferenceSession.create(bytes, options)) as RuntimeSession;
    },
    tensor(dtype: TensorDtype, data: TensorData, dims: readonly number[]): RuntimeTensor {
      if (!lib) throw errors.error('PLINTH_CLOSED', `${name} is not loaded yet; create a session first`);
      return new lib.Tensor(dtype as never, data as never, dims) as RuntimeTensor;
    },
  };
}
