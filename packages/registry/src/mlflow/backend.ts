import { type ByteSource, collectBytes } from '@plinth/core';
import {
  encodeArtifactPath,
  type MlflowClient,
  type MlflowConnectionOptions,
  mlflowArtifactPath,
  mlflowClient,
} from '@plinth/core/adapter';
import type { BlobKey, BlobStream, RegistryBackend, Versioned, WriteCondition } from '../backend.ts';
import { errors } from '../internal/errors.ts';
import type { RegistryEvent } from '../schemas/event.ts';
import type { RegisteredModel } from '../schemas/model.ts';
import type { Stage, StoredModelVersion } from '../schemas/version.ts';
import { readMlmodel } from './mlmodel.ts';

const API = '/api/2.0/mlflow';
const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
/** Tag holding the Plinth fields of a model MLflow has no place for (JSON). */
const MODEL_TAG = 'plinth.model';
/** Tag marking a version Plinth registered: its full document is the sidecar JSON. */
const VERSION_TAG = 'plinth.version';

/** Options of {@link mlflowRegistryBackend}. */
export interface MlflowRegistryBackendOptions extends MlflowConnectionOptions {
  /**
   * Directory of the server's artifact store (through its proxy) where Plinth keeps what MLflow's registry
   * has no place for: artifact blobs, version documents, counters and audit events. @default 'plinth-registry'
   */
  root?: string;
}

/** The MLflow registry backend. */
export interface MlflowRegistryBackend extends RegistryBackend {
  /** The server URL. */
  readonly url: string;
}

interface MlflowModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  tags?: Array<{ key: string; value: string }>;
  aliases?: Array<{ alias: string; version: string }>;
}

interface MlflowVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  tags?: Array<{ key: string; value: string }>;
}

const OPTION_KEYS = new Set(['url', 'token', 'headers', 'fetch', 'retry', 'root']);

const STAGES: Record<string, Stage> = {
  none: 'none',
  staging: 'staging',
  production: 'production',
  archived: 'archived',
};
const MLFLOW_STAGES: Record<Stage, string> = {
  none: 'None',
  staging: 'Staging',
  production: 'Production',
  archived: 'Archived',
};

const ownMap = <V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> => {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) out[key] = value;
  return out;
};
const ownEntries = <V>(map: Readonly<Record<string, V>>): Array<[string, V]> =>
  Object.keys(map).map((key) => [key, Object.getOwnPropertyDescriptor(map, key)?.value as V]);
