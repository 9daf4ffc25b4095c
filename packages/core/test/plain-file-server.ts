// A plain static file server for tests (registry's static export, serving's Chromium page, the UI's static
// site, the CLI's exports): not public API,
// imported by path from the tests of any package.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Content types by file extension, as nginx or a CDN sends them (module scripts and wasm streaming need them). */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** A running plain static file server. */
export interface PlainFileServer {
  /** Base URL ending with `/`. */
  url: string;
  /** Requests served, as `METHOD /path status`. */
  log: string[];
  close(): Promise<void>;
}

/**
 * A plain static file server on 127.0.0.1, like `npx http-server` or nginx: `GET /a/b` sends the file
 * `<root>/a/b` (URL-decoded; a path ending in `/` sends its `index.html`), with `Content-Length`, a content type by extension, an `ETag` from size and
 * mtime, `304` on `If-None-Match`, HEAD, and CORS for browser tests. It knows nothing of Plinth: a registry
 * export works here only if the files are where a web server looks for them.
 */
export async function startPlainFileServer(root: string): Promise<PlainFileServer> {
  const base = path.resolve(root);
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
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    let file: string;
    try {
      file = path.join(base, decodeURIComponent(pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    } catch {
      file = '';
    }
    const finish = (status: number) => {
      log.push(`${request.method} ${pathname} ${status}`);
      response.statusCode = status;
    };
    if (!file.startsWith(base + path.sep)) {
      finish(400);
      response.end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      response.setHeader('etag', etag);
      if (request.headers['if-none-match'] === etag) {
        finish(304);
        response.end();
        return;
      }
      response.setHeader('content-length', info.size);
      response.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
      finish(200);
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
    } catch {
      finish(404);
      response.end();
    }
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
