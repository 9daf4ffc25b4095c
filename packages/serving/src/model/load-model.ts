import { PlinthError, type Signature, SignatureSchema } from '@plinth/core';
import { throwIfAborted } from '@plinth/core/adapter';
import * as z from 'zod/mini';
import { errors } from '../internal/errors.ts';
import type { InferenceRuntime, OrtLib, RuntimeSession } from '../runtime/types.ts';
import { DTYPE_ARRAY } from './dtypes.ts';
import type { LoadModelOptions, ModelSource } from './load-options.ts';
import { messageOf, sessionModel } from './session-model.ts';
import { checkSignatureAgainstSession, signatureFromSession } from './session-signature.ts';
import { tensorSpecs } from './tensor-spec.ts';
import type { Model, ModelInputs, TensorValue } from './types.ts';

/** What differs between Node and browsers: the default runtime, files, worker pools. */
export interface LoadPlatform {
  /** The default runtime (`lib` injected when given). */
  defaultRuntime(lib: OrtLib | undefined): InferenceRuntime;
  /** Reads a local file. */
  readFile(path: string): Promise<Uint8Array>;
  /** A runtime whose sessions live in `size` worker threads. */
  workerRuntime(size: number): InferenceRuntime;
}

/**
 * Loads an ONNX model and returns a {@link Model}: from a registry (`{ registry, uri }`, SHA-256 verified, with
 * the version's signature), from bytes (`{ bytes, signature? }`) or from a file (`{ path }`, Node).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad source or option; `PLINTH_NOT_FOUND` / `PLINTH_INTEGRITY`
 * from the registry; `PLINTH_MODEL_LOAD` when the bytes are not a model the runtime can load (the runtime's
 * error is the `cause`) or the signature does not match the model; `PLINTH_UNSUPPORTED_RUNTIME` for `path` or
 * `workers` in a browser.
 * @example
 * ```ts
 * const model = await loadModel({ registry, uri: 'models:/fraud@champion' }, { warmup: true });
 * const { score } = await model.predict({ features: [[0.1, 0.2, …]] });
 * ```
 */
export type LoadModel = (source: ModelSource, options?: LoadModelOptions) => Promise<Model>;

const OptionsSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    sessionOptions: z.optional(z.record(z.string(), z.unknown())),
    warmup: z.optional(z.boolean()),
    runtime: z.optional(
      z.custom<InferenceRuntime>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as InferenceRuntime).createSession === 'function',
        'must be an InferenceRuntime (onnxruntimeNode(), onnxruntimeWeb(), …)',
      ),
    ),
    lib: z.optional(
      z.custom<OrtLib>(
        (value) => typeof value === 'object' && value !== null,
        'must be the onnxruntime module',
      ),
    ),
    workers: z.optional(z.int().check(z.minimum(1), z.maximum(64))),
    signal: z.optional(
      z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal'),
    ),
  }),
);

const RegistrySourceSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    registry: z.custom<{ getVersion: unknown; loadArtifact: unknown }>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { getVersion?: unknown }).getVersion === 'function' &&
        typeof (value as { loadArtifact?: unknown }).loadArtifact === 'function',
      'must be a registry (with getVersion and loadArtifact)',
    ),
    uri: z.union([z.string(), z.looseObject({ name: z.string() })]),
  }),
);
const BytesSourceSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    bytes: z.custom<Uint8Array | ArrayBuffer>(
      (value) => value instanceof Uint8Array || value instanceof ArrayBuffer,
      'must be a Uint8Array or ArrayBuffer of ONNX bytes',
    ),
    signature: z.optional(SignatureSchema),
  }),
);
const PathSourceSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ path: z.string().check(z.minLength(1)), signature: z.optional(SignatureSchema) }),
);

interface Resolved {
  bytes: Uint8Array;
  signature?: Signature;
  source: string;
  modelName?: string;
  modelVersion?: number;
}

