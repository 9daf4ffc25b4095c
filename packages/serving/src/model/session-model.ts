import type { Signature } from '@plinth/core';
import { PlinthError } from '@plinth/core';
import { errors } from '../internal/errors.ts';
import type { InferenceRuntime, RuntimeSession, RuntimeTensor } from '../runtime/types.ts';
import { compileInputCheck } from './input-check.ts';
import type { Model, ModelInputs, ModelOutputs, PredictOptions, TensorValue } from './types.ts';

/** What {@link sessionModel} wraps. */
export interface SessionModelInit {
  readonly runtime: InferenceRuntime;
  readonly session: RuntimeSession;
  readonly signature: Signature;
  readonly source: string;
  readonly modelName?: string;
  readonly modelVersion?: number;
}

/** Sets `object[key] = value` as an own property, even for `__proto__`. */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * A {@link Model} over one runtime session: inputs checked by the precompiled signature check, fed to
 * `session.run`, outputs returned by name in the signature's order. Kept lean: this is the per-call path.
 */
export function sessionModel(init: SessionModelInit): Model {
  const { runtime, session, signature, source } = init;
  const check = compileInputCheck(signature);
  const outputNames =
    signature.outputs.length > 0 ? signature.outputs.map((output) => output.name) : [...session.outputNames];
  let closed = false;

  async function predict(inputs: ModelInputs, options?: PredictOptions): Promise<ModelOutputs> {
    if (closed) throw errors.error('PLINTH_CLOSED', `model ${source} was disposed; load it again`);
    const checked = check(inputs);
    if (options?.signal?.aborted)
      throw errors.error('PLINTH_ABORTED', `predict on ${source} was aborted`, {
        cause: options.signal.reason,
      });
    const feeds: Record<string, RuntimeTensor> = {};
    for (const tensor of checked)
      setOwn(feeds, tensor.name, runtime.tensor(tensor.dtype, tensor.data, tensor.dims));
    let result: Record<string, RuntimeTensor>;
    try {
      result = await session.run(feeds);
    } catch (cause) {
      if (PlinthError.is(cause)) throw cause;
      throw errors.error('PLINTH_INFERENCE', `model ${source} failed while running: ${messageOf(cause)}`, {
        cause,
      });
    }
    const outputs: Record<string, TensorValue> = {};
    for (const name of outputNames) {
      const tensor = Object.hasOwn(result, name) ? result[name] : undefined;
      if (tensor === undefined)
        throw errors.error(
          'PLINTH_INFERENCE',
          `model ${source} returned no output "${name}"; check the signature's outputs`,
        );
      setOwn(outputs, name, { data: tensor.data, dims: tensor.dims });
    }
    return outputs;
  }

  return {
    signature,
    source,
    ...(init.modelName !== undefined ? { modelName: init.modelName } : {}),
    ...(init.modelVersion !== undefined ? { modelVersion: init.modelVersion } : {}),
    ...(session.concurrency !== undefined ? { concurrency: session.concurrency } : {}),
    predict,
    async dispose() {
      if (closed) return;
      closed = true;
      await session.release();
    },
  };
}

/** The message of an unknown thrown value. */
export function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
