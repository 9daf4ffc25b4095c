import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StorageAdapter } from '../src/storage/port.ts';

/** Options of {@link startHttpStaticServer}. */
export interface HttpStaticServerOptions {
  /** What the server serves: key `a/b` at `/a/b`. */
  storage: StorageAdapter;
  /** Send `ETag` headers (and answer `If-None-Match` with 304). @default true */
  etags?: boolean;
  /** Send `Access-Control-*` headers and answer preflights, for browser tests. @default true */
  cors?: boolean;
}

/** What the server counted, for tests that check what went over the wire. */
export interface HttpStaticServerStats {
  /** Every request as `METHOD /path -> status`. */
  log: string[];
  /** Requests per method. */
  methods: Record<string, number>;
  /** Responses per status code. */
  statuses: Record<number, number>;
  /** TCP connections accepted (fewer than requests when clients keep connections alive). */
  connections: number;
  /** The `authorization` header of the last request, if any. */
  lastAuthorization?: string;
}

/** A running test server. */
export interface HttpStaticServer {
  /** Base URL ending with `/`. */
  url: string;
  /** Counters since start or the last `resetStats`. */
  stats(): HttpStaticServerStats;
  /** Zeroes the counters. */
  resetStats(): void;
  /** Answers the next `count` requests (preflights excepted) with `status` and no body. */
  failNext(count: number, status: number): void;
  /** Drops the next `count` connections without an answer (a network error for the client). */
  dropNext(count: number): void;
  /** Answers the next `count` GETs with the full `content-length` but only half the body, then drops the connection. */
  truncateNext(count: number): void;
  /** Holds every request open without answering until `hang(false)`. */
  hang(on: boolean): void;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

function keyOf(request: IncomingMessage): string {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname.slice(1);
  return path.split('/').map(decodeURIComponent).join('/');
}

/**
 * A small static file server on 127.0.0.1 backed by a `StorageAdapter`, with ETag/304, HEAD, CORS and fault
 * injection (5xx answers, dropped connections, hanging requests). Used by the Node tests and, through browser
 * commands, by the Chromium tests.
 */
export async function startHttpStaticServer(options: HttpStaticServerOptions): Promise<HttpStaticServer> {
  const etags = options.etags ?? true;
  const cors = options.cors ?? true;
  let stats: HttpStaticServerStats = { log: [], methods: {}, statuses: {}, connections: 0 };
  let failures: { count: number; status: number } = { count: 0, status: 503 };
  let drops = 0;
  let truncations = 0;
  let hanging = false;
  const held: ServerResponse[] = [];

  const finish = (request: IncomingMessage, response: ServerResponse, status: number, body?: Uint8Array) => {
    stats.log.push(`${request.method} ${request.url} -> ${status}`);
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    response.statusCode = status;
    response.end(body && request.method === 'GET' ? body : undefined);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    if (cors) {
      response.setHeader('access-control-allow-origin', '*');
      response.setHeader('access-control-expose-headers', 'ETag, Content-Length');
    }
    if (method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'GET, HEAD');
      response.setHeader(
        'access-control-allow-headers',
        request.headers['access-control-request-headers'] ?? '*',
      );
      response.setHeader('access-control-max-age', '600');
      response.statusCode = 204;
      response.end();
      return;
    }
    stats.methods[method] = (stats.methods[method] ?? 0) + 1;
    stats.lastAuthorization = request.headers.authorization;
    if (drops > 0) {
      drops -= 1;
      stats.log.push(`${method} ${request.url} -> dropped`);
      request.socket.destroy();
      return;
    }
    if (hanging) {
      held.push(response);
      return;
    }
    if (failures.count > 0) {
      failures.count -= 1;
      finish(request, response, failures.status);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      finish(request, response, 405);
      return;
    }
    let entry: Awaited<ReturnType<StorageAdapter['get']>>;
    try {
      entry = await options.storage.get(keyOf(request));
    } catch {
      finish(request, response, 400);
      return;
    }
    if (!entry) {
      finish(request, response, 404);
      return;
    }
    const etag = `"${entry.version}"`;
    if (etags) {
      response.setHeader('etag', etag);
      if (request.headers['if-none-match'] === etag) {
        finish(request, response, 304);
        return;
      }
    }
    response.setHeader('content-length', entry.value.byteLength);
    response.setHeader('content-type', 'application/octet-stream');
    if (truncations > 0 && method === 'GET') {
      truncations -= 1;
      stats.log.push(`${method} ${request.url} -> truncated`);
      response.statusCode = 200;
      response.write(entry.value.subarray(0, entry.value.byteLength >> 1), () => request.socket.destroy());
      return;
    }
    finish(request, response, 200, entry.value);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      response.statusCode = 500;
      response.end();
    });
  });
  server.on('connection', () => {
    stats.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    stats: () => structuredClone(stats),
    resetStats() {
      stats = { log: [], methods: {}, statuses: {}, connections: 0 };
    },
    failNext(count, status) {
      failures = { count, status };
    },
    dropNext(count) {
      drops = count;
    },
    truncateNext(count) {
      truncations = count;
    },
    hang(on) {
      hanging = on;
      if (!on) for (const response of held.splice(0)) response.destroy();
    },
    async close() {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
