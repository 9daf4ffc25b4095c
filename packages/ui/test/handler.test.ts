import { PlinthError } from '@plinth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiHandler } from '../src/index.node.ts';
import { type Seeded, seedStore } from './seed.ts';

const BASE = 'http://ui.test';
let seeded: Seeded;
let handler: (request: Request) => Promise<Response>;
let writer: (request: Request) => Promise<Response>;

const get = (path: string, on = handler) => on(new Request(`${BASE}${path}`));
const getJson = async (path: string, on = handler) => {
  const response = await get(path, on);
  // biome-ignore lint/suspicious/noExplicitAny: JSON of many shapes, checked field by field
  return { status: response.status, body: (await response.json()) as any };
};
const post = (path: string, body: unknown, headers: Record<string, string> = {}, on = writer) =>
  on(
    new Request(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-plinth-ui': '1', origin: BASE, ...headers },
      body: JSON.stringify(body),
    }),
  );

const issuePaths = (error: unknown) =>
  ((error as PlinthError).details?.issues as { path: string }[] | undefined)?.map((issue) => issue.path) ??
  [];

beforeAll(async () => {
  seeded = await seedStore();
  const common = { tracker: seeded.tracker, registry: seeded.registry, profiles: seeded.profiles };
  handler = createUiHandler(common);
  writer = createUiHandler({ ...common, write: true });
});
afterAll(async () => {
  await seeded.tracker.close();
});

describe('createUiHandler options', () => {
  it.each([
    [undefined, ''],
    [null, ''],
    [{}, 'tracker'],
    [{ tracker: {} }, 'tracker'],
    [{ tracker: 'x' }, 'tracker'],
    ['__proto__', ''],
  ])('rejects %j', (options, path) => {
    try {
      createUiHandler(options as never);
      expect.unreachable();
    } catch (error) {
      expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
      expect(issuePaths(error)[0]).toBe(path);
    }
  });

  it('names unknown and malformed options', () => {
    const check = (extra: Record<string, unknown>) => {
      try {
        createUiHandler({ tracker: seeded.tracker, ...extra } as never);
        return [];
      } catch (error) {
        return issuePaths(error);
      }
    };
    expect(check({ wirte: true })).toEqual(['wirte']);
    expect(check({ write: 'yes' })).toEqual(['write']);
    expect(check({ basePath: 'plinth' })).toEqual(['basePath']);
    expect(check({ basePath: '/plinth/' })).toEqual(['basePath']);
    expect(check({ basePath: '/a/../b' })).toEqual(['basePath']);
    expect(check({ registry: {} })).toEqual(['registry']);
    expect(check({ profiles: { stor: 1 } })).toEqual(['profiles.stor']);
    expect(check({ profiles: { results: 'x' } })).toEqual(['profiles.results']);
    expect(check({ basePath: '/plinth', write: false })).toEqual([]);
  });
});

