import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StorageAdapter } from '@plinth/core';

/** A running static server. */
export interface StaticServer {
  /** Base URL ending with `/`. */
  url: string;
  /** Requests served, as `METHOD /path status`. */
  log: string[];
  close(): Promise<void>;
}

/**
 * Serves a storage adapter's keys over plain HTTP on 127.0.0.1 (GET/HEAD, ETag, CORS): key `a/b` at `/a/b`.
 * A static host, like the one a registry export is published to.
 */
export async function serveStorage(storage: StorageAdapter): Promise<StaticServer> {
  const log: string[] = [];
  const server = createServer(async (request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-expose-headers', 'ETag, Content-Length');
    if (request.method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'GET, HEAD');
      response.setHeader(
        'access-control-allow-headers',
        request.headers['access-control-request-headers'] ?? '*',
      );
      response.statusCode = 204;
      response.end();
      return;
    }
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname.slice(1);
    const key = pathname.split('/').map(decodeURIComponent).join('/');
    let status = 404;
    try {
      const entry = await storage.get(key);
      if (entry) {
        const etag = `"${entry.version}"`;
        response.setHeader('etag', etag);
        if (request.headers['if-none-match'] === etag) status = 304;
        else {
          status = 200;
          response.setHeader('content-length', entry.value.byteLength);
          response.setHeader('content-type', 'application/octet-stream');
          response.statusCode = status;
          log.push(`${request.method} /${pathname} ${status}`);
          response.end(request.method === 'GET' ? entry.value : undefined);
          return;
        }
      }
    } catch {
      status = 400;
    }
    log.push(`${request.method} /${pathname} ${status}`);
    response.statusCode = status;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
