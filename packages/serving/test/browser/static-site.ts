import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * A plain static web server on 127.0.0.1 that sets the content type by file extension, as nginx or any CDN
 * does (module scripts and `WebAssembly.instantiateStreaming` need it). Logs each request path.
 */
export async function startStaticSite(root: string) {
  const base = path.resolve(root);
  const log: string[] = [];
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.join(base, pathname);
    log.push(pathname);
    try {
      if (!file.startsWith(base + path.sep)) throw new Error('outside the root');
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      response.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
      response.setHeader('content-length', info.size);
      createReadStream(file).pipe(response);
    } catch {
      response.statusCode = 404;
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
