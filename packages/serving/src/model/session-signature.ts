import type { Signature, TensorDtype } from '@plinth/core';
import { errors } from '../internal/errors.ts';
import type { RuntimeSession, RuntimeValueMetadata } from '../runtime/types.ts';
import { DTYPE_ARRAY } from './dtypes.ts';
import { tensorSpecs } from './tensor-spec.ts';

const DTYPES = new Set<string>(Object.keys(DTYPE_ARRAY));

function specOf(meta: RuntimeValueMetadata, source: string) {
  if (!meta.isTensor || meta.type === undefined || !DTYPES.has(meta.type)) {
    throw errors.error(
      'PLINTH_MODEL_LOAD',
      `model ${source}: "${meta.name}" is ${meta.isTensor ? `a ${meta.type ?? 'untyped'} tensor` : 'not a tensor (a sequence or map)'}, which Plinth cannot feed or return; export the model with tensor inputs and outputs`,
    );
  }
  return {
    name: meta.name,
    dtype: meta.type as TensorDtype,
    shape: (meta.shape ?? []).map((dim) => (typeof dim === 'number' && dim >= 0 ? dim : -1)),
  };
}

/**
 * Reads a signature from a session's input and output metadata (symbolic dimensions become -1).
 *
 * @throws {PlinthError} `PLINTH_MODEL_LOAD` when the runtime reports no metadata or a value is not a tensor.
 */
export function signatureFromSession(session: RuntimeSession, source: string): Signature {
  const { inputMetadata, outputMetadata } = session;
  if (!inputMetadata || !outputMetadata) {
    throw errors.error(
      'PLINTH_MODEL_LOAD',
      `model ${source}: the runtime reports no input metadata; pass a signature with the model`,
    );
  }
  return {
    inputs: inputMetadata.map((meta) => specOf(meta, source)),
    outputs: outputMetadata.map((meta) => specOf(meta, source)),
  };
}

/**
 * Checks that a given signature names the session's inputs and outputs, with their dtypes and ranks where the
 * runtime reports them.
 *
 * @throws {PlinthError} `PLINTH_MODEL_LOAD` naming the first mismatch.
 */
export function checkSignatureAgainstSession(
  signature: Signature,
  session: RuntimeSession,
  source: string,
): void {
  const mismatch = (message: string): never => {
    throw errors.error(
      'PLINTH_MODEL_LOAD',
      `model ${source}: ${message}; fix the signature registered with it`,
    );
  };
  const inputs = tensorSpecs(signature.inputs);
  const names = inputs.map((spec) => spec.name);
  const missing = session.inputNames.filter((name) => !names.includes(name));
  if (missing.length > 0) mismatch(`the model takes input "${missing[0]}", which the signature lacks`);
  const unknown = names.filter((name) => !session.inputNames.includes(name));
  if (unknown.length > 0)
    mismatch(`the signature names input "${unknown[0]}", which the model does not take`);
  const outputs = tensorSpecs(signature.outputs);
  const strayOutput = outputs.find((spec) => !session.outputNames.includes(spec.name));
  if (strayOutput)
    mismatch(`the signature names output "${strayOutput.name}", which the model does not return`);
  for (const spec of inputs) {
    const meta = session.inputMetadata?.find((entry) => entry.name === spec.name);
    if (!meta?.isTensor || meta.type === undefined) continue;
    if (meta.type !== spec.dtype)
      mismatch(`input "${spec.name}" is ${meta.type} in the model, ${spec.dtype} in the signature`);
    if (meta.shape && meta.shape.length > 0 && meta.shape.length !== spec.shape.length)
      mismatch(
        `input "${spec.name}" has rank ${meta.shape.length} in the model, ${spec.shape.length} in the signature`,
      );
  }
}
