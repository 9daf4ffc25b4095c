// A small stateful fake of the MLflow 3.6 REST protocol, for what the transcripts cannot answer: the backend
// contract suites, which make their own names and ids. It keeps the quirks the transcripts show (400 for a
// duplicate name, a rename onto a taken name as BAD_REQUEST, 500 for a missing artifact, get-history without
// max_results returning nothing, log-batch limits, ±Infinity clamped, proto3 defaults left out) and nothing
// more. It is not a second MLflow: the replay tests are what check the real protocol.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Run } from '../../src/schemas/run.ts';
import { searchInMemory } from '../../src/search/search.ts';
import { readBody } from './replay-server.ts';

interface KeyValue {
  key: string;
  value: string;
}
interface FakeExperiment {
  experiment_id: string;
  name: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
  tags: Map<string, string>;
}
interface FakeMetric {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}
interface FakeRun {
  info: {
    run_id: string;
    experiment_id: string;
    run_name: string;
    user_id: string;
    status: string;
    start_time: number;
    end_time?: number;
    artifact_uri: string;
    lifecycle_stage: string;
  };
  params: Map<string, string>;
  tags: Map<string, string>;
  history: FakeMetric[];
  inputs: unknown[];
}

/** One request the fake received. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** Thrown by a handler: the MLflow error answer. */
export class Answer extends Error {
  readonly status: number;
  readonly errorCode: string;
  constructor(status: number, errorCode: string, message: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}
export const notFound = (message: string) => new Answer(404, 'RESOURCE_DOES_NOT_EXIST', message);
export const invalid = (message: string) => new Answer(400, 'INVALID_PARAMETER_VALUE', message);

const MAX = 1.7976931348623157e308;
const hex32 = () => randomBytes(16).toString('hex');

/** State and handlers of the fake, shared with the registry fake. */
export class FakeMlflow {
  experiments = new Map<string, FakeExperiment>();
  runs = new Map<string, FakeRun>();
  /** Artifact bytes by proxy path (`<exp>/<run>/artifacts/a/b.txt`). */
  files = new Map<string, Uint8Array>();
  requests: FakeRequest[] = [];
  /** While true every request is answered 503. */
  down = false;
  now = () => Date.now();
  private nextExperiment = 1;
  /** Extra routes (the registry's). */
  routes = new Map<string, (request: FakeRequest) => unknown>();

  constructor() {
    this.experiments.set('0', {
      experiment_id: '0',
      name: 'Default',
      lifecycle_stage: 'active',
      creation_time: 0,
      last_update_time: 0,
      tags: new Map(),
    });
  }

  experiment(id: unknown): FakeExperiment {
    if (typeof id !== 'string' || !/^\d+$/.test(id))
      throw new Answer(500, 'INTERNAL_ERROR', `invalid literal for int() with base 10: '${String(id)}'`);
    const found = this.experiments.get(id);
    if (!found) throw notFound(`No Experiment with id=${id} exists`);
    return found;
  }

  run(id: unknown): FakeRun {
    const found = typeof id === 'string' ? this.runs.get(id) : undefined;
    if (!found) throw notFound(`Run with id=${String(id)} not found`);
    return found;
  }

  private experimentJson(experiment: FakeExperiment) {
    return {
      experiment_id: experiment.experiment_id,
      name: experiment.name,
      artifact_location: `mlflow-artifacts:/${experiment.experiment_id}`,
      lifecycle_stage: experiment.lifecycle_stage,
      last_update_time: experiment.last_update_time,
      creation_time: experiment.creation_time,
      ...(experiment.tags.size > 0 ? { tags: pairs(experiment.tags) } : {}),
    };
  }

  private latest(run: FakeRun): FakeMetric[] {
    const latest = new Map<string, FakeMetric>();
    for (const point of run.history) {
      const seen = latest.get(point.key);
      if (!seen || point.step > seen.step || (point.step === seen.step && point.timestamp >= seen.timestamp))
        latest.set(point.key, point);
    }
    return [...latest.values()];
  }