async function resolveSource(source: ModelSource, platform: LoadPlatform): Promise<Resolved> {
  if (typeof source !== 'object' || source === null) {
    throw errors.invalid('loadModel source', {
      path: '',
      message: 'must be { registry, uri }, { bytes, signature? } or { path, signature? }',
    });
  }
  if ('registry' in source) {
    const { registry, uri } = errors.parse(RegistrySourceSchema, source, 'loadModel source');
    const typed = registry as unknown as Extract<ModelSource, { registry: unknown }>['registry'];
    const version = await typed.getVersion(uri as Parameters<typeof typed.getVersion>[0]);
    const bytes = await typed.loadArtifact(version);
    return {
      bytes,
      ...(version.signature ? { signature: version.signature } : {}),
      source: `models:/${version.name}/${version.version}`,
      modelName: version.name,
      modelVersion: version.version,
    };
  }
  if ('bytes' in source) {
    const { bytes, signature } = errors.parse(BytesSourceSchema, source, 'loadModel source');
    return {
      bytes: bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
      ...(signature ? { signature } : {}),
      source: 'bytes',
    };
  }
  if ('path' in source) {
    const { path, signature } = errors.parse(PathSourceSchema, source, 'loadModel source');
    return { bytes: await platform.readFile(path), ...(signature ? { signature } : {}), source: path };
  }
  throw errors.invalid('loadModel source', {
    path: '',
    message: 'must have registry and uri, bytes, or path',
  });
}

/** Zeros shaped by a signature (dynamic dimensions 1), for the warm-up run. */
export function zeroInputs(signature: Signature): ModelInputs {
  const inputs: Record<string, TensorValue> = {};
  for (const spec of tensorSpecs(signature.inputs)) {
    const dims = spec.shape.map((dim) => (dim === -1 ? 1 : dim));
    const size = dims.reduce((a, b) => a * b, 1);
    const ctor = DTYPE_ARRAY[spec.dtype];
    const data = ctor ? new ctor(size) : new Array<string>(size).fill('');
    Object.defineProperty(inputs, spec.name, { value: { data, dims }, enumerable: true });
  }
  return inputs;
}

/** Builds `loadModel` for a platform (Node or browser). */
export function createLoadModel(platform: LoadPlatform): LoadModel {
  return async (source, options = {}) => {
    const settings = errors.parse(OptionsSchema, options, 'loadModel options');
    if (settings.workers !== undefined && (settings.runtime || settings.lib)) {
      throw errors.invalid('loadModel options', {
        path: 'workers',
        message: 'workers runs onnxruntime-node in each worker; pass either workers or runtime/lib',
      });
    }
    const resolved = await resolveSource(source, platform);
    throwIfAborted(settings.signal, 'serving');
    const runtime =
      settings.runtime ??
      (settings.workers !== undefined
        ? platform.workerRuntime(settings.workers)
        : platform.defaultRuntime(settings.lib));
    let session: RuntimeSession;
    try {
      session = await runtime.createSession(resolved.bytes, settings.sessionOptions ?? {});
    } catch (cause) {
      if (PlinthError.is(cause, 'PLINTH_MODEL_LOAD')) throw cause;
      throw errors.error(
        'PLINTH_MODEL_LOAD',
        `model ${resolved.source} could not be loaded by ${runtime.name}: ${messageOf(cause)}; check that it is a valid ONNX file`,
        { cause },
      );
    }
    try {
      let signature = resolved.signature;
      if (signature) checkSignatureAgainstSession(signature, session, resolved.source);
      else signature = signatureFromSession(session, resolved.source);
      const { bytes: _bytes, ...described } = resolved;
      const model = sessionModel({ runtime, session, ...described, signature });
      if (settings.warmup) {
        await model.predict(zeroInputs(signature)).catch((cause: unknown) => {
          throw errors.error(
            'PLINTH_MODEL_LOAD',
            `model ${resolved.source} failed its warm-up run: ${messageOf(cause)}`,
            { cause },
          );
        });
      }
      return model;
    } catch (error) {
      await session.release().catch(() => {});
      throw error;
    }
  };
}