describe('routes', () => {
  it('serves the page with a strict CSP and the client files from the package, uPlot included', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//); // no CDN
    const uplot = await get('/assets/uPlot.iife.min.js');
    expect(uplot.status).toBe(200);
    expect(uplot.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await uplot.text()).toContain('uPlot');
    for (const name of ['app.js', 'app.css', 'uPlot.min.css', 'pages-run.js'])
      expect((await get(`/assets/${name}`)).status).toBe(200);
    for (const name of ['../package.json', '..%2Fpackage.json', 'seed.ts', 'app.js.map']) {
      expect((await get(`/assets/${name}`)).status).toBe(404);
    }
  });

  it('mounts under a base path and answers 404 outside it', async () => {
    const mounted = createUiHandler({ tracker: seeded.tracker, basePath: '/plinth' });
    expect((await mounted(new Request(`${BASE}/plinth/`))).status).toBe(200);
    expect((await mounted(new Request(`${BASE}/plinth`))).headers.get('location')).toBe('/plinth/');
    expect((await mounted(new Request(`${BASE}/plinth/api/experiments`))).status).toBe(200);
    expect((await mounted(new Request(`${BASE}/`))).status).toBe(404);
    expect((await mounted(new Request(`${BASE}/plinthx/`))).status).toBe(404);
    const config = await (await mounted(new Request(`${BASE}/plinth/api/config`))).json();
    expect(config).toEqual({ mode: 'live', write: false, registry: false, drift: false });
    expect((await mounted(new Request(`${BASE}/plinth/api/models`))).status).toBe(404);
  });

  it('pages runs with the search grammar and orders them', async () => {
    const first = await getJson(
      `/api/runs?experiment=${seeded.experimentId}&pageSize=4&orderBy=${encodeURIComponent('metrics.acc DESC')}`,
    );
    expect(first.status).toBe(200);
    // the seed's final acc is 0.5 + 0.4 (1 - i/20): descending means run-000 first
    expect(first.body.runs.map((run: { name: string }) => run.name)).toEqual([
      'run-000',
      'run-001',
      'run-002',
      'run-003',
    ]);
    expect(first.body.keys).toEqual({
      params: ['layers', 'lr', 'model'],
      metrics: ['acc', 'loss', 'system/cpu_percent'],
      tags: ['mlflow.runName', 'team'],
    });
    const second = await getJson(
      `/api/runs?experiment=${seeded.experimentId}&pageSize=4&orderBy=${encodeURIComponent('metrics.acc DESC')}&pageToken=${encodeURIComponent(first.body.nextPageToken)}`,
    );
    expect(second.body.runs.map((run: { name: string }) => run.name)).toEqual(['run-004', 'run-005']);
    expect(second.body.nextPageToken).toBeUndefined();
    const filtered = await getJson(
      `/api/runs?filter=${encodeURIComponent("params.model = 'gbm' and metrics.acc > 0.8")}`,
    );
    expect(filtered.body.runs.map((run: { name: string }) => run.name).sort()).toEqual([
      'run-001',
      'run-003',
    ]);
    const bad = await getJson(`/api/runs?filter=${encodeURIComponent('metrics.acc >')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('PLINTH_VALIDATION');
    expect((await getJson('/api/runs?pageSize=0')).status).toBe(400);
    expect((await getJson('/api/runs?pageSize=1e3')).status).toBe(400);
    expect((await getJson('/api/runs?view=__proto__')).status).toBe(400);
  });

  it('serves a run, its chart data and its artifacts', async () => {
    const id = seeded.runIds[0]!;
    const { body } = await getJson(`/api/run?id=${id}`);
    expect(body.run.name).toBe('run-000');
    expect(
      body.artifacts.map((artifact: { path: string; kind: string }) => `${artifact.path}:${artifact.kind}`),
    ).toEqual([
      'data/head.csv:csv',
      'metrics/summary.json:json',
      'notes/readme.txt:text',
      'plots/pixel.png:image',
      'plots/roc.svg:svg',
    ]);
    const metrics = await getJson(`/api/metrics?run=${id}&key=loss`);
    expect(metrics.body.series).toHaveLength(1);
    expect(metrics.body.series[0].count).toBe(50);
    expect(metrics.body.series[0].step.slice(0, 3)).toEqual([0, 1, 2]);
    const json = await getJson(`/api/artifact/preview?run=${id}&path=metrics/summary.json`);
    expect(json.body.text).toBe(JSON.stringify({ auc: 0.91, folds: [1, 2, 3] }, null, 2));
    const text = await getJson(`/api/artifact/preview?run=${id}&path=notes/readme.txt`);
    expect(text.body.text).toBe('line one\nline two\n');
    const png = await get(`/api/artifact/raw?run=${id}&path=plots/pixel.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await png.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));
    const svg = await get(`/api/artifact/raw?run=${id}&path=plots/roc.svg`);
    // an SVG opened on its own runs in a sandbox with no script
    expect(svg.headers.get('content-security-policy')).toContain('sandbox');
    expect(svg.headers.get('content-security-policy')).toContain("default-src 'none'");
    const csv = await get(`/api/artifact/raw?run=${id}&path=data/head.csv`);
    expect(csv.headers.get('content-type')).toBe('application/octet-stream');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment/);
  });

  it('never serves a path outside the run', async () => {
    const id = seeded.runIds[0]!;
    const probes = [
      '../../experiments',
      '../run.json',
      'notes/../../run.json',
      '%2e%2e/run.json',
      '%252e%252e/run.json',
      '..%2frun.json',
      '..%5crun.json',
      'notes\\..\\..\\run.json',
      '/etc/passwd',
      'C:/windows',
      './notes/readme.txt',
      'notes//readme.txt',
      'notes/readme.txt\u0000',
    ];
    for (const probe of probes) {
      for (const route of ['preview', 'raw']) {
        const response = await get(`/api/artifact/${route}?run=${id}&path=${encodeURIComponent(probe)}`);
        expect([400, 404], `${route} ${probe}`).toContain(response.status);
      }
    }
    // the path must be one the run lists: another run's artifact is not found through this run
    const other = await get(`/api/artifact/preview?run=${seeded.runIds[1]}&path=notes/readme.txt`);
    expect(other.status).toBe(404);
  });

  it('serves the registry and the drift report', async () => {
    const models = await getJson('/api/models');
    expect(models.body.models.map((model: { name: string }) => model.name)).toEqual(['fraud-scorer']);
    const version = await getJson('/api/version?name=fraud-scorer&version=2');
    expect(version.body.lineage.runId).toBe(seeded.runIds[1]);
    expect(version.body.run.name).toBe('run-001');
    expect(version.body.card).toContain('# fraud-scorer v2');
    expect((await getJson('/api/version?name=fraud-scorer&version=9')).status).toBe(404);
    expect((await getJson('/api/version?name=fraud-scorer&version=-1')).status).toBe(400);
    const drift = await getJson('/api/drift');
    expect(drift.body.results[0]).toMatchObject({
      name: 'november batch',
      datasetDrift: true,
      drifted: ['amount'],
    });
    const report = await get('/api/drift/report?index=0');
    expect(report.headers.get('content-security-policy')).toContain('sandbox');
    expect(await report.text()).toContain('november batch');
    expect((await get('/api/drift/report?index=7')).status).toBe(404);
  });

  it('escapes <, > and & in JSON so no response can be read as markup', async () => {
    const run = await seeded.tracker.startRun({
      experiment: 'escapes',
      name: '<script>alert(1)</script> & co',
    });
    await run.end();
    const text = await (await get(`/api/run?id=${run.id}`)).text();
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 co');
    expect(JSON.parse(text).run.name).toBe('<script>alert(1)</script> & co');
  });
});

