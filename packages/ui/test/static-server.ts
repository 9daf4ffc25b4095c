import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * A plain static file server on 127.0.0.1, as nginx or `npx serve` behave: `GET /a/b` sends `<root>/a/b`
 * (URL-decoded) with a content type from the extension (`application/octet-stream` otherwise), `/` sends
 * `index.html`. It knows nothing of Plinth.
 */
export async function startStaticServer(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const base = path.resolve(root);
  const server = createServer(async (request, response) => {
    let pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname.endsWith('/')) pathname += 'index.html';
    let file = '';
    try {
      file = path.join(base, decodeURIComponent(pathname));
    } catch {
      file = '';
    }
    const info = file.startsWith(base + path.sep) ? await stat(file).catch(() => undefined) : undefined;
    if (!info?.isFile()) {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    response.setHeader('content-length', String(info.size));
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
