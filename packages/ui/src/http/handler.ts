import { ASSET_NAMES, assetContentType } from '../assets/manifest.ts';
import { openArtifactFile, previewArtifact } from '../data/artifacts.ts';
import { driftList, driftReport } from '../data/drift.ts';
import { modelDetail, modelsList, versionDetail } from '../data/registry.ts';
import { runDetail, runMetrics } from '../data/run.ts';
import { runsPage } from '../data/runs.ts';
import { uiErrors } from '../errors.ts';
import { checkOptions, profilesOf, type UiAssetSource, type UiHandlerOptions } from '../options.ts';
import { shellHtml } from '../shell.ts';
import { ARTIFACT_CSP, errorResponse, json, REPORT_CSP, respond, status } from './responses.ts';
import { readWriteBody, runWrite } from './writes.ts';

const HANDLER_OPTIONS = ['tracker', 'registry', 'profiles', 'basePath', 'write', 'assets', 'actor'];
const VIEWS = new Set(['active', 'deleted', 'all']);

const param = (url: URL, name: string, max = 100_000): string | undefined => {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return undefined;
  if (value.length > max)
    throw uiErrors.invalid('request', { path: name, message: `must be at most ${max} characters` });
  return value;
};
const required = (url: URL, name: string, max?: number): string => {
  const value = param(url, name, max);
  if (value === undefined) throw uiErrors.invalid('request', { path: name, message: 'is required' });
  return value;
};
const integer = (url: URL, name: string, min: number, max: number, fallback: number): number => {
  const value = param(url, name, 20);
  if (value === undefined) return fallback;
  const number = /^-?\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw uiErrors.invalid('request', { path: name, message: `must be an integer from ${min} to ${max}` });
  }
  return number;
};

/** The handler behind `createUiHandler`, with the runtime's default asset source. */
export function makeUiHandler(
  options: UiHandlerOptions,
  defaultAssets: UiAssetSource | undefined,
): (request: Request) => Promise<Response> {
  checkOptions(options, 'createUiHandler options', HANDLER_OPTIONS);
  const { tracker, registry } = options;
  const profiles = profilesOf(options.profiles);
  const basePath = options.basePath ?? '';
  const write = options.write === true;
  const assets = options.assets ?? defaultAssets;
  const actor = options.actor ?? 'plinth-ui';
  const shell = shellHtml({ mode: 'live', write });

  const runSummary = async (id: string) => {
    try {
      const run = await tracker.getRun(id);
      return { id: run.id, name: run.name, experimentId: run.experimentId };
    } catch {
      return undefined;
    }
  };
  const needRegistry = () => {
    if (!registry) throw uiErrors.error('PLINTH_NOT_FOUND', 'this UI was started without a registry');
    return registry;
  };

  const api = async (route: string, url: URL): Promise<Response> => {
    switch (route) {
      case 'config':
        return json({
          mode: 'live',
          write,
          registry: registry !== undefined,
          drift: profiles.store !== undefined || profiles.results !== undefined,
        });
      case 'experiments': {
        const view = param(url, 'view', 10) ?? 'active';
        if (!VIEWS.has(view))
          throw uiErrors.invalid('request', { path: 'view', message: 'must be active, deleted or all' });
        return json({ experiments: await tracker.listExperiments({ viewType: view as 'active' }) });
      }
      case 'runs': {
        const view = param(url, 'view', 10) ?? 'active';
        if (!VIEWS.has(view))
          throw uiErrors.invalid('request', { path: 'view', message: 'must be active, deleted or all' });
        return json(
          await runsPage(tracker, {
            experiments: url.searchParams.getAll('experiment').slice(0, 100),
            filter: param(url, 'filter'),
            orderBy: url.searchParams.getAll('orderBy').filter(Boolean).slice(0, 20),
            pageSize: integer(url, 'pageSize', 1, 5000, 100),
            pageToken: param(url, 'pageToken'),
            view: view as 'active',
          }),
        );
      }
      case 'run':
        return json(await runDetail(tracker, required(url, 'id', 128)));
      case 'metrics':
        return json(
          await runMetrics(tracker, required(url, 'run', 128), {
            points: integer(url, 'points', 16, 20_000, 1000),
            ...(url.searchParams.has('key') ? { keys: url.searchParams.getAll('key').slice(0, 1000) } : {}),
          }),
        );
      case 'artifact/preview':
        return json(await previewArtifact(tracker, required(url, 'run', 128), required(url, 'path', 1024)));
      case 'artifact/raw': {
        const { artifact, contentType, stream } = await openArtifactFile(
          tracker,
          required(url, 'run', 128),
          required(url, 'path', 1024),
        );
        const inline = contentType.startsWith('image/');
        const fileName = (artifact.path.split('/').at(-1) ?? 'artifact').replace(/[^\w.-]/g, '_');
        return respond(
          stream,
          200,
          {
            'content-type': contentType,
            'content-length': String(artifact.size),
            'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${fileName}"`,
          },
          ARTIFACT_CSP,
        );
      }
      case 'models':
        return json(await modelsList(needRegistry()));
      case 'model':
        return json(await modelDetail(needRegistry(), required(url, 'name', 256)));
      case 'version':
        return json(
          await versionDetail(
            needRegistry(),
            required(url, 'name', 256),
            integer(url, 'version', 1, Number.MAX_SAFE_INTEGER, 0),
            runSummary,
          ),
        );
      case 'drift':
        return json(await driftList(profiles));
      case 'drift/report':
        return respond(
          await driftReport(profiles, integer(url, 'index', 0, 1_000_000, 0)),
          200,
          { 'content-type': 'text/html; charset=utf-8' },
          REPORT_CSP,
        );
      default:
        return status(404, 'PLINTH_NOT_FOUND', `no API route "${route}"`);
    }
  };

  return async (request: Request): Promise<Response> => {
    try {
      const url = new URL(request.url);
      let path = url.pathname;
      if (basePath) {
        if (path === basePath) return respond(null, 308, { location: `${basePath}/${url.search}` });
        if (!path.startsWith(`${basePath}/`))
          return status(404, 'PLINTH_NOT_FOUND', 'not under the UI base path');
        path = path.slice(basePath.length);
      }
      if (request.method === 'POST' && path.startsWith('/api/')) {
        if (!write)
          return status(
            403,
            'PLINTH_READ_ONLY',
            'this UI is read-only; start it with write: true to change things',
          );
        const body = await readWriteBody(request);
        return json(
          await runWrite(path.slice('/api/'.length), body, {
            tracker,
            ...(registry ? { registry } : {}),
            actor,
          }),
        );
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return respond(null, 405, { allow: write ? 'GET, HEAD, POST' : 'GET, HEAD' });
      }
      if (path === '/' || path === '/index.html') {
        return respond(shell, 200, { 'content-type': 'text/html; charset=utf-8' });
      }
      if (path.startsWith('/assets/')) {
        const name = path.slice('/assets/'.length);
        if (!ASSET_NAMES.includes(name)) return status(404, 'PLINTH_NOT_FOUND', 'no such asset');
        const bytes = assets ? await assets(name) : undefined;
        if (bytes === undefined) {
          return status(
            404,
            'PLINTH_NOT_FOUND',
            'no asset source in this runtime; pass createUiHandler({ assets })',
          );
        }
        return respond(bytes as BodyInit, 200, {
          'content-type': assetContentType(name),
          'cache-control': 'no-cache',
        });
      }
      if (path.startsWith('/api/')) return await api(path.slice('/api/'.length), url);
      return status(404, 'PLINTH_NOT_FOUND', 'no such page');
    } catch (error) {
      return errorResponse(error);
    }
  };
}
