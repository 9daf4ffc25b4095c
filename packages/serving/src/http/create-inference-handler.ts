import { PlinthError, type TensorSpec } from '@plinth/core';
import type { Deployment, DeploymentPredictOptions } from '../deployment/types.ts';
import type { ModelInputs } from '../model/types.ts';
import { checkHandlerOptions, readBody } from './request.ts';
import { DATATYPE_OF, decodeTensor, encodeTensor, TensorError } from './tensors.ts';

/** Options of `createInferenceHandler`. */
export interface InferenceHandlerOptions<Request = ModelInputs> {
  /** The model name in URLs. @default the deployment's name */
  modelName?: string;
  /** A path prefix the handler is mounted under (`/api`). @default '' */
  basePath?: string;
  /** Largest request body in bytes; larger ones get 413. @default 16 MiB */
  maxBodyBytes?: number;
  /**
   * Turns the decoded input tensors (and the request body) into what `deployment.predict` takes, for
   * deployments with a `featureLookup`. @default the tensors by name
   */
  toRequest?: (inputs: ModelInputs, body: Record<string, unknown>) => Request;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const error = (status: number, message: string, headers?: Record<string, string>) =>
  json(status, { error: message }, headers);

const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  PLINTH_VALIDATION: 400,
  PLINTH_NOT_FOUND: 404,
  PLINTH_OVERLOADED: 503,
  PLINTH_CLOSED: 503,
  PLINTH_TIMEOUT: 504,
  PLINTH_ABORTED: 499,
};

/**
 * A Fetch-API handler speaking the Open Inference Protocol v2 (KServe V2) for a deployment:
 * `GET /v2/health/live`, `GET /v2/health/ready`, `GET /v2/models/{name}[/versions/{v}]` (metadata),
 * `GET …/ready`, `POST …/infer`. A malformed request gets a 400 JSON `{ error }`, an unknown model 404; the
 * handler never throws. `versions/{v}` sends the request to the route serving that version (or named `v`).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options (at creation, never per request).
 * @example
 * ```ts
 * const handler = createInferenceHandler(deployment);
 * Bun.serve({ fetch: handler }); // or Deno.serve(handler), a Cloudflare worker, a node:http adapter
 * ```
 */
