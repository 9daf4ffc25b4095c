import type { BrowserCommand } from 'vitest/node';
import { writeStaticIndex } from '../src/storage/http/static-index.ts';
import { memoryStorage } from '../src/storage/memory.ts';
import { randomBytes } from '../src/testing/random-bytes.ts';
import {
  type HttpStaticServer,
  type HttpStaticServerStats,
  startHttpStaticServer,
} from './http-static-server.ts';

/** What a Chromium test asks the Node side to serve. */
export interface StaticServerSpec {
  /** Text files by key. */
  files?: Record<string, string>;
  /** Binary files by key, as `[size, seed]` for `randomBytes`, so megabytes need not cross the wire. */
  random?: Record<string, [size: number, seed: number]>;
  /** Write a static index (`plinth-index.json`) so `list` works. @default true */
  index?: boolean;
  /** Send ETags. @default true */
  etags?: boolean;
}

const servers = new Map<string, HttpStaticServer>();
let nextId = 0;

function serverOf(id: string): HttpStaticServer {
  const server = servers.get(id);
  if (!server) throw new Error(`no static server "${id}" (already stopped?)`);
  return server;
}

/** Starts a CORS-enabled static server on 127.0.0.1 serving `spec`; resolves to its id and base URL. */
export const startStaticServer: BrowserCommand<[spec: StaticServerSpec]> = async (_context, spec) => {
  const storage = memoryStorage();
  for (const [key, text] of Object.entries(spec.files ?? {})) await storage.put(key, text);
  for (const [key, [size, seed]] of Object.entries(spec.random ?? {})) {
    await storage.put(key, randomBytes(size, seed));
  }
  if (spec.index ?? true) await writeStaticIndex(storage);
  const server = await startHttpStaticServer({ storage, etags: spec.etags ?? true, cors: true });
  nextId += 1;
  const id = `server-${nextId}`;
  servers.set(id, server);
  return { id, url: server.url };
};

/** Stops a server started by `startStaticServer`, closing its open connections. */
export const stopStaticServer: BrowserCommand<[id: string]> = async (_context, id) => {
  const server = serverOf(id);
  servers.delete(id);
  await server.close();
};

/** What a server counted since it started or since its counters were last reset. */
export const staticServerStats: BrowserCommand<[id: string, reset?: boolean]> = (_context, id, reset) => {
  const server = serverOf(id);
  const stats: HttpStaticServerStats = server.stats();
  if (reset) server.resetStats();
  return stats;
};

/** Makes the next `count` requests to a server answer `status`. */
export const failStaticServer: BrowserCommand<[id: string, count: number, status: number]> = (
  _context,
  id,
  count,
  status,
) => {
  serverOf(id).failNext(count, status);
};

/** Makes a server hold every request open without answering (`on`), or answer again (`!on`). */
export const hangStaticServer: BrowserCommand<[id: string, on: boolean]> = (_context, id, on) => {
  serverOf(id).hang(on);
};

/** The HTTP fixture commands, registered in vitest.config.ts through `browserCommands`. */
export const httpBrowserCommands = {
  startStaticServer,
  stopStaticServer,
  staticServerStats,
  failStaticServer,
  hangStaticServer,
};
