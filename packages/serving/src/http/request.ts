import { checkOptionKeys, describe, errors } from '../deployment/errors.ts';
import type { Deployment } from '../deployment/types.ts';
import type { InferenceHandlerOptions } from './create-inference-handler.ts';

/** Checks `createInferenceHandler`'s arguments. @throws {PlinthError} `PLINTH_VALIDATION` */
export function checkHandlerOptions<Request>(
  deployment: Deployment<Request>,
  input: unknown,
): InferenceHandlerOptions<Request> {
  if (
    typeof deployment !== 'object' ||
    deployment === null ||
    typeof deployment.predict !== 'function' ||
    typeof deployment.stats !== 'function'
  ) {
    throw errors.invalid('createInferenceHandler(deployment)', {
      path: '',
      message: `must be a deployment from createDeployment, got ${describe(deployment)}`,
    });
  }
  const options = checkOptionKeys(
    input,
    ['modelName', 'basePath', 'maxBodyBytes', 'toRequest'],
    'createInferenceHandler options',
  );
  const fail = (path: string, message: string) => {
    throw errors.invalid('createInferenceHandler options', { path, message });
  };
  const { modelName, basePath, maxBodyBytes, toRequest } = options;
  if (modelName !== undefined && !(typeof modelName === 'string' && /^[^/\s]{1,256}$/.test(modelName))) {
    fail('modelName', 'must be 1–256 characters without "/" or spaces');
  }
  if (basePath !== undefined && !(typeof basePath === 'string' && /^(\/[A-Za-z0-9._~-]+)*$/.test(basePath))) {
    fail('basePath', 'must be empty or like "/api/ml" (no trailing slash)');
  }
  if (
    maxBodyBytes !== undefined &&
    !(typeof maxBodyBytes === 'number' && Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)
  ) {
    fail('maxBodyBytes', 'must be a whole number of bytes > 0');
  }
  if (toRequest !== undefined && typeof toRequest !== 'function') fail('toRequest', 'must be a function');
  return options as InferenceHandlerOptions<Request>;
}

/** Reads a JSON object body of at most `limit` bytes, or the error response to send. */
export async function readBody(request: Request, limit: number): Promise<Record<string, unknown> | Response> {
  const tooLarge = () =>
    new Response(JSON.stringify({ error: `the body is larger than ${limit} bytes` }), {
      status: 413,
      headers: { 'content-type': 'application/json' },
    });
  const bad = (message: string) =>
    new Response(JSON.stringify({ error: message }), {
      status: 400,
      headers: { 'content-type': 'application/json' },
    });
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return tooLarge();
  if (!request.body) return bad('the body must be a JSON object { inputs: [...] }');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return bad('the body is not valid UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return bad('the body must be a JSON object { inputs: [...] }');
  }
  return parsed as Record<string, unknown>;
}