export function createInferenceHandler<Request = ModelInputs>(
  deployment: Deployment<Request>,
  input?: InferenceHandlerOptions<Request>,
): (request: globalThis.Request) => Promise<Response> {
  const options = checkHandlerOptions(deployment, input);
  const modelName = options.modelName ?? deployment.name;
  const basePath = options.basePath ?? '';
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  let ready = false;
  void deployment.ready().then(() => {
    ready = true;
  });

  /** The route a `versions/{v}` segment names, `''` for none, undefined when unknown. */
  function routeOf(version: string | undefined): string | undefined {
    if (version === undefined) return '';
    const routes = deployment.stats().routes;
    return routes.find((route) => String(route.modelVersion) === version || route.name === version)?.name;
  }

  function metadata() {
    const routes = deployment.stats().routes;
    const signature = deployment.model(routes[0]!.name).signature;
    const spec = (tensor: TensorSpec) => ({
      name: tensor.name,
      datatype: DATATYPE_OF[tensor.dtype],
      shape: tensor.shape,
    });
    const versions = [...new Set(routes.map((route) => String(route.modelVersion ?? route.name)))];
    return {
      name: modelName,
      versions,
      platform: 'onnx',
      inputs: (signature.inputs as TensorSpec[]).map(spec),
      outputs: (signature.outputs as TensorSpec[]).map(spec),
    };
  }

  async function infer(request: globalThis.Request, route: string) {
    const body = await readBody(request, maxBodyBytes);
    if (body instanceof Response) return body;
    const { inputs: list, outputs: wanted, id } = body;
    if (id !== undefined && typeof id !== 'string') return error(400, 'id must be a string');
    if (!Array.isArray(list) || list.length === 0 || list.length > 1024) {
      return error(400, 'inputs must be an array of 1 to 1024 tensors { name, shape, datatype, data }');
    }
    const inputs: Record<string, unknown> = Object.create(null);
    for (const [index, tensor] of list.entries()) {
      const where = `inputs[${index}]`;
      if (typeof tensor !== 'object' || tensor === null || Array.isArray(tensor)) {
        return error(400, `${where} must be an object { name, shape, datatype, data }`);
      }
      const { name } = tensor as Record<string, unknown>;
      if (typeof name !== 'string' || name.length === 0 || name.length > 256) {
        return error(400, `${where}.name must be a string of 1 to 256 characters`);
      }
      if (Object.hasOwn(inputs, name))
        return error(400, `${where}.name ${JSON.stringify(name)} is given twice`);
      inputs[name] = decodeTensor(tensor as Record<string, unknown>, where);
    }
    let names: string[] | undefined;
    if (wanted !== undefined) {
      if (!Array.isArray(wanted) || wanted.some((entry) => typeof entry?.name !== 'string')) {
        return error(400, 'outputs must be an array of { name }');
      }
      names = wanted.map((entry: { name: string }) => entry.name);
    }
    const predictOptions: DeploymentPredictOptions = route === '' ? {} : { route };
    const payload = options.toRequest ? options.toRequest(inputs, body) : (inputs as Request);
    const result = await deployment.predict(payload, predictOptions);
    const specs = deployment.model(result.route).signature.outputs as TensorSpec[];
    const available = Object.keys(result.outputs);
    for (const name of names ?? []) {
      if (!Object.hasOwn(result.outputs, name)) {
        return error(
          400,
          `unknown output ${JSON.stringify(name.slice(0, 256))}; outputs: ${available.join(', ')}`,
        );
      }
    }
    const outputs = (names ?? available).map((name) =>
      encodeTensor(
        name,
        result.outputs[name]!,
        result.fallback === 'value' ? undefined : specs.find((spec) => spec.name === name),
      ),
    );
    return json(200, {
      model_name: modelName,
      model_version: result.modelVersion === undefined ? result.route : String(result.modelVersion),
      ...(id === undefined ? {} : { id }),
      parameters: { route: result.route, request_id: result.requestId },
      outputs,
    });
  }

  async function handle(request: globalThis.Request): Promise<Response> {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(basePath)) return error(404, 'not found');
    const path = url.pathname.slice(basePath.length).replace(/\/+$/, '');
    const method = request.method;
    const only = (allowed: string, run: () => Response | Promise<Response>) =>
      method === allowed ? run() : error(405, `use ${allowed}`, { allow: allowed });
    if (path === '/v2/health/live') return only('GET', () => json(200, { live: true }));
    if (path === '/v2/health/ready') return only('GET', () => json(ready ? 200 : 503, { ready }));
    if (path === '/v2') {
      return only('GET', () => json(200, { name: 'plinth', version: '0.1.0', extensions: [] }));
    }
    const match = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/.exec(path);
    if (!match) return error(404, `no such endpoint ${JSON.stringify(path.slice(0, 200))}`);
    let name: string;
    let version: string | undefined;
    try {
      name = decodeURIComponent(match[1]!);
      version = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    } catch {
      return error(400, 'the model name or version is not valid percent-encoding');
    }
    if (name !== modelName) return error(404, `unknown model ${JSON.stringify(name.slice(0, 200))}`);
    const route = routeOf(version);
    if (route === undefined) return error(404, `unknown version ${JSON.stringify(version!.slice(0, 200))}`);
    if (match[3] === '/ready') return only('GET', () => json(ready ? 200 : 503, { name, ready }));
    if (match[3] === '/infer') return only('POST', () => infer(request, route));
    return only('GET', () => json(200, metadata()));
  }

  return async (request) => {
    try {
      return await handle(request);
    } catch (caught) {
      if (caught instanceof TensorError) return error(400, caught.message);
      if (PlinthError.is(caught)) return error(STATUS_OF_CODE[caught.code] ?? 500, caught.message);
      return error(500, 'internal error');
    }
  };
}
