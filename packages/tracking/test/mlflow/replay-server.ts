// A replay server for the MLflow 3.6 transcripts in ../shared/fixtures/mlflow: a real node:http server that
// answers each request with the recorded response of the exchange whose method, path, query and body match.
// Shared by the MLflow tests of tracking, registry and serving.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

/** One recorded exchange (see the fixtures' README). */
export interface Exchange {
  step: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  requestBodyRaw?: string;
  requestBodyElided?: { field: string; sentCount: number; rule: string };
  requestBodySha256?: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBodyEncoding: 'json' | 'text' | 'base64' | 'empty';
  responseBody: unknown;
}

/** The repository root, from this file's location. */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The main checkout of a git worktree (its `.git` is a file `gitdir: <main>/.git/worktrees/<name>`). */
function mainCheckout(repository: string): string {
  const dotGit = join(repository, '.git');
  if (!statSync(dotGit, { throwIfNoEntry: false })?.isFile()) return repository;
  const gitdir = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  return gitdir ? dirname(dirname(dirname(resolve(repository, gitdir)))) : repository;
}

/** The transcripts sit beside the repository, in `../shared/fixtures/mlflow` (of the main checkout for a worktree). */
export const FIXTURES = (() => {
  const beside = resolve(REPO_ROOT, '../shared/fixtures/mlflow');
  return existsSync(beside) ? beside : resolve(mainCheckout(REPO_ROOT), '../shared/fixtures/mlflow');
})();

/** The transcript files. */
export const TRANSCRIPTS = [
  'artifacts.json',
  'errors.json',
  'experiments.json',
  'metric-history.json',
  'onnx-model.json',
  'registry.json',
  'runs.json',
  'search-runs.json',
] as const;

/** The exchanges of one transcript. */
export function loadTranscript(file: (typeof TRANSCRIPTS)[number]): Exchange[] {
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Exchange[];
}

/** The bytes of a PUT body `{base64}` or of a binary response. */
export function recordedBytes(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** A query as key → every value (the recordings keep `run_ids` and `order_by` as arrays even for one value). */
function queryOf(url: URL): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of new Set(url.searchParams.keys())) out[key] = url.searchParams.getAll(key);
  return out;
}

function recordedQuery(query: Record<string, string | string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(query)) out[key] = [value].flat();
  return out;
}

function bodyMatches(exchange: Exchange, raw: Buffer): boolean {
  if (exchange.method === 'PUT') {
    const recorded = exchange.requestBody as { sha256: string } | null;
    return recorded !== null && createHash('sha256').update(raw).digest('hex') === recorded.sha256;
  }
  if (exchange.requestBodyRaw !== undefined) return raw.toString('utf8') === exchange.requestBodyRaw;
  if (raw.length === 0) return exchange.requestBody === null;
  let sent: unknown;
  try {
    sent = JSON.parse(raw.toString('utf8'));
  } catch {
    return false;
  }
  const elided = exchange.requestBodyElided;
  if (elided) {
    // The recorded body keeps the first 3 and last 2 items of `field`; the rest follow `rule`.
    const recorded = exchange.requestBody as Record<string, unknown[]>;
    const items = (sent as Record<string, unknown[]>)[elided.field];
    if (!Array.isArray(items) || items.length !== elided.sentCount) return false;
    const kept = recorded[elided.field]!;
    const others = { ...(sent as object), [elided.field]: kept };
    return (
      isDeepStrictEqual(others, recorded) &&
      isDeepStrictEqual([...items.slice(0, 3), ...items.slice(-2)], kept)
    );
  }
  return isDeepStrictEqual(sent, exchange.requestBody);
}

/** The whole body of a request. */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks)));
    request.on('error', fail);
  });
}

/** A running replay server. */
export interface ReplayServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** How many times each exchange (by index) was served. */
  served: number[];
  /** Requests that matched no exchange (answered 599). */
  misses: string[];
  /** Steps of the exchanges never served. */
  unserved(): string[];
  close(): Promise<void>;
}

/**
 * Starts a replay server over `exchanges`. A request is answered by the first matching exchange not served
 * yet (so a repeated request gets the later recording, as state moved on), or by the last match once all
 * were served. A request that matches nothing gets 599 with what was sent, and is listed in `misses`.
 */
export async function startReplayServer(exchanges: Exchange[]): Promise<ReplayServer> {
  const served = exchanges.map(() => 0);
  const misses: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://replay');
    const rawPath = (request.url ?? '/').split('?')[0]!;
    const query = queryOf(url);
    const candidates: number[] = [];
    for (const [index, exchange] of exchanges.entries()) {
      if (exchange.method !== request.method || exchange.path !== rawPath) continue;
      if (!isDeepStrictEqual(recordedQuery(exchange.query), query)) continue;
      if (!bodyMatches(exchange, raw)) continue;
      // JSON bodies must say so: the recorded media type (without `; charset=…`) must be the one sent.
      if (exchange.method !== 'GET' && exchange.method !== 'PUT' && exchange.method !== 'OPTIONS') {
        const mediaType = (value: string | undefined) => (value ?? '').split(';')[0]!.trim();
        if (mediaType(request.headers['content-type']) !== mediaType(exchange.requestHeaders['content-type']))
          continue;
      }
      candidates.push(index);
    }
    const index = candidates.find((candidate) => served[candidate] === 0) ?? candidates.at(-1);
    if (index === undefined) {
      const miss = `${request.method} ${request.url} ${raw.toString('utf8').slice(0, 400)}`;
      misses.push(miss);
      response.writeHead(599, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error_code: 'REPLAY_MISS', message: miss }));
      return;
    }
    served[index]! += 1;
    const exchange = exchanges[index]!;
    const headers: Record<string, string> = { ...exchange.responseHeaders };
    let body: string | Buffer = '';
    if (exchange.responseBodyEncoding === 'json') body = JSON.stringify(exchange.responseBody);
    else if (exchange.responseBodyEncoding === 'text') body = exchange.responseBody as string;
    else if (exchange.responseBodyEncoding === 'base64')
      body = Buffer.from(exchange.responseBody as string, 'base64');
    response.writeHead(exchange.status, headers);
    response.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    misses,
    unserved: () => exchanges.filter((_, index) => served[index] === 0).map((exchange) => exchange.step),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