  runJson(run: FakeRun) {
    const metrics = this.latest(run);
    const data = {
      ...(metrics.length > 0 ? { metrics } : {}),
      ...(run.params.size > 0 ? { params: pairs(run.params) } : {}),
      ...(run.tags.size > 0 ? { tags: pairs(run.tags) } : {}),
    };
    return {
      info: { run_uuid: run.info.run_id, ...run.info },
      data,
      inputs: run.inputs.length > 0 ? { dataset_inputs: run.inputs } : {},
    };
  }

  private checkKey(key: unknown): string {
    if (typeof key !== 'string' || key.length > 250 || !/^[/\w.\- :]*$/.test(key))
      throw invalid(`Invalid value ${JSON.stringify(key)} for parameter 'key'`);
    return key;
  }

  private logBatch(body: Record<string, unknown>) {
    const run = this.run(body.run_id);
    if (run.info.lifecycle_stage === 'deleted')
      throw invalid(`The run ${run.info.run_id} must be in the 'active' state.`);
    const metrics = (body.metrics ?? []) as FakeMetric[];
    const params = (body.params ?? []) as KeyValue[];
    const tags = (body.tags ?? []) as KeyValue[];
    if (metrics.length > 1000) throw invalid('A batch logging request can contain at most 1000 metrics');
    if (params.length > 100) throw invalid('A batch logging request can contain at most 100 params');
    if (tags.length > 100) throw invalid('A batch logging request can contain at most 100 tags');
    if (metrics.length + params.length + tags.length > 1000) throw invalid('at most 1000 items');
    const keys = new Set<string>();
    for (const param of params) {
      this.checkKey(param.key);
      if (keys.has(param.key)) throw invalid(`Duplicate parameter keys have been submitted: ${param.key}`);
      keys.add(param.key);
      const old = run.params.get(param.key);
      if (old !== undefined && old !== param.value)
        throw invalid(`Changing param values is not allowed. Param with key='${param.key}'`);
    }
    for (const metric of metrics) {
      this.checkKey(metric.key);
      if (typeof metric.timestamp !== 'number' || metric.timestamp < 0)
        throw invalid("Missing value for required parameter 'metrics[0].timestamp'");
      if (metric.value === null) throw invalid("Invalid value null for parameter 'metrics[0].value'");
    }
    for (const tag of tags) this.checkKey(tag.key);
    for (const param of params) run.params.set(param.key, String(param.value).slice(0, 6000));
    for (const tag of tags) run.tags.set(tag.key, tag.value);
    for (const metric of metrics) {
      let value: number | string = metric.value;
      if (value === 'Infinity' || value === Number.POSITIVE_INFINITY) value = MAX;
      else if (value === '-Infinity') value = -MAX;
      else if (value !== 'NaN') value = Number(value);
      run.history.push({ key: metric.key, value, timestamp: metric.timestamp, step: metric.step ?? 0 });
    }
    return {};
  }

  /** A Plinth run document of a fake run, for the search (the fake reuses tracking's in-memory search). */
  private plinthRun(run: FakeRun): Run {
    const own = <V>(entries: Array<[string, V]>) =>
      Object.assign(Object.create(null), Object.fromEntries(entries));
    return {
      id: run.info.run_id,
      experimentId: run.info.experiment_id,
      name: run.info.run_name,
      status: run.info.status.toLowerCase() as Run['status'],
      lifecycle: run.info.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
      startTime: run.info.start_time,
      ...(run.info.end_time !== undefined ? { endTime: run.info.end_time } : {}),
      heartbeatAt: run.info.start_time,
      artifactPrefix: run.info.artifact_uri,
      params: own([...run.params]),
      tags: own([...run.tags]),
      metrics: own(
        this.latest(run).map((point) => [
          point.key,
          { value: Number(point.value), step: point.step, timestamp: point.timestamp },
        ]),
      ),
      inputs: [],
    };
  }

