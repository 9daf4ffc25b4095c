// The model registry part of the fake MLflow server: registered models, versions (numbered by the server,
// never reused), tags, aliases and stages, with the quirks the transcripts show (RESOURCE_ALREADY_EXISTS as
// 400, reserved aliases, GET of an unknown alias as 400, DELETE bodies in JSON, aliases left out of
// model-versions/search).
import { Answer, type FakeMlflow, type FakeRequest, invalid, notFound } from './fake-server.ts';

interface FakeVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: string;
  description: string;
  source: string;
  run_id: string;
  status: string;
  tags: Map<string, string>;
}
interface FakeModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
  tags: Map<string, string>;
  aliases: Map<string, string>;
  next: number;
  versions: Map<string, FakeVersion>;
}

const pairs = (map: Map<string, string>) => [...map].map(([key, value]) => ({ key, value }));

/** Adds the registry routes to a fake MLflow. */
export function addFakeRegistry(state: FakeMlflow): void {
  const models = new Map<string, FakeModel>();
  const model = (name: unknown) => {
    if (typeof name !== 'string' || name === '')
      throw invalid("Missing value for required parameter 'name'.");
    const found = models.get(name);
    if (!found) throw notFound(`Registered Model with name=${name} not found`);
    return found;
  };
  const version = (name: unknown, number: unknown) => {
    if (typeof number !== 'string' || !/^\d+$/.test(number))
      throw invalid(`Parameter 'version' must be an integer, got '${String(number)}'.`);
    const found = model(name).versions.get(number);
    if (!found) throw notFound(`Model Version (name=${String(name)}, version=${number}) not found`);
    return found;
  };
  const aliasesOf = (found: FakeModel, number: string) =>
    [...found.aliases]
      .filter(([, target]) => target === number)
      .map(([alias]) => alias)
      .sort();
  const versionJson = (found: FakeVersion, withAliases: boolean) => {
    const aliases = aliasesOf(models.get(found.name)!, found.version);
    return {
      name: found.name,
      version: found.version,
      creation_timestamp: found.creation_timestamp,
      last_updated_timestamp: found.last_updated_timestamp,
      current_stage: found.current_stage,
      description: found.description,
      source: found.source,
      run_id: found.run_id,
      status: found.status,
      ...(found.tags.size > 0 ? { tags: pairs(found.tags) } : {}),
      ...(withAliases && aliases.length > 0 ? { aliases } : {}),
    };
  };
  const modelJson = (found: FakeModel) => ({
    name: found.name,
    creation_timestamp: found.creation_timestamp,
    last_updated_timestamp: found.last_updated_timestamp,
    ...(found.description ? { description: found.description } : {}),
    ...(found.tags.size > 0 ? { tags: pairs(found.tags) } : {}),
    ...(found.aliases.size > 0
      ? { aliases: [...found.aliases].sort().map(([alias, target]) => ({ alias, version: target })) }
      : {}),
  });
  const body = (request: FakeRequest) =>
    (request.body ?? {}) as Record<string, string | undefined> & {
      tags?: Array<{ key: string; value: string }>;
    };
  const route = (method: string, path: string, handler: (request: FakeRequest) => unknown) =>
    state.routes.set(`${method} /api/2.0/mlflow/${path}`, handler);
  const touch = (found: FakeModel | FakeVersion) => {
    found.last_updated_timestamp = state.now();
  };

  route('POST', 'registered-models/create', (request) => {
    const { name, description } = body(request);
    if (typeof name !== 'string' || name === '')
      throw invalid("Missing value for required parameter 'name'.");
    if (models.has(name))
      throw new Answer(400, 'RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name}) already exists.`);
    const now = state.now();
    const created: FakeModel = {
      name,
      creation_timestamp: now,
      last_updated_timestamp: now,
      description: description ?? '',
      tags: new Map((body(request).tags ?? []).map((tag) => [tag.key, tag.value])),
      aliases: new Map(),
      next: 1,
      versions: new Map(),
    };
    models.set(name, created);
    return { registered_model: modelJson(created) };
  });
  route('GET', 'registered-models/get', (request) => ({
    registered_model: modelJson(model(request.query.get('name'))),
  }));
  route('GET', 'registered-models/search', (request) => {
    const max = Number(request.query.get('max_results') ?? 100);
    if (max > 1000) throw invalid(`Invalid value "${max}" for parameter 'max_results'`);
    const all = [...models.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const offset = request.query.get('page_token')
      ? JSON.parse(atob(request.query.get('page_token')!)).offset
      : 0;
    const page = all.slice(offset, offset + max).map(modelJson);
    return {
      ...(page.length > 0 ? { registered_models: page } : {}),
      ...(offset + max < all.length
        ? { next_page_token: btoa(JSON.stringify({ offset: offset + max })) }
        : {}),
    };
  });
  route('PATCH', 'registered-models/update', (request) => {
    const found = model(body(request).name);
    found.description = body(request).description ?? '';
    touch(found);
    return { registered_model: modelJson(found) };
  });
  route('DELETE', 'registered-models/delete', (request) => {
    models.delete(model(body(request).name).name);
    return {};
  });
  route('POST', 'registered-models/set-tag', (request) => {
    const found = model(body(request).name);
    found.tags.set(body(request).key!, body(request).value!);
    touch(found);
    return {};
  });
  route('DELETE', 'registered-models/delete-tag', (request) => {
    const found = model(body(request).name);
    found.tags.delete(body(request).key!);
    touch(found);
    return {};
  });
  route('POST', 'registered-models/alias', (request) => {
    const { name, alias, version: number } = body(request);
    if (typeof alias !== 'string' || /^(latest|v\d+)$/i.test(alias) || !/^[\w-]+$/.test(alias))
      throw invalid(`Invalid alias name: '${alias}'`);
    version(name, number);
    model(name).aliases.set(alias, number!);
    return {};
  });
  route('DELETE', 'registered-models/alias', (request) => {
    model(body(request).name).aliases.delete(body(request).alias!);
    return {};
  });
  route('GET', 'registered-models/alias', (request) => {
    const found = model(request.query.get('name'));
    const target = found.aliases.get(request.query.get('alias') ?? '');
    if (!target) throw invalid(`Registered model alias ${request.query.get('alias')} not found.`);
    return { model_version: versionJson(found.versions.get(target)!, true) };
  });

  route('POST', 'model-versions/create', (request) => {
    const { name, source, run_id, description } = body(request);
    if (typeof source !== 'string' || source.split('/').includes('..'))
      throw invalid(`Invalid model version source: '${source}'.`);
    const found = model(name);
    const number = String(found.next++);
    const now = state.now();
    const created: FakeVersion = {
      name: found.name,
      version: number,
      creation_timestamp: now,
      last_updated_timestamp: now,
      current_stage: 'None',
      description: description ?? '',
      source,
      run_id: run_id ?? '',
      status: 'READY',
      tags: new Map((body(request).tags ?? []).map((tag) => [tag.key, tag.value])),
    };
    found.versions.set(number, created);
    return { model_version: versionJson(created, true) };
  });
  route('GET', 'model-versions/get', (request) => ({
    model_version: versionJson(version(request.query.get('name'), request.query.get('version')), true),
  }));
  route('GET', 'model-versions/search', (request) => {
    const filter = /^name='(.*)'$/.exec(request.query.get('filter') ?? '');
    const found = filter ? models.get(filter[1]!) : undefined;
    const list = found
      ? [...found.versions.values()].sort((a, b) => Number(b.version) - Number(a.version))
      : [];
    return list.length > 0 ? { model_versions: list.map((entry) => versionJson(entry, false)) } : {};
  });
  route('DELETE', 'model-versions/delete', (request) => {
    const found = version(body(request).name, body(request).version);
    const owner = model(found.name);
    owner.versions.delete(found.version);
    for (const [alias, target] of owner.aliases) if (target === found.version) owner.aliases.delete(alias);
    return {};
  });
  route('PATCH', 'model-versions/update', (request) => {
    const found = version(body(request).name, body(request).version);
    found.description = body(request).description ?? '';
    touch(found);
    return { model_version: versionJson(found, true) };
  });
  route('POST', 'model-versions/set-tag', (request) => {
    version(body(request).name, body(request).version).tags.set(body(request).key!, body(request).value!);
    return {};
  });
  route('DELETE', 'model-versions/delete-tag', (request) => {
    version(body(request).name, body(request).version).tags.delete(body(request).key!);
    return {};
  });
  route('POST', 'model-versions/transition-stage', (request) => {
    const found = version(body(request).name, body(request).version);
    const stage = { none: 'None', staging: 'Staging', production: 'Production', archived: 'Archived' }[
      String(body(request).stage).toLowerCase()
    ];
    if (!stage) throw invalid(`Invalid Model Version stage: ${body(request).stage}`);
    found.current_stage = stage;
    touch(found);
    return { model_version: versionJson(found, true) };
  });
  route('GET', 'model-versions/get-download-uri', (request) => ({
    artifact_uri: version(request.query.get('name'), request.query.get('version')).source,
  }));
}
