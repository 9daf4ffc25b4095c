import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True for a host name or address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The `Host` headers a loopback server answers: its own address and the loopback names, with its port. Any
 * other `Host` is refused, so a web page that rebinds its DNS name to 127.0.0.1 cannot read the UI or
 * pass the handler's same-origin check for writes (DNS rebinding).
 */
export function allowedHosts(host: string, port: number): Set<string> | undefined {
  if (!isLoopback(host)) return undefined;
  const names = [
    host.includes(':') && !host.startsWith('[') ? `[${host}]` : host,
    'localhost',
    '127.0.0.1',
    '[::1]',
  ];
  return new Set(names.map((name) => `${name}:${port}`));
}

/** A node:http request as a Fetch `Request` (the body streamed for methods that have one). */
export function toRequest(incoming: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(incoming.url ?? '/', origin), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

/** Writes a Fetch `Response` to a node:http response, streaming the body. */
export async function sendResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  outgoing.writeHead(response.status, headers);
  if (!response.body) {
    outgoing.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
    body.on('error', () => {
      outgoing.destroy();
      resolve();
    });
    outgoing.on('close', resolve);
    body.pipe(outgoing);
  });
}