  private listing(prefix: string) {
    const out = new Map<string, { path: string; is_dir: boolean; file_size?: number }>();
    const base = prefix === '' ? '' : `${prefix}/`;
    for (const [path, bytes] of this.files) {
      if (!path.startsWith(base)) continue;
      const rest = path.slice(base.length);
      const slash = rest.indexOf('/');
      if (slash === -1)
        out.set(rest, {
          path: rest,
          is_dir: false,
          ...(bytes.byteLength > 0 ? { file_size: bytes.byteLength } : {}),
        });
      else out.set(rest.slice(0, slash), { path: rest.slice(0, slash), is_dir: true });
    }
    return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  handle(request: FakeRequest): unknown {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const q = (key: string) => request.query.get(key) ?? undefined;
    const route = `${request.method} ${request.path}`;
    const extra = this.routes.get(route);
    if (extra) return extra(request);
    if (request.path.startsWith('/api/2.0/mlflow-artifacts/artifacts')) {
      const path = decodeURIComponent(request.path.slice('/api/2.0/mlflow-artifacts/artifacts/'.length));
      if (request.method === 'GET' && request.path === '/api/2.0/mlflow-artifacts/artifacts') {
        const files = this.listing(q('path') ?? '');
        return files.length > 0 ? { files } : {};
      }
      if (path.split('/').includes('..')) throw invalid('Invalid path');
      if (request.method === 'PUT') {
        this.files.set(path, request.body as Uint8Array);
        return {};
      }
      if (request.method === 'DELETE') {
        this.files.delete(path);
        return {};
      }
      const bytes = this.files.get(path);
      if (!bytes)
        throw new Answer(
          500,
          'INTERNAL_ERROR',
          `The following failures occurred while downloading one or more artifacts from ${path}`,
        );
      return bytes;
    }
    switch (route) {
      case 'POST /api/2.0/mlflow/experiments/create': {
        if (typeof body.name !== 'string' || body.name === '')
          throw invalid("Missing value for required parameter 'name'.");
        for (const experiment of this.experiments.values())
          if (experiment.name === body.name)
            throw new Answer(400, 'RESOURCE_ALREADY_EXISTS', `Experiment(name=${body.name}) already exists.`);
        const id = String(this.nextExperiment++);
        const now = this.now();
        this.experiments.set(id, {
          experiment_id: id,
          name: body.name,
          lifecycle_stage: 'active',
          creation_time: now,
          last_update_time: now,
          tags: new Map(((body.tags ?? []) as KeyValue[]).map((tag) => [tag.key, tag.value])),
        });
        return { experiment_id: id };
      }
      case 'GET /api/2.0/mlflow/experiments/get':
        return { experiment: this.experimentJson(this.experiment(q('experiment_id'))) };
      case 'GET /api/2.0/mlflow/experiments/get-by-name': {
        for (const experiment of this.experiments.values())
          if (experiment.name === q('experiment_name'))
            return { experiment: this.experimentJson(experiment) };
        throw notFound(`Could not find experiment with name '${q('experiment_name')}'`);
      }
      case 'POST /api/2.0/mlflow/experiments/search': {
        const max = Number(body.max_results ?? 0);
        if (!(max >= 1 && max <= 50_000))
          throw invalid(`Invalid value ${max} for parameter 'max_results' supplied.`);
        const view = body.view_type ?? 'ACTIVE_ONLY';
        const all = [...this.experiments.values()].filter((experiment) =>
          view === 'ALL'
            ? true
            : view === 'DELETED_ONLY'
              ? experiment.lifecycle_stage === 'deleted'
              : experiment.lifecycle_stage === 'active',
        );
        const offset = body.page_token ? JSON.parse(atob(body.page_token as string)).offset : 0;
        const page = all.slice(offset, offset + max).map((experiment) => this.experimentJson(experiment));
        const next =
          offset + max < all.length
            ? { next_page_token: btoa(JSON.stringify({ offset: offset + max })) }
            : {};
        return { ...(page.length > 0 ? { experiments: page } : {}), ...next };
      }
      case 'POST /api/2.0/mlflow/experiments/update': {
        const experiment = this.experiment(body.experiment_id);
        for (const other of this.experiments.values())
          if (other.name === body.new_name && other !== experiment)
            throw new Answer(
              400,
              'BAD_REQUEST',
              '(sqlite3.IntegrityError) UNIQUE constraint failed: experiments.name',
            );
        experiment.name = body.new_name as string;
        experiment.last_update_time = this.now();
        return {};
      }
      case 'POST /api/2.0/mlflow/experiments/set-experiment-tag':
        this.experiment(body.experiment_id).tags.set(body.key as string, body.value as string);
        return {};
      case 'POST /api/2.0/mlflow/experiments/delete-experiment-tag': {
        const experiment = this.experiment(body.experiment_id);
        if (!experiment.tags.delete(body.key as string)) throw notFound(`No tag with name: ${body.key}`);
        return {};
      }
      case 'POST /api/2.0/mlflow/experiments/delete':
      case 'POST /api/2.0/mlflow/experiments/restore': {
        const experiment = this.experiment(body.experiment_id);
        const deleting = request.path.endsWith('/delete');
        if ((experiment.lifecycle_stage === 'deleted') === deleting)
          throw notFound(`No Experiment with id=${experiment.experiment_id} exists`);
        experiment.lifecycle_stage = deleting ? 'deleted' : 'active';
        return {};
      }
      case 'POST /api/2.0/mlflow/runs/create': {
        const experiment = this.experiment(body.experiment_id);
        const id = hex32();
        const name =
          typeof body.run_name === 'string' && body.run_name !== ''
            ? body.run_name
            : `fake-run-${id.slice(0, 6)}`;
        const run: FakeRun = {
          info: {
            run_id: id,
            experiment_id: experiment.experiment_id,
            run_name: name,
            user_id: typeof body.user_id === 'string' ? body.user_id : '',
            status: 'RUNNING',
            start_time: typeof body.start_time === 'number' ? body.start_time : 0,
            artifact_uri: `mlflow-artifacts:/${experiment.experiment_id}/${id}/artifacts`,
            lifecycle_stage: 'active',
          },
          params: new Map(),
          tags: new Map(((body.tags ?? []) as KeyValue[]).map((tag) => [tag.key, tag.value])),
          history: [],
          inputs: [],
        };
        run.tags.set('mlflow.runName', name);
        this.runs.set(id, run);
        return { run: this.runJson(run) };
      }
      case 'GET /api/2.0/mlflow/runs/get':
        return { run: this.runJson(this.run(q('run_id'))) };
      case 'POST /api/2.0/mlflow/runs/update': {
        const run = this.run(body.run_id);
        if (
          typeof body.status === 'string' &&
          ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].includes(body.status)
        )
          run.info.status = body.status;
        if (typeof body.end_time === 'number') run.info.end_time = body.end_time;
        if (typeof body.run_name === 'string' && body.run_name !== '') {
          run.info.run_name = body.run_name;
          run.tags.set('mlflow.runName', body.run_name);
        }
        return { run_info: { run_uuid: run.info.run_id, ...run.info } };
      }
      case 'POST /api/2.0/mlflow/runs/delete':
      case 'POST /api/2.0/mlflow/runs/restore':
        this.run(body.run_id).info.lifecycle_stage = request.path.endsWith('/delete') ? 'deleted' : 'active';
        return {};
      case 'POST /api/2.0/mlflow/runs/log-batch':
        return this.logBatch(body);
      case 'POST /api/2.0/mlflow/runs/delete-tag': {
        const run = this.run(body.run_id);
        if (!run.tags.delete(body.key as string))
          throw notFound(`No tag with name: ${body.key} in run with id ${run.info.run_id}`);
        return {};
      }
      case 'POST /api/2.0/mlflow/runs/log-inputs': {
        const run = this.run(body.run_id);
        for (const input of (body.datasets ?? []) as Array<{ dataset: { name: string; digest?: string } }>) {
          const digest = input.dataset.digest ?? '';
          const same = (run.inputs as (typeof input)[]).some(
            (seen) => seen.dataset.name === input.dataset.name && (seen.dataset.digest ?? '') === digest,
          );
          if (!same) run.inputs.push({ ...input, dataset: { ...input.dataset, digest } });
        }
        return {};
      }
      case 'POST /api/2.0/mlflow/runs/search': {
        const ids = (body.experiment_ids ?? []) as string[];
        const max = Number(body.max_results ?? 1000);
        if (max > 50_000) throw invalid(`Invalid value ${max} for parameter 'max_results' supplied.`);
        const view = { ACTIVE_ONLY: 'active', DELETED_ONLY: 'deleted', ALL: 'all' }[
          (body.run_view_type as string) ?? 'ACTIVE_ONLY'
        ] as 'active';
        const byId = new Map(
          [...this.runs.values()]
            .filter((run) => ids.includes(run.info.experiment_id))
            .map((run) => [run.info.run_id, run]),
        );
        const page = searchInMemory(
          [...byId.values()].map((run) => this.plinthRun(run)),
          {
            experimentIds: ids,
            filter: (body.filter as string) ?? '',
            orderBy: (body.order_by as string[]) ?? [],
            maxResults: max,
            viewType: view,
            ...(body.page_token ? { pageToken: body.page_token as string } : {}),
          },
        );
        const runs = page.runs.map((run) => this.runJson(byId.get(run.id)!));
        return {
          ...(runs.length > 0 ? { runs } : {}),
          ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
        };
      }
      case 'GET /api/2.0/mlflow/metrics/get-history': {
        const max = q('max_results');
        if (max === undefined) return { next_page_token: 'eyJvZmZzZXQiOiAwfQ==' };
        const run = this.runs.get(q('run_id') ?? '');
        if (!run) return {};
        const points = run.history.filter((point) => point.key === q('metric_key'));
        const offset = q('page_token') ? JSON.parse(atob(q('page_token')!)).offset : 0;
        const page = points.slice(offset, offset + Number(max));
        const next =
          offset + Number(max) < points.length
            ? { next_page_token: btoa(JSON.stringify({ offset: offset + Number(max) })) }
            : {};
        return { ...(page.length > 0 ? { metrics: page } : {}), ...next };
      }
      case 'GET /api/2.0/mlflow/artifacts/list': {
        const run = this.run(q('run_id'));
        const root = run.info.artifact_uri.replace(/^mlflow-artifacts:\//, '');
        const path = q('path');
        if (path?.split('/').includes('..')) throw invalid('Invalid path');
        const files = this.listing(path ? `${root}/${path}` : root).map((file) => ({
          ...file,
          path: path ? `${path}/${file.path}` : file.path,
        }));
        return { root_uri: run.info.artifact_uri, ...(files.length > 0 ? { files } : {}) };
      }
      default:
        throw new Answer(404, 'ENDPOINT_NOT_FOUND', `no route ${route}`);
    }
  }
}

function pairs(map: Map<string, string>): KeyValue[] {
  return [...map].map(([key, value]) => ({ key, value }));
}

/** A running fake server. */
export interface FakeServer {
  url: string;
  state: FakeMlflow;
  /** Stops listening (connections are refused) until {@link FakeServer.start} is called again. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a fake MLflow server on 127.0.0.1. */
export async function startFakeServer(state = new FakeMlflow()): Promise<FakeServer> {
  const onRequest = async (request: IncomingMessage, response: ServerResponse) => {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://fake');
    const send = (status: number, value: unknown) => {
      if (value instanceof Uint8Array) {
        response.writeHead(status, { 'content-type': 'application/octet-stream' });
        response.end(value);
      } else {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      }
    };
    if (state.down) {
      send(503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'the fake is down' });
      return;
    }
    let body: unknown = null;
    if (request.method === 'PUT') body = new Uint8Array(raw);
    else if (raw.length > 0) {
      if (
        request.method === 'POST' &&
        !(request.headers['content-type'] ?? '').startsWith('application/json')
      ) {
        send(400, {
          error_code: 'INVALID_PARAMETER_VALUE',
          message: 'Bad Request. Content-Type header is missing.',
        });
        return;
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = {};
      }
    }
    const fakeRequest: FakeRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body,
    };
    state.requests.push(fakeRequest);
    try {
      send(200, state.handle(fakeRequest));
    } catch (error) {
      if (error instanceof Answer)
        send(error.status, { error_code: error.errorCode, message: error.message });
      else send(500, { error_code: 'INTERNAL_ERROR', message: String(error) });
    }
  };
  let server: Server = createServer(onRequest);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    stop,
    async start() {
      server = createServer(onRequest);
      await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    },
    close: stop,
  };
}