const ownGet = <V>(map: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.getOwnPropertyDescriptor(map, key)?.value as V | undefined;

/** JSON with sorted keys: the same document always gives the same text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(node).sort()) {
      Object.defineProperty(sorted, key, { value: (node as Record<string, unknown>)[key], enumerable: true });
    }
    return sorted;
  });
}

/** A short digest of a document: its compare-and-set token (FNV-1a, 2 × 32 bits). */
function tokenOf(value: unknown): string {
  const text = canonical(value);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}-${text.length}`;
}

/** Parses JSON text into own-key objects (`__proto__` stays an ordinary key). */
function parseOwn(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return ownMap(Object.entries(value));
  });
}

const sha256Hex = async (bytes: Uint8Array): Promise<string> => {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
};

const conflict = (message: string) => errors.error('PLINTH_CONFLICT', message);
const isCode = (error: unknown, code: string) => (error as { code?: unknown } | null)?.code === code;

/**
 * A `RegistryBackend` over an MLflow model registry, for `createRegistry({ backend })`. Registered models,
 * versions, descriptions, tags, aliases and stages are MLflow's own, so models registered in MLflow (by its
 * Python client, say) load with `loadModel({ registry, uri: 'models:/fraud-onnx@champion' })`: a version
 * MLflow registered is presented from its model directory (resolved through `get-download-uri`, and
 * `runs/get` for a `runs:/` source): the ONNX file its `MLmodel` names (its SHA-256 computed on download,
 * its size checked against the listing), the signature (MLflow's JSON strings parsed), the input example.
 * What MLflow's registry has no place for (artifact blobs of versions Plinth registers, their full
 * documents, version counters, audit events) lives in the server's artifact store under `root`.
 *
 * Limits: MLflow has no compare-and-set, so conditional writes check the current document first (a
 * concurrent writer between check and write is not detected); version numbers are the ones MLflow assigns
 * (a claim of another number is `PLINTH_CONFLICT`, so `registerVersion` moves on to the next); versions
 * belong to an existing registered model; aliases must point at existing versions.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for an unknown option or a malformed URL.
 * @example
 * ```ts
 * import { createRegistry } from '@plinth/registry';
 * import { mlflowRegistryBackend } from '@plinth/registry/mlflow';
 * const registry = createRegistry({ backend: mlflowRegistryBackend({ url: 'http://127.0.0.1:5000' }) });
 * const champion = await registry.getVersion('models:/fraud-onnx@champion');
 * ```
 */
export function mlflowRegistryBackend(options: MlflowRegistryBackendOptions): MlflowRegistryBackend {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw errors.invalid('mlflowRegistryBackend options', {
      path: '',
      message: "must be an object like { url: 'http://127.0.0.1:5000' }",
    });
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key))
      throw errors.invalid('mlflowRegistryBackend options', {
        path: key,
        message: `unknown option; the options are ${[...OPTION_KEYS].join(', ')}`,
      });
  }
  const root = options.root ?? 'plinth-registry';
  if (typeof root !== 'string' || !/^[\w.-]+(\/[\w.-]+)*$/.test(root) || root.split('/').includes('..')) {
    throw errors.invalid('mlflowRegistryBackend options', {
      path: 'root',
      message: 'must be a relative directory like plinth-registry',
    });
  }
  const client: MlflowClient = mlflowClient({
    url: options.url,
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    component: 'registry:mlflow',
  });
  /** Blob keys of the model files of MLflow-registered versions → their proxy path and size. */
  const mlflowBlobs = new Map<string, { path: string; size: number }>();
  /** Numbers MLflow assigned that were not the one claimed: claims at or below are conflicts. */
  const claimedFloor = new Map<string, number>();

  const storePath = (...segments: string[]) =>
    `${root}/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;

  // ---- the artifact store, through the proxy ------------------------------------------------------
  const download = async (path: string, what: string): Promise<Uint8Array | undefined> => {
    try {
      const response = await client.send({
        method: 'GET',
        path: `${PROXY}/${encodeArtifactPath(path)}`,
        what,
      });
      return new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      // a missing artifact is 500 INTERNAL_ERROR: a listing tells absent from broken
      if (isCode(error, 'PLINTH_NOT_FOUND')) return undefined;
      if (!(await listed(path, what))) return undefined;
      throw error;
    }
  };
  const list = async (directory: string, what: string) => {
    const page = await client.json<{ files?: Array<{ path: string; is_dir?: boolean; file_size?: number }> }>(
      {
        method: 'GET',
        path: PROXY,
        query: { path: directory },
        what,
      },
    );
    return page.files ?? [];
  };
  const listed = async (path: string, what: string) => {
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    return (await list(path.slice(0, slash), what)).find(
      (file) => !file.is_dir && file.path === decodeURIComponent(name),
    );
  };
  const upload = (path: string, bytes: Uint8Array, what: string) =>
    client.send({ method: 'PUT', path: `${PROXY}/${encodeArtifactPath(path)}`, body: bytes, what });
  const remove = (path: string, what: string) =>
    client.send({ method: 'DELETE', path: `${PROXY}/${encodeArtifactPath(path)}`, what });
  const readJson = async (path: string, what: string) => {
    const bytes = await download(path, what);
    return bytes && parseOwn(new TextDecoder().decode(bytes));
  };
  const writeJson = (path: string, value: unknown, what: string) =>
    upload(path, new TextEncoder().encode(JSON.stringify(value)), what);

  // ---- models ----------------------------------------------------------------------------------------
  const fetchModel = async (name: string): Promise<MlflowModel | undefined> => {
    try {
      const { registered_model } = await client.json<{ registered_model: MlflowModel }>({
        method: 'GET',
        path: `${API}/registered-models/get`,
        query: { name },
        what: 'getModel',
      });
      return registered_model;
    } catch (error) {
      if (isCode(error, 'PLINTH_NOT_FOUND')) return undefined;
      throw error;
    }
  };

  const toModel = (json: MlflowModel): RegisteredModel => {
    const tags = ownMap<string>();
    let extra: Partial<RegisteredModel> = {};
    for (const tag of json.tags ?? []) {
      if (tag.key === MODEL_TAG) extra = (parseOwn(tag.value) ?? {}) as Partial<RegisteredModel>;
      else tags[tag.key] = tag.value;
    }
    const aliases = ownMap<number>(
      (json.aliases ?? []).map((entry) => [entry.alias, Number(entry.version)] as const),
    );
    const createdAt = extra.createdAt ?? json.creation_timestamp ?? 0;
    return {
      name: json.name,
      description: json.description ?? '',
      tags,
      aliases,
      deletedVersions: extra.deletedVersions ?? [],
      createdAt,
      updatedAt: extra.updatedAt ?? json.last_updated_timestamp ?? createdAt,
      createdBy: extra.createdBy ?? '',
      sequence: extra.sequence ?? 0,
      id: extra.id ?? '',
    };
  };

  const getModel = async (name: string): Promise<Versioned<RegisteredModel> | undefined> => {
    const found = await fetchModel(name);
    if (!found) return undefined;
    const value = toModel(found);
    return { value, version: tokenOf(value) };
  };

  const checkCondition = (
    current: { version: string } | undefined,
    condition: WriteCondition | undefined,
    what: string,
  ) => {
    if (!condition) return;
    if ('ifNotExists' in condition && current)
      throw conflict(`${what}: it exists already (create-only write)`);
    if ('ifVersion' in condition && current?.version !== condition.ifVersion)
      throw conflict(`${what}: it changed since it was read (compare-and-set lost); read it again and retry`);
  };

  const putModel = async (model: RegisteredModel, condition?: WriteCondition): Promise<string> => {
    const current = await getModel(model.name);
    checkCondition(current, condition, `putModel "${model.name}"`);
    const extra = {
      deletedVersions: model.deletedVersions,
      createdAt: model.createdAt,
      updatedAt: model.updatedAt,
      createdBy: model.createdBy,
      sequence: model.sequence,
      id: model.id,
    };
    const body = (
      path: string,
      fields: Record<string, unknown>,
      method: 'POST' | 'PATCH' | 'DELETE' = 'POST',
    ) =>
      client.json({
        method,
        path: `${API}/registered-models/${path}`,
        body: { name: model.name, ...fields },
        what: 'putModel',
      });
    if (!current) {
      try {
        await body('create', {
          ...(model.description ? { description: model.description } : {}),
          tags: [
            ...ownEntries(model.tags).map(([key, value]) => ({ key, value })),
            { key: MODEL_TAG, value: JSON.stringify(extra) },
          ],
        });
      } catch (error) {
        if (isCode(error, 'PLINTH_CONFLICT')) throw conflict(`putModel "${model.name}": it exists already`);
        throw error;
      }
    } else {
      const before = current.value;
      if (model.description !== before.description)
        await body('update', { description: model.description }, 'PATCH');
      for (const [key, value] of ownEntries(model.tags))
        if (ownGet(before.tags, key) !== value) await body('set-tag', { key, value });
      for (const [key] of ownEntries(before.tags))
        if (!Object.hasOwn(model.tags, key)) await body('delete-tag', { key }, 'DELETE');
      await body('set-tag', { key: MODEL_TAG, value: JSON.stringify(extra) });
    }
    const before = current?.value.aliases ?? ownMap<number>();
    for (const [alias, version] of ownEntries(model.aliases))
      if (ownGet(before, alias) !== version) await body('alias', { alias, version: String(version) });
    for (const [alias] of ownEntries(before))
      if (!Object.hasOwn(model.aliases, alias)) await body('alias', { alias }, 'DELETE');
    const written = await getModel(model.name);
    if (!written) throw conflict(`putModel "${model.name}": it was deleted while being written`);
    return written.version;
  };

  // ---- versions --------------------------------------------------------------------------------------
  const searchVersions = async (name: string): Promise<MlflowVersion[]> => {
    const all: MlflowVersion[] = [];
    let pageToken: string | undefined;
    do {
      const page = await client.json<{ model_versions?: MlflowVersion[]; next_page_token?: string }>({
        method: 'GET',
        path: `${API}/model-versions/search`,
        query: { filter: `name='${name.replace(/'/g, "\\'")}'`, page_token: pageToken },
        what: 'listVersions',
      });
      all.push(...(page.model_versions ?? []));
      pageToken = page.next_page_token;
    } while (pageToken);
    return all;
  };

  /** Where the files of an MLflow version are, as a proxy path. */
  const modelDirectory = async (json: MlflowVersion): Promise<string> => {
    const { artifact_uri: uri } = await client.json<{ artifact_uri: string }>({
      method: 'GET',
      path: `${API}/model-versions/get-download-uri`,
      query: { name: json.name, version: json.version },
      what: 'getVersion',
    });
    let resolved = uri;
    const runs = /^runs:\/([0-9a-f]+)\/?(.*)$/.exec(uri);
    if (runs) {
      const { run } = await client.json<{ run: { info: { artifact_uri: string } } }>({
        method: 'GET',
        path: `${API}/runs/get`,
        query: { run_id: runs[1]! },
        what: 'getVersion',
      });
      resolved = `${run.info.artifact_uri.replace(/\/+$/, '')}/${runs[2]}`;
    }
    const path = mlflowArtifactPath(resolved);
    if (path === undefined) {
      throw errors.error(
        'PLINTH_UNSUPPORTED',
        `getVersion: the files of model "${json.name}" version ${json.version} are at "${uri}", which MLflow does not serve through its artifact proxy; start the server with --serve-artifacts`,
        { details: { call: 'getVersion' } },
      );
    }
    return path;
  };

  /** An MLflow-registered version in Plinth's form: its model file found, downloaded, hashed and checked. */
  const presentMlflowVersion = async (json: MlflowVersion): Promise<StoredModelVersion> => {
    const what = `model "${json.name}" version ${json.version}`;
    const directory = await modelDirectory(json);
    const files = await list(directory, 'getVersion');
    const mlmodelBytes = files.some((file) => file.path === 'MLmodel')
      ? await download(`${directory}/MLmodel`, 'getVersion')
      : undefined;
    const info = mlmodelBytes ? readMlmodel(new TextDecoder().decode(mlmodelBytes)) : undefined;
    const modelFile = info?.onnxFile ?? files.find((file) => file.path.endsWith('.onnx'))?.path;
    if (!modelFile) {
      throw errors.error(
        'PLINTH_UNSUPPORTED',
        `getVersion: ${what} has no ONNX file (its flavors: ${info?.flavors.join(', ') || 'no MLmodel'}); Plinth serves ONNX models`,
        { details: { call: 'getVersion' } },
      );
    }
    const listedFile = files.find((file) => file.path === modelFile);
    const bytes = await download(`${directory}/${modelFile}`, 'getVersion');
    if (!bytes)
      throw errors.error(
        'PLINTH_NOT_FOUND',
        `getVersion: ${what} names ${modelFile}, which is not in ${directory}`,
      );
    if (listedFile?.file_size !== undefined && listedFile.file_size !== bytes.byteLength) {
      throw errors.error(
        'PLINTH_INTEGRITY',
        `getVersion: ${what}: ${modelFile} downloaded as ${bytes.byteLength} bytes but the server lists ${listedFile.file_size}`,
      );
    }
    const sha256 = await sha256Hex(bytes);
    mlflowBlobs.set(`sha256/${sha256}`, { path: `${directory}/${modelFile}`, size: bytes.byteLength });
    let inputExample: unknown;
    if (info?.inputExampleFile && files.some((file) => file.path === info.inputExampleFile)) {
      const example = await download(`${directory}/${info.inputExampleFile}`, 'getVersion');
      if (example) inputExample = JSON.parse(new TextDecoder().decode(example));
    }
    const createdAt = json.creation_timestamp ?? 0;
    const tags = ownMap<string>((json.tags ?? []).map((tag) => [tag.key, tag.value] as const));
    return {
      name: json.name,
      version: Number(json.version),
      semver: `${json.version}.0.0`,
      sha256,
      size: bytes.byteLength,
      createdAt,
      updatedAt: json.last_updated_timestamp ?? createdAt,
      createdBy: json.user_id ?? '',
      format: 'onnx',
      ...(info?.signature ? { signature: info.signature } : {}),
      ...(inputExample !== undefined ? { inputExample } : {}),
      metrics: ownMap(),
      params: ownMap(),
      tags,
      description: json.description ?? '',
      ...(json.run_id ? { runId: json.run_id } : {}),
      datasets: [],
      stage: STAGES[(json.current_stage ?? 'none').toLowerCase()] ?? 'none',
      sequence: 0,
    };
  };

  const presentVersion = async (json: MlflowVersion): Promise<StoredModelVersion> => {
    const plinth = json.tags?.some((tag) => tag.key === VERSION_TAG);
    if (!plinth) return presentMlflowVersion(json);
    const stored = (await readJson(storePath('versions', json.name, `${json.version}.json`), 'getVersion')) as
      | StoredModelVersion
      | undefined;
    if (!stored)
      throw errors.error(
        'PLINTH_NOT_FOUND',
        `getVersion: the document of model "${json.name}" version ${json.version} is missing from the artifact store`,
      );
    return stored;
  };

  const fetchVersion = async (name: string, version: number): Promise<MlflowVersion | undefined> => {
    try {
      const { model_version } = await client.json<{ model_version: MlflowVersion }>({
        method: 'GET',
        path: `${API}/model-versions/get`,
        query: { name, version: String(version) },
        what: 'getVersion',
      });
      return model_version;
    } catch (error) {
      if (isCode(error, 'PLINTH_NOT_FOUND')) return undefined;
      throw error;
    }
  };

  const getVersion = async (
    name: string,
    version: number,
  ): Promise<Versioned<StoredModelVersion> | undefined> => {
    // model-versions/search (one call for every version of the model), as MLflow's own clients resolve them
    const json = (await searchVersions(name)).find((candidate) => Number(candidate.version) === version);
    if (!json) return undefined;
    const value = await presentVersion(json);
    return { value, version: tokenOf(value) };
  };

  const putVersion = async (version: StoredModelVersion, condition?: WriteCondition): Promise<string> => {
    const what = `putVersion "${version.name}" version ${version.version}`;
    const json = await fetchVersion(version.name, version.version);
    const current = json ? { version: tokenOf(await presentVersion(json)) } : undefined;
    checkCondition(current, condition, what);
    const tags = [
      ...ownEntries(version.tags).map(([key, value]) => ({ key, value })),
      { key: VERSION_TAG, value: '1' },
    ];
    if (!json) {
      if (version.version <= (claimedFloor.get(version.name) ?? 0))
        throw conflict(`${what}: MLflow has given that number already`);
      const { model_version: created } = await client.json<{ model_version: MlflowVersion }>({
        method: 'POST',
        path: `${API}/model-versions/create`,
        body: {
          name: version.name,
          source: `mlflow-artifacts:/${root}/blobs/sha256/${version.sha256}`,
          ...(version.runId && /^[0-9a-f]{32}$/.test(version.runId) ? { run_id: version.runId } : {}),
          ...(version.description ? { description: version.description } : {}),
          tags,
        },
        what,
      });
      if (Number(created.version) !== version.version) {
        // MLflow numbers versions itself: give its number back and let the registry claim the next one
        await client.json({
          method: 'DELETE',
          path: `${API}/model-versions/delete`,
          body: { name: version.name, version: created.version },
          what,
        });
        claimedFloor.set(
          version.name,
          Math.max(claimedFloor.get(version.name) ?? 0, Number(created.version)),
        );
        throw conflict(`${what}: MLflow assigned version ${created.version}; claim the next number`);
      }
    } else {
      const before = await presentVersion(json);
      const body = (
        path: string,
        fields: Record<string, unknown>,
        method: 'POST' | 'PATCH' | 'DELETE' = 'POST',
      ) =>
        client.json({
          method,
          path: `${API}/model-versions/${path}`,
          body: { name: version.name, version: String(version.version), ...fields },
          what,
        });
      if (version.description !== before.description)
        await body('update', { description: version.description }, 'PATCH');
      for (const [key, value] of ownEntries(version.tags))
        if (ownGet(before.tags, key) !== value) await body('set-tag', { key, value });
      for (const [key] of ownEntries(before.tags))
        if (!Object.hasOwn(version.tags, key)) await body('delete-tag', { key }, 'DELETE');
      if (!json.tags?.some((tag) => tag.key === VERSION_TAG))
        await body('set-tag', { key: VERSION_TAG, value: '1' });
    }
    if (MLFLOW_STAGES[version.stage] !== (json?.current_stage ?? 'None')) {
      await client.json({
        method: 'POST',
        path: `${API}/model-versions/transition-stage`,
        body: {
          name: version.name,
          version: String(version.version),
          stage: MLFLOW_STAGES[version.stage],
          archive_existing_versions: false,
        },
        what,
      });
    }
    await writeJson(storePath('versions', version.name, `${version.version}.json`), version, what);
    return tokenOf(version);
  };

  // ---- blobs -----------------------------------------------------------------------------------------
  const blobPath = (key: BlobKey) => `${root}/blobs/${key}`;
  const statBlob = async (key: BlobKey) => {
    const native = mlflowBlobs.get(key);
    if (native) return { size: native.size };
    const found = await listed(blobPath(key), 'statBlob');
    return found ? { size: found.file_size ?? 0 } : undefined;
  };
  const getBlob = async (key: BlobKey) => download(mlflowBlobs.get(key)?.path ?? blobPath(key), 'getBlob');

  const backend: MlflowRegistryBackend = {
    name: 'mlflow',
    readOnly: false,
    url: client.url,
    getModel,
    putModel,
    async deleteModel(name, condition) {
      const current = await getModel(name);
      if (!current) return false;
      checkCondition(current, condition, `deleteModel "${name}"`);
      await client.json({
        method: 'DELETE',
        path: `${API}/registered-models/delete`,
        body: { name },
        what: 'deleteModel',
      });
      return true;
    },
    async listModels() {
      const names: string[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.json<{ registered_models?: MlflowModel[]; next_page_token?: string }>({
          method: 'GET',
          path: `${API}/registered-models/search`,
          query: { max_results: 1000, page_token: pageToken },
          what: 'listModels',
        });
        for (const model of page.registered_models ?? []) names.push(model.name);
        pageToken = page.next_page_token;
      } while (pageToken);
      return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    },
    async getCounter(name) {
      const stored = (await readJson(storePath('counters', `${name}.json`), 'getCounter')) as
        | { latest: number }
        | undefined;
      if (stored) return { value: stored.latest, version: tokenOf(stored) };
      return undefined;
    },
    async putCounter(name, latest, condition) {
      const current = await backend.getCounter(name);
      checkCondition(current, condition, `putCounter "${name}"`);
      const value = { latest };
      await writeJson(storePath('counters', `${name}.json`), value, 'putCounter');
      return tokenOf(value);
    },
    getVersion,
    async hasVersion(name, version) {
      return (await fetchVersion(name, version)) !== undefined;
    },
    putVersion,
    async deleteVersion(name, version, condition) {
      const json = await fetchVersion(name, version);
      if (!json) return false;
      if (condition)
        checkCondition(
          { version: tokenOf(await presentVersion(json)) },
          condition,
          `deleteVersion "${name}" version ${version}`,
        );
      await client.json({
        method: 'DELETE',
        path: `${API}/model-versions/delete`,
        body: { name, version: String(version) },
        what: 'deleteVersion',
      });
      if (json.tags?.some((tag) => tag.key === VERSION_TAG))
        await remove(storePath('versions', name, `${version}.json`), 'deleteVersion').catch(() => undefined);
      return true;
    },
    async listVersions(name) {
      return (await searchVersions(name)).map((json) => Number(json.version)).sort((a, b) => a - b);
    },
    statBlob,
    getBlob,
    async getBlobStream(key): Promise<BlobStream | undefined> {
      const stat = await statBlob(key);
      if (!stat) return undefined;
      const bytes = await getBlob(key);
      if (!bytes) return undefined;
      return { stream: new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), size: bytes.byteLength };
    },
    async putBlob(key, source: Uint8Array | ByteSource, putOptions) {
      if (putOptions?.ifNotExists && (await statBlob(key)))
        throw conflict(`putBlob "${key}": it exists already`);
      // the whole source first: a stream that fails stores nothing
      const bytes = source instanceof Uint8Array ? source : await collectBytes(source);
      await upload(blobPath(key), bytes, 'putBlob');
    },
    async deleteBlob(key) {
      if (!(await statBlob(key))) return false;
      await remove(blobPath(key), 'deleteBlob');
      return true;
    },
    async appendEvent(event: RegistryEvent) {
      await writeJson(storePath('events', event.model, `${event.id}.json`), event, 'appendEvent');
    },
    async listEvents(name) {
      const directory = storePath('events', name);
      const files = await list(directory, 'listEvents');
      const events = await Promise.all(
        files
          .filter((file) => !file.is_dir)
          .map((file) => readJson(`${directory}/${encodeURIComponent(file.path)}`, 'listEvents')),
      );
      return events.filter((event): event is RegistryEvent => event !== undefined);
    },
  };
  return backend;
}