describe('writes', () => {
  it('are refused in read-only mode, whatever the request says', async () => {
    const response = await post('/api/run/rename', { id: seeded.runIds[0], name: 'x' }, {}, handler);
    expect(response.status).toBe(403);
    expect((await seeded.tracker.getRun(seeded.runIds[0]!)).name).toBe('run-000');
    expect((await handler(new Request(`${BASE}/api/run/delete`, { method: 'DELETE' }))).status).toBe(405);
  });

  it('need the custom header, JSON and the same origin (CSRF)', async () => {
    const id = seeded.runIds[2]!;
    const cases: [Record<string, string>, number][] = [
      [{ 'x-plinth-ui': '' }, 403],
      [{ origin: 'https://evil.example' }, 403],
      [{ 'sec-fetch-site': 'cross-site' }, 403],
      [{ 'content-type': 'text/plain' }, 400],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 400],
    ];
    for (const [headers, status] of cases) {
      expect(
        (await post('/api/run/rename', { id, name: 'forged' }, headers)).status,
        JSON.stringify(headers),
      ).toBe(status);
    }
    const form = await writer(
      new Request(`${BASE}/api/run/rename`, {
        method: 'POST',
        body: new URLSearchParams({ id, name: 'forged' }),
      }),
    );
    expect(form.status).toBe(403);
    expect((await seeded.tracker.getRun(id)).name).toBe('run-002');
  });

  it('rename, tag, delete and restore a run', async () => {
    const id = seeded.runIds[3]!;
    expect((await post('/api/run/rename', { id, name: 'renamed' })).status).toBe(200);
    expect((await seeded.tracker.getRun(id)).name).toBe('renamed');
    expect((await post('/api/run/tags', { id, tags: { reviewed: 'yes', team: null } })).status).toBe(200);
    const tagged = await seeded.tracker.getRun(id);
    expect(tagged.tags.reviewed).toBe('yes');
    expect(Object.hasOwn(tagged.tags, 'team')).toBe(false);
    expect((await post('/api/run/tags', { id, tags: { 'mlflow.runName': 'x' } })).status).toBe(400);
    expect((await post('/api/run/tags', { id, tags: {} })).status).toBe(400);
    expect((await post('/api/run/tags', { id, tags: { ok: 5 } })).status).toBe(400);
    expect((await post('/api/run/delete', { id })).status).toBe(200);
    expect((await seeded.tracker.getRun(id)).lifecycle).toBe('deleted');
    expect((await post('/api/run/delete', { id })).status).toBe(409);
    expect((await post('/api/run/restore', { id })).status).toBe(200);
    expect((await seeded.tracker.getRun(id)).lifecycle).toBe('active');
    expect((await post('/api/run/rename', { id: '../x', name: 'y' })).status).toBe(400);
    expect((await post('/api/run/rename', { id, name: 'y'.repeat(251) })).status).toBe(400);
    expect((await post('/api/nothing', {})).status).toBe(404);
    expect((await post('/api/run/rename', [])).status).toBe(400);
  });

  it('move an alias with a reason recorded in the audit trail, and refuse a move without one', async () => {
    expect((await post('/api/alias', { name: 'fraud-scorer', alias: 'champion', version: 2 })).status).toBe(
      400,
    );
    expect(
      (await post('/api/alias', { name: 'fraud-scorer', alias: 'champion', version: 2, reason: '   ' }))
        .status,
    ).toBe(400);
    expect(
      (await post('/api/alias', { name: 'fraud-scorer', alias: 'champion', version: '2', reason: 'r' }))
        .status,
    ).toBe(400);
    expect(
      (await post('/api/alias', { name: 'fraud-scorer', alias: 'champion', version: 99, reason: 'r' }))
        .status,
    ).toBe(404);
    const response = await post('/api/alias', {
      name: 'fraud-scorer',
      alias: 'champion',
      version: 2,
      reason: 'better AUC',
    });
    expect(await response.json()).toEqual({ alias: 'champion', from: 1, to: 2 });
    const last = (await seeded.registry.history('fraud-scorer')).at(-1)!;
    expect([last.type, last.reason, last.actor]).toEqual(['alias_moved', 'better AUC', 'plinth-ui']);
  });
});
