import type { TensorDtype } from '@plinth/core';
import { errors } from '../internal/errors.ts';
import type { TensorData } from '../model/dtypes.ts';
import type { InferenceRuntime, OrtLib, RuntimeSession, RuntimeTensor } from './types.ts';

/** The tail of the run queue of each ONNX Runtime module whose runs must not overlap. */
const runQueues = /* @__PURE__ */ new WeakMap<OrtLib, { tail: Promise<unknown> }>();

/**
 * A session whose `run` and `release` wait for every earlier run of the same module. onnxruntime-web's
 * WebAssembly module runs one session at a time: a second `run` while one is in progress, on any session of the
 * module, fails with "Session already started" (two routes, a shadow, or two models on one page would).
 */
function serialized(lib: OrtLib, session: RuntimeSession): RuntimeSession {
  let line = runQueues.get(lib);
  if (!line) {
    line = { tail: Promise.resolve() };
    runQueues.set(lib, line);
  }
  const queue = line;
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.tail.then(task);
    queue.tail = result.catch(() => undefined);
    return result;
  };
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    ...(session.inputMetadata ? { inputMetadata: session.inputMetadata } : {}),
    ...(session.outputMetadata ? { outputMetadata: session.outputMetadata } : {}),
    run: (feeds) => inTurn(() => session.run(feeds)),
    release: () => inTurn(() => session.release()),
  };
}

/**
 * An {@link InferenceRuntime} over an ONNX Runtime module, loaded once on first use by `load` (a lazy import,
 * so merely importing Plinth never loads the native addon or the wasm). `serializeRuns` queues the runs of all
 * sessions of the module one after another (onnxruntime-web needs it).
 */
export function ortRuntime(
  name: string,
  load: () => Promise<OrtLib>,
  options: { serializeRuns?: boolean } = {},
): InferenceRuntime {
  const serializeRuns = options.serializeRuns ?? false;
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
    async createSession(bytes, sessionOptions) {
      const ort = await ensure();
      const session = (await ort.InferenceSession.create(bytes, sessionOptions)) as RuntimeSession;
      return serializeRuns ? serialized(ort, session) : session;
    },
    tensor(dtype: TensorDtype, data: TensorData, dims: readonly number[]): RuntimeTensor {
      if (!lib) throw errors.error('PLINTH_CLOSED', `${name} is not loaded yet; create a session first`);
      return new lib.Tensor(dtype as never, data as never, dims) as RuntimeTensor;
    },
  };
}
