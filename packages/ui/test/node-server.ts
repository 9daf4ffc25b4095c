import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** A running HTTP server on 127.0.0.1 that hands every request to a Fetch-API handler. */
export interface FetchServer {
  /** Base URL ending with `/`. */
  url: string;
  close(): Promise<void>;
}

async function toRequest(request: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(key, value);
    else if (Array.isArray(value)) for (const one of value) headers.append(key, one);
  }
  const body =
    chunks.length && request.method !== 'GET' && request.method !== 'HEAD'
      ? Buffer.concat(chunks)
      : undefined;
  return new Request(new URL(request.url ?? '/', base), { method: request.method, headers, body });
}

async function send(response: Response, target: ServerResponse): Promise<void> {
  target.statusCode = response.status;
  for (const [key, value] of response.headers) target.setHeader(key, value);
  if (!response.body) {
    target.end();
    return;
  }
  Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(target);
}

/** Serves a Fetch-API handler over node:http (what `plinth ui` does), on an ephemeral port. */
export async function serveHandler(handler: (request: Request) => Promise<Response>): Promise<FetchServer> {
  let base = '';
  const server = createServer((request, response) => {
    toRequest(request, base)
      .then(handler)
      .then((answer) => send(answer, response))
      .catch(() => {
        response.statusCode = 500;
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
